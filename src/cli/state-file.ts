import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InvocationError } from './instance-config';

/** What `exec` keeps between runs: the integration context a host would store (token cache). */
interface StateFile {
  version: 1;
  integrationContext: Record<string, unknown>;
}

export function defaultStatePath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'entra-users', 'state.json');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The stored context, or `{}` when there is no file yet. */
export async function readState(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InvocationError(`Cannot read the state file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (!isObject(data) || !isObject(data.integrationContext)) {
    throw new InvocationError(`The state file ${path} is damaged; delete it (tokens are fetched again) or pass another --state.`);
  }
  return data.integrationContext;
}

/**
 * Replaces the state file in one step (temp file + rename), readable by its owner only, so a
 * crash never leaves half a token cache and no other local user can read it.
 */
export async function writeState(path: string, integrationContext: Record<string, unknown>): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const state: StateFile = { version: 1, integrationContext };
  const temp = join(folder, `.${randomBytes(6).toString('hex')}.state.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(state)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
