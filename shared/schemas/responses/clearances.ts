/**
 * Response bodies of the clearances routes. Only the OpenAPI document (shared/http/openapi.ts) builds
 * them; the handlers and the web pages import their types alone, so no Lambda (and no page)
 * constructs these.
 */
import * as z from 'zod';
import { clearanceHarms, clearanceTriggers } from '../../domain/clearance.ts';
import { clearanceMethods, clearanceStatuses } from '../../domain/vocabulary.ts';
import { page } from './common.ts';

const ClearanceDocument = z.object({
  method: z.enum(clearanceMethods),
  public: z.boolean(),
  text: z.object({ zh: z.string(), en: z.string() }),
});

export const Clearance = z
  .object({
    clearanceId: z.string(),
    clueId: z.string(),
    /** The clue's case number (案件编号); absent for clues registered before case numbers. */
    clueCaseNumber: z.string().optional(),
    /** Its clue's commission; absent on clearances from before there were several. */
    commissionId: z.string().optional(),
    status: z.enum(clearanceStatuses),
    version: z.number(),
    trigger: z.enum(clearanceTriggers),
    harm: z.array(z.enum(clearanceHarms)),
    method: z
      .enum(clearanceMethods)
      .meta({ description: 'The leading form: the public notice if there is one' }),
    methods: z.array(z.enum(clearanceMethods)).meta({ description: 'Every form, one document each' }),
    statement: z.string(),
    cadreKey: z.string().meta({
      description:
        'The key the cadre’s messages are filtered by: the registered cadre’s id, else a key of name and organisation',
    }),
    cadre: z.object({ name: z.string(), position: z.string(), organization: z.string() }),
    allegations: z.array(
      z.object({
        allegationId: z.string(),
        summary: z.string().meta({ description: 'As registered (the reporter’s wording); staff only' }),
        publicSummary: z.string().meta({ description: 'How the documents name the matter' }),
        finding: z.string(),
      }),
    ),
    proposedBy: z.string(),
    proposedAt: z.string(),
    decideBy: z.string(),
    consentExpiresAt: z.string(),
    consent: z
      .object({
        consent: z.boolean(),
        comment: z.string().optional(),
        at: z.string(),
        contentHash: z.string().optional().meta({ description: 'The hash of the content consented to' }),
      })
      .optional(),
    approvedBy: z.string().optional(),
    publishedAt: z.string().optional(),
    noticeId: z.string().optional(),
    documents: z
      .array(ClearanceDocument.extend({ noticeId: z.string().optional() }))
      .meta({ description: 'Every document the clearance issues (or will issue), word for word' }),
    contentHash: z.string().meta({
      description: 'SHA-256 of what the cadre is shown; the approver confirms it (POST …/approve)',
    }),
    withdrawnReason: z.string().optional(),
    public: z.boolean().meta({ description: 'The method is a public notice: the notice will be published' }),
    noticePreview: z.object({ zh: z.string(), en: z.string() }),
  })
  .meta({ id: 'Clearance' });

export const ClearanceList = page(Clearance).meta({ id: 'ClearanceList' });
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
    commissionId: z.string().optional(),
    cadre: z.object({ name: z.string(), position: z.string(), organization: z.string() }),
    dueAt: z.string(),
    status: z.enum(['PENDING', 'DONE']),
    notes: z.string().optional(),
    visitedAt: z.string().optional(),
    visitedBy: z.string().optional(),
  })
  .meta({ id: 'FollowUp' });
export const FollowUpList = page(FollowUp).meta({ id: 'FollowUpList' });
export const ConsentPreview = z
  .object({
    clearanceId: z.string(),
    status: z.enum(clearanceStatuses),
    commission: z.object({ name: z.string() }),
    contact: z.string().meta({ description: 'How to reach the commission to check or ask' }),
    cadre: z.object({ name: z.string(), position: z.string(), organization: z.string() }),
    methods: z.array(z.enum(clearanceMethods)),
    allegations: z.array(z.object({ allegationId: z.string(), publicSummary: z.string() })),
    statement: z.string(),
    noticeText: z.object({ zh: z.string(), en: z.string() }).meta({ description: 'The leading document' }),
    public: z.boolean().meta({ description: 'A public notice on the internet is among the forms' }),
    documents: z.array(ClearanceDocument),
    contentHash: z
      .string()
      .meta({ description: 'Send it with the answer: it binds the consent to this text' }),
  })
  .meta({ id: 'ConsentPreview' });

export const ClearanceStatusBody = z
  .object({ clearanceId: z.string(), status: z.enum(clearanceStatuses) })
  .meta({ id: 'ClearanceStatus' });
