import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NoteEntry } from '../../src/envelope';
import { EndToEnd } from './harness';

let e2e: EndToEnd;
const GENERATED = 2600;

beforeAll(async () => {
  e2e = await EndToEnd.start({ users: GENERATED });
});
afterAll(async () => {
  await e2e?.close();
});
beforeEach(() => {
  e2e.sandbox.reset();
});

type Row = Record<string, unknown>;
const contextList = (entry: NoteEntry, prefix: string) =>
  entry.EntryContext[Object.keys(entry.EntryContext).find((k) => k.startsWith(prefix)) as string] as Row[];
const graphRequests = (path: string) => e2e.sandbox.requests.filter((r) => r.batchItem === undefined && r.path === path);

async function upns(count: number): Promise<string[]> {
  const run = await e2e.run('msgraph-user-list', { limit: String(count + 5), properties: 'userPrincipalName' });
  return contextList(run.result.entries[0] as NoteEntry, 'MSGraphUser')
    .map((u) => u.UserPrincipalName)
    .filter((u): u is string => typeof u === 'string' && !u.startsWith('admin@'))
    .slice(0, count);
}

describe('paging a large tenant', () => {
  it(`all_results lists every one of the ${GENERATED}+ users in pages of 999`, async () => {
    const run = await e2e.run('msgraph-user-list', { all_results: 'true', properties: 'id' });
    expect(run.status).toBe(0);
    const users = contextList(run.result.entries[0] as NoteEntry, 'MSGraphUser');
    expect(users.length).toBeGreaterThan(GENERATED);
    expect(users[0]).not.toHaveProperty('NextPage');
    expect(new Set(users.map((u) => u.ID)).size).toBe(users.length);
    const pages = graphRequests('/v1.0/users');
    expect(pages).toHaveLength(Math.ceil(users.length / 999));
    for (const page of pages) expect(page.headers.consistencylevel).toBe('eventual');
  });

  it('limit stops exactly, keeps the next page, and the next page carries on where it stopped', async () => {
    const run = await e2e.run('msgraph-user-list', { limit: '1234', properties: 'id' });
    const users = contextList(run.result.entries[0] as NoteEntry, 'MSGraphUser');
    expect(users).toHaveLength(1235);
    const next = String(users[0]?.NextPage);
    expect(graphRequests('/v1.0/users')).toHaveLength(2);
    const more = await e2e.run('msgraph-user-list', { next_page: next });
    const following = contextList(more.result.entries[0] as NoteEntry, 'MSGraphUser').filter((u) => u.ID !== undefined);
    expect(following.length).toBeGreaterThan(0);
    expect(following.some((u) => users.some((seen) => seen.ID === u.ID))).toBe(false);
  });
});

describe('bulk containment through $batch', () => {
  it('45 users, one of them unknown: at most 3 $batch calls, the 404 is Not found, the rest succeed', async () => {
    const list = [...(await upns(44)), 'no.such.user@contoso.com'];
    const run = await e2e.run('msgraph-user-account-disable', { user: list.join(',') });
    expect(run.status, run.stdout.slice(0, 500)).toBe(0);
    expect(graphRequests('/v1.0/$batch').length).toBeLessThanOrEqual(3);
    const entry = run.result.entries[0] as NoteEntry;
    expect(entry.HumanReadable.split('\n')[1]).toBe('Succeeded: 44, Not found: 1, Failed: 0.');
    const rows = contextList(entry, 'MSGraphUser.ActionResult');
    expect(rows.find((r) => r.User === 'no.such.user@contoso.com')).toMatchObject({ Status: 'Not found', HTTPStatus: 404 });
    const disabled = e2e.sandbox.tenant.findUser(list[0] as string);
    expect(disabled?.accountEnabled).toBe(false);
  });

  it('revoke_sessions: a second round revokes the sessions of the disabled users', async () => {
    const list = await upns(25);
    const run = await e2e.run('msgraph-user-account-disable', { user: list.join(','), revoke_sessions: 'true' });
    expect(run.status).toBe(0);
    const rows = contextList(run.result.entries[0] as NoteEntry, 'MSGraphUser.ActionResult');
    expect(rows).toHaveLength(50);
    expect(rows.filter((r) => r.Action === 'revoke-sessions' && r.Status === 'Succeeded')).toHaveLength(25);
    const items = e2e.sandbox.requests.filter((r) => r.batchItem !== undefined);
    expect(items.filter((r) => r.method === 'PATCH')).toHaveLength(25);
    expect(items.filter((r) => r.method === 'POST' && r.path.endsWith('/revokeSignInSessions'))).toHaveLength(25);
  });

  it('a bulk dry run: no write request reaches the sandbox', async () => {
    const list = await upns(30);
    e2e.sandbox.reset();
    const run = await e2e.run('msgraph-user-delete', { user: list.join(','), dry_run: 'true' });
    expect(run.status).toBe(0);
    const dryRun = (run.result.entries[0] as NoteEntry).EntryContext['MSGraphUser.DryRun'] as { Requests: Row[] };
    expect(dryRun.Requests).toHaveLength(30);
    expect(e2e.sandbox.requests).toHaveLength(0);
    expect(e2e.sandbox.tenant.findUser(list[0] as string)).toBeDefined();
  });
});
