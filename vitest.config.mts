import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Managed-identity code must never reach the real metadata address.
    env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://127.0.0.1:9' },
  },
});
