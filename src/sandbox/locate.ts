import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const CERT_NAME = 'sandbox-server.crt';

/** The folder holding the test-only certificates: an explicit option, the working directory, or upward from this file. */
export function findCertDir(explicit?: string): string {
  if (explicit) {
    const dir = resolve(explicit);
    if (!existsSync(join(dir, CERT_NAME))) throw new Error(`No ${CERT_NAME} in ${dir}.`);
    return dir;
  }
  const fromCwd = join(process.cwd(), 'test_data', 'certs');
  if (existsSync(join(fromCwd, CERT_NAME))) return fromCwd;
  // __dirname exists in the CommonJS bundle and under vitest; it is absent in plain ESM.
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (;;) {
    const candidate = join(dir, 'test_data', 'certs');
    if (existsSync(join(candidate, CERT_NAME))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('Could not find test_data/certs (run from the project folder or pass certDir).');
}

/** The project root is the folder that holds test_data/. */
export function projectRootOf(certDir: string): string {
  return dirname(dirname(certDir));
}

export function findReferenceFile(certDir: string, explicit?: string): string | undefined {
  const file = explicit ?? join(projectRootOf(certDir), '..', 'shared', 'reference', 'graph-v1-subset.json');
  return existsSync(file) ? resolve(file) : undefined;
}
