/**
 * The cadre registry (干部任职信息): one item per cadre with their posts. The registry is a
 * commission's record of the cadres it supervises: a cadre belongs to the commission that
 * registered it, and `getFor`/`existingFor` answer another commission's cadre as missing (404).
 * Cadres registered before commissions carry no `commissionId`: the single commission's.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import { visibleTo } from '../domain/commission.ts';
import { notFound } from '../domain/errors.ts';
import type { Cadre } from '../domain/tenure.ts';
import { defineEntity } from './entity.ts';

export interface CadreRecord extends Cadre {
  /** The commission that registered the cadre; absent on cadres from before commissions (`default`). */
  commissionId?: string | undefined;
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
    /** Any commission's cadre: only for a clue's own cadre, already the clue's commission's. */
    get,
    /** The cadre if it is the member's commission's: another commission's reads as missing. */
    getFor: async (member: { commissionId: string }, cadreId: string) =>
      visibleTo(await get(cadreId), member),
    /** The member's commission's cadre, or NOT_FOUND (also for another commission's). */
    async existingFor(member: { commissionId: string }, cadreId: string): Promise<CadreRecord> {
      const cadre = visibleTo(await get(cadreId), member);
      if (!cadre) throw noSuchCadre();
      return cadre;
    },
  };
};
