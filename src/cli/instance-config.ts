import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { load } from 'js-yaml';
import type { ParamValue } from '../envelope';
import { spec, type ParamSpec } from '../spec/integration';

/** A problem with what the person gave us (a file, a variable): exit 2, one line. */
export class InvocationError extends Error {
  override readonly name = 'InvocationError';
}

const CREDENTIALS = 9;
export const ENV_PREFIX = 'ENTRA_USERS_';

function paramByName(): Map<string, ParamSpec> {
  return new Map(spec.configuration.map((p) => [p.name, p]));
}

function checkValue(name: string, value: unknown, where: string): ParamValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    const allowed = entries.every(([k, v]) => (k === 'identifier' || k === 'password') && (v === null || typeof v === 'string'));
    if (allowed) return value as { identifier?: string | null; password?: string | null };
  }
  throw new InvocationError(`${where}: '${name}' must be a string, a boolean, a number or {identifier, password}.`);
}

/** Parses a config file's text: JSON for `.json`, YAML for anything else (YAML reads JSON too). */
export function parseConfig(text: string, file: string): Record<string, ParamValue> {
  if (text.trim() === '') return {};
  let data: unknown;
  try {
    data = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : load(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InvocationError(`${file} is not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${reason}`);
  }
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InvocationError(`${file} must hold a map of parameter name to value.`);
  }
  const known = paramByName();
  const params: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
    if (!known.has(name)) {
      throw new InvocationError(`${file}: unknown parameter '${name}'. Run 'entra-users help params' for the names.`);
    }
    params[name] = checkValue(name, value, file);
  }
  return params;
}

/** `--config FILE`, or `-` for standard input. */
export async function readConfigFile(file: string, stdin: () => Promise<string>): Promise<Record<string, ParamValue>> {
  let text: string;
  try {
    text = file === '-' ? await stdin() : await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvocationError(`Cannot read the config file ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}.`);
  }
  return parseConfig(text, file === '-' ? 'standard input' : file);
}

/**
 * Params from `ENTRA_USERS_<NAME>` variables. A credentials param takes its password from
 * `ENTRA_USERS_<NAME>` and its identifier from `ENTRA_USERS_<NAME>_IDENTIFIER`.
 */
export function paramsFromEnv(env: NodeJS.ProcessEnv): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const param of spec.configuration) {
    const key = `${ENV_PREFIX}${param.name.toUpperCase()}`;
    const value = env[key];
    const identifier = param.type === CREDENTIALS ? env[`${key}_IDENTIFIER`] : undefined;
    if (identifier !== undefined) params[param.name] = { identifier, password: value ?? '' };
    else if (value !== undefined) params[param.name] = value;
  }
  return params;
}
