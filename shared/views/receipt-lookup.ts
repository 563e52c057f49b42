/**
 * What the receipt lookup answers its reporter (docs/api.md, "Following a report"): the stages and
 * their texts, the outcome, the conversation, the objection standing, the identity status and the
 * evidence files, in the language asked for. Pure: the handler loads and opens what it needs.
 */
import type { Clue } from '../domain/clue.ts';
import { conversationOf } from '../domain/conversation.ts';
import { declineObjectionTimeline, declineStanding } from '../domain/decline-objection.ts';
import type { DisclosurePolicy } from '../domain/disclosure.ts';
import { type Attachment, shownStatus } from '../domain/evidence.ts';
import { objectionForReporter, objectionShown, objectionTimeline } from '../domain/objection.ts';
import { type Recusal, recusalRequestTimeline } from '../domain/recusal.ts';
import { reporterView } from '../domain/report.ts';

import type { ReportItem } from '../store/reports.ts';

export const receiptLookupView = (input: {
  report: ReportItem;
  clue: Clue | undefined;
  /** The clue's recusals, lifted ones included: those this reporter asked for are in the conversation. */
  recusals: readonly Recusal[];
  /** The conversation's messages, their texts already opened. */
  written: { messageId: string; from: 'COMMISSION' | 'REPORTER'; at: string; text: string }[];
  attachments: Attachment[];
  lang: 'zh' | 'en';
  now: Date;
  disclosure: DisclosurePolicy;
  objectionWindowDays: number;
}) => {
  const { report, clue, lang, now } = input;
  const view = reporterView(
    report,
    clue && {
      status: clue.status,
      stageTimeline: clue.stageTimeline,
      acceptedAt: report.acceptedAt ?? clue.registeredAt,
      outcome: clue.conclusion?.reportOutcomes[report.reportId],
      concludedAt: clue.conclusion?.concludedAt,
    },
    input.disclosure,
  );
  // Before registration the standing is the decline's (不予受理); once a clue has it, the clue's.
  const objection = clue
    ? objectionForReporter(clue, report.reportId, now, input.objectionWindowDays)
    : objectionShown(declineStanding(report, now, input.objectionWindowDays));
  const said = [
    ...view.messages,
    ...declineObjectionTimeline(report),
    ...objectionTimeline(clue, report.reportId),
    ...recusalRequestTimeline(input.recusals, report.reportId),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    ...view,
    outcome: view.outcome && { ...view.outcome, text: view.outcome.text[lang] },
    messages: conversationOf(
      said.map((m) => ({ at: m.at, text: m.text[lang] })),
      input.written,
    ),
    ...(objection ? { objection } : {}),
    ...(report.identityStatus ? { identityStatus: report.identityStatus } : {}),
    attachments: input.attachments.map((a) => ({
      attachmentId: a.attachmentId,
      fileName: a.fileName,
      size: a.size,
      status: shownStatus(a, now),
    })),
  };
};
