import { readFileSync } from 'node:fs';
import nock from 'nock';
import { expect } from 'vitest';
import type { ArgValue, Entry, NoteEntry, ParamValue } from '../../src/envelope';
import integration from '../../src/generated/integration.json';
import type { RunDeps, RunOutcome } from '../../src/run';
import { graph, runCommand, secretParams } from '../helpers/harness';

/** A canned Graph reply from `test_data/graph/users/`. */
export function fixture(name: string): Record<string, unknown> {
  const url = new URL(`../../test_data/graph/users/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

/** A fixture as `Contents` holds it: without `@odata.context`. */
export function asContents(record: Record<string, unknown>): Record<string, unknown> {
  const { ['@odata.context']: _context, ...rest } = record;
  return rest;
}

/** One request a command must send, and Graph's canned answer to it. */
export interface Exchange {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Under the Graph origin, exactly as sent (encoded), e.g. `/v1.0/users/adele%40contoso.com`. */
  path: string;
  /** Decoded query; when absent, the request must have none (unless `path` carries it). */
  query?: Record<string, string>;
  /** The JSON body the request must carry; when absent, the request must have no body. */
  body?: unknown;
  /** Headers the request must carry (names in any case). */
  headers?: Record<string, string>;
  /** Headers the request must not carry. */
  withoutHeaders?: string[];
  status: number;
  reply?: unknown;
  replyHeaders?: Record<string, string>;
}

interface Seen {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sets up the exchanges in order; returns what each request carried, to check after the run. */
export function expectExchanges(exchanges: readonly Exchange[]): Seen[] {
  const seen: Seen[] = [];
  for (const exchange of exchanges) {
    let interceptor = graph().intercept(exchange.path, exchange.method, exchange.body as nock.RequestBodyMatcher);
    if (exchange.query) interceptor = interceptor.query(exchange.query);
    for (const [name, value] of Object.entries(exchange.headers ?? {})) interceptor = interceptor.matchHeader(name, value);
    interceptor.reply(function (_uri, body) {
      seen.push({ headers: this.req.headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return [exchange.status, exchange.reply === undefined ? '' : JSON.stringify(exchange.reply), exchange.replyHeaders ?? {}];
    });
  }
  return seen;
}

/** What the run must produce. Fields left out are not checked. */
export interface Expectation {
  readable?: string;
  context?: Record<string, unknown>;
  contents?: unknown;
  /** The message of the only entry, an error. */
  error?: string;
  /** Several entries: their types in order (1 note, 4 error). */
  types?: number[];
  /** A dry run: no request at all, not even for a token. */
  sendsNothing?: boolean;
}

export interface CommandCase {
  name: string;
  command: string;
  args: Record<string, ArgValue>;
  params?: Record<string, ParamValue>;
  /** Run dependencies, e.g. a sleep that records its waits. */
  deps?: RunDeps;
  exchanges?: Exchange[];
  expect: Expectation;
  /** Extra checks on the outcome and on what each request carried. */
  check?: (outcome: RunOutcome, seen: Seen[]) => void;
}

const TOKEN_INTERCEPTOR = /POST https:\/\/login\.microsoftonline\.com:443\/.*\/oauth2\/v2\.0\/token/;

/** Runs one table case: the requests, then the entry, then the context paths against the yml. */
export async function runCase(testCase: CommandCase): Promise<RunOutcome> {
  const exchanges = testCase.exchanges ?? [];
  const seen = expectExchanges(exchanges);
  const outcome = await runCommand(testCase.command, testCase.args, {
    params: { ...secretParams, ...testCase.params },
    ...(testCase.deps ? { deps: testCase.deps } : {}),
  });
  const entries = outcome.result.entries;
  const { expect: expected } = testCase;
  if (expected.sendsNothing) {
    expect(exchanges).toEqual([]);
    expect(nock.activeMocks().filter((m) => TOKEN_INTERCEPTOR.test(m)), 'the token was never asked for').toHaveLength(1);
  }
  if (expected.types) expect(entries.map((e) => e.Type), JSON.stringify(entries)).toEqual(expected.types);
  else expect(entries, JSON.stringify(entries)).toHaveLength(1);
  const first = entries[0] as Entry;
  if (expected.error !== undefined) {
    expect(first.Type, JSON.stringify(first)).toBe(4);
    expect(first.Contents).toBe(expected.error);
  } else if (!expected.types) {
    expect(first.Type, JSON.stringify(first)).toBe(1);
  }
  if (first.Type === 1) {
    if (expected.readable !== undefined) expect(first.HumanReadable).toBe(expected.readable);
    if (expected.context !== undefined) expect(first.EntryContext).toEqual(expected.context);
    if ('contents' in expected) expect(first.Contents).toEqual(expected.contents);
  }
  for (const entry of entries) {
    if (entry.Type === 1) expectDeclared(testCase.command, (entry as NoteEntry).EntryContext);
  }
  expect(seen).toHaveLength(exchanges.length);
  exchanges.forEach((exchange, i) => {
    const carried = seen[i] as Seen;
    if (exchange.body === undefined) expect(carried.body, `${exchange.method} ${exchange.path} has no body`).toBe('');
    for (const name of exchange.withoutHeaders ?? []) expect(carried.headers[name.toLowerCase()]).toBeUndefined();
  });
  testCase.check?.(outcome, seen);
  return outcome;
}

interface OutputSpec {
  contextPath?: string;
}

const declaredByCommand = new Map(
  (integration as { script: { commands: Array<{ name: string; outputs?: OutputSpec[] }> } }).script.commands.map((c) => [
    c.name,
    new Set((c.outputs ?? []).map((o) => o.contextPath).filter((p): p is string => p !== undefined)),
  ]),
);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The leaf paths of a context value: records and lists of records are walked, anything else is a leaf. */
function leafPaths(path: string, value: unknown, out: Array<{ path: string; empty: boolean }>): void {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0 || !items.every(isRecord)) {
    out.push({ path, empty: items.length === 0 || value === null });
    return;
  }
  for (const item of items) for (const [key, child] of Object.entries(item)) leafPaths(`${path}.${key}`, child, out);
}

/**
 * Paths Graph returns by default that integration.yml does not declare yet (reported to its
 * owner). Each entry must still be missing from the yml: remove it once the yml declares it.
 */

export function declaredPaths(command: string): ReadonlySet<string> {
  return declaredByCommand.get(command) ?? new Set<string>();
}

/**
 * Every context path an entry writes is declared in the command's yml outputs: the path itself
 * or a declared parent (a list of objects declared as one field); an empty list needs a declared child.
 */
export function expectDeclared(command: string, context: Record<string, unknown>): void {
  const declared = declaredPaths(command);
  const leaves: Array<{ path: string; empty: boolean }> = [];
  for (const [key, value] of Object.entries(context)) leafPaths(key.replace(/\(.*\)$/, ''), value, leaves);
  const undeclared = leaves
    .filter(({ path, empty }) => {
      const parts = path.split('.');
      const selfOrParent = parts.some((_, i) => declared.has(parts.slice(0, i + 1).join('.')));
      const child = empty && [...declared].some((d) => d.startsWith(`${path}.`));
      return !selfOrParent && !child;
    })
    .map(({ path }) => path);
  expect([...new Set(undeclared)], `context paths of ${command} missing from integration.yml outputs`).toEqual([]);
}
