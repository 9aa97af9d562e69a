import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./tests/support/redis-server.ts'],
    // Process timezone is pinned so any code that forgets `{ in: tz(...) }` shows up as a failing test.
    env: { TZ: 'UTC' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
