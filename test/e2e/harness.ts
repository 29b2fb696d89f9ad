import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '../../src/envelope';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server';

const root = join(__dirname, '..', '..');
export const BIN = join(root, 'bin', 'entra-users');

export interface BinRun {
  status: number | null;
  result: Result;
  stdout: string;
  stderr: string;
}

/** A sandbox in this process and the real executable in child processes, as a SOAR host runs it. */
export class EndToEnd {
  integrationContext: Record<string, unknown> = {};
  readonly outputDir = mkdtempSync(join(tmpdir(), 'entra-users-e2e-'));

  private constructor(readonly sandbox: Sandbox) {}

  static async start(options: SandboxOptions = {}): Promise<EndToEnd> {
    if (!existsSync(join(root, 'dist', 'entra-users.cjs'))) {
      throw new Error('dist/entra-users.cjs is missing: run `npm run build` first (npm test does).');
    }
    return new EndToEnd(await startSandbox(options));
  }

  /** Runs one command through `bin/entra-users run`, carrying the integration context along. */
  async run(
    command: string,
    args: Record<string, unknown> = {},
    options: { params?: Record<string, unknown>; env?: Record<string, string>; keepContext?: boolean } = {},
  ): Promise<BinRun> {
    const envelope = {
      command,
      args,
      params: options.params ?? this.sandbox.params,
      integrationContext: this.integrationContext,
      outputDir: this.outputDir,
    };
    const run = await runBin(JSON.stringify(envelope), {
      NODE_EXTRA_CA_CERTS: this.sandbox.caCertPath,
      AZURE_POD_IDENTITY_AUTHORITY_HOST: this.sandbox.imdsUrl,
      ...options.env,
    });
    if (options.keepContext !== false) this.integrationContext = run.result.integrationContext;
    return run;
  }

  close(): Promise<void> {
    return this.sandbox.close();
  }
}

/** Spawns the executable asynchronously: the sandbox answers from this very process. */
export function runBin(input: string, env: Record<string, string> = {}, argv: string[] = ['run']): Promise<BinRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, argv, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolve({ status, result: JSON.parse(stdout) as Result, stdout, stderr });
      } catch {
        reject(new Error(`not a JSON result (exit ${status}): ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}`));
      }
    });
    child.stdin.end(input);
  });
}
