/**
 * 移交 from the intake queue (POST /reports/{reportId}/transfer): a report not yet registered is
 * passed to another commission picked from GET /commissions (the level above, for a report about
 * this commission's own leaders, or the competent county). Opened on demand; the report leaves
 * this queue once the transfer is done.
 */
import { t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { commissionPicker } from '../../lib/commission.ts';
import { h } from '../../lib/dom.ts';
import { field, select, statusLine, textarea } from '../../lib/form.ts';
import type { ReportList } from '../../lib/responses.ts';

type ReportSummary = ReportList['items'][number];

import type { Session } from '../../lib/session.ts';
import { errorText } from './shared.ts';

/** The member's commission, from the token (custom:commissionId; none = the single commission). */
const ownCommission = (token: string): string => {
  try {
    const claims = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    return String(claims['custom:commissionId'] ?? 'default');
  } catch {
    return 'default';
  }
};

export const escalateDetails = (session: Session, r: ReportSummary, done: () => void) => {
  const details = h('details', { class: 'escalate-details' }, h('summary', {}, t('intake.escalate')));
  details.addEventListener(
    'toggle',
    () => {
      const id = `escalate-${r.reportId}`;
      const control = select([['', t('members.loading')]], { id: `${id}-to`, disabled: true });
      const to = field(t('clue.transferTo'), control, { required: true });
      const reason = field(t('clue.reason'), textarea({ maxlength: 500, id: `${id}-reason` }), {
        required: true,
      });
      const status = statusLine('assertive');
      const own = ownCommission(session.token);
      // The whole registry, grouped by city and filterable: not the first page of it.
      const { box } = commissionPicker(control, { exclude: own, first: [['', t('clue.transferChoose')]] });
      control.before(box);
      const send = h('button', { type: 'button' }, t('intake.escalate'));
      send.addEventListener('click', async () => {
        const body = { toCommissionId: control.value, reason: reason.control.value.trim() };
        if (!body.toCommissionId || !body.reason) {
          status.textContent = t('validation.required');
          return;
        }
        try {
          await api('POST', `/reports/${encodeURIComponent(r.reportId)}/transfer`, {
            token: session.token,
            body,
          });
          done();
        } catch (error) {
          status.textContent = errorText(error);
        }
      });
      details.append(to.wrap, reason.wrap, send, status);
    },
    { once: true },
  );
  return details;
};
