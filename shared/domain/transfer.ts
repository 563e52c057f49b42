/**
 * Transfers between commissions (移交, issue 16). A clue handed to another commission of the same
 * deployment (`transfer` with `toCommissionId`), or a report not yet registered that intake passes
 * on (escalated to the level above when it concerns the commission's own leaders, or sent to the
 * right county), arrives in the receiving commission's intake queue as an unregistered report, to
 * be taken up within 5 working days of its calendar (2020 rules: transfers between levels within
 * 5 working days). The reporter keeps the receipt code and is told where the report went, in the
 * receiving commission's name and never a member's. The sealed identity moves with the report
 * item, never opened; the files and the conversation follow because staff reach them through the
 * report, whose commission is what changes.
 */
import type { HistoryFacts } from './audit.ts';
import { addWorkingDays, type WorkingCalendar } from './calendar.ts';
import { type Clue, reporterTimelineOf } from './clue.ts';
import type { Escalation } from './commission.ts';
import { DomainError, type Message, validationFailed } from './errors.ts';
import { type DomainEvent, domainEvent } from './events.ts';
import type { TimelineEntry } from './report.ts';
import type { Actor } from './roles.ts';

/** 5 working days (the receiving commission's calendar) to take up what was transferred in. */
export const takeUpWorkingDays = 5;

/** Where a report came from and where it went: kept on the report, one per hand-over. */
export interface ReportTransfer {
  at: string;
  fromCommissionId: string;
  /** As the sending commission signs: 甲县纪委监委. */
  fromName: string;
  toCommissionId: string;
  toName: string;
  /** Why it was passed on: for the receiving commission's intake. */
  reason: string;
  /** The sending commission's case number (for correspondence); never shown as the receiver's. */
  fromCaseNumber?: string | undefined;
  /** The sending commission's clue, when a clue was transferred (the receiver cannot open it). */
  fromClueId?: string | undefined;
}

/** A commission of the registry that may receive: known, and not the sender itself. */
export interface TransferTarget {
  commissionId: string;
  name: string;
}

export const transferTargetOf = (
  toCommissionId: string,
  own: string,
  known: { name: string } | undefined,
): TransferTarget => {
  // A mistake in the body, answered as the portal answers an unknown commission (400 on the
  // field): a 404 here would read as "no such clue or report".
  if (!known) {
    throw validationFailed(
      [
        {
          path: 'body.toCommissionId',
          code: 'unknown_commission',
          message: 'no such commission (GET /commissions)',
        },
      ],
      {
        zh: '未找到接收移交的纪检监察机关，请从机关列表中选择',
        en: 'No such commission to transfer to; pick one from GET /commissions',
      },
    );
  }
  if (toCommissionId === own) {
    throw new DomainError('INVALID_TRANSITION', {
      zh: '不能移交本机关，请选择其他纪检监察机关',
      en: 'A commission cannot transfer to itself; pick another commission',
    });
  }
  return { commissionId: toCommissionId, name: known.name };
};

/**
 * 2020 rules: a report about a member of a commission's own leadership is never handled by that
 * commission (commission.ts `routeReport` sent it above). Whoever holds it later may pass it on,
 * but never back to the commission whose leaders it names, alone or in a clue.
 */
export const assertMayReceive = (
  reports: readonly { escalation?: Escalation | undefined }[],
  to: TransferTarget,
): void => {
  if (reports.some((r) => r.escalation?.fromCommissionId === to.commissionId)) {
    throw new DomainError('INVALID_TRANSITION', {
      zh: '该举报反映的是该机关领导班子成员的问题，不能移交该机关办理',
      en: "This report concerns that commission's own leadership; it cannot be transferred to it",
    });
  }
};

/** A report as it arrives: its trail for the reporter, its record of the hand-over, its deadline. */
export interface ReportHandOver {
  reportId: string;
  /** Appended to the report's timeline: what the reporter saw under the sender, then TRANSFERRED. */
  entries: TimelineEntry[];
  transfer: ReportTransfer;
  takeUpBy: string;
}

interface HandOverContext {
  from: TransferTarget;
  to: TransferTarget;
  reason: string;
  now: Date;
  /** The receiving commission's working calendar. */
  calendar: WorkingCalendar;
}

const handOver = (
  reportId: string,
  entries: TimelineEntry[],
  context: HandOverContext,
  extra: Pick<ReportTransfer, 'fromCaseNumber' | 'fromClueId'>,
): ReportHandOver => {
  const at = context.now.toISOString();
  return {
    reportId,
    entries,
    transfer: {
      at,
      fromCommissionId: context.from.commissionId,
      fromName: context.from.name,
      toCommissionId: context.to.commissionId,
      toName: context.to.name,
      reason: context.reason,
      ...(extra.fromCaseNumber ? { fromCaseNumber: extra.fromCaseNumber } : {}),
      ...(extra.fromClueId ? { fromClueId: extra.fromClueId } : {}),
    },
    takeUpBy: addWorkingDays(context.now, takeUpWorkingDays, context.calendar).toISOString(),
  };
};

/**
 * The reports of a clue that was just transferred (the clue as the decision left it, TRANSFERRED):
 * each leaves the clue for the receiving queue and keeps, on its own timeline, the stages its
 * reporter saw under the sender (accepted, under verification, transferred), since the clue no
 * longer tells them. A clue holds at most 20 reports (clue.ts), so this fits one transaction.
 */
export const clueHandOver = (
  clue: Clue,
  context: HandOverContext,
  caseNumbers: ReadonlyMap<string, string | undefined>,
): { reports: ReportHandOver[]; event: DomainEvent<'ReportsTransferred'> } => {
  const reports = clue.reports.map((r) =>
    handOver(r.reportId, reporterTimelineOf(clue, r.acceptedAt), context, {
      fromCaseNumber: caseNumbers.get(r.reportId),
      fromClueId: clue.clueId,
    }),
  );
  return { reports, event: transferredEvent(reports, context, clue.clueId) };
};

const transferredEvent = (reports: ReportHandOver[], context: HandOverContext, clueId?: string) => {
  const at = context.now.toISOString();
  const payload = {
    reportIds: reports.map((r) => r.reportId),
    fromCommissionId: context.from.commissionId,
    toCommissionId: context.to.commissionId,
    at,
    ...(clueId ? { clueId } : {}),
  };
  return domainEvent('ReportsTransferred', payload, at);
};

/**
 * Intake passes on a report no clue has taken in (escalation to the level above, or to the
 * competent county). Like a decline, only while unregistered; the decision goes on the report's
 * own audit trail.
 */
export const decideEscalation = (
  report: {
    reportId: string;
    status: string;
    caseNumber?: string | undefined;
    escalation?: Escalation | undefined;
  },
  actor: Actor,
  context: HandOverContext,
): { handOver: ReportHandOver; facts: HistoryFacts; event: DomainEvent<'ReportsTransferred'> } => {
  if (report.status !== 'UNREGISTERED') {
    throw new DomainError('INVALID_TRANSITION', {
      zh: '该举报已受理或已决定不予受理，不能再移交；已受理的请在线索中移交',
      en: 'This report was already registered or declined; transfer its clue instead',
    });
  }
  assertMayReceive([report], context.to);
  const at = context.now.toISOString();
  const moved = handOver(report.reportId, [{ at, stage: 'TRANSFERRED' }], context, {
    fromCaseNumber: report.caseNumber,
  });
  return {
    handOver: moved,
    facts: {
      at,
      actor: actor.userId,
      role: actor.roles.includes('intake') ? 'intake' : 'approver',
      action: 'transfer-report',
      reason: context.reason,
      details: {
        reportId: report.reportId,
        toCommissionId: context.to.commissionId,
        to: context.to.name,
        takeUpBy: moved.takeUpBy,
      },
    },
    event: transferredEvent([moved], context),
  };
};

/** What the reporter reads at a hand-over to a commission of the deployment: its name, no one's else. */
export const transferMessage = (toName: string): Message => ({
  zh: `您的检举控告已按规定移交${toName}办理。`,
  en: `Your report was passed to ${toName}, which will handle it.`,
});
