/**
 * Drawing case numbers (案件编号). One counter item per commission, kind and year, raised by one
 * UpdateItem ADD before the transaction that creates the report or clue: a commission's few hundred
 * numbers a year never make a hot item, and no national counter exists. A transaction that fails
 * afterwards leaves its number unused: a gap in the sequence, never a duplicate (docs/domain.md).
 */

import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import { type CaseKind, type CaseNumberFormat, caseYear, formatCaseNumber } from '../domain/case-number.ts';
import { settingsOf } from './commissions.ts';
import { defineEntity } from './entity.ts';

export interface CaseCounter {
  commissionId: string;
  kind: CaseKind;
  year: string;
  seq: number;
}

export const caseCounterEntity = /* @__PURE__ */ defineEntity({
  name: 'CaseCounter',
  key: (commissionId: string, kind: CaseKind, year: string) => ({
    PK: `CASE_COUNTER#${commissionId}#${kind}#${year}`,
    SK: 'COUNTER',
  }),
  keyOf: (counter: CaseCounter): [string, CaseKind, string] => [
    counter.commissionId,
    counter.kind,
    counter.year,
  ],
});

/** A commission's case number formats: its own settings (the registry), else the configured ones. */
export const caseNumberFormatOf = (
  settings: { caseNumberFormat?: string | undefined; clueNumberFormat?: string | undefined },
  config: Config,
): CaseNumberFormat => ({
  report: settings.caseNumberFormat ?? config.CASE_NUMBER_REPORT_FORMAT,
  clue: settings.clueNumberFormat ?? config.CASE_NUMBER_CLUE_FORMAT,
});

export const caseNumberStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => ({
  /** The next number of this kind for the commission, in its format (one UpdateItem). */
  async next(commissionId: string, kind: CaseKind, at: Date): Promise<string> {
    return (await this.nextMany(commissionId, kind, at, 1))[0] as string;
  },

  /** The next `count` numbers, drawn with one UpdateItem (the reports of a transferred clue). */
  async nextMany(commissionId: string, kind: CaseKind, at: Date, count: number): Promise<string[]> {
    if (count === 0) return [];
    const year = caseYear(at);
    const out = await db.send(
      new UpdateCommand({
        TableName: config.TABLE_NAME,
        Key: caseCounterEntity.key(commissionId, kind, year),
        UpdateExpression: 'SET entity = :entity, commissionId = :c, kind = :kind, #year = :year ADD seq :one',
        ExpressionAttributeNames: { '#year': 'year' },
        ExpressionAttributeValues: {
          ':entity': caseCounterEntity.name,
          ':c': commissionId,
          ':kind': kind,
          ':year': year,
          ':one': count,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const format = caseNumberFormatOf(await settingsOf({ db, config }, commissionId), config);
    const last = Number(out.Attributes?.seq);
    return Array.from({ length: count }, (_, i) =>
      formatCaseNumber(kind === 'REPORT' ? format.report : format.clue, year, last - count + 1 + i),
    );
  },
});
