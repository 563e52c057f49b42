/**
 * The public notice board (澄清通报): list, read, keys, verification. Part of the route table
 * (shared/contract/routes.ts). Each route is its own export and handlers take theirs from this
 * module, so esbuild leaves the other routes and their request schemas out of a Lambda's bundle
 * (tests/infra/bundles.test.ts).
 */
import { ListNoticesQuery, VerifyNoticeRequest } from '../../schemas/clearances.ts';
import type { RouteDef } from './route-def.ts';

export const listNotices = {
  method: 'GET',
  path: '/notices',
  entry: 'functions/notices/list.ts',
  access: 'public',
  summary:
    "Published public clearance notices, newest first: all, or one commission's board with those under it",
  query: ListNoticesQuery,
  uses: { table: 'read' },
  responses: { 200: 'NoticeList' },
  errors: [400, 404, 503],
} as const satisfies RouteDef;

export const getNotice = {
  method: 'GET',
  path: '/notices/{noticeId}',
  entry: 'functions/notices/get.ts',
  access: 'public',
  summary: 'One public notice; 404 for unknown or non-public notices',
  uses: { table: 'read' },
  responses: { 200: 'Notice' },
  errors: [404, 503],
} as const satisfies RouteDef;

export const noticeKeys = {
  method: 'GET',
  path: '/.well-known/notice-keys',
  entry: 'functions/notices/keys.ts',
  access: 'public',
  summary: 'The public keys (JWKS) that verify notice signatures offline',
  uses: { signingKey: 'publicKey' },
  responses: { 200: 'Jwks' },
} as const satisfies RouteDef;

export const verifyNotice = {
  method: 'POST',
  path: '/notices/verify',
  entry: 'functions/notices/verify.ts',
  access: 'public',
  summary: 'Check a notice’s signature: false for any altered field',
  body: VerifyNoticeRequest,
  maxBodyBytes: 65_536, // 64 KiB
  uses: { signingKey: 'publicKey' },
  responses: { 200: 'VerifyNoticeResponse' },
  errors: [400, 413],
} as const satisfies RouteDef;

export const noticesRoutes = { listNotices, getNotice, noticeKeys, verifyNotice } as const satisfies Record<
  string,
  RouteDef
>;
