import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derToRaw, localSigner } from '../../shared/crypto/signer.ts';
import {
  approveClearance,
  assertMayRecordFollowUp,
  type Clearance,
  eligibleAllegations,
  isLiveClearance,
  methodSet,
  recordConsent,
  withdrawClearance,
} from '../../shared/domain/clearance.ts';
import {
  decideApproval,
  decideConsent,
  decideProposal,
  decideWithdrawal,
  hashToken,
  tokenMatches,
} from '../../shared/domain/clearance-steps.ts';
import { applyAction, type Clue, registerClue } from '../../shared/domain/clue.ts';
import { clearanceDocuments, consentPreview } from '../../shared/domain/consent-preview.ts';
import { type Finding, findings } from '../../shared/domain/findings.ts';
import {
  buildNotice,
  canonicalNoticeBytes,
  type Jwk,
  type Notice,
  renderNotice,
  verifyNotice,
} from '../../shared/domain/notice.ts';
import { clearanceMethods } from '../../shared/domain/vocabulary.ts';
import { clearanceView } from '../../shared/views/clearance.ts';
import { plainDeadlinePolicy } from '../support/fixtures.ts';

const policy = plainDeadlinePolicy;
const now = new Date('2026-06-01T02:00:00Z');
const reason = '经调阅会议记录和财务凭证核实，所反映事项与事实不符，证据充分，结论可靠无误。';
const investigator = { userId: 'inv-1', roles: ['investigator' as const] };

/** A clue concluded with one allegation per finding, in the order of `findings`. */
const concluded = (): Clue => {
  let clue = registerClue({
    clueId: 'clu_1',
    reports: [
      {
        reportId: 'rpt_1',
        accused: { name: '张三', position: '县能源局副局长', organization: '某县能源局' },
        allegations: findings.map((f) => ({ summary: `关于${f}的问题` })),
        reporterKind: 'REAL_NAME',
      },
    ],
    actor: { userId: 'i', roles: ['intake'] },
    now,
    policy,
  });
  const step = (command: Parameters<typeof applyAction>[1], actor: Parameters<typeof applyAction>[2]) => {
    clue = applyAction(clue, command, actor, { now, policy }).clue;
  };
  step({ action: 'assign', assignee: 'inv-1' }, { userId: 'i', roles: ['intake'] });
  step({ action: 'start-verification' }, investigator);
  step(
    {
      action: 'propose-conclusion',
      summary: 's',
      findings: findings.map((finding, i) => ({ allegationId: `rpt_1-a${i + 1}`, finding, reason })),
    },
    investigator,
  );
  step({ action: 'approve-conclusion' }, { userId: 'a', roles: ['approver'] });
  return clue;
};

const request = (allegationIds: string[], method: Clearance['method'] = 'PUBLIC_NOTICE') => ({
  trigger: 'DEPARTMENT_PROPOSAL' as const,
  harm: ['CAREER_AFFECTED' as const],
  method,
  allegationIds,
  statement: 's',
});

describe('clearance eligibility', () => {
  const clue = concluded();
  const idOf = (finding: Finding) => `rpt_1-a${findings.indexOf(finding) + 1}`;

  it.each(clearanceMethods.flatMap((method) => findings.map((finding) => [method, finding] as const)))(
    'by %s, for an allegation found %s',
    (method, finding) => {
      const run = () => eligibleAllegations(clue, request([idOf(finding)], method), investigator);
      if (finding === 'UNTRUE' || finding === 'FABRICATED') {
        // Without the investigator's wording, the matter is named by its summary as registered.
        const summary = `关于${finding}的问题`;
        expect(run()).toEqual([{ allegationId: idOf(finding), summary, publicSummary: summary, finding }]);
      } else {
        expect(run).toThrow(
          expect.objectContaining({ code: 'INVALID_TRANSITION', message: expect.stringContaining(finding) }),
        );
      }
    },
  );

  it('refuses a clue that is not concluded, no harm, and anyone but the investigator', () => {
    expect(() =>
      eligibleAllegations({ ...clue, status: 'UNDER_VERIFICATION' }, request([idOf('UNTRUE')]), investigator),
    ).toThrow(expect.objectContaining({ message: expect.stringContaining('CONCLUDED') }));
    expect(() => eligibleAllegations(clue, { ...request([idOf('UNTRUE')]), harm: [] }, investigator)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('harm') }),
    );
    expect(() =>
      eligibleAllegations(clue, request([idOf('UNTRUE')]), { userId: 'inv-2', roles: ['investigator'] }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

const clearance = (): Clearance => ({
  clearanceId: 'clr_1',
  clueId: 'clu_1',
  status: 'AWAITING_CONSENT',
  version: 1,
  trigger: 'CADRE_APPLICATION',
  harm: ['REPEATED_REPORTS'],
  method: 'PUBLIC_NOTICE',
  statement: 's',
  cadreKey: 'cad_1',
  cadre: { name: '张三', position: '县能源局副局长', organization: '某县能源局' },
  allegations: [{ allegationId: 'rpt_1-a4', summary: '违规收受土特产', finding: 'UNTRUE' }],
  proposedBy: 'inv-1',
  proposedAt: now.toISOString(),
  decideBy: now.toISOString(),
});

describe('the clearance lifecycle', () => {
  it('needs consent, then a second person, to publish', () => {
    const approver = { userId: 'a', roles: ['approver' as const] };
    expect(() => approveClearance(clearance(), approver, 'ntc_1', now)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    const consented = recordConsent(clearance(), true, undefined, now);
    expect(consented.status).toBe('CONSENTED');
    expect(() => recordConsent(consented, true, undefined, now)).toThrow();
    expect(() => approveClearance(consented, { userId: 'inv-1', roles: ['approver'] }, 'ntc_1', now)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(approveClearance(consented, approver, 'ntc_1', now)).toMatchObject({
      status: 'PUBLISHED',
      noticeId: 'ntc_1',
    });
    expect(() =>
      approveClearance(recordConsent(clearance(), false, '不同意', now), approver, 'ntc_1', now),
    ).toThrow();
  });

  it('is withdrawn, and its visit recorded, by the clue’s investigator or an approver only', () => {
    const others = [
      { userId: 'inv-2', roles: ['investigator' as const] },
      // The investigator's user id in a role that does not investigate.
      { userId: 'inv-1', roles: ['intake' as const] },
    ];
    for (const actor of others) {
      expect(() => withdrawClearance(clearance(), '暂缓', actor, 'inv-1')).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
      expect(() => assertMayRecordFollowUp(actor, 'inv-1')).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
    }
    // A clue with no assignee has no investigator to match.
    expect(() => withdrawClearance(clearance(), '暂缓', investigator, undefined)).toThrow();
    const approver = { userId: 'appr-1', roles: ['approver' as const] };
    for (const actor of [investigator, approver]) {
      expect(withdrawClearance(clearance(), '暂缓', actor, 'inv-1').status).toBe('WITHDRAWN');
      expect(() => assertMayRecordFollowUp(actor, 'inv-1')).not.toThrow();
    }
  });

  it('stays live until withdrawn or declined, and for good once published', () => {
    expect(
      ['AWAITING_CONSENT', 'CONSENTED', 'PUBLISHED', 'DECLINED', 'WITHDRAWN'].filter((s) =>
        isLiveClearance(s as Clearance['status']),
      ),
    ).toEqual(['AWAITING_CONSENT', 'CONSENTED', 'PUBLISHED']);
  });

  it('accepts only the token whose hash is stored', () => {
    const credential = { tokenHash: hashToken('the-token'), expiresAt: now.toISOString() };
    expect(tokenMatches('the-token', credential)).toBe(true);
    expect(tokenMatches('the-token ', credential)).toBe(false);
    expect(tokenMatches('', credential)).toBe(false);
  });
});

describe('notices', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = localSigner(privateKey.export({ format: 'jwk' }) as Jwk, 'k1');

  const signed = async (): Promise<Notice> => {
    const unsigned = buildNotice(
      approveClearance(
        recordConsent(clearance(), true, undefined, now),
        { userId: 'a', roles: ['approver'] },
        'ntc_1',
        now,
      ),
      'ntc_1',
      '某县纪委监委',
      now.toISOString(),
    );
    return {
      ...unsigned,
      signature: { alg: 'ES256', keyId: 'k1', value: await signer.sign(canonicalNoticeBytes(unsigned)) },
    };
  };

  it('render the cleared summaries only, in both languages', () => {
    const many = {
      ...clearance(),
      allegations: [{ allegationId: 'a', summary: '违规收受土特产', finding: 'FABRICATED' as const }],
    };
    for (const lang of ['zh', 'en'] as const) {
      const text = renderNotice(many, '某县纪委监委', lang);
      expect(text).toContain('违规收受土特产');
      expect(text).toContain('张三');
      expect(text).not.toMatch(/FABRICATED|举报人|诬告/);
    }
  });

  it('verify as signed, and not after any field is altered', async () => {
    const notice = await signed();
    const keys = await signer.jwks();
    expect(verifyNotice(notice, keys)).toBe(true);
    const alterations: Partial<Notice>[] = [
      { noticeId: 'ntc_2' },
      { publishedAt: '2026-06-02T00:00:00.000Z' },
      { issuer: '另一机关' },
      { method: 'LETTER' },
      { public: false },
      { cadre: { ...notice.cadre, position: '局长' } },
      { clearedAllegations: [{ summary: '别的问题' }] },
      { text: `${notice.text}。` },
      { translations: { en: 'changed' } },
    ];
    for (const change of alterations) expect(verifyNotice({ ...notice, ...change }, keys)).toBe(false);
    expect(verifyNotice({ ...notice, extra: 1 }, keys)).toBe(false);
    expect(verifyNotice({ ...notice, signature: { ...notice.signature, keyId: 'k2' } }, keys)).toBe(false);
    expect(verifyNotice(null, keys)).toBe(false);
  });

  it('sign the same bytes whatever the key order', async () => {
    const notice = await signed();
    const reordered = Object.fromEntries(Object.entries(notice).reverse());
    expect(canonicalNoticeBytes(reordered as Notice).equals(canonicalNoticeBytes(notice))).toBe(true);
    expect(verifyNotice(reordered, await signer.jwks())).toBe(true);
  });

  it('turn a KMS DER signature into the raw form', () => {
    const r = Buffer.alloc(32, 1);
    const s = Buffer.concat([Buffer.from([0x80]), Buffer.alloc(31, 2)]);
    const der = Buffer.concat([Buffer.from([0x30, 69, 0x02, 32]), r, Buffer.from([0x02, 33, 0x00]), s]);
    expect(derToRaw(der).equals(Buffer.concat([r, s]))).toBe(true);
  });
});

describe('the clearance steps decide', () => {
  const settings = {
    COMMISSION_NAME: '某县纪委监委',
    COMMISSION_CONTACT: '电话 0000-1234567',
    PUBLIC_BASE_URL: 'https://portal.example',
    CONSENT_TTL_DAYS: 30,
    FOLLOW_UP_DAYS: 45,
  };
  const approver = { userId: 'appr-1', roles: ['approver' as const] };
  const later = new Date(now.getTime() + 86_400_000);
  const token = 'one-time-token-123';
  const types = (decision: { messages: { event: { type: string } }[] }) =>
    decision.messages.map((m) => m.event.type);

  const proposed = () =>
    decideProposal({
      clue: concluded(),
      accusedKey: 'f00d',
      request: { ...request(['rpt_1-a4', 'rpt_1-a5']), cadreContact: { email: 'cadre@example.org' } },
      actor: investigator,
      token,
      now,
      settings,
    });
  const consented = () => decideConsent(proposed().state, { token, consent: true }, later, settings).state;

  it('a proposal: asks the cadre by a link only the sealed message holds, and takes the locks', () => {
    const decision = proposed();
    const { clearance, consentCredential } = decision.state;
    expect(clearance).toMatchObject({ status: 'AWAITING_CONSENT', version: 1, cadreKey: 'acc-f00d' });
    expect(consentCredential).toEqual({
      tokenHash: hashToken(token),
      expiresAt: '2026-07-01T02:00:00.000Z',
    });
    expect(decision.locks).toEqual({ change: 'take', allegationIds: ['rpt_1-a4', 'rpt_1-a5'] });
    expect(decision.state.holdsLocks).toBe(true);
    expect(types(decision)).toEqual(['CadreContactChanged', 'ConsentRequested', 'ClearanceProposed']);
    const [contact, request_] = decision.messages;
    expect(contact?.secret).toEqual({ contact: { email: 'cadre@example.org' } });
    expect(request_?.secret?.message).toContain(
      `https://portal.example/consent?clearance=${clearance.clearanceId}&token=${token}`,
    );
    expect(request_?.attributes).toEqual({ cadreId: 'acc-f00d', clearanceId: clearance.clearanceId });
    // The token and the contact are nowhere but in the parts the store seals.
    expect(decision.contact).toEqual({ email: 'cadre@example.org' });
    const { contact: _sealed, messages, ...rest } = decision;
    const open = JSON.stringify({ ...rest, events: messages.map((m) => m.event) });
    expect(open).not.toMatch(new RegExp(`${token}|cadre@example`));
    expect(decision.facts).toMatchObject({
      actor: 'inv-1',
      role: 'investigator',
      action: 'propose-clearance',
    });
  });

  it('an answer: refuses a wrong, used or expired token alike, and uses the token up', () => {
    const state = proposed().state;
    const forbidden = expect.objectContaining({ code: 'FORBIDDEN' });
    expect(() => decideConsent(state, { token: `${token}x`, consent: true }, later, settings)).toThrow(
      forbidden,
    );
    const used = { ...state, consentCredential: { ...state.consentCredential, usedAt: later.toISOString() } };
    expect(() => decideConsent(used, { token, consent: true }, later, settings)).toThrow(forbidden);
    const expired = new Date('2026-07-01T02:00:00.001Z');
    expect(() => decideConsent(state, { token, consent: true }, expired, settings)).toThrow(forbidden);

    const answered = decideConsent(state, { token, consent: true }, later, settings);
    expect(answered.state.clearance.status).toBe('CONSENTED');
    expect(answered.state.consentCredential.usedAt).toBe(later.toISOString());
    expect(answered.locks).toBeUndefined();
    expect(types(answered)).toEqual(['ClearanceConsented']);
    expect(() => decideConsent(answered.state, { token, consent: false }, later, settings)).toThrow(
      forbidden,
    );
  });

  it('a refusal of consent releases the locks it holds, and none it never took', () => {
    const state = proposed().state;
    const declined = decideConsent(state, { token, consent: false, comment: '不同意公开' }, later, settings);
    expect(declined.state.clearance.status).toBe('DECLINED');
    expect(declined.locks).toEqual({ change: 'release', allegationIds: ['rpt_1-a4', 'rpt_1-a5'] });
    expect(declined.state.holdsLocks).toBe(false);
    expect(declined.facts).toMatchObject({
      actor: 'cadre:acc-f00d',
      action: 'decline-clearance',
      reason: '不同意公开',
    });
    expect(types(declined)).toEqual(['ClearanceDeclined']);
    const older = decideConsent({ ...state, holdsLocks: false }, { token, consent: false }, later, settings);
    expect(older.locks).toBeUndefined();
  });

  it('an approval: publishes the notice the cadre was shown, sends it, and schedules the visit', () => {
    const state = { ...proposed().state, clearance: consented().clearance, holdsLocks: true };
    const shown = clearanceView(
      { ...state, consentCredential: state.consentCredential },
      settings,
    ).noticePreview;
    const decision = decideApproval(state, {
      actor: approver,
      concludedAt: '2026-05-20T02:00:00.000Z',
      now: later,
      settings,
    });
    expect(decision.notice.text).toBe(shown.zh);
    expect(decision.notice.translations.en).toBe(shown.en);
    expect(decision.state.clearance).toMatchObject({
      status: 'PUBLISHED',
      approvedBy: 'appr-1',
      noticeId: decision.notice.noticeId,
    });
    expect(decision.locks).toBeUndefined();
    expect(decision.state.holdsLocks).toBe(true);
    const [sent, published] = decision.messages;
    expect(sent?.secret).toEqual({
      message: `${shown.zh}\n\n${shown.en}`,
      subject: '【某县纪委监委】关于为张三同志澄清正名的通报',
    });
    expect(sent?.attributes).toMatchObject({ cadreId: 'acc-f00d', noticeId: decision.notice.noticeId });
    expect(published?.event).toMatchObject({
      type: 'ClearancePublished',
      public: true,
      daysFromConclusion: 13,
    });
    expect(decision.followUp).toMatchObject({
      clearanceId: state.clearance.clearanceId,
      dueAt: '2026-07-17T02:00:00.000Z',
      status: 'PENDING',
    });
    const byProposer = { userId: 'inv-1', roles: ['approver' as const] };
    expect(() =>
      decideApproval(state, { actor: byProposer, concludedAt: undefined, now: later, settings }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() =>
      decideApproval(proposed().state, { actor: approver, concludedAt: undefined, now: later, settings }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    // A clue an objection reopened has no conclusion: its clearance waits for the new one.
    expect(() =>
      decideApproval(state, { actor: approver, concludedAt: undefined, now: later, settings }),
    ).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', message: expect.stringMatching(/reopened/) }),
    );
  });

  it('a withdrawal: releases the locks before publication, and is refused after it', () => {
    const state = proposed().state;
    const withdrawn = decideWithdrawal(state, {
      reason: '暂缓',
      actor: approver,
      investigator: 'inv-1',
      now: later,
    });
    expect(withdrawn.state.clearance).toMatchObject({ status: 'WITHDRAWN', withdrawnReason: '暂缓' });
    expect(withdrawn.locks).toEqual({ change: 'release', allegationIds: ['rpt_1-a4', 'rpt_1-a5'] });
    expect(withdrawn.facts).toMatchObject({ role: 'approver', action: 'withdraw-clearance', reason: '暂缓' });
    expect(types(withdrawn)).toEqual(['ClearanceWithdrawn']);
    const published = decideApproval(
      { ...state, clearance: consented().clearance },
      { actor: approver, concludedAt: '2026-05-20T02:00:00.000Z', now: later, settings },
    ).state;
    expect(() =>
      decideWithdrawal(published, { reason: '暂缓', actor: investigator, investigator: 'inv-1', now: later }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });
});

describe('informed consent and the forms of clearance', () => {
  const settings = {
    COMMISSION_NAME: '某县纪委监委',
    COMMISSION_CONTACT: '电话 0000-1234567',
    PUBLIC_BASE_URL: 'https://portal.example',
    CONSENT_TTL_DAYS: 30,
    FOLLOW_UP_DAYS: 45,
  };
  const approver = { userId: 'appr-1', roles: ['approver' as const] };
  const later = new Date(now.getTime() + 86_400_000);
  const token = 'one-time-token-456';
  const propose = (extra: Partial<Parameters<typeof decideProposal>[0]['request']> = {}) =>
    decideProposal({
      clue: concluded(),
      accusedKey: 'f00d',
      request: { ...request(['rpt_1-a4']), cadreContact: { email: 'c@example.org' }, ...extra },
      actor: investigator,
      token,
      now,
      settings,
    }).state;

  it('take the forms as a set: a talk or a meeting brings its letter, the widest reach leads', () => {
    expect(methodSet({ method: 'IN_PERSON' })).toEqual(['IN_PERSON', 'LETTER']);
    expect(methodSet({ methods: ['LETTER', 'PUBLIC_NOTICE'] })).toEqual(['PUBLIC_NOTICE', 'LETTER']);
    expect(() => methodSet({ methods: ['MEETING'] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    const state = propose({ method: undefined, methods: ['LETTER', 'MEETING'] });
    expect(state.clearance).toMatchObject({ method: 'MEETING', methods: ['MEETING', 'LETTER'] });
  });

  it('publish the investigator’s wording and statement, never the reporter’s wording', () => {
    const { clearance } = propose({
      publicSummaries: [{ allegationId: 'rpt_1-a4', text: '违反廉洁纪律问题' }],
      statement: '经查，该同志已按规定申报相关事项。',
    });
    const [document] = clearanceDocuments(clearance, settings.COMMISSION_NAME);
    expect(document?.text.zh).toContain('1.违反廉洁纪律问题');
    expect(document?.text.zh).toContain('经查，该同志已按规定申报相关事项。');
    expect(document?.text.zh).not.toContain('关于UNTRUE的问题');
    expect(() =>
      propose({ publicSummaries: [{ allegationId: 'rpt_1-a1', text: '不在澄清范围内的问题' }] }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('ask in Chinese first, from the commission by name, with its contact', () => {
    const decision = decideProposal({
      clue: concluded(),
      accusedKey: 'f00d',
      request: { ...request(['rpt_1-a4']), cadreContact: { email: 'c@example.org' } },
      actor: investigator,
      token,
      now,
      settings,
    });
    const asked = decision.messages.find((m) => m.event.type === 'ConsentRequested')?.secret;
    expect(asked?.subject).toBe('【某县纪委监委】关于为您澄清正名征求本人意见的函');
    expect(String(asked?.message)).toMatch(/^张三同志：/);
    expect(String(asked?.message)).toContain('某县纪委监委（电话 0000-1234567）');
  });

  it('bind the answer to the text shown, and publish only that text', () => {
    const state = propose({ method: undefined, methods: ['PUBLIC_NOTICE', 'LETTER'] });
    const preview = consentPreview(state.clearance, { name: settings.COMMISSION_NAME, contact: 'x' });
    expect(preview.documents.map((d) => d.method)).toEqual(['PUBLIC_NOTICE', 'LETTER']);
    const changed = expect.objectContaining({ code: 'CONSENT_CONTENT_CHANGED' });
    expect(() =>
      decideConsent(state, { token, consent: true, contentHash: 'f'.repeat(64) }, later, settings),
    ).toThrow(changed);
    const consented = decideConsent(
      state,
      { token, consent: true, contentHash: preview.contentHash },
      later,
      settings,
    ).state;
    expect(consented.clearance.consent?.contentHash).toBe(preview.contentHash);
    // The issuer's name changed after the cadre agreed: the agreed text can no longer be issued.
    const renamed = { ...settings, COMMISSION_NAME: '某市纪委监委' };
    expect(() =>
      decideApproval(consented, {
        actor: approver,
        concludedAt: '2026-05-20T02:00:00.000Z',
        now: later,
        settings: renamed,
      }),
    ).toThrow(changed);
    expect(() =>
      decideApproval(consented, {
        actor: approver,
        concludedAt: '2026-05-20T02:00:00.000Z',
        now: later,
        settings,
        contentHash: 'e'.repeat(64),
      }),
    ).toThrow(changed);
    const approval = decideApproval(consented, {
      actor: approver,
      concludedAt: '2026-05-20T02:00:00.000Z',
      now: later,
      settings,
      contentHash: preview.contentHash,
    });
    expect(approval.notice.text).toBe(preview.documents[0]?.text.zh);
    expect(approval.documents.map((d) => [d.method, d.public, d.text])).toEqual([
      ['LETTER', false, preview.documents[1]?.text.zh],
    ]);
    expect(approval.state.clearance.documents).toEqual([
      { method: 'LETTER', noticeId: approval.documents[0]?.noticeId },
    ]);
  });
});
