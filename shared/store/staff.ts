/**
 * The member registry (工作人员名录): one partition per commission, so one commission's members are
 * one Query and nothing else's. Each member has a record (read by key for an assignment check) and,
 * while active, one listing item per role and one under `ANY`, so `GET /staff?role=` is a Query on
 * a key prefix of exactly the rows it answers: no filter reads rows it then drops.
 *
 * | entity       | PK                    | SK                                   |
 * |--------------|-----------------------|--------------------------------------|
 * | StaffMember  | STAFF#<commissionId>  | MEMBER#<userId>                      |
 * | StaffListing | STAFF#<commissionId>  | LIST#<role or ANY>#<userId>          |
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Role } from '../domain/roles.ts';
import type { StaffMember } from '../domain/staff.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { defineEntity, transact } from './entity.ts';

type Listed = 'ANY' | Role;

interface StoredMember extends StaffMember {
  version: number;
}

export const staffMemberEntity = /* @__PURE__ */ defineEntity({
  name: 'StaffMember',
  key: (commissionId: string, userId: string) => ({ PK: `STAFF#${commissionId}`, SK: `MEMBER#${userId}` }),
  keyOf: (member: StoredMember): [string, string] => [member.commissionId, member.userId],
});

export interface StaffListing {
  userId: string;
  displayName: string;
  roles: Role[];
  commissionId: string;
  listed: Listed;
}

export const staffListingEntity = /* @__PURE__ */ defineEntity({
  name: 'StaffListing',
  key: (commissionId: string, listed: Listed, userId: string) => ({
    PK: `STAFF#${commissionId}`,
    SK: `LIST#${listed}#${userId}`,
  }),
  keyOf: (listing: StaffListing): [string, Listed, string] => [
    listing.commissionId,
    listing.listed,
    listing.userId,
  ],
});

/** The listings an active member has: one per role and one under ANY. */
const listingsOf = (member: StaffMember): StaffListing[] =>
  member.active
    ? (['ANY', ...member.roles] as Listed[]).map((listed) => ({
        userId: member.userId,
        displayName: member.displayName,
        roles: member.roles,
        commissionId: member.commissionId,
        listed,
      }))
    : [];

export const staffStore = ({
  db,
  config,
}: {
  db: DynamoDBDocumentClient;
  config: Pick<Config, 'TABLE_NAME'>;
}) => {
  const TableName = config.TABLE_NAME;

  const stored = async (commissionId: string, userId: string): Promise<StoredMember | undefined> => {
    const { Item } = await db.send(
      new GetCommand({ TableName, Key: staffMemberEntity.key(commissionId, userId), ConsistentRead: true }),
    );
    return Item && (staffMemberEntity.fromItem(Item) as StoredMember);
  };

  /**
   * Records a member as a sign-in (or the seed) describes them: the record, the listings they have
   * now, and the deletion of the ones they lost, in one transaction conditioned on the version read
   * (two sign-ins at once: the later read wins on the retry).
   */
  const record = async (member: StaffMember): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const before = await stored(member.commissionId, member.userId);
      const now = listingsOf(member);
      const keep = new Set(now.map((l) => l.listed));
      const lost = before ? listingsOf(before).filter((l) => !keep.has(l.listed)) : [];
      const parts = {
        member: {
          Put: {
            TableName,
            Item: staffMemberEntity.item({ ...member, version: (before?.version ?? 0) + 1 }),
            ConditionExpression: before ? 'version = :v' : 'attribute_not_exists(PK)',
            ...(before ? { ExpressionAttributeValues: { ':v': before.version } } : {}),
          },
        },
        listings: now.map((listing) => ({ Put: { TableName, Item: staffListingEntity.item(listing) } })),
        lost: lost.map((l) => ({
          Delete: { TableName, Key: staffListingEntity.key(l.commissionId, l.listed, l.userId) },
        })),
      };
      const failed = await transact(db, parts);
      if (!failed) return;
      if (attempt >= 3) throw new Error(`member ${member.userId}: the ${failed.part} condition kept failing`);
    }
  };

  return {
    record,

    /** The member by id within one commission; another commission's member is not found. */
    async member(commissionId: string, userId: string): Promise<StaffMember | undefined> {
      const found = await stored(commissionId, userId);
      if (!found) return undefined;
      const { version: _version, ...member } = found;
      return member;
    },

    /** Active members of a commission, of a role or all, by user id. One Query on the partition. */
    async list(commissionId: string, role: Role | undefined, limit: number, cursor: string | undefined) {
      const PK = `STAFF#${commissionId}`;
      const out = await db.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': PK, ':prefix': `LIST#${role ?? 'ANY'}#` },
          ExclusiveStartKey: decodeCursor(cursor, { attributes: ['PK', 'SK'], fixed: { PK } }),
          Limit: limit,
        }),
      );
      return {
        items: (out.Items ?? []).map((item) => {
          const { userId, displayName, roles } = staffListingEntity.fromItem(item);
          return { userId, displayName, roles };
        }),
        nextCursor: encodeCursor(out.LastEvaluatedKey),
      };
    },
  };
};
