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

const wording: Record<PublicOutcome, Message> = {
  SUBSTANTIATED: {
    zh: '经核查，反映的问题属实，已依规依纪依法处理。',
    en: 'The matters reported were substantiated and have been dealt with.',
  },
  PARTLY_SUBSTANTIATED: {
    zh: '经核查，反映的问题部分属实，已依规依纪依法处理。',
    en: 'Some of the matters reported were substantiated and have been dealt with.',
  },
  INCONCLUSIVE: {
    zh: '经核查，反映的问题查无实据。',
    en: 'The matters reported could not be substantiated.',
  },
  UNTRUE: { zh: '经核查，反映的问题不属实。', en: 'The matters reported were found to be untrue.' },
  FABRICATED: { zh: '经核查，反映的问题与事实不符。', en: 'The matters reported did not match the facts.' },
  NOT_SUBSTANTIATED: {
    zh: '经核查，反映的问题不属实或查无实据。感谢您对纪检监察工作的支持。',
    en: 'The matters reported were not substantiated. Thank you for your support.',
  },
};

export const publicOutcome = (finding: Finding, policy: DisclosurePolicy) => {
  const result: PublicOutcome = policy.disclosed.has(finding) ? finding : 'NOT_SUBSTANTIATED';
  return { result, text: wording[result] };
};
