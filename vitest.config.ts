import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources, never to a stale build.
const conditions = ['@ixjob/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@ixjob/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/build-once.ts', 'test/support/k8s-build.ts'],
    // Real processes and namespaces: spawn-heavy tests want time, not retries.
    testTimeout: 30_000,
  },
});
