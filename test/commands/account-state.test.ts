import { describe, expect, it } from 'vitest';
import { useNock } from '../helpers/harness';
import { fixture, runCase, type CommandCase, type Exchange } from './graph-exchanges';

useNock();

const notFound = fixture('error-user-not-found');
const forbidden = fixture('error-forbidden');

const DRY_RUN_KEY = 'MSGraphUser.DryRun';
const USER = 'adele@contoso.com';
const USER_PATH = '/v1.0/users/adele%40contoso.com';
const USER_URL = `https://graph.microsoft.com${USER_PATH}`;
const NOBODY = 'nobody@contoso.com';
const NOBODY_PATH = '/v1.0/users/nobody%40contoso.com';
const forbiddenLines = [
  'Graph error 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.',
  'request-id: 5b1e0c2a-0000-4000-8000-000000000403, date: 2025-05-01T10:00:00',
];
const notFoundLines = [
  "Graph error 404 Request_ResourceNotFound: Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
  'request-id: 5b1e0c2a-0000-4000-8000-000000000404, date: 2025-05-01T10:00:00',
];

/** One account action: what it sends for a user, what it says, and its Fail line. */
interface ActionRow {
  command: string;
  request: (userPath: string) => Omit<Exchange, 'status' | 'reply'>;
  status: number;
  reply?: unknown;
  readable: string;
  fail: string;
  dryRunRow: { Method: string; URL: string; Body: string };
}

const actions: ActionRow[] = [
  {
    command: 'msgraph-user-account-disable',
    request: (path) => ({ method: 'PATCH', path, body: { accountEnabled: false } }),
    status: 204,
    readable: `user: "${USER}" account has been disabled successfully.`,
    fail: 'Failed to disable user nobody@contoso.com.',
    dryRunRow: { Method: 'PATCH', URL: USER_URL, Body: '{"accountEnabled":false}' },
  },
  {
    command: 'msgraph-user-terminate-session',
    request: (path) => ({ method: 'PATCH', path, body: { accountEnabled: false } }),
    status: 204,
    readable: `user: "${USER}" account has been disabled successfully.`,
    fail: 'Failed to disable user nobody@contoso.com.',
    dryRunRow: { Method: 'PATCH', URL: USER_URL, Body: '{"accountEnabled":false}' },
  },
  {
    command: 'msgraph-user-unblock',
    request: (path) => ({ method: 'PATCH', path, body: { accountEnabled: true } }),
    status: 204,
    readable: `"${USER}" unblocked. It might take several minutes for the changes to take effect across all applications.`,
    fail: 'Failed to unblock user nobody@contoso.com.',
    dryRunRow: { Method: 'PATCH', URL: USER_URL, Body: '{"accountEnabled":true}' },
  },
  {
    command: 'msgraph-user-session-revoke',
    request: (path) => ({ method: 'POST', path: `${path}/revokeSignInSessions` }),
    status: 200,
    reply: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean', value: true },
    readable: `User: "${USER}" sessions have been revoked successfully.`,
    fail: 'Failed to revoke the sessions of user nobody@contoso.com.',
    dryRunRow: { Method: 'POST', URL: `${USER_URL}/revokeSignInSessions`, Body: '' },
  },
  {
    command: 'msgraph-user-force-reset-password',
    request: (path) => ({ method: 'PATCH', path, body: { passwordProfile: { forceChangePasswordNextSignIn: true } } }),
    status: 204,
    readable: `User ${USER} will be required to change his password.`,
    fail: 'Failed to force a password reset for user nobody@contoso.com.',
    dryRunRow: { Method: 'PATCH', URL: USER_URL, Body: '{"passwordProfile":{"forceChangePasswordNextSignIn":true}}' },
  },
  {
    command: 'msgraph-user-delete',
    request: (path) => ({ method: 'DELETE', path }),
    status: 204,
    readable: `user: "${USER}" was deleted successfully.`,
    fail: 'Failed to delete user nobody@contoso.com.',
    dryRunRow: { Method: 'DELETE', URL: USER_URL, Body: '' },
  },
];

/** The same six cases for every action: success, 404 both ways, another error, dry run, bad input. */
function casesOf(row: ActionRow): CommandCase[] {
  return [
    {
      name: 'sends the request and says so, with null Contents and no context',
      command: row.command,
      args: { user: USER },
      exchanges: [{ ...row.request(USER_PATH), status: row.status, reply: row.reply }],
      expect: { readable: row.readable, contents: null, context: {} },
    },
    {
      name: 'a repeated spelling of the same user is one user',
      command: row.command,
      args: { user: `${USER}, ADELE@contoso.com` },
      exchanges: [{ ...row.request(USER_PATH), status: row.status, reply: row.reply }],
      expect: { readable: row.readable },
    },
    {
      name: 'a 404 naming the user is a note with handle_error true',
      command: row.command,
      args: { user: NOBODY },
      exchanges: [{ ...row.request(NOBODY_PATH), status: 404, reply: notFound }],
      expect: { readable: `#### User -> ${NOBODY} does not exist`, contents: `#### User -> ${NOBODY} does not exist`, context: {} },
    },
    {
      name: 'a list that comes down to one user: the 404 note names that user',
      command: row.command,
      args: { user: `${NOBODY}, ` },
      exchanges: [{ ...row.request(NOBODY_PATH), status: 404, reply: notFound }],
      expect: { readable: `#### User -> ${NOBODY} does not exist`, contents: `#### User -> ${NOBODY} does not exist`, context: {} },
    },
    {
      name: 'a JSON list of one user (any case repeats) names that user in the Fail line',
      command: row.command,
      args: { user: `["${NOBODY}", "NOBODY@contoso.com"]` },
      params: { handle_error: 'false' },
      exchanges: [{ ...row.request(NOBODY_PATH), status: 404, reply: notFound }],
      expect: { error: [row.fail, ...notFoundLines].join('\n') },
    },
    {
      name: 'a 404 is an error with handle_error false',
      command: row.command,
      args: { user: NOBODY },
      params: { handle_error: 'false' },
      exchanges: [{ ...row.request(NOBODY_PATH), status: 404, reply: notFound }],
      expect: { error: [row.fail, ...notFoundLines].join('\n') },
    },
    {
      name: 'another Graph error carries the Fail line',
      command: row.command,
      args: { user: NOBODY },
      exchanges: [{ ...row.request(NOBODY_PATH), status: 403, reply: forbidden }],
      expect: { error: [row.fail, ...forbiddenLines].join('\n') },
    },
    {
      name: 'a dry run shows the request and sends nothing',
      command: row.command,
      args: { user: USER, dry_run: 'True' },
      expect: {
        sendsNothing: true,
        readable: [
          `### Dry run: ${row.command}`,
          'No request was sent. These requests would be sent:',
          '|#|Method|URL|Body|',
          '|---|---|---|---|',
          `| 1 | ${row.dryRunRow.Method} | ${row.dryRunRow.URL} | ${row.dryRunRow.Body} |`,
          '',
        ].join('\n'),
        context: { [DRY_RUN_KEY]: { Command: row.command, Requests: [row.dryRunRow] } },
        contents: { Command: row.command, Requests: [row.dryRunRow] },
      },
    },
    {
      name: 'a missing user is refused',
      command: row.command,
      args: { user: ' ' },
      expect: { error: "Missing required argument 'user'.", sendsNothing: true },
    },
    {
      name: 'a list with no user in it is a missing user',
      command: row.command,
      args: { user: ' , ,' },
      expect: { error: "Missing required argument 'user'.", sendsNothing: true },
    },
    {
      name: 'a bad dry_run is refused',
      command: row.command,
      args: { user: USER, dry_run: 'yes' },
      expect: { error: "Invalid value 'yes' for argument 'dry_run'. Possible values: true, false.", sendsNothing: true },
    },
    {
      name: 'a repeated user (any case) is one user, not a bulk run',
      command: row.command,
      args: { user: `${USER},ADELE@contoso.com` },
      exchanges: [{ ...row.request(USER_PATH), status: row.status, reply: row.reply }],
      expect: { readable: row.readable, context: {} },
    },
  ];
}

const revokeExchange = (status: number, reply?: unknown): Exchange => ({
  method: 'POST',
  path: `${USER_PATH}/revokeSignInSessions`,
  status,
  reply,
});
const disableExchange: Exchange = { method: 'PATCH', path: USER_PATH, body: { accountEnabled: false }, status: 204 };

const revokeSessionsCases: CommandCase[] = [
  {
    name: 'disables, then revokes the sessions',
    command: 'msgraph-user-account-disable',
    args: { user: USER, revoke_sessions: 'TRUE' },
    exchanges: [disableExchange, revokeExchange(200, { value: true })],
    expect: {
      readable: `user: "${USER}" account has been disabled successfully.\nUser: "${USER}" sessions have been revoked successfully.`,
      contents: null,
      context: {},
    },
  },
  {
    name: 'a failed revoke keeps the disable note and adds an error',
    command: 'msgraph-user-account-disable',
    args: { user: USER, revoke_sessions: 'true' },
    exchanges: [disableExchange, revokeExchange(403, forbidden)],
    expect: { types: [1, 4] },
    check: ({ result, exitCode }) => {
      const [done, failed] = result.entries;
      expect(done).toMatchObject({ HumanReadable: `user: "${USER}" account has been disabled successfully.`, Contents: null });
      expect(failed).toMatchObject({
        Type: 4,
        Contents: [`User ${USER} was disabled, but revoking the sessions failed.`, ...forbiddenLines].join('\n'),
      });
      expect(exitCode).toBe(1);
    },
  },
  {
    name: 'a failed disable sends no revoke',
    command: 'msgraph-user-account-disable',
    args: { user: USER, revoke_sessions: 'true' },
    exchanges: [{ ...disableExchange, status: 403, reply: forbidden }],
    expect: { error: [`Failed to disable user ${USER}.`, ...forbiddenLines].join('\n') },
  },
  {
    name: 'the alias takes revoke_sessions too',
    command: 'msgraph-user-terminate-session',
    args: { user: USER, revoke_sessions: 'true' },
    exchanges: [disableExchange, revokeExchange(204)],
    expect: { readable: `user: "${USER}" account has been disabled successfully.\nUser: "${USER}" sessions have been revoked successfully.` },
  },
  {
    name: 'a dry run lists the PATCH, then the revoke',
    command: 'msgraph-user-account-disable',
    args: { user: USER, revoke_sessions: 'true', dry_run: 'true' },
    expect: {
      sendsNothing: true,
      context: {
        [DRY_RUN_KEY]: {
          Command: 'msgraph-user-account-disable',
          Requests: [
            { Method: 'PATCH', URL: USER_URL, Body: '{"accountEnabled":false}' },
            { Method: 'POST', URL: `${USER_URL}/revokeSignInSessions`, Body: '' },
          ],
        },
      },
    },
  },
  {
    name: 'a bad revoke_sessions is refused',
    command: 'msgraph-user-account-disable',
    args: { user: USER, revoke_sessions: 'please' },
    expect: { error: "Invalid value 'please' for argument 'revoke_sessions'. Possible values: true, false.", sendsNothing: true },
  },
];

describe.each(actions.map((row) => [row.command, row] as const))('%s', (_command, row) => {
  it.each(casesOf(row).map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    await runCase(testCase);
  });
});

describe('msgraph-user-account-disable revoke_sessions=true', () => {
  it.each(revokeSessionsCases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    await runCase(testCase);
  });
});
