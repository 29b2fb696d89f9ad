import nock from 'nock';
import { afterEach, beforeEach, expect } from 'vitest';
import type { ArgValue, Entry, NoteEntry, ParamValue } from '../../src/envelope';
import { runEnvelope, type RunDeps, type RunOutcome } from '../../src/run';
import { commandSpec } from '../../src/spec/integration';

export const GRAPH = 'https://graph.microsoft.com';
export const LOGIN = 'https://login.microsoftonline.com';
export const TENANT = '11111111-2222-3333-4444-555555555555';
export const CLIENT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const CLIENT_SECRET = 'test-client-secret-Zq8~value';

/** Instance params of a Worldwide app with a client secret. */
export const secretParams: Record<string, ParamValue> = {
  azure_cloud: 'Worldwide',
  creds_auth_id: { identifier: '', password: CLIENT_ID },
  creds_tenant_id: { identifier: '', password: TENANT },
  creds_enc_key: { identifier: '', password: CLIENT_SECRET },
};

export const TOKEN = 'eyJ0eXAiOiJKV1QiLCJ0ZXN0IjoidG9rZW4ifQ.test-access-token';

/** Answers the client-credentials token request once, if it is made. */
export function mockToken(login = LOGIN, tenant = TENANT): nock.Scope {
  return nock(login)
    .post(`/${tenant}/oauth2/v2.0/token`)
    .optionally()
    .reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: TOKEN });
}

/** A nock scope for Graph that insists on the bearer token. */
export function graph(origin = GRAPH): nock.Scope {
  return nock(origin, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
}

export interface RunOptions {
  params?: Record<string, ParamValue>;
  integrationContext?: Record<string, unknown>;
  outputDir?: string;
  deps?: RunDeps;
}

/** Runs one command the way the host does, with a token answered by nock. */
export async function runCommand(
  command: string,
  args: Record<string, ArgValue> = {},
  options: RunOptions = {},
): Promise<RunOutcome> {
  mockToken();
  const outcome = await runEnvelope(
    {
      command,
      args,
      params: options.params ?? secretParams,
      integrationContext: options.integrationContext ?? {},
      ...(options.outputDir ? { outputDir: options.outputDir } : {}),
    },
    { sleep: async () => {}, ...options.deps },
  );
  assertContextDeclared(command, outcome);
  return outcome;
}

/** The single entry of a result, asserting there is exactly one. */
export function onlyEntry(outcome: RunOutcome): Entry {
  expect(outcome.result.entries).toHaveLength(1);
  return outcome.result.entries[0] as Entry;
}

export function onlyNote(outcome: RunOutcome): NoteEntry {
  const entry = onlyEntry(outcome);
  expect(entry.Type, JSON.stringify(entry)).toBe(1);
  return entry as NoteEntry;
}

export function onlyError(outcome: RunOutcome): string {
  const entry = onlyEntry(outcome);
  expect(entry.Type, JSON.stringify(entry)).toBe(4);
  return String(entry.Contents);
}

/** Unit tests never touch the network, and every interceptor a test sets up must be used. */
export function useNock(): void {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending, 'every HTTP interceptor is consumed').toEqual([]);
  });
}

/** Every context prefix an entry writes is declared in integration.yml's outputs of that command. */
export function assertContextDeclared(command: string, outcome: RunOutcome): void {
  const declared = (commandSpec(command)?.outputs ?? []).map((o) => o.contextPath ?? '');
  for (const entry of outcome.result.entries) {
    if (entry.Type !== 1) continue;
    for (const [key, value] of Object.entries(entry.EntryContext)) {
      const prefix = key.replace(/\(.*$/, '');
      expect(declared.some((p) => p.startsWith(`${prefix}.`)), `${command} declares ${prefix}`).toBe(true);
      // User records carry whatever properties were selected; fixed-shape records are checked field by field.
      if (prefix === 'MSGraphUser' || prefix === 'Account') continue;
      for (const record of Array.isArray(value) ? value : [value]) {
        for (const field of Object.keys(record as Record<string, unknown>)) {
          const path = `${prefix}.${field}`;
          expect(declared.some((p) => p === path || p.startsWith(`${path}.`)), `${command} declares ${path}`).toBe(true);
        }
      }
    }
  }
}
