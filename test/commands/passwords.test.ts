import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDebug, setLogSink } from '../../src/log';
import type { RunDeps } from '../../src/run';
import { useNock } from '../helpers/harness';
import { fixture, runCase, type CommandCase, type Exchange } from './graph-exchanges';

useNock();

// Every log line of a run is kept, to show no password reaches the logs.
const logLines: string[] = [];
beforeEach(() => {
  logLines.length = 0;
  setLogSink((line) => logLines.push(line));
  setDebug(true);
});
afterEach(() => {
  setLogSink((line) => process.stderr.write(`${line}\n`));
  setDebug(false);
});

const notFound = fixture('error-user-not-found');
const forbidden = fixture('error-forbidden');
const methods = fixture('password-methods');
const running = fixture('reset-operation-running');
const succeeded = fixture('reset-operation-succeeded');
const failed = fixture('reset-operation-failed');

const USER = 'adele@contoso.com';
const USER_PATH = '/v1.0/users/adele%40contoso.com';
const USER_URL = `https://graph.microsoft.com${USER_PATH}`;
const NOBODY = 'nobody@contoso.com';
const PASSWORD = 'N3w-Pa55word!x';
const METHOD_ID = '28c10230-6103-485e-b985-444c60001490';
const OPERATION_PATH = `${USER_PATH}/authentication/operations/77bafe36-3ac0-4f89-96e4-a4a5a48da851`;
const OPERATION_URL = `https://graph.microsoft.com${OPERATION_PATH}`;
const DRY_RUN_KEY = 'MSGraphUser.DryRun';
const forbiddenLines = [
  'Graph error 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.',
  'request-id: 5b1e0c2a-0000-4000-8000-000000000403, date: 2025-05-01T10:00:00',
];

/** A sleep that returns at once and remembers how long it was asked to wait. */
function recordingSleep(): { deps: RunDeps; waits: number[] } {
  const waits: number[] = [];
  return { waits, deps: { sleep: async (ms) => void waits.push(ms) } };
}

/** Checks that the password is nowhere in the result or the logs. */
function keepsPasswordSecret(password: string) {
  return ({ result }: { result: unknown }) => {
    expect(JSON.stringify(result)).not.toContain(password);
    expect(logLines.join('\n')).not.toContain(password);
  };
}

const changeBody = (nextSignIn: boolean, withMfa: boolean) => ({
  passwordProfile: { forceChangePasswordNextSignIn: nextSignIn, forceChangePasswordNextSignInWithMfa: withMfa, password: PASSWORD },
});

const changeCases: CommandCase[] = [
  {
    name: 'patches the password profile with the default flags',
    command: 'msgraph-user-change-password',
    args: { user: USER, password: PASSWORD },
    exchanges: [{ method: 'PATCH', path: USER_PATH, body: changeBody(true, false), status: 204 }],
    expect: { readable: `User ${USER} password was changed successfully.`, contents: null, context: {} },
    check: keepsPasswordSecret(PASSWORD),
  },
  {
    name: 'booleans in any case: False means false, TRUE means true',
    command: 'msgraph-user-change-password',
    args: { user: USER, password: PASSWORD, force_change_password_next_sign_in: 'False', force_change_password_with_mfa: 'TRUE' },
    exchanges: [{ method: 'PATCH', path: USER_PATH, body: changeBody(false, true), status: 204 }],
    expect: { readable: `User ${USER} password was changed successfully.` },
  },
  {
    name: 'a password with spaces is sent untrimmed',
    command: 'msgraph-user-change-password',
    args: { user: USER, password: ` ${PASSWORD} ` },
    exchanges: [
      {
        method: 'PATCH',
        path: USER_PATH,
        body: { passwordProfile: { forceChangePasswordNextSignIn: true, forceChangePasswordNextSignInWithMfa: false, password: ` ${PASSWORD} ` } },
        status: 204,
      },
    ],
    expect: {},
  },
  {
    name: 'a 404 naming the user is a note with handle_error true',
    command: 'msgraph-user-change-password',
    args: { user: NOBODY, password: PASSWORD },
    exchanges: [{ method: 'PATCH', path: '/v1.0/users/nobody%40contoso.com', body: changeBody(true, false), status: 404, reply: notFound }],
    expect: { readable: `#### User -> ${NOBODY} does not exist`, context: {} },
    check: keepsPasswordSecret(PASSWORD),
  },
  {
    name: 'a 404 is an error with handle_error false',
    command: 'msgraph-user-change-password',
    args: { user: NOBODY, password: PASSWORD },
    params: { handle_error: 'false' },
    exchanges: [{ method: 'PATCH', path: '/v1.0/users/nobody%40contoso.com', body: changeBody(true, false), status: 404, reply: notFound }],
    expect: {
      error: [
        `Failed to change the password of user ${NOBODY}.`,
        "Graph error 404 Request_ResourceNotFound: Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
        'request-id: 5b1e0c2a-0000-4000-8000-000000000404, date: 2025-05-01T10:00:00',
      ].join('\n'),
    },
    check: keepsPasswordSecret(PASSWORD),
  },
  {
    name: 'a dry run masks the password and sends nothing',
    command: 'msgraph-user-change-password',
    args: { user: USER, password: PASSWORD, dry_run: 'true' },
    expect: {
      sendsNothing: true,
      context: {
        [DRY_RUN_KEY]: {
          Command: 'msgraph-user-change-password',
          Requests: [
            {
              Method: 'PATCH',
              URL: USER_URL,
              Body: '{"passwordProfile":{"forceChangePasswordNextSignIn":true,"forceChangePasswordNextSignInWithMfa":false,"password":"********"}}',
            },
          ],
        },
      },
    },
    check: keepsPasswordSecret(PASSWORD),
  },
  {
    name: 'a missing password is refused',
    command: 'msgraph-user-change-password',
    args: { user: USER },
    expect: { error: "Missing required argument 'password'.", sendsNothing: true },
  },
  {
    name: 'a bad boolean is refused',
    command: 'msgraph-user-change-password',
    args: { user: USER, password: PASSWORD, force_change_password_with_mfa: 'sure' },
    expect: {
      error: "Invalid value 'sure' for argument 'force_change_password_with_mfa'. Possible values: true, false.",
      sendsNothing: true,
    },
  },
];

const methodsExchange: Exchange = { method: 'GET', path: `${USER_PATH}/authentication/passwordMethods`, status: 200, reply: methods };
const resetExchange = (location: string | undefined, password = PASSWORD): Exchange => ({
  method: 'POST',
  path: `${USER_PATH}/authentication/methods/${METHOD_ID}/resetPassword`,
  body: { newPassword: password },
  status: 202,
  replyHeaders: location === undefined ? {} : { Location: location, 'Retry-After': '2' },
});
const poll = (reply: unknown, retryAfter?: string): Exchange => ({
  method: 'GET',
  path: OPERATION_PATH,
  withoutHeaders: ['ConsistencyLevel'],
  status: 200,
  reply,
  ...(retryAfter === undefined ? {} : { replyHeaders: { 'Retry-After': retryAfter } }),
});
const succeededContents = { user: USER, status: 'succeeded', polling_url: OPERATION_URL };
const succeededNote = `Password reset **succeeded** for user **${USER}**.`;

const clock = recordingSleep();
const clampClock = recordingSleep();
const timeoutClock = recordingSleep();

const onPremiseCases: CommandCase[] = [
  {
    name: 'finds the password method, resets, polls the Location until it succeeds',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD },
    deps: clock.deps,
    exchanges: [methodsExchange, resetExchange(OPERATION_URL), poll(running, '3'), poll(succeeded)],
    expect: { readable: succeededNote, contents: succeededContents, context: {} },
    check: (outcome) => {
      keepsPasswordSecret(PASSWORD)(outcome);
      expect(clock.waits).toEqual([3000]);
    },
  },
  {
    name: 'a relative Location is resolved against the Graph origin; nonsensitive_password alone is used',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, nonsensitive_password: PASSWORD },
    exchanges: [methodsExchange, resetExchange(OPERATION_PATH), poll(succeeded)],
    expect: { readable: succeededNote, contents: succeededContents },
    check: keepsPasswordSecret(PASSWORD),
  },
  {
    name: 'the same value in both password arguments is accepted',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD, nonsensitive_password: PASSWORD },
    exchanges: [methodsExchange, resetExchange(OPERATION_URL), poll(succeeded)],
    expect: { readable: succeededNote },
  },
  {
    name: 'nonsensitive_password is a password too: sent untrimmed',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, nonsensitive_password: ` ${PASSWORD} ` },
    exchanges: [methodsExchange, resetExchange(OPERATION_URL, ` ${PASSWORD} `), poll(succeeded)],
    expect: { readable: succeededNote },
  },
  {
    name: 'the same spaced value in both password arguments is accepted',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: `${PASSWORD} `, nonsensitive_password: `${PASSWORD} ` },
    exchanges: [methodsExchange, resetExchange(OPERATION_URL, `${PASSWORD} `), poll(succeeded)],
    expect: { readable: succeededNote },
  },
  {
    name: 'Retry-After is kept within 1 to 30 seconds',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD, timeout_in_seconds: '600' },
    deps: clampClock.deps,
    exchanges: [methodsExchange, resetExchange(OPERATION_URL), poll(running, '100'), poll(running, '0'), poll(running, 'soon'), poll(succeeded)],
    expect: { readable: succeededNote },
    check: () => expect(clampClock.waits).toEqual([30_000, 1000, 5000]),
  },
  {
    name: 'out of time: a note with the polling_url to keep checking',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD, timeout_in_seconds: '10' },
    deps: timeoutClock.deps,
    exchanges: [methodsExchange, resetExchange(OPERATION_URL), poll(running), poll(running), poll(running)],
    expect: {
      readable: `Password reset status for **${USER}** is **running**. Still waiting...\nRun this command again with polling_url=${OPERATION_URL} to keep checking.`,
      contents: { user: USER, status: 'running', polling_url: OPERATION_URL },
    },
    check: () => expect(timeoutClock.waits).toEqual([5000, 5000]),
  },
  {
    name: 'a status poll that fails after the reset started says the reset is under way, not that it failed to start',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD },
    exchanges: [
      methodsExchange,
      resetExchange(OPERATION_URL),
      { method: 'GET', path: OPERATION_PATH, status: 403, reply: { error: { code: 'accessDenied', message: 'Denied.' } } },
    ],
    expect: {
      error: [
        `The password reset for ${USER} was started, but checking its status failed.`,
        'Graph error 403 accessDenied: Denied.',
        `Run this command again with polling_url=${OPERATION_URL} to keep checking; do not start another reset.`,
      ].join('\n'),
    },
  },
  {
    name: 'a failed operation is an error with its statusDetail',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD },
    exchanges: [methodsExchange, resetExchange(OPERATION_URL), poll(failed)],
    expect: {
      error: `Password reset **failed** for user **${USER}**. Details: The password does not meet the on-premises password policy.`,
    },
  },
  {
    name: 'a canceled operation without details says so',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD },
    exchanges: [methodsExchange, resetExchange(OPERATION_URL), poll({ ...failed, status: 'canceled', statusDetail: null })],
    expect: { error: `Password reset **failed** for user **${USER}**. Details: No specific error message.` },
  },
  {
    name: 'a failed operation falls back to error.message',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD },
    exchanges: [
      methodsExchange,
      resetExchange(OPERATION_URL),
      poll({ status: 'failed', statusDetail: '', error: { message: 'Sync agent unreachable.' } }),
    ],
    expect: { error: `Password reset **failed** for user **${USER}**. Details: Sync agent unreachable.` },
  },
  {
    name: 'a given polling_url skips the reset and keeps the user',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, polling_url: OPERATION_URL },
    exchanges: [poll(succeeded)],
    expect: { readable: succeededNote, contents: succeededContents },
  },
  {
    name: 'a given polling_url on another host is refused before any token',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, polling_url: 'https://evil.example.com/v1.0/operations/1' },
    expect: {
      error: 'Refusing to follow a link to https://evil.example.com: it is not the configured Graph host https://graph.microsoft.com.',
      sendsNothing: true,
    },
  },
  {
    name: 'a Location on another host is refused',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD },
    exchanges: [methodsExchange, resetExchange('https://evil.example.com/operations/1')],
    expect: { error: 'Refusing to follow a link to https://evil.example.com: it is not the configured Graph host https://graph.microsoft.com.' },
  },
  {
    name: 'a missing Location fails',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD },
    exchanges: [methodsExchange, resetExchange(undefined)],
    expect: { error: `Failed to get polling URL (Location header) from the API response for user ${USER}.` },
  },
  {
    name: 'no password method fails',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD },
    exchanges: [{ ...methodsExchange, reply: { value: [] } }],
    expect: { error: 'Failed getting passwordMethod id' },
  },
  {
    name: 'a refused reset starts with the initiate line',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD },
    exchanges: [methodsExchange, { ...resetExchange(undefined), status: 403, reply: forbidden }],
    expect: { error: [`Failed to initiate password reset for ${USER}.`, ...forbiddenLines].join('\n') },
    check: keepsPasswordSecret(PASSWORD),
  },
  {
    name: 'a 404 is an error: on-premise is not 404-aware',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: NOBODY, password: PASSWORD },
    exchanges: [{ method: 'GET', path: '/v1.0/users/nobody%40contoso.com/authentication/passwordMethods', status: 404, reply: notFound }],
    expect: {
      error: [
        `Failed to initiate password reset for ${NOBODY}.`,
        "Graph error 404 Request_ResourceNotFound: Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
        'request-id: 5b1e0c2a-0000-4000-8000-000000000404, date: 2025-05-01T10:00:00',
      ].join('\n'),
    },
  },
  {
    name: 'a dry run shows the three steps with placeholders and the password masked',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, nonsensitive_password: PASSWORD, dry_run: 'true' },
    expect: {
      sendsNothing: true,
      readable: [
        '### Dry run: msgraph-user-change-password-on-premise',
        'No request was sent. These requests would be sent:',
        '|#|Method|URL|Body|',
        '|---|---|---|---|',
        `| 1 | GET | ${USER_URL}/authentication/passwordMethods |  |`,
        `| 2 | POST | ${USER_URL}/authentication/methods/{passwordMethodId}/resetPassword | {"newPassword":"********"} |`,
        '| 3 | GET | {Location} |  |',
        '',
      ].join('\n'),
      context: {
        [DRY_RUN_KEY]: {
          Command: 'msgraph-user-change-password-on-premise',
          Requests: [
            { Method: 'GET', URL: `${USER_URL}/authentication/passwordMethods`, Body: '' },
            { Method: 'POST', URL: `${USER_URL}/authentication/methods/{passwordMethodId}/resetPassword`, Body: '{"newPassword":"********"}' },
            { Method: 'GET', URL: '{Location}', Body: '' },
          ],
        },
      },
    },
    check: keepsPasswordSecret(PASSWORD),
  },
  {
    name: 'a dry run with a polling_url shows the one poll',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, polling_url: OPERATION_URL, dry_run: 'true' },
    expect: {
      sendsNothing: true,
      context: {
        [DRY_RUN_KEY]: {
          Command: 'msgraph-user-change-password-on-premise',
          Requests: [{ Method: 'GET', URL: OPERATION_URL, Body: '' }],
        },
      },
    },
  },
  {
    name: 'a dry run still checks the passwords',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, dry_run: 'true' },
    expect: {
      error: "Password is required. Please provide either 'password' (sensitive) or 'nonsensitive_password' argument.",
      sendsNothing: true,
    },
  },
  {
    name: 'no password at all is refused',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER },
    expect: {
      error: "Password is required. Please provide either 'password' (sensitive) or 'nonsensitive_password' argument.",
      sendsNothing: true,
    },
  },
  {
    name: 'two different passwords are refused',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD, nonsensitive_password: 'Other-Pa55word' },
    expect: {
      error:
        "Conflicting passwords provided. The 'password' and 'nonsensitive_password' arguments must have the same value, or use only one of them.",
      sendsNothing: true,
    },
    check: keepsPasswordSecret(PASSWORD),
  },
  {
    name: 'a timeout below 10 seconds is refused',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: USER, password: PASSWORD, timeout_in_seconds: '5' },
    expect: { error: "Argument 'timeout_in_seconds' must be at least 10.", sendsNothing: true },
  },
];

describe.each([
  ['msgraph-user-change-password', changeCases],
  ['msgraph-user-change-password-on-premise', onPremiseCases],
])('%s', (_command, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    await runCase(testCase);
  });
});
