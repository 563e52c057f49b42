/**
 * The outbox sweep, run every minute (EventBridge in the cloud, a timer locally): publishes the
 * outbox events the stream relay could not, because SNS was down for longer than the stream's
 * retries. It reads the sparse index of unpublished events (never a scan) and leaves events
 * younger than OUTBOX_SWEEP_GRACE_SECONDS to the relay. The logic is in shared/notify/relay.ts.
 */

import { outboxDeps } from '../../shared/notify/outbox-deps.ts';
import { sweepOutbox } from '../../shared/notify/relay.ts';
import { createServices } from '../../shared/services.ts';

const services = createServices();

// Well inside the minute between runs, which must not overlap (the function's concurrency is one).
export const handler = sweepOutbox(outboxDeps(services), {
  graceSeconds: services.config.OUTBOX_SWEEP_GRACE_SECONDS,
  budgetMs: 40_000,
});
