import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Entry, NoteEntry } from '../../src/envelope';
import { EndToEnd, type BinRun } from './harness';

const ADELE = 'adele.vance@contoso.com';
let e2e: EndToEnd;

beforeAll(async () => {
  e2e = await EndToEnd.start();
});
afterAll(async () => {
  await e2e?.close();
});
beforeEach(() => {
  e2e.sandbox.reset();
});

function note(run: BinRun, index = 0): NoteEntry {
  const entry = run.result.entries[index] as Entry;
  expect(entry.Type, JSON.stringify(run.result.entries)).toBe(1);
  return entry as NoteEntry;
}

function contextOf(run: BinRun, prefix: string): unknown {
  const entry = note(run);
  const key = Object.keys(entry.EntryContext).find((k) => k === prefix || k.startsWith(`${prefix}(`));
  expect(key, `${prefix} in ${Object.keys(entry.EntryContext).join(', ')}`).toBeDefined();
  return entry.EntryContext[key as string];
}

interface Case {
  name: string;
  command: string;
  args?: Record<string, unknown>;
  params?: Record<string, unknown>;
  exit?: number;
  /** The human-readable output starts with this (or equals it, for sentences). */
  readable?: string;
  check?: (run: BinRun) => void | Promise<void>;
}

const cases: Case[] = [
  { name: 'test connection', command: 'msgraph-user-test', readable: '```✅ Success!```' },
  {
    name: 'generate the login URL for the sandbox login host',
    command: 'msgraph-user-generate-login-url',
    params: { redirect_uri: 'https://localhost/callback' },
    check: (run) => {
      const { url, credentials } = e2e.sandbox;
      expect(note(run).HumanReadable).toContain(`[login URL](${url}/${credentials.tenantId}/oauth2/v2.0/authorize?response_type=code&scope=offline_access%20`);
    },
  },
  {
    name: 'auth-reset forgets the stored tokens',
    command: 'msgraph-user-auth-reset',
    readable:
      'Authorization was reset successfully. Please regenerate the credentials, and then click **Test** to validate the credentials and connection.',
    check: (run) => expect(run.result.integrationContext).toEqual({}),
  },
  { name: 'test-module', command: 'test-module', readable: 'ok' },
  {
    name: 'get a user with selected properties',
    command: 'msgraph-user-get',
    args: { user: ADELE, properties: 'displayName,mail,id' },
    readable: `### ${ADELE} data\n|Display Name|ID|Mail|\n`,
    check: (run) => {
      const user = contextOf(run, 'MSGraphUser') as Record<string, unknown>;
      expect(user.DisplayName).toBe('Adele Vance');
      expect((contextOf(run, 'Account') as Record<string, unknown>).Username).toBeNull();
    },
  },
  {
    name: 'get a user that does not exist',
    command: 'msgraph-user-get',
    args: { user: 'nobody@contoso.com' },
    readable: '### User nobody@contoso.com was not found.\nMicrosoft Graph Response: Request_ResourceNotFound: ',
  },
  {
    name: 'list users with a filter',
    command: 'msgraph-user-list',
    args: { filter: "startswith(displayName,'Mega')" },
    check: (run) => {
      const users = contextOf(run, 'MSGraphUser') as Array<Record<string, unknown>>;
      expect(users.map((u) => u.DisplayName)).toEqual(['Megan Bowen']);
    },
  },
  {
    name: 'list users with a limit keeps the next page',
    command: 'msgraph-user-list',
    args: { limit: '3' },
    check: (run) => {
      const users = contextOf(run, 'MSGraphUser') as Array<Record<string, unknown>>;
      expect(users).toHaveLength(4);
      expect(String(users[0]?.NextPage)).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\?/);
      expect(note(run).HumanReadable).toContain('To get further results, enter this to the next_page parameter:\nhttps://127.0.0.1:');
    },
  },
  {
    name: 'create a user',
    command: 'msgraph-user-create',
    args: {
      display_name: 'Eve Example',
      mail_nickname: 'eve',
      user_principal_name: 'eve@contoso.com',
      password: 'Very-Secret-Passw0rd!',
      other_properties: 'jobTitle=Analyst,usageLocation=US',
    },
    readable: '### eve@contoso.com was created successfully:\n',
    check: (run) => {
      expect((contextOf(run, 'MSGraphUser') as Record<string, unknown>).JobTitle).toBe('Analyst');
      expect(run.stdout + run.stderr).not.toContain('Very-Secret-Passw0rd!');
    },
  },
  {
    name: 'update a user, then read it back',
    command: 'msgraph-user-update',
    args: { user: ADELE, updated_fields: 'jobTitle=Store Lead;mobilePhone=+1 555 0100', updated_fields_delimiter: ';' },
    check: (run) => {
      const user = contextOf(run, 'MSGraphUser') as Record<string, unknown>;
      expect([user.JobTitle, user.MobilePhone]).toEqual(['Store Lead', '+1 555 0100']);
    },
  },
  { name: 'delete a user', command: 'msgraph-user-delete', args: { user: 'alex.wilber@contoso.com' }, readable: 'user: "alex.wilber@contoso.com" was deleted successfully.' },
  { name: 'disable an account', command: 'msgraph-user-account-disable', args: { user: ADELE }, readable: `user: "${ADELE}" account has been disabled successfully.` },
  { name: 'terminate-session (deprecated alias)', command: 'msgraph-user-terminate-session', args: { user: ADELE }, readable: `user: "${ADELE}" account has been disabled successfully.` },
  { name: 'disable a missing user (handle_error)', command: 'msgraph-user-account-disable', args: { user: 'ghost@contoso.com' }, readable: '#### User -> ghost@contoso.com does not exist' },
  {
    name: 'disable a missing user without handle_error',
    command: 'msgraph-user-account-disable',
    args: { user: 'ghost@contoso.com' },
    params: { handle_error: 'false' },
    exit: 1,
    check: (run) => expect(String(run.result.entries[0]?.Contents)).toMatch(/^Failed to disable user ghost@contoso.com.\nGraph error 404 Request_ResourceNotFound: /),
  },
  {
    name: 'unblock',
    command: 'msgraph-user-unblock',
    args: { user: 'joni.sherman@contoso.com' },
    readable: '"joni.sherman@contoso.com" unblocked. It might take several minutes for the changes to take effect across all applications.',
  },
  { name: 'revoke sessions', command: 'msgraph-user-session-revoke', args: { user: ADELE }, readable: `User: "${ADELE}" sessions have been revoked successfully.` },
  { name: 'force a password reset', command: 'msgraph-user-force-reset-password', args: { user: ADELE }, readable: `User ${ADELE} will be required to change his password.` },
  { name: 'change a password', command: 'msgraph-user-change-password', args: { user: ADELE, password: 'N3w-Passw0rd-For-Adele!' }, readable: `User ${ADELE} password was changed successfully.` },
  {
    name: 'change an on-premises password, polling until it succeeds',
    command: 'msgraph-user-change-password-on-premise',
    args: { user: ADELE, password: 'N3w-Passw0rd-For-Adele!', timeout_in_seconds: '60' },
    readable: `Password reset **succeeded** for user **${ADELE}**.`,
  },
  {
    name: 'direct reports',
    command: 'msgraph-direct-reports',
    args: { user: 'miriam.graham@contoso.com' },
    readable: '### miriam.graham@contoso.com - direct reports\n',
    check: (run) => {
      const wrapper = contextOf(run, 'MSGraphUserDirectReports') as { Manager: string; Reports: Array<Record<string, unknown>> };
      expect(wrapper.Manager).toBe('miriam.graham@contoso.com');
      expect(wrapper.Reports.map((r) => r.DisplayName)).toContain('Adele Vance');
    },
  },
  {
    name: 'get the manager',
    command: 'msgraph-user-get-manager',
    args: { user: ADELE },
    check: (run) => expect((contextOf(run, 'MSGraphUserManager') as { Manager: Record<string, unknown> }).Manager.DisplayName).toBe('Miriam Graham'),
  },
  { name: 'a user with no manager', command: 'msgraph-user-get-manager', args: { user: 'patti.fernandez@contoso.com' }, readable: '#### User patti.fernandez@contoso.com has no manager.' },
  {
    name: 'assign a manager',
    command: 'msgraph-user-assign-manager',
    args: { user: ADELE, manager: 'lee.gu@contoso.com' },
    readable: `A manager was assigned to user "${ADELE}". It might take several minutes for the changes to take effect across all applications.`,
  },
  {
    name: 'groups',
    command: 'msgraph-user-get-groups',
    args: { user: ADELE },
    check: (run) => {
      const wrapper = contextOf(run, 'MSGraphUserGroups') as { ID: string; Groups: Array<Record<string, unknown>> };
      expect(wrapper.ID).toBe(ADELE);
      expect(wrapper.Groups.map((g) => g.DisplayName)).toContain('Retail');
    },
  },
  { name: 'owned devices', command: 'msgraph-user-owned-devices-list', args: { user: ADELE }, check: (run) => expect(note(run).HumanReadable).toMatch(/^(### Owned Devices for User |No owned devices found)/) },
  {
    name: 'all authentication methods',
    command: 'msgraph-user-get-auth-methods',
    args: { user: ADELE },
    check: (run) => expect((contextOf(run, 'MSGraphUserAuthMethods') as { Methods: unknown[] }).Methods.length).toBeGreaterThan(3),
  },
  {
    name: 'default authentication method (beta)',
    command: 'msgraph-user-get-user-default-auth-method',
    args: { user: ADELE },
    check: (run) => expect(note(run).HumanReadable).toContain('**Default Auth Method:** '),
  },
  {
    name: 'TAP policy: create (zip only), then list',
    command: 'msgraph-user-tap-policy-create',
    args: { user_id: ADELE, zip_password: 'Zip-Passw0rd-e2e', lifetime_in_minutes: '120', start_time: 'in 1 hour' },
    check: async (run) => {
      expect(run.result.entries.map((e) => e.Type)).toEqual([3, 1]);
      const file = run.result.entries[0] as Entry & { FileID: string; File: string };
      expect(file.File).toBe('TAPPolicyInfo.zip');
      const zipPath = join(e2e.outputDir, file.FileID);
      expect(readFileSync(zipPath).subarray(0, 2).toString()).toBe('PK');
      const pass = String(execFileSync('7z', ['x', '-so', '-pZip-Passw0rd-e2e', zipPath], { stdio: ['ignore', 'pipe', 'ignore'] }));
      // Graph shows a pass once, at creation: the zip is the only place it went.
      expect(pass).toMatch(/^\S{8,48}$/);
      expect(() => execFileSync('7z', ['x', '-so', '-pwrong-password', zipPath], { stdio: 'ignore' })).toThrow();
      expect(run.stdout + run.stderr).not.toContain(pass);
      const listed = await e2e.run('msgraph-user-tap-policy-list', { user_id: ADELE });
      expect(note(listed).HumanReadable).toContain(`### TAP Policy for User ID ${ADELE}:\n|Policy ID|Start Date Time|Lifetime In Minutes|`);
      expect(listed.stdout).not.toContain(pass);
    },
  },
  {
    name: 'a dry run sends nothing, not even a token request',
    command: 'msgraph-user-delete',
    args: { user: ADELE, dry_run: 'true' },
    readable: '### Dry run: msgraph-user-delete\nNo request was sent. These requests would be sent:\n',
    check: () => expect(e2e.sandbox.requests).toHaveLength(0),
  },
  {
    name: 'secret generators are gated',
    command: 'msgraph-user-create-mfa-client-secret',
    exit: 1,
    check: (run) => expect(run.result.entries[0]?.Contents).toBe('"Allow secret generators commands execution" parameter is not marked, Cannot run this command. For more information please refer to the integration configuration.'),
  },
  {
    name: 'secret generator: MFA client secret when allowed',
    command: 'msgraph-user-create-mfa-client-secret',
    params: { allow_secret_generators: 'true' },
    readable: 'A new client secret has been added. Note you might need to wait 30-60 seconds before the secret will be activated.',
  },
];

describe('every command end to end: bin/entra-users run against the sandbox over HTTPS', () => {
  it.each(cases)('$name', async ({ command, args, params, exit = 0, readable, check }) => {
    const run = await e2e.run(command, args, params ? { params: { ...e2e.sandbox.params, ...params } } : {});
    expect(run.status, run.stdout + run.stderr).toBe(exit);
    if (readable !== undefined) {
      const text = note(run, run.result.entries.findIndex((e) => e.Type === 1)).HumanReadable;
      if (readable.endsWith('\n') || readable.endsWith(': ')) expect(text.startsWith(readable), text).toBe(true);
      else expect(text).toBe(readable);
    }
    await check?.(run);
    expect(run.stdout + run.stderr).not.toContain(e2e.sandbox.credentials.clientSecret);
  });
});

const methodTypes = ['fido2', 'email', 'authenticator', 'phone', 'software-oath', 'windows-hello', 'temp-access-pass'];

describe('each authentication-method type: list, get one, delete, list again', () => {
  it.each(methodTypes)('%s', async (stem) => {
    const user = ADELE;
    const listed = await e2e.run(`msgraph-user-${stem}-method-list`, { user });
    expect(listed.status, listed.stdout).toBe(0);
    const entry = note(listed);
    const key = Object.keys(entry.EntryContext)[0] as string;
    const records = entry.EntryContext[key] as Array<Record<string, unknown>>;
    const first = records.find((r) => r.ID !== undefined) as Record<string, unknown>;
    expect(first, `a ${stem} method for Adele`).toBeDefined();
    const id = String(first.ID);
    const one = await e2e.run(`msgraph-user-${stem}-method-list`, { user, method_id: id });
    expect((note(one).EntryContext[key] as Record<string, unknown>).ID).toBe(id);
    const deleted = await e2e.run(`msgraph-user-${stem}-method-delete`, { user, method_id: id });
    expect(deleted.status, deleted.stdout).toBe(0);
    expect(note(deleted).HumanReadable).toContain(id);
    const again = await e2e.run(`msgraph-user-${stem}-method-list`, { user, method_id: id });
    expect(note(again).HumanReadable).toBe(`#### Did not find the method_id ${id} for user ${user}`);
  });
});
