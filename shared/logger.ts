/**
 * Structured JSON logs (Powertools Logger). One rule above all: no request body, receipt code or
 * reporter identity is ever passed to the logger; log identifiers and outcomes only.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'zhengming' });
