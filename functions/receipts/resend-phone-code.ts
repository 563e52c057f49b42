/**
 * POST /receipts/verify-phone/resend: a new one-time code to the phone given at submission, at
 * most three an hour. The phone is never read here: the outbox item carries it as it was sealed at
 * submission, for the relay alone to open (shared/notify/relay.ts).
 */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { commissionOf } from '../../shared/domain/commission.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { requestPhoneCode } from '../../shared/domain/identity-verification.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { settingsOf } from '../../shared/store/commissions.ts';
import { receiptHolder } from '../../shared/store/receipt-holder.ts';
import { reportIdentityStore } from '../../shared/store/report-identity.ts';

export const resendPhoneCode = (services: Services) => {
  const holder = receiptHolder(services);
  const identities = reportIdentityStore(services);
  return httpHandler(reportsRoutes.resendPhoneCode, async ({ body, sourceIp }) => {
    const report = await holder.resolve(body.receiptCode, sourceIp);
    if (report.erasedAt)
      throw new DomainError('INVALID_TRANSITION', {
        zh: '该举报的个人信息已按保存期限删除，无法再发送验证码',
        en: "This report's personal data was erased after the retention period; no code can be sent",
      });
    // The text names the commission the report is with now, as the first code's did at submission.
    const [peppers, settings] = await Promise.all([
      services.peppers(),
      settingsOf(services, commissionOf(report)),
    ]);
    const context = { pepper: peppers.phoneCode, now: services.now(), commission: settings.name };
    const sending = requestPhoneCode(report, context);
    if (!sending.phoneCode) {
      throw new DomainError(
        'RATE_LIMITED',
        { zh: '验证码发送过于频繁，请稍后再试', en: 'Too many codes were sent; please wait and try again' },
        undefined,
        sending.retryAfter,
      );
    }
    await identities.saveCode(report, sending.phoneCode, sending);
    return { status: 202, body: { sent: true, expiresAt: sending.phoneCode.expiresAt } };
  });
};

export const handler = resendPhoneCode(createServices());
