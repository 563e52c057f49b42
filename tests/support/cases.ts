/**
 * The steps of a case as the integration tests take it through the API: a report submitted from
 * the portal, the real-name reporter's identity verified by staff, a clue registered, assigned and
 * verified, concluded with a finding for every allegation, and a clearance asked of the cadre,
 * consented to and published. Each step fails the test where the service refuses, saying why, and
 * answers what the tests go on with; a test whose subject is one of these steps makes the call
 * itself.
 */
import { expect } from 'vitest';
import type { Role } from '../../shared/contract/routes.ts';
import { cadreEmail } from './fixtures.ts';

interface Answer<T = any> {
  status: number;
  body: T;
}

/** A member of staff calling the API, as `api.as(role, userId, commissionId)` answers one. */
export interface Member {
  post<T = any>(path: string, body?: unknown): Promise<Answer<T>>;
  get<T = any>(path: string): Promise<Answer<T>>;
}

/** What the steps need of a test's API (tests/integration/support/runtime.ts gives all of it). */
export interface CaseApi<M extends Member = Member> {
  /** The portal's calls: no token. */
  post<T = any>(path: string, body: unknown): Promise<Answer<T>>;
  call<T = any>(method: string, path: string): Promise<Answer<T>>;
  as(role: Role, user: string, commission?: string): M;
  runtime: { settled(): Promise<void> };
}

/** Who takes the case through, and in which commission (none: the single commission). */
export interface Staff {
  commissionId?: string;
  intake: string;
  /** A known active investigator of the commission: the clue is assigned to them. */
  investigator: string;
  approver: string;
}

/** The single commission's members the integration tests act as (tests/support/members.ts). */
export const ownStaff: Staff = { intake: 'intake-1', investigator: 'inv-1', approver: 'appr-1' };

/** A county's members: `staffOf('county-a', 'a')` is intake-a, inv-a (tests/support/members.ts), appr-a. */
export const staffOf = (commissionId: string, suffix: string): Staff => ({
  commissionId,
  intake: `intake-${suffix}`,
  investigator: `inv-${suffix}`,
  approver: `appr-${suffix}`,
});

export type Finding = 'UNTRUE' | 'FABRICATED' | 'SUBSTANTIATED' | 'INCONCLUSIVE';

/** Each finding's reason, as an investigator writes it in the conclusion. */
export const findingReasons: Record<Finding, string> = {
  UNTRUE: '经调阅会议记录和财务凭证，所反映事项与事实不符，属误听误信。',
  FABRICATED: '举报人提供的收据系伪造，经笔迹鉴定与银行流水比对，举报内容为凭空捏造，意图影响干部提拔。',
  SUBSTANTIATED: '经核查银行流水与当事人供述，所反映问题属实。',
  INCONCLUSIVE: '现有材料既不能证实也不能排除，查无实据。',
};

/** How staff checked a real-name reporter; the note stays on the report's trail until retention. */
export interface IdentityCheck {
  method: 'IN_PERSON' | 'PHONE_CALL';
  note: string;
}
export const inPerson: IdentityCheck = { method: 'IN_PERSON', note: '举报人到信访接待室当面核对身份证件。' };
export const byPhoneCall: IdentityCheck = {
  method: 'PHONE_CALL',
  note: '电话联系举报人，核对了姓名和身份证号码后四位。',
};

export interface Clue {
  clueId: string;
  version: number;
  status: string;
  allegations: { allegationId: string }[];
  [field: string]: any;
}

export interface Submitted {
  reportId: string;
  receiptCode: string;
  [field: string]: any;
}

/**
 * The body of a conclusion proposed with `findings`: one for every allegation, or one an
 * allegation in order.
 */
export const conclusionOf = (clue: Clue, findings: Finding | readonly Finding[], summary = '结论') => ({
  action: 'propose-conclusion',
  summary,
  findings: clue.allegations.map((a, i) => {
    const finding = typeof findings === 'string' ? findings : (findings[i] as Finding);
    return { allegationId: a.allegationId, finding, reason: findingReasons[finding] };
  }),
});

/** The consent token in the link of the message that asked the cadre. */
export const consentToken = (message: string) =>
  new URL(/https?:\/\/\S+/.exec(message)?.[0] as string).searchParams.get('token') as string;

/** A message the local runtime sent (GET /local/inbox). */
export interface Sent {
  topic: string;
  subject?: string;
  message: string;
  attributes: Record<string, string>;
}

const isRealName = (report: object) =>
  (report as { reporter?: { anonymous?: boolean } }).reporter?.anonymous === false;

export const caseSteps = <M extends Member>(api: CaseApi<M>, staff: Staff = ownStaff) => {
  const intake = api.as('intake', staff.intake, staff.commissionId);
  const investigator = api.as('investigator', staff.investigator, staff.commissionId);
  const approver = api.as('approver', staff.approver, staff.commissionId);

  /** A report from the portal, to the staff's commission when they have one. */
  const submitReport = async (report: object): Promise<Submitted> => {
    const submitted = await api.post(
      '/reports',
      staff.commissionId ? { ...report, commissionId: staff.commissionId } : report,
    );
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    return submitted.body;
  };

  /** Staff verify the reporter: only a verified report counts toward an accuser's record (issue 15). */
  const verifyReporter = async (reportId: string, how: IdentityCheck = inPerson) => {
    const verified = await intake.post(`/reports/${reportId}/identity-verification`, how);
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  };

  /** A clue registered from the reports, held as the service last answered it. */
  const registerClue = async (...reportIds: string[]) => {
    const registered = await intake.post<Clue>('/clues', { reportIds });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    let clue = registered.body;
    /** An action on the clue at its current version; it must answer `status`. */
    const act = async (who: Member, body: Record<string, unknown>, status = 200) => {
      const response = await who.post(`/clues/${clue.clueId}/actions`, {
        expectedVersion: clue.version,
        ...body,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      if (status === 200) clue = response.body;
      return response;
    };
    return {
      get clue() {
        return clue;
      },
      act,
      /** The clue as an approver reads it now (after a change the test did not make through `act`). */
      refresh: async () => {
        clue = (await approver.get<Clue>(`/clues/${clue.clueId}`)).body;
        return clue;
      },
      /** Assigned to the staff's investigator, who starts verifying. */
      startVerification: async () => {
        await act(intake, { action: 'assign', assignee: staff.investigator });
        await act(investigator, { action: 'start-verification' });
        return clue;
      },
      /** The investigator proposes the findings, the approver approves; the relay has passed it on. */
      conclude: async (findings: Finding | readonly Finding[], summary?: string) => {
        await act(investigator, conclusionOf(clue, findings, summary));
        await act(approver, { action: 'approve-conclusion' });
        await api.runtime.settled();
        return clue;
      },
    };
  };
  type ClueInHand = Awaited<ReturnType<typeof registerClue>>;

  /**
   * A report submitted (a real-name reporter verified by staff when `reporterVerified` says how)
   * and its clue assigned and under verification.
   */
  const clueInVerification = async (
    report: object,
    options: { reporterVerified?: IdentityCheck } = {},
  ): Promise<Submitted & ClueInHand> => {
    const submitted = await submitReport(report);
    if (options.reporterVerified && isRealName(report))
      await verifyReporter(submitted.reportId, options.reporterVerified);
    const inHand = await registerClue(submitted.reportId);
    await inHand.startVerification();
    return Object.assign(inHand, submitted);
  };

  /** As `clueInVerification`, then concluded with the findings. */
  const concludedCase = async (
    report: object,
    findings: Finding | readonly Finding[],
    options: { reporterVerified?: IdentityCheck; summary?: string } = {},
  ) => {
    const inHand = await clueInVerification(report, options);
    await inHand.conclude(findings, options.summary);
    return inHand;
  };

  /** The investigator's request to clear the cadre of the allegations: the service's answer, as it is. */
  const proposeClearance = (
    clueId: string,
    allegationIds: string[],
    options: {
      method?: string;
      cadreContact?: { email?: string; phone?: string };
      by?: Member;
    } = {},
  ) =>
    (options.by ?? investigator).post(`/clues/${clueId}/clearances`, {
      trigger: 'DEPARTMENT_PROPOSAL',
      harm: ['CAREER_AFFECTED'],
      method: options.method ?? 'PUBLIC_NOTICE',
      allegationIds,
      statement: '该同志因被举报影响提拔考察，经征求本人意见，拟予澄清。',
      cadreContact: options.cadreContact ?? { email: cadreEmail },
    });

  /** What the local runtime sent about a clearance, once the relay has passed everything on. */
  const sentAbout = async (clearanceId: string): Promise<Sent[]> => {
    await api.runtime.settled();
    const { body } = await api.call('GET', '/local/inbox?limit=500');
    return (body.items as Sent[]).filter(
      (m) => m.topic === 'notices' && m.attributes.clearanceId === clearanceId,
    );
  };

  /**
   * A clearance of the clue's allegations (default: its first) proposed, consented to by the cadre
   * through the link they were sent, and approved. With `confirmContent`, the cadre agrees to what
   * the consent page showed by its hash, and the approver confirms the same hash.
   */
  const publishClearance = async (
    clue: Clue,
    options: {
      allegationIds?: string[];
      method?: string;
      cadreContact?: { email?: string; phone?: string };
      confirmContent?: boolean;
    } = {},
  ) => {
    const allegationIds = options.allegationIds ?? [clue.allegations[0]?.allegationId as string];
    const proposed = await proposeClearance(clue.clueId, allegationIds, options);
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const { clearanceId } = proposed.body as { clearanceId: string };
    const [asked] = await sentAbout(clearanceId);
    const token = consentToken(asked?.message ?? '');
    let preview: any;
    if (options.confirmContent) {
      const shown = await api.post(`/clearances/${clearanceId}/consent/preview`, { token });
      expect(shown.status, JSON.stringify(shown.body)).toBe(200);
      preview = shown.body;
    }
    const contentHash = preview ? { contentHash: preview.contentHash as string } : {};
    const consented = await api.post(`/clearances/${clearanceId}/consent`, {
      token,
      consent: true,
      ...contentHash,
    });
    expect(consented.status, JSON.stringify(consented.body)).toBe(200);
    const published = await approver.post(`/clearances/${clearanceId}/approve`, contentHash);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    return { clearanceId, asked: asked?.message ?? '', preview, published: published.body };
  };

  /** The accuser flags with `status` that rest on a report, as the staff's approver lists them. */
  const flagsOn = async (reportId: string, status = 'PROPOSED') => {
    const listed = await approver.get(`/accuser-flags?status=${status}&limit=100`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    return (listed.body.items as any[]).filter((f) =>
      f.evidence.some((e: { reportId?: string }) => e.reportId === reportId),
    );
  };

  return {
    intake,
    investigator,
    approver,
    submitReport,
    verifyReporter,
    registerClue,
    clueInVerification,
    concludedCase,
    proposeClearance,
    sentAbout,
    publishClearance,
    flagsOn,
  };
};
