/**
 * How a stored entity is declared, once: its key, its entity tag, the index keys that place it in
 * the lists it belongs to, and the way back from an item to the entity. And how a transaction is
 * written as named parts, so a failed condition comes back as the name of the part that failed
 * (`'locks'`, `'report'`), never as an index to count. The tables of keys: docs/architecture.md.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { cancellationReasons, retryOnConflict } from './transactions.ts';

export interface TableKey {
  PK: string;
  SK: string;
}

/** GSI key attributes (GSI1PK, GSI1SK, …), as an entity's `indexes` returns them. */
export type IndexKeys = Partial<Record<`GSI${1 | 2 | 3 | 4 | 5}${'PK' | 'SK'}`, string>>;

/** Attributes that place an item in the table rather than describe the entity. */
const placement = new Set([
  'PK',
  'SK',
  'entity',
  ...[1, 2, 3, 4, 5].flatMap((n) => [`GSI${n}PK`, `GSI${n}SK`]),
]);

/** An item's own fields: without its key, entity tag and index keys. */
export const entityFields = (item: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !placement.has(name)));

export interface Entity<Name extends string, KeyArgs extends unknown[], T> {
  name: Name;
  key(...args: KeyArgs): TableKey;
  /** The item for a value: key, entity tag, index keys (none when it leaves every list), fields. */
  item(value: T): Record<string, unknown>;
  /** The value from an item read back. */
  fromItem(item: Record<string, unknown>): T;
}

export const defineEntity = <Name extends string, KeyArgs extends unknown[], T>(spec: {
  name: Name;
  key: (...args: KeyArgs) => TableKey;
  /** The key arguments of a value. */
  keyOf: (value: T) => KeyArgs;
  /** The index keys a value has now: a value that leaves a list simply returns none for it. */
  indexes?: (value: T) => IndexKeys;
  /** The stored fields of a value, when they are not the value itself. */
  fields?: (value: T) => Record<string, unknown>;
  /** The value from its stored fields, when they are not the value itself. */
  fromFields?: (fields: Record<string, unknown>) => T;
}): Entity<Name, KeyArgs, T> => ({
  name: spec.name,
  key: spec.key,
  item: (value) => ({
    ...spec.key(...spec.keyOf(value)),
    entity: spec.name,
    ...(spec.indexes?.(value) ?? {}),
    ...(spec.fields ? spec.fields(value) : (value as Record<string, unknown>)),
  }),
  fromItem: (item) => {
    const fields = entityFields(item);
    return spec.fromFields ? spec.fromFields(fields) : (fields as T);
  },
});

/** A TransactWriteItems entry (Put, Update, Delete or ConditionCheck). */
export type TransactItem = Record<string, unknown>;

/** A transaction's items by name, in order; a part may be several items (the locks, the outbox). */
export type TransactionParts = Record<string, TransactItem | readonly TransactItem[] | undefined>;

/** Which part's condition failed, which of its items, and that item as it was (if returned). */
export interface FailedCondition<P extends TransactionParts = TransactionParts> {
  part: keyof P & string;
  index: number;
  item: Record<string, unknown> | undefined;
}

const partsOf = (parts: TransactionParts) =>
  Object.entries(parts).flatMap(([part, items]) =>
    items === undefined
      ? []
      : (Array.isArray(items) ? items : [items]).map((item, index) => ({ part, index, item })),
  );

/** The items to send, in the parts' order. */
export const transactionItems = (parts: TransactionParts): TransactItem[] =>
  partsOf(parts).map(({ item }) => item);

/** The part whose condition cancelled the transaction, or undefined for any other error. */
export const failedCondition = <P extends TransactionParts>(
  error: unknown,
  parts: P,
): FailedCondition<P> | undefined => {
  const reasons = cancellationReasons(error);
  const at = reasons?.findIndex((reason) => reason.Code === 'ConditionalCheckFailed') ?? -1;
  const located = at >= 0 ? partsOf(parts)[at] : undefined;
  if (!located) return undefined;
  const image = reasons?.[at]?.Item;
  return {
    part: located.part as keyof P & string,
    index: located.index,
    // The document client does not unmarshall items inside an exception.
    item: image ? unmarshall(image as Parameters<typeof unmarshall>[0]) : undefined,
  };
};

/**
 * Writes the parts in one transaction, retrying lost conflicts. Resolves to undefined when it
 * committed, or to the part whose condition failed, for the caller to name as a domain error.
 */
export const transact = async <P extends TransactionParts>(
  db: DynamoDBDocumentClient,
  parts: P,
  /** Tries when the transaction loses a conflict with another one on the same items. */
  tries?: number,
): Promise<FailedCondition<P> | undefined> => {
  try {
    await retryOnConflict(
      () => db.send(new TransactWriteCommand({ TransactItems: transactionItems(parts) as never })),
      tries,
    );
    return undefined;
  } catch (error) {
    const failed = failedCondition(error, parts);
    if (!failed) throw error;
    return failed;
  }
};
