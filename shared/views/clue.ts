/**
 * What staff see of a clue. Built from the clue, its reports and its history; the reporters'
 * identities and fingerprints are never part of it.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HistoryEntry } from '../domain/audit.ts';
import { type Clue, categoriesOf, nextDeadline } from '../domain/clue.ts';
import { commissionOf, sameCommission } from '../domain/commission.ts';
import { readHistory } from '../store/history.ts';
import { entityKeys } from '../store/keys.ts';
import type { ClueInbox } from '../store/messages.ts';
import type { ReportItem, ReportStore } from '../store/reports.ts';

const dayMs = 24 * 3600 * 1000;

export const clueSummary = (clue: Clue, now: Date, inbox?: ClueInbox) => {
  const deadline = nextDeadline(clue);
  return {
    clueId: clue.clueId,
    ...(clue.caseNumber ? { caseNumber: clue.caseNumber } : {}),
    status: clue.status,
    version: clue.version,
    registeredAt: clue.registeredAt,
    accused: clue.accused,
    ...(clue.cadreId ? { cadreId: clue.cadreId } : {}),
    ...(clue.assignee ? { assignee: clue.assignee } : {}),
    reportCount: clue.reports.length,
    allegationCount: clue.allegations.length,
    ...(categoriesOf(clue).length ? { categories: categoriesOf(clue) } : {}),
    ...(deadline
      ? {
          deadline: {
            ...deadline,
            overdue: deadline.at < now.toISOString(),
            daysLeft: Math.ceil((new Date(deadline.at).getTime() - now.getTime()) / dayMs),
          },
        }
      : {}),
    ...(clue.conclusion ? { overallFinding: clue.conclusion.overallFinding } : {}),
    ...(inbox?.unread ? { unreadMessages: inbox.unread } : {}),
    ...(inbox?.feedbackBy
      ? { resultFeedback: { at: inbox.feedbackBy, overdue: inbox.feedbackBy < now.toISOString() } }
      : {}),
  };
};

const levels = ['WATCH', 'REPEATED_UNTRUE', 'FABRICATION'];

/** The clue carries the most serious flag among its reports' authors (`reporterFlag`, docs/domain.md). */
const mostSevereFlag = (clue: Clue) =>
  clue.reports
    .flatMap((r) => (r.reporterFlag ? [r.reporterFlag] : []))
    .sort((a, b) => levels.indexOf(b.level) - levels.indexOf(a.level))[0];

export const clueDetail = (clue: Clue, reports: ReportItem[], history: HistoryEntry[], now: Date) => {
  const byId = new Map(reports.map((r) => [r.reportId, r]));
  return {
    ...clueSummary(clue, now),
    reports: clue.reports.map((r) => {
      const report = byId.get(r.reportId);
      return {
        reportId: r.reportId,
        ...(report?.caseNumber ? { caseNumber: report.caseNumber } : {}),
        submittedAt: report?.submittedAt ?? r.acceptedAt,
        acceptedAt: r.acceptedAt,
        category: report?.category ?? 'OTHER',
        reporterKind: r.reporterKind,
        ...(r.reporterFlag ? { reporterFlag: r.reporterFlag } : {}),
        ...(report?.unreadAnswers?.size ? { unreadMessages: report.unreadAnswers.size } : {}),
        ...(report?.identityStatus ? { identityStatus: report.identityStatus } : {}),
        ...(report?.erasedAt ? { erasedAt: report.erasedAt } : {}),
      };
    }),
    ...(mostSevereFlag(clue) ? { reporterFlag: mostSevereFlag(clue) } : {}),
    allegations: clue.allegations.map((a) => {
      const index = Number(a.allegationId.split('-a').at(-1)) - 1;
      const details = byId.get(a.reportId)?.allegations[index]?.details;
      return { ...a, ...(details ? { details } : {}) };
    }),
    // The salt of a personal part stays in the table: with it, the digest could be tried against guesses.
    history: history.map(({ personal, ...entry }) =>
      personal ? { ...entry, personal: { reason: personal.reason, details: personal.details } } : entry,
    ),
    deadlines: {
      ...(clue.concludeBy ? { concludeBy: clue.concludeBy } : {}),
      suspended: clue.status === 'SHELVED',
      ...(clue.extension ? { extension: { ...clue.extension } } : {}),
    },
    ...(clue.proposal ? { proposal: { ...clue.proposal } } : {}),
    ...(clue.conclusion ? { conclusion: { ...clue.conclusion } } : {}),
    ...(clue.rejections?.length ? { rejections: clue.rejections.map((r) => ({ ...r })) } : {}),
    ...(clue.transferredTo ? { transferredTo: clue.transferredTo } : {}),
    ...(clue.transferredToCommissionId ? { transferredToCommissionId: clue.transferredToCommissionId } : {}),
    ...(clue.talkInquiry ? { talkInquiry: { ...clue.talkInquiry } } : {}),
    ...(clue.objections?.length ? { objections: clue.objections.map((o) => ({ ...o })) } : {}),
    ...(clue.reopenedConclusions?.length
      ? { reopenedConclusions: clue.reopenedConclusions.map((c) => ({ ...c })) }
      : {}),
    reporterStages: clue.stageTimeline,
  };
};

/** Loads what the detail view needs beside the clue: its reports and its history. */
export const loadClueDetail = async (
  deps: { reports: ReportStore; db: DynamoDBDocumentClient; tableName: string },
  clue: Clue,
  now: Date,
) => {
  const [reports, history] = await Promise.all([
    deps.reports.getMany(clue.reports.map((r) => r.reportId)),
    readHistory(deps.db, deps.tableName, entityKeys.clue(clue.clueId).PK),
  ]);
  // A report transferred to another commission is that one's now: its number and state stay there.
  const own = reports.filter((report) => sameCommission(report, { commissionId: commissionOf(clue) }));
  return clueDetail(clue, own, history, now);
};
