/** The outbox relay Lambda: DynamoDB Streams → SNS. The logic is in shared/notify/relay.ts. */
import { relayOutbox } from '../../shared/notify/relay.ts';
import { createServices } from '../../shared/services.ts';
import { outboxDeps } from './outbox-deps.ts';

export const handler = relayOutbox(outboxDeps(createServices()));
