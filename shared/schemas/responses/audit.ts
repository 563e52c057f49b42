/**
 * Response bodies of the audit routes. Only the OpenAPI document (shared/http/openapi.ts) builds
 * them; the handlers and the web pages import their types alone.
 */
import * as z from 'zod';
import { readSubjectKinds } from '../../domain/read-audit.ts';
import { roles } from '../../domain/roles.ts';
import { page } from './common.ts';

export const ReadRecord = z
  .object({
    readId: z.string(),
    userId: z.string(),
    role: z.enum(roles),
    subjectKind: z.enum(readSubjectKinds),
    subjectId: z.string(),
    /** The route as declared, `GET /clues/{clueId}`. */
    route: z.string(),
    /** The path as requested, naming every id the read went through. */
    path: z.string(),
    at: z.string(),
  })
  .meta({ id: 'ReadRecord' });

export const ReadRecordList = page(ReadRecord).meta({ id: 'ReadRecordList' });
