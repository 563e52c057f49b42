/**
 * Which index a clue list is read from, and what is left to a filter (docs/api.md, "GET /clues").
 * Every list is one Query on one index partition, cursor-paged; a filter the partition cannot key
 * is a FilterExpression on that Query, so a page may hold fewer rows than `limit` (even none) while
 * the cursor goes on. A combination no index can serve in order is refused, never sorted in memory.
 */
import { validationFailed } from './errors.ts';
import type { ClueStatus } from './stages.ts';
import type { ReportCategory } from './vocabulary.ts';

export const clueListSorts = ['registered', 'deadline'] as const;
export type ClueListSort = (typeof clueListSorts)[number];
export const listOrders = ['asc', 'desc'] as const;
export type ListOrder = (typeof listOrders)[number];

export interface ClueListQuery {
  status?: ClueStatus | undefined;
  assignee?: string | undefined;
  category?: ReportCategory | undefined;
  overdue?: 'true' | undefined;
  sort?: ClueListSort | undefined;
  order?: ListOrder | undefined;
}

/** What is filtered on the Query rather than keyed. */
export interface ClueListFilters {
  status?: ClueStatus;
  assignee?: string;
  category?: ReportCategory;
}

export type ClueListPlan =
  /** GSI1, the status partition by registration time. */
  | { index: 'byStatus'; status: ClueStatus; forward: boolean; filters: ClueListFilters }
  /** GSI5, the status partition by deadline; overdue keys the range below now. */
  | { index: 'byDeadline'; status: ClueStatus; forward: boolean; overdue: boolean; filters: ClueListFilters }
  /** GSI2, the assignee's partition by registration time. */
  | { index: 'byAssignee'; assignee: string; forward: boolean; filters: ClueListFilters }
  /** GSI3, every status's overdue deadlines, oldest first, in two phases (due, then alerted). */
  | { index: 'overdue'; filters: ClueListFilters };

const refused = (zh: string, en: string) =>
  validationFailed([{ path: 'query.sort', code: 'unsupported_combination', message: en }], {
    zh: `不支持的查询组合：${zh}`,
    en: `Unsupported list query: ${en}`,
  });

const only = <T extends object>(filters: T): T =>
  Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as T;

export const clueListPlan = (q: ClueListQuery): ClueListPlan => {
  const forward = (q.order ?? 'asc') === 'asc';
  const overdue = q.overdue === 'true';
  const sort = q.sort ?? (overdue ? 'deadline' : 'registered');
  if (overdue && sort !== 'deadline')
    throw refused('逾期线索只能按期限排序', 'overdue clues are listed by deadline only (sort=deadline)');
  if (q.status && sort === 'deadline')
    return {
      index: 'byDeadline',
      status: q.status,
      forward,
      overdue,
      filters: only({ assignee: q.assignee, category: q.category }),
    };
  if (overdue) {
    if (!forward)
      throw refused(
        '未指定状态时，逾期线索只能按期限由早到晚排列',
        'without a status, overdue clues are listed earliest deadline first only (order=asc)',
      );
    return { index: 'overdue', filters: only({ assignee: q.assignee, category: q.category }) };
  }
  if (sort === 'deadline') throw refused('按期限排序须指定状态', 'sorting by deadline needs a status');
  if (q.assignee)
    return {
      index: 'byAssignee',
      assignee: q.assignee,
      forward,
      filters: only({ status: q.status, category: q.category }),
    };
  if (q.status)
    return { index: 'byStatus', status: q.status, forward, filters: only({ category: q.category }) };
  throw validationFailed([
    { path: 'query.status', code: 'missing', message: 'give status, assignee or overdue=true' },
  ]);
};
