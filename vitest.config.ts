import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'parsers/**/*.test.ts',
      'workers/**/*.test.ts',
      'cli/**/*.test.ts',
      'test/unit/**/*.test.ts',
      'test/property/**/*.test.ts',
      'test/golden/**/*.test.ts',
    ],
    environment: 'node',
  },
});
