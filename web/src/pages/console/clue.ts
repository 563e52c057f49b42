/**
 * One clue: reports, allegations (with the old-debt marker), the reporter-flag marker, the history,
 * and buttons for exactly the actions the signed-in person may take now. The page holds the clue
 * and draws it; every part below is a function of the clue (and the session), and an action hands
 * the clue as the server now holds it back up to `show`, which draws the page again.
 */
import { t } from '../../i18n/index.ts';
import { ApiError, api } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import type { ClueDetail } from '../../lib/responses.ts';
import type { RouteContext } from '../../lib/router.ts';
import { actionsSection, type CluePageContext } from './clue/actions.ts';
import { clearanceSection } from './clue/clearance-form.ts';
import { identityForm } from './clue/identity-form.ts';
import { recusalSection, recusedNotice } from './clue/recusal.ts';
import { auditSection, cadreLinkSection, identitySection } from './clue/tools.ts';
import {
  allegationsSection,
  clueHeader,
  historySection,
  reportsSection,
  summarySection,
} from './clue/view.ts';
import { conversationSection, type MessageTools } from './conversation.ts';
import { evidenceSection } from './evidence.ts';
import { caseLabel, consolePage, fillFrom, requireSession } from './shared.ts';

/** The whole clue, top to bottom. The recusal panel answers a reporter's request from the conversation. */
const clueView = (clue: ClueDetail, page: CluePageContext) => {
  const recusal = recusalSection(clue, page);
  return [
    clueHeader(clue),
    actionsSection(clue, page),
    clearanceSection(clue, page.session),
    allegationsSection(clue),
    reportsSection(clue, (report) =>
      identityForm(report, page.session, async () => page.show(await page.load())),
    ),
    identitySection(clue, page),
    cadreLinkSection(clue, page),
    cluesConversation(clue, page, recusal.requestTools),
    cluesEvidence(clue, page),
    summarySection(clue),
    historySection(clue),
    auditSection(clue, page),
    recusal.element,
  ];
};

/**
 * The assignee and the approvers handle the clue's reporters (the server decides; 403 otherwise).
 * `tools`, an approver's only: record a recusal on a reporter's message (「据此记录回避」).
 */
const cluesConversation = (clue: ClueDetail, { session }: CluePageContext, tools?: MessageTools) => {
  const handles = session.roles.includes('approver') || clue.assignee === session.userId;
  if (!handles) return null;
  return [
    h('h2', {}, t('conversation.title')),
    conversationSection(session, {
      path: `/clues/${encodeURIComponent(clue.clueId)}/messages`,
      reportIds: clue.reports.map((r) => r.reportId),
      canSend: true,
      id: 'clue-conversation',
      ...(tools ? { tools } : {}),
    }),
  ];
};

/** Each report's evidence files, for those who handle the clue (as the conversation). */
const cluesEvidence = (clue: ClueDetail, { session }: CluePageContext) => {
  const handles = session.roles.includes('approver') || clue.assignee === session.userId;
  if (!handles) return null;
  return [
    h('h2', {}, t('evidence.staffTitle')),
    ...clue.reports.map((r) =>
      h(
        'section',
        { class: 'card' },
        h('h3', {}, caseLabel(r, r.reportId)),
        evidenceSection(session, r.reportId),
      ),
    ),
  ];
};

export const cluePage = async ({ params }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const clueId = params.clueId ?? '';
  const body = h('div');
  const page: CluePageContext = {
    session,
    load: () => api<ClueDetail>('GET', `/clues/${encodeURIComponent(clueId)}`, { token: session.token }),
    show: (clue, banner) => {
      replace(body, banner ?? null, clueView(clue, page));
      banner?.focus();
    },
    showRecused: () => replace(body, recusedNotice()),
  };
  // 回避: a member who stepped aside is told so plainly, not shown a bare error.
  let loaded: ClueDetail | undefined;
  await fillFrom(
    body,
    async () => {
      try {
        loaded = await page.load();
        return loaded;
      } catch (error: unknown) {
        if (error instanceof ApiError && error.code === 'CONFLICT_OF_INTEREST') return error;
        throw error;
      }
    },
    (clue) => (clue instanceof ApiError ? recusedNotice(clue.message) : clueView(clue, page)),
  );
  // The heading names the case number; the id stays in its title, for support.
  const view = consolePage(session, '', t('clue.title', { id: loaded?.caseNumber ?? clueId }), body);
  view.querySelector('h1')?.setAttribute('title', clueId);
  return view;
};
