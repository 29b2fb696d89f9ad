import { describe, expect, it } from 'vitest';
import type { NoteEntry } from '../../src/envelope';
import { graph, runCommand, secretParams, useNock } from '../helpers/harness';

useNock();

/** A `$batch` request item as Graph receives it (SPEC.md §4.1). */
type WireItem = { id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown };

const ACTION_RESULT = 'MSGraphUser.ActionResult(val.User && val.User == obj.User && val.Action && val.Action == obj.Action)';

function graphError(status: number, code: string, message: string) {
  return { status, headers: { 'request-id': `rid-${status}` }, body: { error: { code, message } } };
}

/** Answers each $batch call with `answer(item)` per item, and records the items of every call. */
function batchEndpoint(calls: WireItem[][], answer: (item: WireItem) => { status: number; headers?: Record<string, string>; body?: unknown }, times = 1) {
  graph()
    .post('/v1.0/$batch')
    .times(times)
    .reply(200, (_uri, body) => {
      const requests = (body as { requests: WireItem[] }).requests;
      calls.push(requests);
      return { responses: [...requests].reverse().map((item) => ({ id: item.id, ...answer(item) })) };
    });
}

const users = (n: number) => Array.from({ length: n }, (_, i) => `user${i + 1}@contoso.com`);

describe('bulk account actions through $batch (SPEC.md §4.1)', () => {
  it('disables three users in one batch; a 404 is Not found, a 403 Failed, the successes kept', async () => {
    const calls: WireItem[][] = [];
    batchEndpoint(calls, (item) => {
      if (item.url.includes('ghost')) return graphError(404, 'Request_ResourceNotFound', "Resource 'ghost' does not exist.");
      if (item.url.includes('boss')) return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      return { status: 204 };
    });
    const outcome = await runCommand('msgraph-user-account-disable', { user: 'adele@contoso.com, ghost@contoso.com,boss@contoso.com,ADELE@contoso.com' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual([
      { id: '1', method: 'PATCH', url: '/users/adele%40contoso.com', headers: { 'Content-Type': 'application/json' }, body: { accountEnabled: false } },
      { id: '2', method: 'PATCH', url: '/users/ghost%40contoso.com', headers: { 'Content-Type': 'application/json' }, body: { accountEnabled: false } },
      { id: '3', method: 'PATCH', url: '/users/boss%40contoso.com', headers: { 'Content-Type': 'application/json' }, body: { accountEnabled: false } },
    ]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.result.entries.map((e) => e.Type)).toEqual([1, 4]);
    const summary = outcome.result.entries[0] as NoteEntry;
    expect(summary.HumanReadable).toBe(
      '### Bulk results for msgraph-user-account-disable\n' +
        'Succeeded: 1, Not found: 1, Failed: 1.\n' +
        '|User|Action|Status|HTTP Status|Error|\n|---|---|---|---|---|\n' +
        '| adele@contoso.com | disable | Succeeded | 204 |  |\n' +
        "| ghost@contoso.com | disable | Not found | 404 | Request_ResourceNotFound: Resource 'ghost' does not exist. |\n" +
        '| boss@contoso.com | disable | Failed | 403 | Authorization_RequestDenied: Insufficient privileges to complete the operation. |\n',
    );
    expect(summary.EntryContext[ACTION_RESULT]).toEqual([
      { User: 'adele@contoso.com', Action: 'disable', Status: 'Succeeded', HTTPStatus: 204, ErrorCode: null, ErrorMessage: null, RequestId: null },
      {
        User: 'ghost@contoso.com',
        Action: 'disable',
        Status: 'Not found',
        HTTPStatus: 404,
        ErrorCode: 'Request_ResourceNotFound',
        ErrorMessage: "Resource 'ghost' does not exist.",
        RequestId: 'rid-404',
      },
      {
        User: 'boss@contoso.com',
        Action: 'disable',
        Status: 'Failed',
        HTTPStatus: 403,
        ErrorCode: 'Authorization_RequestDenied',
        ErrorMessage: 'Insufficient privileges to complete the operation.',
        RequestId: 'rid-403',
      },
    ]);
    expect(summary.Contents).toEqual(summary.EntryContext[ACTION_RESULT]);
    expect(outcome.result.entries[1]?.Contents).toBe('Failed to disable 1 of 3 users: boss@contoso.com (403 Authorization_RequestDenied)');
  });

  it('with handle_error false a 404 is a failure', async () => {
    const calls: WireItem[][] = [];
    batchEndpoint(calls, () => graphError(404, 'Request_ResourceNotFound', 'gone'));
    const outcome = await runCommand('msgraph-user-delete', { user: 'a@c.com,b@c.com' }, { params: { ...secretParams, handle_error: 'false' } });
    expect(calls[0]?.map((i) => [i.method, i.url, i.body])).toEqual([
      ['DELETE', '/users/a%40c.com', undefined],
      ['DELETE', '/users/b%40c.com', undefined],
    ]);
    expect(outcome.result.entries[1]?.Contents).toBe('Failed to delete 2 of 2 users: a@c.com (404 Request_ResourceNotFound), b@c.com (404 Request_ResourceNotFound)');
  });

  it.each([
    ['msgraph-user-unblock', 'PATCH', '/users/user1%40contoso.com', { accountEnabled: true }],
    ['msgraph-user-session-revoke', 'POST', '/users/user1%40contoso.com/revokeSignInSessions', undefined],
    ['msgraph-user-force-reset-password', 'PATCH', '/users/user1%40contoso.com', { passwordProfile: { forceChangePasswordNextSignIn: true } }],
  ])('%s: 45 users in batches of 20, 20 and 5', async (command, method, url, body) => {
    const calls: WireItem[][] = [];
    batchEndpoint(calls, () => ({ status: method === 'POST' ? 200 : 204, body: method === 'POST' ? { value: true } : undefined }), 3);
    const outcome = await runCommand(command, { user: users(45).join(',') });
    expect(outcome.exitCode).toBe(0);
    expect(calls.map((c) => c.length).sort((a, b) => b - a)).toEqual([20, 20, 5]);
    const first = calls.flat().find((i) => i.id === '1');
    expect([first?.method, first?.url, first?.body]).toEqual([method, url, body]);
    const summary = outcome.result.entries[0] as NoteEntry;
    expect(summary.HumanReadable.split('\n')[1]).toBe('Succeeded: 45, Not found: 0, Failed: 0.');
  });

  it('re-sends throttled items in a new batch after their Retry-After', async () => {
    const calls: WireItem[][] = [];
    let throttledOnce = false;
    batchEndpoint(
      calls,
      (item) => {
        if (item.id === '2' && !throttledOnce) {
          throttledOnce = true;
          return { status: 429, headers: { 'Retry-After': '3' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } };
        }
        return { status: 204 };
      },
      2,
    );
    const waits: number[] = [];
    const outcome = await runCommand('msgraph-user-unblock', { user: 'a@c.com,b@c.com,c@c.com' }, {
      deps: { sleep: async (ms) => void waits.push(ms) },
    });
    expect(calls.map((c) => c.map((i) => i.id))).toEqual([['1', '2', '3'], ['2']]);
    expect(waits).toEqual([3000]);
    expect(outcome.exitCode).toBe(0);
  });

  it('revoke_sessions: disables everyone, then revokes the sessions of those disabled', async () => {
    const calls: WireItem[][] = [];
    batchEndpoint(calls, (item) => (item.url.includes('ghost') ? graphError(404, 'Request_ResourceNotFound', 'no ghost') : { status: item.method === 'POST' ? 200 : 204 }), 2);
    const outcome = await runCommand('msgraph-user-account-disable', { user: 'a@c.com,ghost@c.com,b@c.com', revoke_sessions: 'true' });
    expect(calls.map((c) => c.map((i) => `${i.id} ${i.method} ${i.url}`))).toEqual([
      ['1 PATCH /users/a%40c.com', '2 PATCH /users/ghost%40c.com', '3 PATCH /users/b%40c.com'],
      ['1 POST /users/a%40c.com/revokeSignInSessions', '3 POST /users/b%40c.com/revokeSignInSessions'],
    ]);
    const rows = (outcome.result.entries[0] as NoteEntry).EntryContext[ACTION_RESULT] as Array<{ User: string; Action: string; Status: string }>;
    expect(rows.map((r) => `${r.User} ${r.Action} ${r.Status}`)).toEqual([
      'a@c.com disable Succeeded',
      'a@c.com revoke-sessions Succeeded',
      'ghost@c.com disable Not found',
      'b@c.com disable Succeeded',
      'b@c.com revoke-sessions Succeeded',
    ]);
    expect(outcome.exitCode).toBe(0);
  });

  it('a transport error on a $batch is never re-sent: its items are Failed with no response', async () => {
    graph().post('/v1.0/$batch').replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const outcome = await runCommand('msgraph-user-delete', { user: 'a@c.com,b@c.com' });
    const rows = (outcome.result.entries[0] as NoteEntry).EntryContext[ACTION_RESULT] as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.Status, r.HTTPStatus, r.ErrorMessage])).toEqual([
      ['Failed', null, 'No response; the request may have been processed.'],
      ['Failed', null, 'No response; the request may have been processed.'],
    ]);
    expect(outcome.result.entries[1]?.Contents).toBe('Failed to delete 2 of 2 users: a@c.com (no response), b@c.com (no response)');
  });

  it('lists at most 10 failed users in the error', async () => {
    const calls: WireItem[][] = [];
    batchEndpoint(calls, () => graphError(403, 'Authorization_RequestDenied', 'no'));
    const outcome = await runCommand('msgraph-user-delete', { user: users(12).join(',') });
    const message = String(outcome.result.entries[1]?.Contents);
    expect(message.startsWith('Failed to delete 12 of 12 users: user1@contoso.com (403 Authorization_RequestDenied), ')).toBe(true);
    expect(message).not.toContain('user11@');
    expect(message.endsWith('user10@contoso.com (403 Authorization_RequestDenied), and 2 more')).toBe(true);
  });
});

describe('bulk guards and dry runs', () => {
  it('more than 10,000 users fails before any request', async () => {
    const outcome = await runCommand('msgraph-user-delete', { user: users(10_001).join(',') });
    expect(outcome.result.entries).toEqual([{ Type: 4, ContentsFormat: 'text', Contents: 'At most 10000 users per run.', EntryContext: null }]);
  });

  it('a bulk dry run lists one row per batch item and sends nothing', async () => {
    const outcome = await runCommand('msgraph-user-account-disable', { user: 'a@c.com,b@c.com', revoke_sessions: 'true', dry_run: 'true' });
    const entry = outcome.result.entries[0] as NoteEntry;
    expect(entry.EntryContext['MSGraphUser.DryRun']).toEqual({
      Command: 'msgraph-user-account-disable',
      Requests: [
        { Method: 'PATCH', URL: '$batch#1: PATCH /users/a%40c.com', Body: '{"accountEnabled":false}' },
        { Method: 'PATCH', URL: '$batch#2: PATCH /users/b%40c.com', Body: '{"accountEnabled":false}' },
        { Method: 'POST', URL: '$batch#1: POST /users/a%40c.com/revokeSignInSessions', Body: '' },
        { Method: 'POST', URL: '$batch#2: POST /users/b%40c.com/revokeSignInSessions', Body: '' },
      ],
    });
    expect(entry.HumanReadable.startsWith('### Dry run: msgraph-user-account-disable\nNo request was sent. These requests would be sent:\n|#|Method|URL|Body|\n')).toBe(true);
  });
});
