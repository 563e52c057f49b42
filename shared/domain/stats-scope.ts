/**
 * Whose statistics a member may read, and where an event's counts go. A commission's figures are
 * its own counters plus, for a city or a province, the sum of everything below it (kept by the
 * relay as one "below" counters item per ancestor, so a read is two GetItems whatever the size of
 * the subtree). A superior sees its subordinates' figures, never their cases: these rules only
 * ever hand out counters.
 */
import { ancestorsOf, type Commission } from './commission.ts';
import { type Counters, summarise } from './stats.ts';

/** The two counters items of a commission: its own cases, and the sum of its subordinates'. */
export type CountersPart = 'OWN' | 'BELOW';

export interface CountersTarget {
  commissionId: string;
  part: CountersPart;
}

/**
 * The counters items one event of `commissionId` adds to: the commission's own, and the "below"
 * item of each commission above it (at most three levels: county → city → province).
 */
export const countersTargets = (commissionId: string, ancestors: readonly string[]): CountersTarget[] => [
  { commissionId, part: 'OWN' },
  ...ancestors.map((ancestor) => ({ commissionId: ancestor, part: 'BELOW' as const })),
];

/**
 * Whether a member of `viewer` may read the statistics of `target`: its own commission's, or a
 * commission below it. Anything else (a sibling, a superior, an unknown id) reads as missing.
 */
export const mayReadStatsOf = (
  viewer: string,
  target: string,
  byId: ReadonlyMap<string, Commission>,
): boolean => target === viewer || (byId.has(target) && ancestorsOf(target, byId).includes(viewer));

/** The commissions directly below `commissionId`, in the registry's order. */
export const subordinatesOf = (commissionId: string, all: readonly Commission[]): Commission[] =>
  all.filter((c) => c.parentId === commissionId && c.commissionId !== commissionId);

/** The commissions at the top of the hierarchy (no superior in the registry). */
export const topOf = (all: readonly Commission[]): Commission[] => {
  const known = new Set(all.map((c) => c.commissionId));
  return all.filter((c) => c.parentId === undefined || !known.has(c.parentId));
};

/** Counters added together, name by name (a subtree's total from its parts). */
export const addCounters = (...parts: readonly Counters[]): Counters => {
  const total: Counters = {};
  for (const part of parts)
    for (const [name, by] of Object.entries(part)) {
      if (typeof by === 'number') total[name] = (total[name] ?? 0) + by;
    }
  return total;
};

/** The figures a superior's table shows of a commission: counts only. */
export const headlineOf = (counters: Counters) => {
  const summary = summarise(counters);
  return {
    reportsReceived: summary.reportsReceived,
    reportsDeclined: counters.reportsDeclined ?? 0,
    cluesRegistered: summary.cluesRegistered,
    cluesConcluded: summary.daysToConclude.count,
    byFinding: summary.byFinding,
    ...(summary.daysToConclude.median !== undefined
      ? { medianDaysToConclude: summary.daysToConclude.median }
      : {}),
    noticesPublished: summary.noticesPublished,
  };
};

/**
 * The counters items that make up the public figures. A commission: its own and everything below
 * it. None named (the whole deployment): each commission at the top with everything below it,
 * and the single commission's own when it is not registered (it holds what was counted before
 * there were commissions). Once registered it is counted where it stands: at the top, or in the
 * "below" items of its city and province; adding it again would count it twice.
 */
export const publicTargets = (
  commissionId: string | undefined,
  all: readonly Commission[],
  single: string,
): CountersTarget[] => {
  const whole = (id: string): CountersTarget[] => [
    { commissionId: id, part: 'OWN' },
    { commissionId: id, part: 'BELOW' },
  ];
  if (commissionId !== undefined) return whole(commissionId);
  const tops = topOf(all).map((c) => c.commissionId);
  const registered = all.some((c) => c.commissionId === single);
  return [...tops.flatMap(whole), ...(registered ? [] : whole(single))];
};
