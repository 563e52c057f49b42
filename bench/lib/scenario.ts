/**
 * One round of the service's main use cases, driven through the HTTP API exactly as a client
 * would: a real-name report from submission to a concluded clue, a clearance from consent to a
 * signed public notice, and the reporter's fabrication flag to a reviewer's decision.
 *
 * Every step the benchmarks measure goes through `measure(operation, call)`; the set-up calls
 * between them (reading a clue's current version, the consent token from the inbox) do not.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { issueLocalToken } from '../../infra/local/keys.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { Role } from '../../shared/contract/routes.ts';
import { residentIdCheckChar } from '../../shared/domain/resident-id.ts';

export interface ApiResponse {
  status: number;
  body: any;
  /**
   * From writing the request to reading the last byte of the answer: the service's part. The
   * caller's own JSON work (serialising the request, parsing the answer) is left out, as it
   * happens on the caller's machine.
   */
  elapsedMs: number;
}
export type Call = () => Promise<ApiResponse>;
export type Measure = (operation: string, call: Call) => Promise<ApiResponse>;

/** The operations of one round, in order: the benchmarks' row names. */
export const operations = [
  'submit report',
  'look up receipt',
  'announce an attachment',
  'verify identity (staff)',
  'counter intake',
  'register clue',
  'clue: assign',
  'clue: shelve',
  'clue: resume',
  'clue: start-verification',
  'clue: request-extension',
  'clue: approve-extension',
  'clue: propose-conclusion',
  'clue: reject-conclusion',
  'clue: approve-conclusion',
  'answer by receipt code',
  'send a message',
  'read messages',
  'clue: transfer',
  'clue: close',
  'get clue',
  'verify clue history',
  'read clue messages',
  'list report files',
  'list clues',
  'search',
  'create clearance',
  'consent to clearance',
  'approve clearance',
  'list notices',
  'get notice',
  'verify notice',
  'list accuser flags',
  'decide accuser flag',
  'audit: reads of a clue',
  'object',
  'decide an objection',
  'record a recusal',
] as const;

const fabricated = '举报人提供的收据系伪造，经笔迹鉴定与银行流水比对，举报内容为凭空捏造，意图影响干部提拔。';

/** A checksum-valid resident ID, different for every round so that every round makes a flag. */
const residentId = (round: number) => {
  const born = new Date(Date.UTC(1960, 0, 1) + (round % 14_000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  const first17 = `110105${born}123`;
  return first17 + residentIdCheckChar(first17);
};

/**
 * A keep-alive node:http client, as light as the SDK's own: the full path should not pay for a
 * heavier HTTP client than the floor does.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * A kept-alive connection the gateway closes (its keep-alive timeout, 5 s) just as a request is put
 * on it is reset before the gateway reads the request: Node's documented race (`reusedSocket`).
 * That request is sent once more, on a new connection, and said so.
 */
const send = (
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<ApiResponse> =>
  sendOnce(url, method, headers, body).catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
    if (!(error.reusedSocket && error.code === 'ECONNRESET')) throw error;
    console.error(`  (${method} ${url.pathname}: a kept-alive connection closed by the gateway; sent again)`);
    return sendOnce(url, method, headers, body);
  });

const sendOnce = (url: URL, method: string, headers: Record<string, string>, body?: string) =>
  new Promise<ApiResponse>((done, fail) => {
    const sentAt = performance.now();
    const req = request(
      url,
      {
        method,
        agent,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const elapsedMs = performance.now() - sentAt;
          const text = Buffer.concat(chunks).toString('utf8');
          done({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, elapsedMs });
        });
        res.on('error', fail);
      },
    );
    req.on('error', (error) => fail(Object.assign(error, { reusedSocket: req.reusedSocket })));
    req.end(body);
  });

/** One token per staff member for the whole run, as a console keeps its session for an hour. */
const tokens = new Map<string, string>();

/**
 * `commissionId`: the commission the staff tokens carry (`custom:commissionId`); none, the single
 * commission's members, as before there were commissions.
 */
export const apiClient = (runtime: Pick<LocalRuntime, 'url'>, commissionId?: string) => {
  return async (
    method: string,
    path: string,
    body?: unknown,
    as?: { role: Role; user: string },
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> => {
    const h: Record<string, string> = { 'content-type': 'application/json', ...headers };
    if (as) {
      const key = `${as.role}:${as.user}:${commissionId ?? ''}`;
      const claims = commissionId ? { 'custom:commissionId': commissionId } : {};
      if (!tokens.has(key)) tokens.set(key, await issueLocalToken(as.user, [as.role], 12, claims));
      h.authorization = `Bearer ${tokens.get(key)}`;
    }
    return send(new URL(path, runtime.url), method, h, body === undefined ? undefined : JSON.stringify(body));
  };
};

const expectOk = (operation: string, response: ApiResponse): ApiResponse => {
  if (response.status >= 300) {
    throw new Error(`${operation} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response;
};

/**
 * Who runs a round: by default the single commission's members (the demo investigator is seeded
 * everywhere); the tenancy part passes a commission, whose reports name it, and an investigator it
 * registered in that commission (an assignee must be a member of the clue's commission).
 */
export interface RoundAs {
  commissionId: string;
  investigator: string;
}

export const runRound = async (
  runtime: Pick<LocalRuntime, 'url' | 'settled' | 'inbox'>,
  round: number,
  measure: Measure,
  as?: RoundAs,
) => {
  const api = apiClient(runtime, as?.commissionId);
  const intake = { role: 'intake', user: 'bench-intake' } as const;
  const investigator = { role: 'investigator', user: as?.investigator ?? 'demo-investigator' } as const;
  const approver = { role: 'approver', user: 'bench-appr' } as const;
  const auditor = { role: 'auditor', user: 'bench-aud' } as const;
  const step = async (operation: (typeof operations)[number], call: Call) =>
    expectOk(operation, await measure(operation, call)).body;

  const report = {
    accused: {
      name: `干部${round}`,
      position: '某镇镇长',
      organization: `某镇人民政府${round % 50}`,
      region: '某省某县',
    },
    category: 'CORRUPTION',
    allegations: [
      { summary: '在工程招标中收受承包商礼金', details: '2023年中秋前后，在其办公室收受现金。' },
      { summary: '违规发放津贴' },
    ],
    reporter: { anonymous: false, name: '举报人', idNumber: residentId(round), phone: '13812345678' },
    ...(as ? { commissionId: as.commissionId } : {}),
  };
  const submitted = await step('submit report', () =>
    api('POST', '/reports', report, undefined, { 'idempotency-key': randomUUID() }),
  );
  await step('look up receipt', () =>
    api('POST', '/receipts/lookup', { receiptCode: submitted.receiptCode }),
  );
  // Evidence: the announcement that answers a presigned upload URL (the upload itself goes to S3
  // and is measured by the uploads part).
  await step('announce an attachment', () =>
    api('POST', '/receipts/attachments', {
      receiptCode: submitted.receiptCode,
      fileName: '收据.pdf',
      contentType: 'application/pdf',
      size: 52_480,
      sha256: 'a'.repeat(64),
    }),
  );
  // Staff who called the reporter record it: only a verified report counts toward a flag, and
  // confirming a FABRICATION flag needs staff verification.
  await step('verify identity (staff)', () =>
    api(
      'POST',
      `/reports/${submitted.reportId}/identity-verification`,
      { method: 'PHONE_CALL', note: '电话回访举报人，核对姓名与身份证号后四位一致。' },
      intake,
    ),
  );
  // A letter recorded at the counter: the same receipt, the channel, and the recorder on the trail.
  await step('counter intake', () =>
    api(
      'POST',
      '/intake/reports',
      // The counter's form names no commission: the report goes to the recording member's.
      {
        ...Object.fromEntries(Object.entries(report).filter(([field]) => field !== 'commissionId')),
        accused: { ...report.accused, name: `来信干部${round}` },
        channel: 'LETTER',
      },
      intake,
      { 'idempotency-key': randomUUID() },
    ),
  );
  const registered = await step('register clue', () =>
    api('POST', '/clues', { reportIds: [submitted.reportId] }, intake),
  );
  const clueId = registered.clueId as string;

  // The floor replays bump counters again, so every action reads the clue's current version first.
  const act = async (
    operation: (typeof operations)[number],
    who: { role: Role; user: string },
    body: Record<string, unknown>,
  ) => {
    const { version } = expectOk('get clue', await api('GET', `/clues/${clueId}`, undefined, intake)).body;
    return step(operation, () =>
      api('POST', `/clues/${clueId}/actions`, { expectedVersion: version, ...body }, who),
    );
  };
  await act('clue: assign', intake, { action: 'assign', assignee: investigator.user });
  await act('clue: shelve', intake, { action: 'shelve', reason: '等待相关案件办结后再行核查。' });
  await act('clue: resume', intake, { action: 'resume', reason: '相关案件已办结，恢复核查。' });
  const verifying = await act('clue: start-verification', investigator, { action: 'start-verification' });
  await act('clue: request-extension', investigator, {
    action: 'request-extension',
    days: 30,
    reason: '需调取银行流水，申请延期。',
  });
  await act('clue: approve-extension', approver, {
    action: 'approve-extension',
    days: 30,
    reason: '同意延期30日。',
  });
  const findings = (verifying.allegations as { allegationId: string }[]).map((a) => ({
    allegationId: a.allegationId,
    finding: 'FABRICATED',
    reason: fabricated,
  }));
  const proposal = { action: 'propose-conclusion', summary: '举报内容系捏造', findings };
  await act('clue: propose-conclusion', investigator, proposal);
  await act('clue: reject-conclusion', approver, {
    action: 'reject-conclusion',
    reason: '请补充笔迹鉴定意见。',
  });
  await act('clue: propose-conclusion', investigator, proposal);
  await act('clue: approve-conclusion', approver, { action: 'approve-conclusion' });
  // The conversation: the reporter answers with the code, the commission sends the result message
  // (meeting the feedback deadline the conclusion set), and the assignee reads the conversation.
  await step('answer by receipt code', () =>
    api('POST', '/receipts/messages', {
      receiptCode: submitted.receiptCode,
      text: '我还有一份收据复印件可以提供。',
    }),
  );
  await step('send a message', () =>
    api(
      'POST',
      `/reports/${submitted.reportId}/messages`,
      { text: '经核查，您反映的问题与事实不符，现将办理结果告知如下。', result: true },
      approver,
    ),
  );
  await step('read messages', () =>
    api('GET', `/reports/${submitted.reportId}/messages`, undefined, investigator),
  );
  // The two other ends of a clue, each on a clue of its own.
  for (const [operation, command] of [
    ['clue: transfer', { action: 'transfer', reason: '属于其他单位管辖。', to: '某市纪委监委' }],
    ['clue: close', { action: 'close', reason: '反映问题已另案处理。' }],
  ] as const) {
    const other = expectOk(
      'submit report',
      await api('POST', '/reports', { ...report, reporter: { anonymous: true } }),
    ).body;
    const otherClue = expectOk(
      'register clue',
      await api('POST', '/clues', { reportIds: [other.reportId] }, intake),
    ).body;
    await step(operation, () =>
      api(
        'POST',
        `/clues/${otherClue.clueId}/actions`,
        { expectedVersion: otherClue.version, ...command },
        intake,
      ),
    );
  }
  await step('get clue', () => api('GET', `/clues/${clueId}`, undefined, investigator));
  // The other audited reads (docs/performance.md): each adds its read record, one write.
  await step('verify clue history', () => api('GET', `/clues/${clueId}/history/verify`, undefined, approver));
  await step('read clue messages', () => api('GET', `/clues/${clueId}/messages`, undefined, approver));
  await step('list report files', () =>
    api('GET', `/reports/${submitted.reportId}/attachments`, undefined, approver),
  );
  await step('list clues', () => api('GET', '/clues?status=CONCLUDED&limit=20', undefined, intake));
  // Staff search by the clue's case number: one bigram partition, then the page's statuses.
  const caseNumber = String(registered.caseNumber ?? '');
  await step('search', () =>
    api('GET', `/search?q=${encodeURIComponent(caseNumber)}&limit=20`, undefined, investigator),
  );

  const clearance = await step('create clearance', () =>
    api(
      'POST',
      `/clues/${clueId}/clearances`,
      {
        trigger: 'DEPARTMENT_PROPOSAL',
        harm: ['CAREER_AFFECTED'],
        method: 'PUBLIC_NOTICE',
        allegationIds: findings.map((f) => f.allegationId),
        statement: '该同志因被举报影响提拔考察，经征求本人意见，拟予澄清。',
        cadreContact: { email: `cadre${round}@example.gov.cn` },
      },
      investigator,
    ),
  );
  const token = await consentToken(runtime, clearance.clearanceId);
  await step('consent to clearance', () =>
    api('POST', `/clearances/${clearance.clearanceId}/consent`, { token, consent: true, comment: '同意' }),
  );
  const published = await step('approve clearance', () =>
    api('POST', `/clearances/${clearance.clearanceId}/approve`, {}, approver),
  );
  await step('list notices', () => api('GET', '/notices?limit=20'));
  const notice = await step('get notice', () => api('GET', `/notices/${published.noticeId}`));
  const verified = await step('verify notice', () => api('POST', '/notices/verify', { notice }));
  if (verified.valid !== true) throw new Error('The published notice did not verify');

  await runtime.settled();
  const flags = await step('list accuser flags', () =>
    api('GET', '/accuser-flags?status=PROPOSED&limit=100', undefined, approver),
  );
  const flag = (flags.items as { flagId: string; evidence: { reportId: string }[] }[]).find((f) =>
    f.evidence.some((e) => e.reportId === submitted.reportId),
  );
  if (!flag) throw new Error(`No proposed flag for report ${submitted.reportId}`);
  await step('decide accuser flag', () =>
    api(
      'POST',
      `/accuser-flags/${flag.flagId}/decision`,
      { decision: 'CONFIRM', reason: '经复核，举报材料系伪造，确认标记。' },
      approver,
    ),
  );
  await step('audit: reads of a clue', () =>
    api('GET', `/audit/reads?subjectId=${clueId}&limit=20`, undefined, auditor),
  );

  // 异议: the reporter objects to the conclusion and an approver upholds it (the clue stays concluded).
  const objection = await step('object', () =>
    api('POST', '/receipts/objections', {
      receiptCode: submitted.receiptCode,
      reason: '我认为核查不够全面，另有证人可以证明所反映的情况，请予复核。',
    }),
  );
  await step('decide an objection', () =>
    api(
      'POST',
      `/objections/${objection.objectionId}/decision`,
      { decision: 'UPHOLD', reason: '经复核，原核查程序规范、证据充分，维持原结论。' },
      approver,
    ),
  );
  // 回避: an approver records a recusal for a member (the clue's load, then one transaction).
  await step('record a recusal', () =>
    api(
      'POST',
      `/clues/${clueId}/recusals`,
      { userId: `bench-member-${round}`, reason: '该同志与被反映人系同学关系，依规回避。' },
      approver,
    ),
  );
};

/** The one-time consent token, from the message the relay delivered to the local inbox. */
const consentToken = async (runtime: Pick<LocalRuntime, 'settled' | 'inbox'>, clearanceId: string) => {
  for (let attempt = 0; attempt < 50; attempt++) {
    await runtime.settled();
    const message = (await runtime.inbox(200)).find(
      (m) => m.topic === 'notices' && m.attributes.clearanceId === clearanceId && /token=/.test(m.message),
    );
    const link = message && /https?:\/\/\S+/.exec(message.message)?.[0];
    if (link) return new URL(link).searchParams.get('token') as string;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`No consent message for ${clearanceId}`);
};
