/**
 * The local hierarchy: one province, two cities, three counties, all fictional. `npm start --
 * --commissions` seeds them; the demo sign-in and `npm run token -- --commission <id>` give a
 * member of any of them. Nothing here is deployed.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../shared/config.ts';
import type { Commission } from '../../shared/domain/commission.ts';
import { commissionStore } from '../../shared/store/commissions.ts';
import { localClientConfig } from './aws-env.ts';

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

export const localCommissions: readonly Commission[] = [
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

/** Writes the hierarchy once; a commission already there is left as it is (its settings kept). */
export const seedLocalCommissions = async (dynamoDbEndpoint: string, tableName: string) => {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(dynamoDbEndpoint)));
  try {
    const store = commissionStore({ db, config: { TABLE_NAME: tableName } as Config });
    for (const c of localCommissions) await store.create(c);
  } finally {
    db.destroy();
  }
};
