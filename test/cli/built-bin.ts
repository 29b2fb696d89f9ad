import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');
export const bin = join(root, 'bin', 'entra-users');
const bundle = join(root, 'dist', 'entra-users.cjs');
const lock = join(root, 'dist', '.test-build.lock');

/**
 * `npm test` builds first; a plain `vitest run` on a fresh clone builds here once. The lock is a
 * folder (mkdir is atomic), so two test files never build over each other.
 */
export async function ensureBuilt(): Promise<void> {
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (let waited = 0; !existsSync(bundle); waited += 200) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 60_000) throw new Error('timed out waiting for another test file to build');
      await new Promise((done) => setTimeout(done, 200));
      continue;
    }
    try {
      if (!existsSync(bundle)) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with only the given environment (plus PATH), never the caller's. */
export function runBin(args: string[], env: Record<string, string>, options: { cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      bin,
      args,
      { cwd: options.cwd ?? root, env: { PATH: process.env.PATH ?? '', ...env }, timeout: options.timeoutMs ?? 30_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}
