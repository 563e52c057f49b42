/** The clearance, notice and follow-up contract (CONTRACT.md). */
import * as z from 'zod';
import {
  clearanceHarms,
  clearanceMethods,
  clearanceStatuses,
  clearanceTriggers,
} from '../domain/clearance.ts';
import { page, pageQuery, text } from './common.ts';
import { MobileNumber } from './reports.ts';

export const CreateClearanceRequest = z
  .strictObject({
    trigger: z.enum(clearanceTriggers),
    harm: z.array(z.enum(clearanceHarms)).min(1).max(4),
    method: z.enum(clearanceMethods),
    allegationIds: z.array(z.string().min(1).max(100)).min(1).max(100),
    statement: text(2000),
    cadreContact: z
      .strictObject({ email: z.email().max(254).optional(), phone: MobileNumber.optional() })
      .refine((c) => c.email || c.phone, { message: 'give an email or a mobile number' }),
  })
  .meta({ id: 'CreateClearanceRequest' });

export const ConsentRequest = z
  .strictObject({ token: z.string().min(1).max(200), consent: z.boolean(), comment: text(1000).optional() })
  .meta({ id: 'ConsentRequest' });

export const WithdrawClearanceRequest = z
  .strictObject({ reason: text(500) })
  .meta({ id: 'WithdrawClearanceRequest' });

export const Clearance = z
  .object({
    clearanceId: z.string(),
    clueId: z.string(),
    status: z.enum(clearanceStatuses),
    version: z.number(),
    trigger: z.enum(clearanceTriggers),
    harm: z.array(z.enum(clearanceHarms)),
    method: z.enum(clearanceMethods),
    statement: z.string(),
    cadre: z.object({ name: z.string(), position: z.string(), organization: z.string() }),
    allegations: z.array(z.object({ allegationId: z.string(), summary: z.string(), finding: z.string() })),
    proposedBy: z.string(),
    proposedAt: z.string(),
    decideBy: z.string(),
    consentExpiresAt: z.string(),
    consent: z.object({ consent: z.boolean(), comment: z.string().optional(), at: z.string() }).optional(),
    approvedBy: z.string().optional(),
    publishedAt: z.string().optional(),
    noticeId: z.string().optional(),
    noticePreview: z.object({ zh: z.string(), en: z.string() }),
  })
  .meta({ id: 'Clearance' });

export const ClearanceList = page(Clearance).meta({ id: 'ClearanceList' });
export const ListClearancesQuery = z.strictObject({ status: z.enum(clearanceStatuses), ...pageQuery });

export const Notice = z
  .object({
    noticeId: z.string(),
    publishedAt: z.string(),
    issuer: z.string(),
    method: z.enum(clearanceMethods),
    public: z.boolean(),
    cadre: z.object({ name: z.string(), position: z.string(), organization: z.string() }),
    clearedAllegations: z.array(z.object({ summary: z.string() })),
    text: z.string(),
    translations: z.object({ en: z.string() }),
    signature: z.object({ alg: z.literal('ES256'), keyId: z.string(), value: z.string() }),
  })
  .meta({ id: 'Notice' });

export const NoticeList = page(Notice).meta({ id: 'NoticeList' });
export const ListNoticesQuery = z.strictObject({ ...pageQuery });

/** The notice to check, as served; its shape is checked by the verification itself. */
export const VerifyNoticeRequest = z
  .strictObject({ notice: z.record(z.string(), z.unknown()) })
  .meta({ id: 'VerifyNoticeRequest' });
export const VerifyNoticeResponse = z.object({ valid: z.boolean() }).meta({ id: 'VerifyNoticeResponse' });

export const Jwks = z
  .object({
    keys: z.array(
      z.object({
        kty: z.string(),
        crv: z.string(),
        x: z.string(),
        y: z.string(),
        kid: z.string(),
        alg: z.string(),
        use: z.string(),
      }),
    ),
  })
  .meta({ id: 'Jwks' });

export const FollowUp = z
  .object({
    followUpId: z.string(),
    clearanceId: z.string(),
    clueId: z.string(),
    cadre: z.object({ name: z.string(), position: z.string(), organization: z.string() }),
    dueAt: z.string(),
    status: z.enum(['PENDING', 'DONE']),
    notes: z.string().optional(),
    visitedAt: z.string().optional(),
    visitedBy: z.string().optional(),
  })
  .meta({ id: 'FollowUp' });
export const FollowUpList = page(FollowUp).meta({ id: 'FollowUpList' });
export const ListFollowUpsQuery = z.strictObject({ due: z.enum(['true', 'false']).optional(), ...pageQuery });
export const RecordFollowUpRequest = z
  .strictObject({ notes: text(4000), visitedAt: z.iso.datetime().optional() })
  .meta({ id: 'RecordFollowUpRequest' });

export const ClearanceStatusBody = z
  .object({ clearanceId: z.string(), status: z.enum(clearanceStatuses) })
  .meta({ id: 'ClearanceStatus' });
