import { defineConfig } from 'vitest/config';

// The Lambda runtime is Node 24; these machines run Node 20, which the SDK warns about on every
// process start. The warning is known (README) and would bury the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // The error-mapping tests throw on purpose; their log lines are not news.
          env: { LOG_LEVEL: 'SILENT' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // One DynamoDB Local JVM and one local SNS for the whole run, started and stopped here.
          globalSetup: ['tests/integration/global-setup.ts'],
          // End-to-end flows take 2–3 s on a quiet machine and up to 20 s at a load average of 20
          // (measured): the limit is for a hung test, not a slow machine.
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'runtime',
          include: ['tests/runtime/**/*.test.ts'],
          // Each test runs `npm start` as a child process: a JVM and a runtime each, one at a time.
          globalSetup: ['tests/runtime/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          // The integration services, and the pages built once for the run.
          globalSetup: ['tests/integration/global-setup.ts', 'tests/browser/global-setup.ts'],
          // Each test proves one step and waits on conditions; the limits are headroom for a
          // loaded 2-core CI machine (a step that takes 5 s on a quiet one took 4x that), and
          // expect.poll waits as long as a page action may rather than its default second.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          expect: { poll: { timeout: 30_000 } },
        },
      },
      {
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          // Synthesis bundles every function with esbuild, once for the whole file: slow, but no
          // Docker. About 80 s on a quiet machine; past 300 s with the load average near 20, and past
          // 600 s (the synthesis hook) at a load average of 19 with five stacks on 2026-12-02.
          testTimeout: 300_000,
          hookTimeout: 1_500_000,
        },
      },
    ],
  },
});
