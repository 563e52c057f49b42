/** The outbox relay Lambda: DynamoDB Streams → SNS. The logic is in shared/notify/relay.ts. */

import { outboxDeps } from '../../shared/notify/outbox-deps.ts';
import { relayOutbox } from '../../shared/notify/relay.ts';
import { createServices } from '../../shared/services.ts';

export const handler = relayOutbox(outboxDeps(createServices()));
