/**
 * Commissions (纪委监委) and the tenancy rule. One deployment serves the whole hierarchy, province
 * → city → county; every report, clue and what hangs off them belongs to exactly one commission,
 * and staff see only their own commission's. The rule lives here, once: `sameCommission`.
 *
 * What used to be configuration (the issuer's name and contact, the calendar, the deadlines, the
 * portal's address) is each commission's settings; a setting a commission leaves out falls back
 * to the deployment's configuration (shared/config.ts), so a deployment with one commission and
 * no registry behaves exactly as before.
 */
import { calendarOf } from './calendar.ts';
import type { DeadlinePolicy } from './deadlines.ts';

export const commissionLevels = ['PROVINCE', 'CITY', 'COUNTY'] as const;
export type CommissionLevel = (typeof commissionLevels)[number];

/**
 * The commission of a deployment that serves one, of tokens without a commission claim and of
 * items written before commissions were introduced (they carry no `commissionId`: no backfill).
 */
export const singleCommissionId = 'default';

/** A commission id: lower-case letters, digits and hyphens (a slug or an administrative code). */
export const commissionIdPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** What a commission's administrator may set; everything left out falls back to configuration. */
export interface CommissionSettings {
  /** How the public and cadres reach the commission (a phone line, an address). */
  contact?: string | undefined;
  /** Official holidays (Mon–Fri dates that are not working days), YYYY-MM-DD. */
  holidays?: string[] | undefined;
  /** Weekend dates declared working days (调休上班), YYYY-MM-DD. */
  extraWorkingDays?: string[] | undefined;
  acknowledgeWorkingDays?: number | undefined;
  concludeMonths?: number | undefined;
  resultFeedbackWorkingDays?: number | undefined;
  /** Years a closed case file is kept before it may be destroyed. */
  retentionYears?: number | undefined;
  /** Where this commission's portal lives (consent links point there). */
  publicBaseUrl?: string | undefined;
  /** The report case-number pattern, e.g. `〔{year}〕甲县纪委信访第{seq:4}号` (case-number.ts). */
  caseNumberFormat?: string | undefined;
  /** The clue case-number pattern, e.g. `〔{year}〕甲县纪委线索第{seq:4}号`. */
  clueNumberFormat?: string | undefined;
}

export interface Commission {
  commissionId: string;
  /** As it signs its documents: 甲市纪委监委. */
  name: string;
  level: CommissionLevel;
  /** The level above; none for a province (or the single commission). */
  parentId?: string | undefined;
  settings: CommissionSettings;
  version: number;
}

/** The deployment-wide values a commission's settings fall back to (shared/config.ts). */
export interface SettingsFallback {
  COMMISSION_NAME: string;
  COMMISSION_CONTACT: string;
  PUBLIC_BASE_URL: string;
  HOLIDAYS: string[];
  EXTRA_WORKING_DAYS: string[];
  ACKNOWLEDGE_WORKING_DAYS: number;
  CONCLUDE_MONTHS: number;
  RESULT_FEEDBACK_WORKING_DAYS: number;
  MAX_EXTENSION_DAYS: number;
}

/** A commission's settings with every gap filled from configuration: what the service acts on. */
export interface EffectiveSettings {
  commissionId: string;
  name: string;
  contact: string;
  publicBaseUrl: string;
  retentionYears?: number | undefined;
  caseNumberFormat?: string | undefined;
  clueNumberFormat?: string | undefined;
  deadlines: DeadlinePolicy;
}

export const effectiveSettings = (
  commissionId: string,
  commission: Commission | undefined,
  fallback: SettingsFallback,
): EffectiveSettings => {
  const s = commission?.settings ?? {};
  return {
    commissionId,
    name: commission?.name ?? fallback.COMMISSION_NAME,
    contact: s.contact ?? fallback.COMMISSION_CONTACT,
    publicBaseUrl: s.publicBaseUrl ?? fallback.PUBLIC_BASE_URL,
    retentionYears: s.retentionYears,
    caseNumberFormat: s.caseNumberFormat,
    clueNumberFormat: s.clueNumberFormat,
    deadlines: {
      acknowledgeWorkingDays: s.acknowledgeWorkingDays ?? fallback.ACKNOWLEDGE_WORKING_DAYS,
      concludeMonths: s.concludeMonths ?? fallback.CONCLUDE_MONTHS,
      resultFeedbackWorkingDays: s.resultFeedbackWorkingDays ?? fallback.RESULT_FEEDBACK_WORKING_DAYS,
      maxExtensionDays: fallback.MAX_EXTENSION_DAYS,
      calendar: calendarOf(
        s.holidays ?? fallback.HOLIDAYS,
        s.extraWorkingDays ?? fallback.EXTRA_WORKING_DAYS,
      ),
    },
  };
};

/** The commission an item belongs to: its own, or the single commission for items from before. */
export const commissionOf = (entity: { commissionId?: string | undefined }): string =>
  entity.commissionId ?? singleCommissionId;

/**
 * The tenancy rule: a member sees an item only if it belongs to the member's commission. Every
 * store's staff load goes through this; anything else answers exactly as a missing item (404).
 */
export const sameCommission = (
  entity: { commissionId?: string | undefined },
  principal: { commissionId: string },
): boolean => commissionOf(entity) === principal.commissionId;

/** The item if the member may see it, else undefined: "not yours" and "not there" read the same. */
export const visibleTo = <T extends { commissionId?: string | undefined }>(
  entity: T | undefined,
  principal: { commissionId: string },
): T | undefined => (entity && sameCommission(entity, principal) ? entity : undefined);

/**
 * Which commission a public report goes to. `requested` is what the form named; `known` says
 * whether such a commission exists; `fallback` is where a report naming none goes: the
 * deployment's own commission (`DEFAULT_COMMISSION_ID`, the one whose portal this is) when it is
 * registered, else the registry's only commission (or the single commission when it is empty).
 */
export type Destination = { ok: true; commissionId: string } | { ok: false; reason: 'UNKNOWN' | 'CHOOSE' };

export const destinationOf = (
  requested: string | undefined,
  registry: { known: boolean; fallback: string | undefined },
): Destination => {
  if (requested !== undefined)
    return registry.known ? { ok: true, commissionId: requested } : { ok: false, reason: 'UNKNOWN' };
  return registry.fallback !== undefined
    ? { ok: true, commissionId: registry.fallback }
    : { ok: false, reason: 'CHOOSE' };
};

/** Why a report went to another commission than the one it was addressed to. */
export const escalationReasons = ['COMMISSION_LEADERSHIP'] as const;
export type EscalationReason = (typeof escalationReasons)[number];

/** A report sent up a level: the commission it was addressed to, and why it went above. */
export interface Escalation {
  fromCommissionId: string;
  reason: EscalationReason;
}

export type Routing =
  | { ok: true; commissionId: string; escalation?: Escalation | undefined }
  | { ok: false; reason: 'NO_COMMISSION_ABOVE' };

/**
 * 2020 rules (检举控告工作规则): a report about a member of a commission's own leadership
 * (本级纪委监委领导班子成员) is handled by the commission above it, never by the commission whose
 * leader it names. The rule is here, on the server, so no form can send such a report to the
 * commission itself. A commission with nobody above it in this deployment (a province) cannot
 * take it: the reporter is sent to the national line.
 */
export const routeReport = (
  addressed: string,
  aboutLeadership: boolean,
  parentOf: (commissionId: string) => string | undefined,
): Routing => {
  if (!aboutLeadership) return { ok: true, commissionId: addressed };
  const parent = parentOf(addressed);
  if (parent === undefined) return { ok: false, reason: 'NO_COMMISSION_ABOVE' };
  return {
    ok: true,
    commissionId: parent,
    escalation: { fromCommissionId: addressed, reason: 'COMMISSION_LEADERSHIP' },
  };
};

/**
 * The notice boards a commission's public notice appears on: its own, and each one above it
 * ("a city's board shows its counties' notices"), nearest first.
 */
export const noticeBoardsOf = (commissionId: string, byId: ReadonlyMap<string, Commission>): string[] => [
  commissionId,
  ...ancestorsOf(commissionId, byId),
];

/** The commissions above this one, nearest first (a city's province; a county's city, province). */
export const ancestorsOf = (commissionId: string, byId: ReadonlyMap<string, Commission>): string[] => {
  const out: string[] = [];
  let parent = byId.get(commissionId)?.parentId;
  while (parent !== undefined && !out.includes(parent) && out.length < 3) {
    out.push(parent);
    parent = byId.get(parent)?.parentId;
  }
  return out;
};
