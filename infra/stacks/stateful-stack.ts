/**
 * What holds data and must outlive any deployment: the single table, the keys, the topics and the
 * pepper secret. Built from shared/contract/resources.ts, as the local runtime is.
 */
import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { type TopicKey, table, topics } from '../../shared/contract/resources.ts';

export class StatefulStack extends Stack {
  readonly table: Table;
  readonly dataKey: Key;
  readonly identityKey: Key;
  readonly signingKey: Key;
  readonly peppers: Secret;
  readonly topics: Record<TopicKey, Topic>;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.dataKey = new Key(this, 'DataKey', {
      description: 'Zhengming: the table, the topics and the pepper secret',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.identityKey = new Key(this, 'IdentityKey', {
      description: 'Zhengming: wraps the data keys of reporter identities and sealed outbox messages',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // ES256 for notices; asymmetric keys cannot rotate automatically: a new key is added to
    // NOTICE_KEY_ARNS ahead of the old one, which stays published so old notices still verify.
    this.signingKey = new Key(this, 'NoticeSigningKey', {
      description: 'Zhengming: signs clarification notices (ES256)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const strings = (name: string) => ({ name, type: AttributeType.STRING });
    // Table (not TableV2): it renders a customer-managed key in a region-agnostic stack, so
    // synthesis needs no account or region.
    this.table = new Table(this, 'Table', {
      partitionKey: strings(table.partitionKey),
      sortKey: strings(table.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      timeToLiveAttribute: table.ttlAttribute,
      stream: StreamViewType[table.streamView],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of table.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: strings(index.partitionKey),
        sortKey: strings(index.sortKey),
        projectionType: ProjectionType[index.projection],
      });
    }

    this.topics = Object.fromEntries(
      (Object.keys(topics) as TopicKey[]).map((key) => [
        key,
        new Topic(this, `Topic-${key}`, {
          displayName: topics[key].displayName,
          masterKey: this.dataKey,
          enforceSSL: true,
        }),
      ]),
    ) as Record<TopicKey, Topic>;

    this.peppers = new Secret(this, 'Peppers', {
      description:
        'Zhengming master pepper: HKDF-expanded into the receipt, fingerprint, idempotency, client and audit keys',
      encryptionKey: this.dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.peppers).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the pepper would orphan every stored receipt hash, fingerprint and audit MAC; rotation needs versioned peppers, which is future work.',
    });
  }
}
