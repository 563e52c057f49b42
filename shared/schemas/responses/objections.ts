/**
 * Response bodies of the objection routes. Only the OpenAPI document builds them; handlers and
 * pages import their types alone.
 */
import * as z from 'zod';
import { objectionDecisions, objectionStatuses } from '../../domain/objection.ts';
import { page } from './common.ts';

/** What the reporter is given back: the objection's id and until when they could have lodged it. */
export const LodgedObjection = z
  .object({
    objectionId: z.string(),
    status: z.literal('OPEN'),
    lodgedAt: z.iso.datetime(),
    windowEndsAt: z.iso.datetime(),
  })
  .meta({ id: 'LodgedObjection' });

export const Objection = z
  .object({
    objectionId: z.string(),
    clueId: z.string(),
    reportId: z.string(),
    status: z.enum(objectionStatuses),
    conclusionAt: z.iso.datetime(),
    lodgedAt: z.iso.datetime(),
    windowEndsAt: z.iso.datetime(),
    /** The reporter's reason, opened for the approvers' list; the decision's answer leaves it out. */
    reason: z.string().optional(),
    /** 保存期限: the reporter's reason was erased then (and is absent). */
    reasonErasedAt: z.iso.datetime().optional(),
    decision: z
      .object({
        decision: z.enum(objectionDecisions),
        reason: z.string(),
        decidedBy: z.string(),
        decidedAt: z.iso.datetime(),
      })
      .optional(),
  })
  .meta({ id: 'Objection' });
export type Objection = z.infer<typeof Objection>;

export const ObjectionList = page(Objection).meta({ id: 'ObjectionList' });
