import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const sharedSource = fileURLToPath(new URL('../shared/src/index.ts', import.meta.url));

// The local push service of the tests (test/helpers/push-service.ts) has a throwaway certificate that
// Node must trust as it would a browser vendor's: set before the test processes start, which read it
// once. A machine may name extra certificates already: then one file holds theirs and ours.
const pushServiceCert = fileURLToPath(new URL('./test/fixtures/push-service/cert.pem', import.meta.url));
const extraCertificates = process.env.NODE_EXTRA_CA_CERTS;
if (!extraCertificates) {
  process.env.NODE_EXTRA_CA_CERTS = pushServiceCert;
} else if (extraCertificates !== pushServiceCert && !extraCertificates.includes('ponte-test-ca')) {
  const bundle = join(tmpdir(), `ponte-test-ca-${process.pid}.pem`);
  const existing = existsSync(extraCertificates) ? readFileSync(extraCertificates, 'utf8') : '';
  writeFileSync(bundle, `${existing}\n${readFileSync(pushServiceCert, 'utf8')}`);
  process.env.NODE_EXTRA_CA_CERTS = bundle;
}

export default defineConfig({
  resolve: { alias: { '@ponte/shared': sharedSource } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'domain',
          include: ['src/domain/**/*.test.ts', 'src/lib/**/*.test.ts', 'test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // The season simulation (pnpm simulate): its model, and short seasons on the embedded database.
        test: { name: 'simulate', include: ['simulate/**/*.test.ts'], testTimeout: 120_000 },
      },
      {
        extends: true,
        test: { name: 'smoke', include: ['test/smoke/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
});
