/**
 * Whose portal this is: the commissions the deployment serves (GET /commissions, every page, read
 * once a visit) and the one the visitor is with. The portal's address may name it (`?c=<id>`, a
 * link a commission publishes); the choice is kept for the visit in sessionStorage, so it holds
 * through navigation; otherwise the deployment's own commission (`defaultCommissionId`).
 */
import { t } from '../i18n/index.ts';
import { api } from './api.ts';
import { h, replace } from './dom.ts';
import type { CommissionList } from './responses.ts';

export type CommissionSummary = CommissionList['items'][number];

const storageKey = 'zm.commission';
/** The national line of the CCDI and NSC (中央纪委国家监委), on every public page. */
export const nationalLine = '12388';

let all: CommissionSummary[] = [];
let own: string | undefined;
let loading: Promise<void> | undefined;

/** Reads the registry page by page (about 3,200 commissions in a national deployment). */
const load = async () => {
  const items: CommissionSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
    const list = await api<CommissionList>('GET', `/commissions?${query}`);
    items.push(...list.items);
    own ??= list.defaultCommissionId;
    cursor = list.nextCursor;
    if (!cursor) break;
  }
  all = items;
};

/** Loads the registry once; a failure leaves the portal working without a choice. */
export const loadCommissions = (): Promise<void> => {
  loading ??= load().catch(() => {
    loading = undefined;
  });
  return loading;
};

export const commissions = (): readonly CommissionSummary[] => all;
export const commissionById = (id: string | undefined) => all.find((c) => c.commissionId === id);
export const childrenOf = (parentId: string | undefined) =>
  all.filter((c) => c.parentId === parentId || (parentId === undefined && !commissionById(c.parentId)));

const stored = (): string | undefined => {
  try {
    return sessionStorage.getItem(storageKey) ?? undefined;
  } catch {
    return undefined;
  }
};

/** Remembers the visitor's commission for the visit. */
export const chooseCommission = (commissionId: string) => {
  try {
    sessionStorage.setItem(storageKey, commissionId);
  } catch {
    // Private mode: the choice holds on this page only.
  }
};

/** Takes the commission the address names (`?c=`), if it is one of the deployment's. */
export const adoptCommissionFromAddress = (search = window.location.search) => {
  const named = new URLSearchParams(search).get('c') ?? undefined;
  if (named && commissionById(named)) chooseCommission(named);
};

/** The visitor's commission: chosen, else the deployment's own, else the only one. */
export const currentCommission = (): CommissionSummary | undefined =>
  commissionById(stored()) ?? commissionById(own) ?? (all.length === 1 ? all[0] : undefined);

/** The commission and those above it, from the top (province, city, county). */
export const lineOf = (commissionId: string | undefined): CommissionSummary[] => {
  const line: CommissionSummary[] = [];
  let at = commissionById(commissionId);
  while (at && !line.includes(at) && line.length < 4) {
    line.unshift(at);
    at = commissionById(at.parentId);
  }
  return line;
};

/**
 * The options of a commission picker over the whole registry (about 3,200 commissions
 * nationally): the commissions at the top first, then one group per commission with those directly
 * under it, labelled with its line ("某省 › 甲市"), so a county is found under its city. `filter`
 * keeps the commissions whose name, or whose group's label, contains it; `exclude` leaves one out
 * (the member's own, for a transfer).
 */
export const commissionOptions = ({
  filter = '',
  exclude,
}: {
  filter?: string;
  exclude?: string;
} = {}): HTMLElement[] => {
  const wanted = filter.trim().toLowerCase();
  const matches = (...texts: string[]) =>
    !wanted || texts.some((text) => text.toLowerCase().includes(wanted));
  const option = (c: CommissionSummary) => h('option', { value: c.commissionId }, c.name);
  const offered = all.filter((c) => c.commissionId !== exclude);
  const tops = offered.filter((c) => !commissionById(c.parentId) && matches(c.name)).map(option);
  const groups: HTMLElement[] = [];
  const byParent = new Map<string, CommissionSummary[]>();
  for (const c of offered) {
    if (c.parentId === undefined || !commissionById(c.parentId)) continue;
    byParent.set(c.parentId, [...(byParent.get(c.parentId) ?? []), c]);
  }
  for (const [parentId, under] of byParent) {
    const label = lineOf(parentId)
      .map((c) => c.name)
      .join(' › ');
    const shown = under.filter((c) => matches(c.name, label));
    if (shown.length) groups.push(h('optgroup', { label }, ...shown.map(option)));
  }
  return [...tops, ...groups];
};

/**
 * A commission picker: a filter box over a grouped select of the whole registry, read page by
 * page (`loadCommissions`). `first` and `last` are fixed options around the commissions (a
 * prompt, "outside the system"); the select stays disabled until the registry is in.
 */
export const commissionPicker = (
  control: HTMLSelectElement,
  options: { exclude?: string; first?: [string, string][]; last?: [string, string][] } = {},
) => {
  const box = h('input', {
    type: 'search',
    class: 'commission-filter',
    placeholder: t('commission.filter'),
    'aria-label': t('commission.filter'),
    ...(control.id ? { 'aria-controls': control.id, id: `${control.id}-filter` } : {}),
  });
  const fixed = (pairs: [string, string][] = []) =>
    pairs.map(([value, label]) => h('option', { value }, label));
  const fill = () => {
    const kept = control.value;
    replace(
      control,
      ...fixed(options.first),
      ...commissionOptions({ filter: box.value, ...(options.exclude ? { exclude: options.exclude } : {}) }),
      ...fixed(options.last),
    );
    // The choice holds while it is still offered.
    if ([...control.options].some((o) => o.value === kept)) control.value = kept;
  };
  box.addEventListener('input', fill);
  const ready = loadCommissions().then(() => {
    fill();
    control.disabled = false;
  });
  return { box, ready };
};
