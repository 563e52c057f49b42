/**
 * The local hierarchy: one province, two cities, four counties, all fictional. `npm start` seeds
 * them, with the demo members in each; the demo sign-in and `npm run token -- --commission <id>`
 * give a member of any of them. Nothing here is deployed.
 *
 * One of the counties is the deployment's own commission (`DEFAULT_COMMISSION_ID`, else `default`,
 * named COMMISSION_NAME, under 乙市): the one whose portal this is. A report that names no
 * commission goes there, and a token without `--commission` belongs to it, so clients written for
 * a single commission (the acceptance suite) see their reports as before.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../shared/config.ts';
import { defaultCommissionContact, defaultCommissionName } from '../../shared/config.ts';
import { type Commission, singleCommissionId } from '../../shared/domain/commission.ts';
import { commissionStore } from '../../shared/store/commissions.ts';
import { localClientConfig } from './aws-env.ts';
import { localDemoMembers, seedMembers } from './members.ts';

const commission = (
  commissionId: string,
  name: string,
  level: Commission['level'],
  parentId?: string,
  contact?: string,
): Commission => ({
  commissionId,
  name,
  level,
  ...(parentId ? { parentId } : {}),
  settings: contact ? { contact } : {},
  version: 1,
});

const hierarchy: readonly Commission[] = [
  commission('mou-sheng', '某省纪委监委', 'PROVINCE', undefined, '举报电话 12388（某省）'),
  commission('jia-shi', '甲市纪委监委', 'CITY', 'mou-sheng'),
  commission('yi-shi', '乙市纪委监委', 'CITY', 'mou-sheng'),
  commission(
    'jia-shi-a-xian',
    '甲市A县纪委监委',
    'COUNTY',
    'jia-shi',
    '举报电话 12388，来访地址：A县人民路1号',
  ),
  commission('jia-shi-b-xian', '甲市B县纪委监委', 'COUNTY', 'jia-shi'),
  commission('yi-shi-c-xian', '乙市C县纪委监委', 'COUNTY', 'yi-shi'),
];

/** The deployment's own commission (configuration), as the functions read it (shared/config.ts). */
export const localOwnCommissionId = process.env.DEFAULT_COMMISSION_ID || singleCommissionId;

export const localCommissions: readonly Commission[] = hierarchy.some(
  (c) => c.commissionId === localOwnCommissionId,
)
  ? hierarchy
  : [
      ...hierarchy,
      commission(
        localOwnCommissionId,
        process.env.COMMISSION_NAME || defaultCommissionName,
        'COUNTY',
        'yi-shi',
        process.env.COMMISSION_CONTACT || defaultCommissionContact,
      ),
    ];

/**
 * Writes the hierarchy once (a commission already there is left as it is, its settings kept), and
 * the demo members in each commission, so any of them can be signed in to and assigned.
 */
export const seedLocalCommissions = async (dynamoDbEndpoint: string, tableName: string) => {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(dynamoDbEndpoint)));
  try {
    const store = commissionStore({ db, config: { TABLE_NAME: tableName } as Config });
    for (const c of localCommissions) await store.create(c);
    await seedMembers(
      { db, tableName },
      localCommissions.flatMap(({ commissionId }) =>
        localDemoMembers.map((member) => ({ ...member, commissionId })),
      ),
    );
  } finally {
    db.destroy();
  }
};
