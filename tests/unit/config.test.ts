/** Configuration from the environment: defaults, lists, and one error that names every problem. */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../shared/config.ts';

const local = { TABLE_NAME: 'zhengming', LOCAL_MASTER_SECRET: 'c2VjcmV0', LOCAL_IDENTITY_KEY: 'a2V5' };

describe('readConfig', () => {
  it('fills in the documented defaults', () => {
    const config = readConfig(local);
    expect(config).toMatchObject({
      TABLE_NAME: 'zhengming',
      LOOKUP_MISS_LIMIT: 10,
      ACKNOWLEDGE_WORKING_DAYS: 15,
      CONCLUDE_MONTHS: 3,
      HOLIDAYS: [],
      DISCLOSED_FINDINGS: ['SUBSTANTIATED', 'PARTLY_SUBSTANTIATED'],
      NOTICE_KEY_ARNS: [],
      COMMISSION_NAME: '某县纪委监委',
      PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
      SWEEP_BATCH: 200,
      OUTBOX_SWEEP_GRACE_SECONDS: 120,
      SNS_TIMEOUT_MS: 5000,
    });
    expect(config.SECRET_ARN).toBeUndefined();
  });

  it('reads numbers and comma-separated lists, trimming the items', () => {
    const config = readConfig({
      ...local,
      LOOKUP_MISS_LIMIT: ' 25 ',
      HOLIDAYS: '2026-10-01, 2026-10-02,,',
      DISCLOSED_FINDINGS: 'SUBSTANTIATED,UNTRUE',
      NOTICE_KEY_ARNS: 'arn:aws:kms:a:1:key/new,arn:aws:kms:a:1:key/old',
      PUBLIC_BASE_URL: 'https://zhengming.example.gov.cn',
    });
    expect(config.LOOKUP_MISS_LIMIT).toBe(25);
    expect(config.HOLIDAYS).toEqual(['2026-10-01', '2026-10-02']);
    expect(config.DISCLOSED_FINDINGS).toEqual(['SUBSTANTIATED', 'UNTRUE']);
    expect(config.NOTICE_KEY_ARNS).toEqual(['arn:aws:kms:a:1:key/new', 'arn:aws:kms:a:1:key/old']);
    expect(config.PUBLIC_BASE_URL).toBe('https://zhengming.example.gov.cn');
  });

  it('names every malformed variable in one error', () => {
    const problems = () =>
      readConfig({
        LOCAL_MASTER_SECRET: 'c2VjcmV0',
        LOCAL_IDENTITY_KEY: 'a2V5',
        LOOKUP_MISS_LIMIT: '0',
        CONCLUDE_MONTHS: '2.5',
        HOLIDAYS: '2026-02-30',
        DISCLOSED_FINDINGS: 'SUBSTANTIATED,MAYBE',
        PUBLIC_BASE_URL: 'ftp://example.cn',
      });
    expect(problems).toThrow(/^Invalid configuration: /);
    const message = (() => {
      try {
        problems();
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const expected of [
      'TABLE_NAME: required',
      'LOOKUP_MISS_LIMIT: expected a positive whole number',
      'CONCLUDE_MONTHS: expected a positive whole number',
      'HOLIDAYS: "2026-02-30" is not a date',
      'DISCLOSED_FINDINGS: "MAYBE" is not one of',
      'PUBLIC_BASE_URL: expected an http(s) URL',
    ])
      expect(message).toContain(expected);
  });

  it('needs the pepper and the identity key from the cloud or the local keys', () => {
    expect(() => readConfig({ TABLE_NAME: 't', LOCAL_IDENTITY_KEY: 'a2V5' })).toThrow(/SECRET_ARN/);
    expect(() => readConfig({ TABLE_NAME: 't', SECRET_ARN: 'arn:s' })).toThrow(/IDENTITY_KEY_ARN/);
    expect(readConfig({ TABLE_NAME: 't', SECRET_ARN: 'arn:s', IDENTITY_KEY_ARN: 'arn:k' }).SECRET_ARN).toBe(
      'arn:s',
    );
  });
});
