import type { ArgValue } from '../envelope';
import { UserInputError } from '../errors';
import { Secret, registerSecret } from '../secret';
import type { CommandSpec } from './integration';

/** Bounds of whole-number arguments (SPEC.md §1.2, §1.7, §3.3, §3.4); by command, then by name. */
const numberBounds: Record<string, { min?: number; max?: number }> = {
  limit: { min: 1 },
  'msgraph-user-owned-devices-list limit': { min: 1, max: 999 },
  timeout: { min: 0 },
  'msgraph-user-change-password-on-premise timeout_in_seconds': { min: 10, max: 600 },
};

type Normalized = string | string[];

function isBlank(value: ArgValue | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function normalize(value: ArgValue, keepSpaces: boolean): Normalized {
  if (Array.isArray(value)) return value.map((v) => String(v));
  const text = String(value);
  return keepSpaces ? text : text.trim();
}

/** Passwords and secrets are used as typed (SPEC.md §1.2), `nonsensitive_password` included. */
function keepsSpaces(arg: { name: string; secret?: boolean }): boolean {
  return arg.secret === true || arg.name.endsWith('password');
}

/** Parses and checks a command's arguments against its integration.yml entry (SPEC.md §1.2). */
export function parseArgs(command: CommandSpec, raw: Record<string, ArgValue>): Args {
  const declared = new Map((command.arguments ?? []).map((a) => [a.name, a]));
  for (const name of Object.keys(raw)) {
    if (!declared.has(name)) throw new UserInputError(`Unknown argument '${name}' for command ${command.name}.`);
  }
  const values = new Map<string, Normalized>();
  for (const arg of declared.values()) {
    const given = raw[arg.name];
    if (!isBlank(given)) values.set(arg.name, normalize(given as ArgValue, keepsSpaces(arg)));
    else if (!isBlank(arg.defaultValue as ArgValue)) values.set(arg.name, normalize(arg.defaultValue as ArgValue, false));
  }
  for (const arg of declared.values()) {
    if (arg.required && !values.has(arg.name)) throw new UserInputError(`Missing required argument '${arg.name}'.`);
  }
  for (const arg of declared.values()) {
    const value = values.get(arg.name);
    if (value === undefined || !arg.predefined) continue;
    const allowed = arg.predefined.map((p) => p.toLowerCase());
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!allowed.includes(item.toLowerCase())) {
        throw new UserInputError(
          `Invalid value '${item}' for argument '${arg.name}'. Possible values: ${arg.predefined.join(', ')}.`,
        );
      }
    }
  }
  for (const arg of declared.values()) {
    const value = values.get(arg.name);
    if (value === undefined || arg.type !== 'number') continue;
    checkNumber(command.name, arg.name, Array.isArray(value) ? value.join(',') : value);
  }
  for (const arg of declared.values()) {
    const value = values.get(arg.name);
    if (arg.secret && typeof value === 'string') registerSecret(value);
  }
  const secretNames = new Set([...declared.values()].filter((a) => a.secret).map((a) => a.name));
  return new Args(command.name, values, secretNames, new Set(declared.keys()));
}

function checkNumber(command: string, name: string, text: string): void {
  if (!/^[+-]?\d+$/.test(text.trim())) {
    throw new UserInputError(`Argument '${name}' must be a whole number, got '${text}'.`);
  }
  const n = Number(text);
  const bounds = numberBounds[`${command} ${name}`] ?? numberBounds[name] ?? {};
  if (bounds.min !== undefined && n < bounds.min) {
    throw new UserInputError(`Argument '${name}' must be at least ${bounds.min}.`);
  }
  if (bounds.max !== undefined && n > bounds.max) {
    throw new UserInputError(`Argument '${name}' must be at most ${bounds.max}.`);
  }
}

/** Splits a CSV argument: a JSON array (or its text) as is, else on commas, trimmed, empties dropped. */
export function splitList(value: string | string[]): string[] {
  if (Array.isArray(value)) return value.map((v) => v.trim()).filter((v) => v !== '');
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map((v) => String(v));
    } catch {
      // not JSON: split it as plain text
    }
  }
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** The validated arguments of one command. Reads never fail for a declared, present argument. */
export class Args {
  constructor(
    readonly command: string,
    private readonly values: ReadonlyMap<string, Normalized>,
    private readonly secretNames: ReadonlySet<string>,
    /** Names declared in integration.yml: reading any other name is a bug, caught by every test. */
    private readonly declared: ReadonlySet<string>,
  ) {}

  has(name: string): boolean {
    this.assertDeclared(name);
    return this.values.has(name);
  }

  /** A required (or defaulted) string argument. */
  string(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined) throw new UserInputError(`Missing required argument '${name}'.`);
    return value;
  }

  optionalString(name: string): string | undefined {
    this.refuseSecret(name);
    const value = this.read(name);
    return Array.isArray(value) ? value.join(',') : value;
  }

  /** A secret argument: only `reveal()` gives its value. */
  secret(name: string): Secret | undefined {
    const value = this.read(name);
    return value === undefined ? undefined : new Secret(Array.isArray(value) ? value.join(',') : value);
  }

  bool(name: string): boolean {
    const value = this.read(name);
    return typeof value === 'string' && value.toLowerCase() === 'true';
  }

  int(name: string): number | undefined {
    const value = this.read(name);
    return value === undefined ? undefined : Number(Array.isArray(value) ? value[0] : value);
  }

  list(name: string): string[] {
    const value = this.read(name);
    return value === undefined ? [] : splitList(value);
  }

  /** True when a secret argument was given. */
  hasSecrets(): boolean {
    return [...this.secretNames].some((name) => this.values.has(name));
  }

  /** Plain values of the non-secret arguments, for Fail lines and messages. */
  display(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of this.values) {
      if (!this.secretNames.has(name)) out[name] = Array.isArray(value) ? value.join(',') : value;
    }
    return out;
  }

  private read(name: string): Normalized | undefined {
    this.assertDeclared(name);
    return this.values.get(name);
  }

  private assertDeclared(name: string): void {
    if (!this.declared.has(name)) throw new Error(`argument ${name} is not declared for ${this.command} in integration.yml`);
  }

  private refuseSecret(name: string): void {
    if (this.secretNames.has(name)) throw new Error(`argument ${name} is secret: read it with secret()`);
  }
}
