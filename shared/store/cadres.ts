/** The cadre registry (干部任职信息): one item per cadre with their posts. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Cadre } from '../domain/tenure.ts';
import { entityKeys } from './keys.ts';

export interface CadreRecord extends Cadre {
  createdAt: string;
  createdBy: string;
}

export const cadreStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => ({
  async create(cadre: CadreRecord): Promise<void> {
    await db.send(
      new PutCommand({
        TableName: config.TABLE_NAME,
        Item: { ...entityKeys.cadre(cadre.cadreId), entity: 'Cadre', ...cadre },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  },
  async get(cadreId: string): Promise<CadreRecord | undefined> {
    const out = await db.send(
      new GetCommand({ TableName: config.TABLE_NAME, Key: entityKeys.cadre(cadreId) }),
    );
    if (!out.Item) return undefined;
    const { PK: _pk, SK: _sk, entity: _e, ...cadre } = out.Item;
    return cadre as CadreRecord;
  },
});
