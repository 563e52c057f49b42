/** The cadre registry (干部任职信息): one item per cadre with their posts. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import { notFound } from '../domain/errors.ts';
import type { Cadre } from '../domain/tenure.ts';
import { defineEntity } from './entity.ts';

export interface CadreRecord extends Cadre {
  createdAt: string;
  createdBy: string;
}

export const cadreEntity = /* @__PURE__ */ defineEntity({
  name: 'Cadre',
  key: (cadreId: string) => ({ PK: `CADRE#${cadreId}`, SK: 'CADRE' }),
  keyOf: (cadre: CadreRecord): [string] => [cadre.cadreId],
});

export const noSuchCadre = () => notFound({ zh: '未找到该干部', en: 'No such cadre' });

export const cadreStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const get = async (cadreId: string): Promise<CadreRecord | undefined> => {
    const out = await db.send(
      new GetCommand({ TableName: config.TABLE_NAME, Key: cadreEntity.key(cadreId) }),
    );
    return out.Item && cadreEntity.fromItem(out.Item);
  };
  return {
    async create(cadre: CadreRecord): Promise<void> {
      await db.send(
        new PutCommand({
          TableName: config.TABLE_NAME,
          Item: cadreEntity.item(cadre),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },
    get,
    /** The cadre, or NOT_FOUND. */
    async existing(cadreId: string): Promise<CadreRecord> {
      const cadre = await get(cadreId);
      if (!cadre) throw noSuchCadre();
      return cadre;
    },
  };
};
