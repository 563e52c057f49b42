/**
 * What the staff handling a report read of its conversation: each message opened, the reporter's
 * answers marked unread as they were before this read, and the result feedback owed. Reading
 * marks those answers read (off the report's and the clue's unread sets).
 */
import type { ResultFeedback } from '../domain/conversation.ts';
import type { MessageStore } from '../store/messages.ts';
import type { ReportItem } from '../store/reports.ts';

export const readConversations = async (
  conversation: MessageStore,
  reports: readonly Pick<ReportItem, 'reportId' | 'clueId' | 'unreadAnswers'>[],
  now: Date,
) => {
  const perReport = await Promise.all(
    reports.map(async (report) => {
      const [messages, feedback] = await Promise.all([
        conversation.ofReport(report.reportId),
        conversation.feedbackOf(report.reportId),
      ]);
      const unread = report.unreadAnswers ?? new Set<string>();
      const items = await Promise.all(
        messages.map(async (m) => ({
          messageId: m.messageId,
          reportId: m.reportId,
          from: m.from,
          text: await conversation.open(m),
          at: m.at,
          ...(m.author ? { author: m.author } : {}),
          ...(m.result ? { result: true } : {}),
          ...(m.recusalRequest ? { recusalRequest: await conversation.openRecusalRequest(m) } : {}),
          unread: unread.has(m.messageId),
        })),
      );
      await conversation.markRead(report.reportId, report.clueId, [...unread]);
      return { items, feedback };
    }),
  );
  return {
    items: perReport.flatMap((r) => r.items).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
    resultFeedback: perReport.flatMap((r) => (r.feedback ? [feedbackView(r.feedback, now)] : [])),
  };
};

const feedbackView = (f: ResultFeedback, now: Date) => ({
  reportId: f.reportId,
  feedbackBy: f.feedbackBy,
  status: f.status,
  overdue: f.status === 'PENDING' && f.feedbackBy < now.toISOString(),
  ...(f.metAt ? { metAt: f.metAt } : {}),
});
