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
    /** CONCLUSION: a clue's conclusion (办结, 予以了结); NOT_ACCEPTED: a decline before registration (不予受理). */
    against: z.enum(['CONCLUSION', 'NOT_ACCEPTED']),
    /** The clue objected to; absent for NOT_ACCEPTED, which has no clue. */
    clueId: z.string().optional(),
    /** The clue's case number (案件编号); absent for clues registered before case numbers. */
    clueCaseNumber: z.string().optional(),
    reportId: z.string(),
    /** The commission it belongs to (its clue's or declined report's); absent on objections from before. */
    commissionId: z.string().optional(),
    /** For NOT_ACCEPTED, in the approvers' list: the report that was declined, and why. */
    report: z
      .object({
        accused: z.object({ name: z.string(), position: z.string(), organization: z.string() }),
        category: z.string(),
        submittedAt: z.iso.datetime(),
        status: z.enum(['UNREGISTERED', 'REGISTERED', 'DECLINED']),
        declineReason: z.string().optional(),
      })
      .optional(),
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
