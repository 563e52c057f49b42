/**
 * Objections (异议): a reporter who disagrees with how a report ended may object, once per
 * conclusion, within a window after it (2020 rules on handling reports: the objection is recorded
 * and answered, and new evidence must be checked). An approver upholds the conclusion or reopens
 * the clue for verification (clue-decisions.ts decides both, on the clue).
 *
 * What a reporter may object to: a report whose clue is CONCLUDED (办结) or CLOSED (予以了结), and a
 * report declined before registration (不予受理, NOT_ACCEPTED), which has no clue: its objections are
 * kept on the report and decided in decline-objection.ts. "The conclusion" is the moment the report reached that stage; after a
 * reopened clue concludes again, that is a new conclusion, open to a new objection.
 */
import { addDays } from './calendar.ts';
import type { Clue } from './clue.ts';
import { DomainError, type Message } from './errors.ts';
import type { ReporterStage } from './stages.ts';
import { reporterStageOf } from './stages.ts';

export const objectionStatuses = ['OPEN', 'UPHELD', 'REOPENED'] as const;
export type ObjectionStatus = (typeof objectionStatuses)[number];

export const objectionDecisions = ['UPHOLD', 'REOPEN'] as const;
export type ObjectionDecision = (typeof objectionDecisions)[number];

/** The objection as the clue keeps it: enough to refuse a second one and to tell the reporter. */
export interface ClueObjection {
  objectionId: string;
  reportId: string;
  /** When the conclusion objected to was reached: one objection per report and conclusion. */
  conclusionAt: string;
  lodgedAt: string;
  status: ObjectionStatus;
  decidedAt?: string | undefined;
}

/** The conclusion a report's reporter can object to, if the clue has reached one. */
export interface ObjectableConclusion {
  stage: Extract<ReporterStage, 'CONCLUDED' | 'CLOSED' | 'NOT_ACCEPTED'>;
  at: string;
}

export const conclusionOf = (clue: Clue): ObjectableConclusion | undefined => {
  const stage = reporterStageOf(clue.status);
  if (stage !== 'CONCLUDED' && stage !== 'CLOSED') return undefined;
  const at =
    stage === 'CONCLUDED'
      ? clue.conclusion?.concludedAt
      : clue.stageTimeline.findLast((entry) => entry.stage === 'CLOSED')?.at;
  return at ? { stage, at } : undefined;
};

/** Where a reporter stands: may object until a time, has objected, or neither. */
export type ObjectionStanding =
  | { kind: 'ALLOWED'; conclusion: ObjectableConclusion; until: string }
  | { kind: 'LODGED'; objection: ClueObjection }
  | { kind: 'NOT_CONCLUDED' }
  | { kind: 'WINDOW_CLOSED'; until: string };

export const objectionStanding = (
  clue: Clue | undefined,
  reportId: string,
  now: Date,
  windowDays: number,
): ObjectionStanding => {
  const conclusion = clue && conclusionOf(clue);
  return standingAgainst(conclusion, clue?.objections, reportId, now, windowDays);
};

/**
 * The standing against one decision, wherever its objections are kept (on the clue for a
 * conclusion, on the report for a decline before registration: decline-objection.ts).
 */
export const standingAgainst = (
  conclusion: ObjectableConclusion | undefined,
  objections: readonly ClueObjection[] | undefined,
  reportId: string,
  now: Date,
  windowDays: number,
): ObjectionStanding => {
  if (!conclusion) return { kind: 'NOT_CONCLUDED' };
  const lodged = objections?.find((o) => o.reportId === reportId && o.conclusionAt === conclusion.at);
  if (lodged) return { kind: 'LODGED', objection: lodged };
  const until = addDays(new Date(conclusion.at), windowDays).toISOString();
  return now.toISOString() <= until
    ? { kind: 'ALLOWED', conclusion, until }
    : { kind: 'WINDOW_CLOSED', until };
};

/** The 409 for each standing that refuses a new objection. */
export const refusalOf = (standing: ObjectionStanding): DomainError | undefined => {
  switch (standing.kind) {
    case 'ALLOWED':
      return undefined;
    case 'LODGED':
      return new DomainError('OBJECTION_EXISTS', {
        zh: '您已对本次办理结论提出过异议，请勿重复提出',
        en: 'An objection to this conclusion has already been lodged for this report',
      });
    case 'WINDOW_CLOSED':
      return new DomainError('OBJECTION_WINDOW_CLOSED', {
        zh: `提出异议的期限已于 ${standing.until.slice(0, 10)} 届满`,
        en: `The time to object ended on ${standing.until.slice(0, 10)}`,
      });
    case 'NOT_CONCLUDED':
      return new DomainError('INVALID_TRANSITION', {
        zh: '举报尚未办结，暂不能提出异议',
        en: 'An objection can be lodged only once the report has been concluded or not accepted',
      });
  }
};

/** What the reporter is told of each step, in the commission's words. */
export const objectionMessages: Record<'LODGED' | 'UPHELD' | 'REOPENED', Message> = {
  LODGED: {
    zh: '您提出的异议已收到，我们将依规进行复核，并将复核结果告知您。',
    en: 'Your objection has been received. It will be reviewed and you will be told the result.',
  },
  UPHELD: {
    zh: '经复核，原办理结论并无不当，予以维持。',
    en: 'Your objection has been reviewed: the original conclusion stands.',
  },
  REOPENED: {
    zh: '经复核，决定对您反映的问题重新进行核查。',
    en: 'Your objection has been reviewed: the matters you reported will be verified again.',
  },
};

/** The reporter's timeline of their objections, oldest first. */
export const objectionTimeline = (clue: Clue | undefined, reportId: string) =>
  (clue?.objections ?? [])
    .filter((o) => o.reportId === reportId)
    .flatMap((o) => [
      { at: o.lodgedAt, text: objectionMessages.LODGED },
      ...(o.status !== 'OPEN' && o.decidedAt ? [{ at: o.decidedAt, text: objectionMessages[o.status] }] : []),
    ]);

/** What the receipt lookup tells the reporter: whether and until when they may object. */
export const objectionForReporter = (
  clue: Clue | undefined,
  reportId: string,
  now: Date,
  windowDays: number,
): ObjectionForReporter | undefined => objectionShown(objectionStanding(clue, reportId, now, windowDays));

export type ObjectionForReporter = { status: 'ALLOWED' | 'WINDOW_CLOSED' | ObjectionStatus; until?: string };

/** A standing as the lookup shows it. */
export const objectionShown = (standing: ObjectionStanding): ObjectionForReporter | undefined => {
  switch (standing.kind) {
    case 'NOT_CONCLUDED':
      return undefined;
    case 'LODGED':
      return { status: standing.objection.status };
    default:
      return { status: standing.kind, until: standing.until };
  }
};
