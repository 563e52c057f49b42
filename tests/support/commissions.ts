/** A small hierarchy for tests: a province, a city under it, two counties under the city. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../shared/config.ts';
import type { Commission } from '../../shared/domain/commission.ts';
import { commissionStore, forgetRegistry } from '../../shared/store/commissions.ts';

export const testHierarchy: Commission[] = [
  { commissionId: 'prov', name: '某省纪委监委', level: 'PROVINCE', settings: {}, version: 1 },
  {
    commissionId: 'city-jia',
    name: '甲市纪委监委',
    level: 'CITY',
    parentId: 'prov',
    settings: {},
    version: 1,
  },
  {
    commissionId: 'county-a',
    name: '甲市A县纪委监委',
    level: 'COUNTY',
    parentId: 'city-jia',
    settings: { contact: '甲市A县纪委监委信访室 0000-1234567' },
    version: 1,
  },
  {
    commissionId: 'county-b',
    name: '甲市B县纪委监委',
    level: 'COUNTY',
    parentId: 'city-jia',
    settings: {},
    version: 1,
  },
];

/** The deployment's own commission as `npm start` seeds it: a county under the city (`default`). */
export const ownCounty: Commission = {
  commissionId: 'default',
  name: '甲市丙县纪委监委',
  level: 'COUNTY',
  parentId: 'city-jia',
  settings: {},
  version: 1,
};

export const seedCommissions = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  commissions: readonly Commission[] = testHierarchy,
) => {
  const store = commissionStore({ db, config: { TABLE_NAME: tableName } as Config });
  for (const commission of commissions) await store.create(commission);
  // The handlers run in this process: what they cached of the registry is now stale.
  forgetRegistry();
};
