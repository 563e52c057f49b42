/**
 * Structured JSON logs, one line each. One rule above all: no request body, receipt code or
 * reporter identity is ever passed to the logger; log identifiers and outcomes only.
 *
 * A few lines of our own rather than Powertools Logger: we used none of its Lambda-context,
 * sampling or child-logger features, and importing it cost about 5 ms of every cold start
 * (`npm run bench`, part 2). The lines keep its shape (`level`, `message`, `timestamp`,
 * `service`), which Lambda's JSON log format filters on.
 */

const levels = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 } as const;
type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/**
 * LOG_LEVEL, else the level Lambda's advanced logging controls pass on, else INFO. Read at each
 * call, so that the local runtime and tests can set it after the handlers are loaded.
 */
const threshold = (): number => {
  const name = (process.env.LOG_LEVEL ?? process.env.AWS_LAMBDA_LOG_LEVEL ?? 'INFO').toUpperCase();
  return levels[name as keyof typeof levels] ?? levels.INFO;
};

const write = (level: Level, message: string, fields: Record<string, unknown> = {}) => {
  if (levels[level] < threshold()) return;
  const line = JSON.stringify({
    level,
    message,
    timestamp: new Date().toISOString(),
    service: 'zhengming',
    ...fields,
  });
  // As console.warn and console.error would: the serious ones on stderr.
  (levels[level] >= levels.WARN ? process.stderr : process.stdout).write(`${line}\n`);
};

export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write('DEBUG', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('INFO', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('WARN', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('ERROR', message, fields),
};
