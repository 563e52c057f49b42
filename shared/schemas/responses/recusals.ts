/** Recusals (回避) on a clue and relationships declared in the cadre registry. */
import * as z from 'zod';

export const Recusal = z
  .object({
    recusalId: z.string(),
    clueId: z.string(),
    userId: z.string(),
    kind: z.enum(['DECLARED', 'RECORDED']),
    reason: z.string(),
    recordedBy: z.string(),
    recordedAt: z.iso.datetime(),
    requestMessageId: z.string().optional(),
    /** The report whose reporter asked (the one `requestMessageId` belongs to); they are told. */
    requestReportId: z.string().optional(),
    /** 解除回避: present once an approver has lifted it; it then bars nobody and stays listed. */
    lifted: z.object({ by: z.string(), at: z.iso.datetime(), reason: z.string() }).optional(),
  })
  .meta({ id: 'Recusal' });

export const RecusalList = z.object({ items: z.array(Recusal) }).meta({ id: 'RecusalList' });

export const Relationship = z
  .object({
    cadreId: z.string(),
    userId: z.string(),
    relation: z.enum(['CLOSE_RELATIVE', 'OTHER_RELATIVE', 'FINANCIAL_INTEREST', 'OTHER_INTEREST']),
    declaredBy: z.string(),
    declaredAt: z.iso.datetime(),
  })
  .meta({ id: 'Relationship' });
