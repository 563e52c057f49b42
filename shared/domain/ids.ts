import { randomBytes } from 'node:crypto';
import { commissionIdPattern } from './commission.ts';

/** The type prefix of each kind of identifier. */
export type IdPrefix =
  | 'rpt'
  | 'evt'
  | 'clu'
  | 'cad'
  | 'clr'
  | 'ntc'
  | 'flw'
  | 'flg'
  | 'obj'
  | 'msg'
  | 'att'
  | 'red'
  /** A recusal (回避) on a clue: the lift route names it. */
  | 'rcs';

/** 16 random bytes in base64url, without padding. */
const randomPartLength = 22;

/**
 * Opaque identifiers: a short type prefix for people reading logs and consoles, then 128 random
 * bits, so that no identifier reveals how many reports exist or can be guessed from another.
 */
export const newId = (prefix: IdPrefix): string => `${prefix}_${randomBytes(16).toString('base64url')}`;

/**
 * The identifier each path parameter names, declared once: the HTTP pipeline refuses a path id of
 * any other shape with 404 before a handler runs, so no store ever sees an id it could not have
 * made (a key longer than DynamoDB's limit used to be a 500). A route whose path names a parameter
 * missing here fails when its handler is built.
 */
export const pathIdPrefixes = {
  reportId: 'rpt',
  clueId: 'clu',
  cadreId: 'cad',
  clearanceId: 'clr',
  noticeId: 'ntc',
  followUpId: 'flw',
  flagId: 'flg',
  objectionId: 'obj',
  attachmentId: 'att',
  recusalId: 'rcs',
} as const satisfies Record<string, IdPrefix>;

export type PathIdName = keyof typeof pathIdPrefixes | 'commissionId';

const shapes = new Map<string, RegExp>(
  Object.entries(pathIdPrefixes).map(([name, prefix]) => [
    name,
    new RegExp(`^${prefix}_[A-Za-z0-9_-]{${randomPartLength}}$`),
  ]),
);

/** Path parameters that name something other than a random id: a commission's slug. */
shapes.set('commissionId', commissionIdPattern);

export const isPathIdName = (name: string): name is PathIdName => shapes.has(name);

/** Whether `value` has the shape of an identifier that `newId` makes for this path parameter. */
export const isIdShaped = (name: PathIdName, value: string): boolean =>
  (shapes.get(name) as RegExp).test(value);
