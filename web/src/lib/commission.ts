/**
 * Whose portal this is: the commissions the deployment serves (GET /commissions, every page, read
 * once a visit) and the one the visitor is with. The portal's address may name it (`?c=<id>`, a
 * link a commission publishes); the choice is kept for the visit in sessionStorage, so it holds
 * through navigation; otherwise the deployment's own commission (`defaultCommissionId`).
 */
import { api } from './api.ts';
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
