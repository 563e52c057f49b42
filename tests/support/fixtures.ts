import { randomBytes } from 'node:crypto';
/** Valid requests to start from; tests change one thing at a time. */
import { calendarOf } from '../../shared/domain/calendar.ts';
import type { DeadlinePolicy } from '../../shared/domain/deadlines.ts';
import { residentIdCheckChar } from '../../shared/domain/resident-id.ts';

/**
 * The cadre's email in test clearances, one per test file. The files share one SNS emulator, and
 * so its topics, while each has a table and so a subscription ledger of its own; SNS refuses to
 * subscribe an endpoint again with another filter policy, so one address in several files made one
 * file's relay fail on a subscription another file had made (InvalidParameter).
 */
export const cadreEmail = `cadre-${randomBytes(4).toString('hex')}@example.gov.cn`;

/** The default deadlines (docs/domain.md) on a calendar without holidays. */
export const plainDeadlinePolicy: DeadlinePolicy = {
  acknowledgeWorkingDays: 15,
  concludeMonths: 3,
  maxExtensionDays: 90,
  calendar: calendarOf([], []),
};

/** A checksum-valid resident ID (GB 11643) for a made-up person born on 1980-01-01. */
export const validResidentId = (serial = '123'): string => {
  const first17 = `11010519800101${serial.padStart(3, '0').slice(-3)}`;
  return first17 + residentIdCheckChar(first17);
};

export const anonymousReport = (summary = '在工程招标中收受承包商礼金') => ({
  accused: { name: '张三', position: '县能源局副局长', organization: '某县能源局', region: '某省某县' },
  category: 'CORRUPTION',
  allegations: [
    {
      summary,
      details: '2023年中秋前后，在其办公室收受现金。',
      incidentFrom: '2023-09-01',
      incidentTo: '2023-09-30',
    },
  ],
  reporter: { anonymous: true },
});

export const realNameReport = (
  person = { name: '李四', idNumber: validResidentId('456'), phone: '13812345678' },
) => ({
  ...anonymousReport('违规发放津贴'),
  category: 'DISCIPLINE',
  reporter: { anonymous: false, ...person },
  notifyMe: { email: 'lisi.reporter@example.cn' },
});
