import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root } from './built-bin';

/**
 * The environment without npm's own variables: run under `npm test`, they would point a nested
 * npm at this project instead of the temp folder.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}

let work: string;
let tarball: string;
let packedFiles: string[];

beforeAll(async () => {
  await ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'entra-users-pack-'));
  // `npm test` has just built dist/, so prepack (a second build) is skipped here.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, env: cleanEnv(), encoding: 'utf8' });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error('npm pack printed nothing');
  tarball = join(work, info.filename);
  packedFiles = info.files.map((f) => f.path).sort();
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  it('holds the bin, the bundle, integration.yml and the README, and no sources', () => {
    expect(packedFiles).toEqual(['README.md', 'bin/entra-users', 'dist/entra-users.cjs', 'integration.yml', 'package.json']);
  });

  it('declares no runtime dependencies: the bundle carries everything', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; scripts: Record<string, string> };
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
    expect(pkg.scripts.prepack).toBe('npm run build');
  });

  it('installs offline with no dev dependencies and runs entra-users help', () => {
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{"name":"pack-check","private":true}\n');
    // An empty cache proves that nothing has to come from a registry.
    const flags = ['--offline', '--omit=dev', '--no-audit', '--no-fund', '--cache', join(work, 'npm-cache')];
    execFileSync('npm', ['install', ...flags, tarball], { cwd: app, env: cleanEnv(), stdio: 'pipe' });

    const installed = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(installed.packages).sort()).toEqual(['', 'node_modules/entra-users']);

    const cli = join(app, 'node_modules', '.bin', 'entra-users');
    const help = execFileSync(cli, ['help'], { cwd: app, env: cleanEnv(), encoding: 'utf8' });
    expect(help).toMatch(/^Commands of Entra ID Users \(\d+\):\n/);
    expect(help).toContain('msgraph-user-get');

    const env = cleanEnv({ XDG_CONFIG_HOME: join(work, 'config') });
    const reset = execFileSync(cli, ['exec', '--no-state', '!msgraph-user-auth-reset'], { cwd: app, env, encoding: 'utf8' });
    expect(reset).toMatch(/^Authorization was reset successfully\./);
  }, 60_000);
});
