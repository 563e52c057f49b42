/**
 * The functions that no request invokes: one per worker of shared/contract/workers.ts, with its
 * trigger (an event source mapping on the table stream with its failure queue, the evidence
 * bucket's SQS queue, or an EventBridge schedule). Apart from the stateless stack, which keeps the
 * API, its functions and the staff pool, so that neither stack nears CloudFormation's 500
 * resources (docs/architecture.md, "The cloud"). The workers need nothing from the stateless stack
 * (no pool, no API), only the stateful one: the two stacks do not depend on each other.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { EventSourceMapping, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { TopicKey } from '../../shared/contract/resources.ts';
import {
  type ScheduleTrigger,
  type StreamTrigger,
  type WorkerDef,
  workerEntries,
} from '../../shared/contract/workers.ts';
import { newsContactPurpose } from '../../shared/domain/reporter.ts';
import { ServiceFunction } from '../constructs/service-function.ts';
import {
  type FunctionStackProps,
  functionEnvironment,
  importStateful,
  pascal,
  type StatefulRefs,
} from './stateful-refs.ts';

export class WorkersStack extends Stack {
  readonly functions: Record<string, ServiceFunction> = {};

  constructor(scope: Construct, id: string, props: FunctionStackProps) {
    super(scope, id, props);
    const stateful = importStateful(this, props.stateful);
    const environment = functionEnvironment(this, stateful, props.portalOrigin);
    for (const [name, worker] of workerEntries) this.worker(name, worker, environment, stateful);
  }

  /** A worker of shared/contract/workers.ts: its function, the grants its `uses` lists, its trigger. */
  private worker(
    name: string,
    worker: WorkerDef,
    environment: Record<string, string>,
    stateful: StatefulRefs,
  ) {
    const id = pascal(name);
    const fn = new ServiceFunction(this, id, {
      entry: worker.entry,
      description: worker.description,
      timeoutSeconds: worker.timeoutSeconds,
      ...(worker.memoryMb ? { memoryMb: worker.memoryMb } : {}),
      ...(worker.reservedConcurrency ? { reservedConcurrency: worker.reservedConcurrency } : {}),
      environment,
    });
    const { uses } = worker;
    if (uses.table) fn.bindTable(stateful.table, uses.table);
    if (uses.peppers) fn.bindPeppers(stateful.peppers);
    // Sealed outbox messages, and reporters' phones sealed for texting (shared/store/outbox.ts).
    if (uses.outboxMessages) fn.bindIdentityKey(stateful.identityKey, 'decrypt', ['outbox', 'sms']);
    if (uses.newsContacts) fn.bindIdentityKey(stateful.identityKey, 'decrypt', [newsContactPurpose]);
    if (uses.sms) fn.bindSms();
    const topics = Object.entries(stateful.topics).filter(
      ([key]) => uses.topics === true || (Array.isArray(uses.topics) && uses.topics.includes(key)),
    );
    for (const [key, topic] of topics) {
      fn.bindTopic(key as TopicKey, topic, stateful.dataKey, { manageSubscriptions: key === 'notices' });
    }
    if (uses.bucket) fn.bindEvidence(stateful.evidence, uses.bucket);
    if (worker.trigger.kind === 'stream') this.streamReader(id, fn, worker.trigger, stateful);
    else if (worker.trigger.kind === 'objectCreated') {
      // S3 → SQS (the stateful stack's queue, with its dead-letter queue) → this function.
      const events = Queue.fromQueueArn(this, `${id}Events`, stateful.evidence.eventsQueueArn);
      fn.bindEventQueue(events, { batchSize: worker.trigger.batchSize, reportBatchItemFailures: true });
    } else this.schedule(id, fn, worker.trigger);
    this.functions[name] = fn;
  }

  /**
   * A reader of the table's stream: the mapping built by hand rather than with DynamoEventSource,
   * whose grant adds dynamodb:ListStreams on "*" beside the reads (bindStream grants those on this
   * table's stream only); bounded retries, bisection, partial batch responses, an SQS on-failure
   * destination, and the reader's filter, so that only the records it handles invoke it. The
   * failure queue holds only where a batch was (shard and sequence numbers): the relay's events
   * that end there are published by the outbox sweep, which needs nothing from it.
   */
  private streamReader(id: string, reader: ServiceFunction, trigger: StreamTrigger, stateful: StatefulRefs) {
    reader.bindStream(stateful.table);
    const failures = new Queue(this, `${id}Failures`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself the on-failure destination of ${id}; it has no further dead-letter queue.`,
    });
    new EventSourceMapping(this, `${id}Mapping`, {
      target: reader.function,
      eventSourceArn: stateful.table.tableStreamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: trigger.batchSize,
      ...(trigger.batchingWindowMs ? { maxBatchingWindow: Duration.millis(trigger.batchingWindowMs) } : {}),
      retryAttempts: trigger.maxRetries,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      onFailure: reader.bindFailureQueue(failures),
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual('INSERT'),
          dynamodb: {
            NewImage: Object.fromEntries(
              Object.entries(trigger.filter.newImage).map(([name, value]) => [
                name,
                { S: typeof value === 'string' ? FilterRule.isEqual(value) : FilterRule.or(...value) },
              ]),
            ),
          },
        }),
      ],
    });
  }

  private schedule(id: string, job: ServiceFunction, trigger: ScheduleTrigger) {
    new Rule(this, `${id}Schedule`, {
      description: `Runs ${id}`,
      schedule: Schedule.rate(Duration.minutes(trigger.everyMinutes)),
      targets: [new LambdaFunction(job.function, { retryAttempts: trigger.retryAttempts })],
    });
  }
}
