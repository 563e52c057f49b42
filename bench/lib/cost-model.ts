/**
 * The national cost model (issue 16, docs/performance.md "National cost model"): what a deployment
 * serving every commission costs a month, in total and per commission, from what the tenancy part
 * measured per report lifecycle (DynamoDB units, API requests, stream-reader invocations, outbox
 * events) and the assumptions named in `assumed`. Pure; prices in USD, us-east-1, on-demand.
 *
 * Prices as published on the AWS pricing pages (aws.amazon.com/<service>/pricing), read for this
 * model on 2026-12-02 from the figures the repository already used (DynamoDB's since its 2024-11-01
 * cut) and the list prices unchanged since: the docs corpus offered no newer figures. A deployment
 * in the AWS China regions is billed in CNY at other rates: convert before budgeting.
 */
export const prices = {
  asOf: '2026-12-02 (list prices, us-east-1; DynamoDB on-demand since the 2024-11-01 cut)',
  dynamoDb: { readPerMillion: 0.125, writePerMillion: 0.625, storagePerGbMonth: 0.25 },
  lambda: { requestsPerMillion: 0.2, armPerGbSecond: 0.000_013_333_4 },
  httpApi: { requestsPerMillion: 1.0 },
  sns: { publishesPerMillion: 0.5, emailsPer100k: 2.0 },
  s3: { storagePerGbMonth: 0.023, putPer1000: 0.005, getPer1000: 0.0004 },
  kms: { perKeyMonth: 1.0, requestsPer10k: 0.03 },
  logs: { ingestPerGb: 0.5, storagePerGbMonth: 0.03 },
} as const;

/** What the model assumes rather than measures; each is named in the docs. */
export const assumed = {
  reportsPerYear: 1_000_000,
  commissions: 3_161,
  counties: 2_800,
  /** DynamoDB bytes a report keeps with its clue, trail, messages and index copies (docs: ~60 KB). */
  storedBytesPerReport: 60_000,
  /** Evidence a report carries on average: three in ten carry two 1 MB files. */
  evidenceBytesPerReport: 600_000,
  evidenceFilesPerReport: 0.6,
  /** Downloads of each file by staff over the case. */
  evidenceReadsPerFile: 3,
  /** Lambda: 512 MB ARM, 50 ms billed on average per invocation (handlers measure 5–30 ms; cold starts add). */
  lambdaGb: 0.5,
  lambdaSeconds: 0.05,
  /** KMS requests per report: identity seal and openings, message seals and openings, notice signing. */
  kmsRequestsPerReport: 20,
  kmsKeys: 3,
  /** CloudWatch log bytes per invocation (structured JSON at INFO), kept a year (the stack's retention). */
  logBytesPerInvocation: 1_500,
  /** E-mails per report (consent requests to cadres on 2 % of reports, alerts to staff). */
  emailsPerReport: 0.1,
} as const;

/** Measured per report lifecycle by the tenancy part. */
export interface PerReport {
  readUnits: number;
  writeUnits: number;
  apiRequests: number;
  workerInvocations: number;
  outboxEvents: number;
}

export interface CostLine {
  item: string;
  usdPerMonth: number;
  basis: string;
}

export const costModel = (measured: PerReport, a: typeof assumed = assumed) => {
  const perMonth = a.reportsPerYear / 12;
  const invocations = (measured.apiRequests + measured.workerInvocations) * perMonth;
  const gbYear = (bytes: number) => (bytes * a.reportsPerYear) / 1e9;
  const lines: CostLine[] = [
    {
      item: 'DynamoDB reads',
      usdPerMonth: (measured.readUnits * perMonth * prices.dynamoDb.readPerMillion) / 1e6,
      basis: `${measured.readUnits.toFixed(1)} read units a report (measured)`,
    },
    {
      item: 'DynamoDB writes',
      usdPerMonth: (measured.writeUnits * perMonth * prices.dynamoDb.writePerMillion) / 1e6,
      basis: `${measured.writeUnits.toFixed(1)} write units a report (measured)`,
    },
    {
      item: 'DynamoDB storage (each year kept)',
      usdPerMonth: gbYear(a.storedBytesPerReport) * prices.dynamoDb.storagePerGbMonth,
      basis: `${(a.storedBytesPerReport / 1000).toFixed(0)} KB a report (assumed), ${gbYear(a.storedBytesPerReport).toFixed(0)} GB a year`,
    },
    {
      item: 'Lambda',
      usdPerMonth:
        (invocations * prices.lambda.requestsPerMillion) / 1e6 +
        invocations * a.lambdaGb * a.lambdaSeconds * prices.lambda.armPerGbSecond,
      basis: `${(measured.apiRequests + measured.workerInvocations).toFixed(1)} invocations a report (measured) × ${a.lambdaGb * 1024} MB × ${a.lambdaSeconds * 1000} ms (assumed)`,
    },
    {
      item: 'API Gateway (HTTP API)',
      usdPerMonth: (measured.apiRequests * perMonth * prices.httpApi.requestsPerMillion) / 1e6,
      basis: `${measured.apiRequests.toFixed(1)} requests a report (measured)`,
    },
    {
      item: 'SNS',
      usdPerMonth:
        (measured.outboxEvents * perMonth * prices.sns.publishesPerMillion) / 1e6 +
        (a.emailsPerReport * perMonth * prices.sns.emailsPer100k) / 1e5,
      basis: `${measured.outboxEvents.toFixed(1)} events a report (measured), ${a.emailsPerReport} e-mails (assumed)`,
    },
    {
      item: 'S3 evidence (each year kept)',
      usdPerMonth:
        gbYear(a.evidenceBytesPerReport) * prices.s3.storagePerGbMonth +
        (a.evidenceFilesPerReport *
          perMonth *
          (prices.s3.putPer1000 + a.evidenceReadsPerFile * prices.s3.getPer1000)) /
          1000,
      basis: `${(a.evidenceBytesPerReport / 1e6).toFixed(1)} MB a report (assumed), ${gbYear(a.evidenceBytesPerReport).toFixed(0)} GB a year`,
    },
    {
      item: 'KMS',
      usdPerMonth:
        a.kmsKeys * prices.kms.perKeyMonth +
        (a.kmsRequestsPerReport * perMonth * prices.kms.requestsPer10k) / 1e4,
      basis: `${a.kmsRequestsPerReport} requests a report, ${a.kmsKeys} keys (assumed)`,
    },
    {
      item: 'CloudWatch Logs (a year kept)',
      usdPerMonth:
        (invocations * a.logBytesPerInvocation * prices.logs.ingestPerGb) / 1e9 +
        ((invocations * 12 * a.logBytesPerInvocation) / 1e9) * prices.logs.storagePerGbMonth,
      basis: `${a.logBytesPerInvocation} bytes an invocation (assumed)`,
    },
  ];
  const total = lines.reduce((sum, l) => sum + l.usdPerMonth, 0);
  return {
    lines,
    total,
    perCommission: total / a.commissions,
    /** The largest county: ten times the average county's reports (usage lines only, not keys). */
    largestCounty: ((total - a.kmsKeys * prices.kms.perKeyMonth) * 10) / a.counties,
  };
};
