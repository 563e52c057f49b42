/**
 * What a reporter is told of the outcome (办理结果反馈). Findings outside the disclosure policy
 * collapse into one public wording, so that, by default, a reporter learns whether the matter
 * was substantiated but not whether it was judged inconclusive, untrue or fabricated.
 */

import type { Message } from './errors.ts';
import type { Finding } from './findings.ts';

export type PublicOutcome = Finding | 'NOT_SUBSTANTIATED';

export interface DisclosurePolicy {
  /** Findings shown as themselves; every other finding is shown as NOT_SUBSTANTIATED. */
  disclosed: ReadonlySet<Finding>;
}

export const defaultDisclosure: DisclosurePolicy = {
  disclosed: new Set(['SUBSTANTIATED', 'PARTLY_SUBSTANTIATED']),
};

/**
 * The words fit the outcome (2020 rules): a substantiated report is thanked; a mistaken one (错告)
 * is explained and assured that an honest report carries no liability; a fabricated one is not
 * thanked. The collapsed wording may stand for any of the undisclosed findings, so it thanks no one.
 */
const wording: Record<PublicOutcome, Message> = {
  SUBSTANTIATED: {
    zh: '经核查，反映的问题属实，已依规依纪依法处理。感谢您对纪检监察工作的支持。',
    en: 'The matters reported were substantiated and have been dealt with. Thank you for your support.',
  },
  PARTLY_SUBSTANTIATED: {
    zh: '经核查，反映的问题部分属实，已依规依纪依法处理。感谢您对纪检监察工作的支持。',
    en: 'Some of the matters reported were substantiated and have been dealt with. Thank you for your support.',
  },
  INCONCLUSIVE: {
    zh: '经核查，反映的问题查无实据。如您掌握新的证据，可以继续反映。',
    en: 'The matters reported could not be substantiated. If you have new evidence, you may report again.',
  },
  UNTRUE: {
    zh: '经核查，反映的问题与事实不符。承办人员将向您说明有关情况，澄清误解。如实反映问题的，不因反映失实而承担责任。',
    en: 'The matters reported were found not to match the facts. The commission will explain what it found, to clear up the misunderstanding. A report made in good faith carries no liability for being mistaken.',
  },
  FABRICATED: { zh: '经核查，反映的问题与事实不符。', en: 'The matters reported did not match the facts.' },
  NOT_SUBSTANTIATED: {
    zh: '经核查，反映的问题不属实或查无实据。如对核查结果有异议，可以在规定期限内提出。',
    en: 'The matters reported were not substantiated. If you disagree with this result, you may object within the time allowed.',
  },
};

export const publicOutcome = (finding: Finding, policy: DisclosurePolicy) => {
  const result: PublicOutcome = policy.disclosed.has(finding) ? finding : 'NOT_SUBSTANTIATED';
  return { result, text: wording[result] };
};
