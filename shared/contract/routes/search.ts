/**
 * Staff search (检索) by case number, cadre name or organisation, within the member's commission.
 * Part of the route table (shared/contract/routes.ts).
 */
import { SearchQueryParams } from '../../schemas/search.ts';
import { type RouteDef, staff } from './route-def.ts';

export const search = {
  method: 'GET',
  path: '/search',
  entry: 'functions/search/search.ts',
  access: staff,
  summary:
    'Find reports and clues of your commission by case number, cadre name or organisation (two characters or more), newest first',
  query: SearchQueryParams,
  uses: { table: 'read' },
  responses: { 200: 'SearchResults' },
  errors: [400, 401, 403, 503],
} as const satisfies RouteDef;

export const searchRoutes = { search } as const satisfies Record<string, RouteDef>;
