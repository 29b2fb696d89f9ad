import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBin } from './built-bin';

const authResetText =
  'Authorization was reset successfully. Please regenerate the credentials, and then click **Test** to validate the credentials and connection.';

let home: string;
/** Every run gets a private config folder, so no test touches a real state file. */
let env: Record<string, string>;

beforeAll(async () => {
  await ensureBuilt();
  home = mkdtempSync(join(tmpdir(), 'entra-users-exec-'));
  env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config') };
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('exec: bad invocations exit 2 with one line on standard error', () => {
  it.each([
    ['an unknown command', ['exec', '!msgraph-nope user=a'], "Unknown command 'msgraph-nope'. Run 'entra-users help' for the list."],
    ['an unbalanced quote', ['exec', '!msgraph-user-get user="adele'], `Unbalanced quote: the value of 'user' opens with " but is never closed.`],
    ['a word without =', ['exec', '!msgraph-user-get adele'], "Expected key=value, got 'adele'."],
    ['a missing config file', ['exec', '--config', 'no/such.yml', '!msgraph-user-auth-reset'], 'Cannot read the config file no/such.yml: no such file.'],
    ['an unknown option', ['exec', '--frobnicate', '!msgraph-user-auth-reset'], "Unknown option '--frobnicate'. Run 'entra-users exec --help'."],
    ['no command', ['exec', '--json'], "No command given. Run 'entra-users exec --help'."],
    ['a missing --out folder', ['exec', '--out', 'no/such/dir', '!msgraph-user-auth-reset'], '--out no/such/dir: no such folder.'],
  ])('%s', async (_name, args, line) => {
    const run = await runBin(args, env);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('an invalid config file', async () => {
    const file = join(home, 'bad.yml');
    writeFileSync(file, 'azure_cloud: [unclosed\n');
    const run = await runBin(['exec', '--config', file, '!msgraph-user-auth-reset'], env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid YAML: .+\\n$`));
  });

  it('a config file naming a parameter integration.yml lacks', async () => {
    const file = join(home, 'unknown.json');
    writeFileSync(file, '{"client_id": "abc"}');
    const run = await runBin(['exec', '--config', file, '!msgraph-user-auth-reset'], env);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${file}: unknown parameter 'client_id'. Run 'entra-users help params' for the names.\n` });
  });

  it('help for an unknown command', async () => {
    expect(await runBin(['help', 'msgraph-nope'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: "Unknown command 'msgraph-nope'. Run 'entra-users help' for the list.\n",
    });
  });
});

describe('exec: runs a command', () => {
  it('auth-reset empties the state file, which stays private (0600 in a 0700 folder)', async () => {
    const state = join(home, 'fresh', 'state.json');
    const first = await runBin(['exec', '--state', state, '!msgraph-user-auth-reset'], env);
    expect(first).toEqual({ code: 0, stdout: `${authResetText}\n`, stderr: '' });
    expect(mode(state)).toBe(0o600);
    expect(mode(join(home, 'fresh'))).toBe(0o700);

    writeFileSync(state, JSON.stringify({ version: 1, integrationContext: { tokenCache: { v: 1 }, other: 'kept until reset' } }), { mode: 0o644 });
    const second = await runBin(['exec', `--state=${state}`, 'msgraph-user-auth-reset'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toEqual({ version: 1, integrationContext: {} });
    expect(mode(state)).toBe(0o600);
    expect(readdirSync(join(home, 'fresh'))).toEqual(['state.json']);
  });

  it('uses $XDG_CONFIG_HOME/entra-users/state.json by default', async () => {
    const run = await runBin(['exec', '!msgraph-user-auth-reset'], env);
    expect(run.code).toBe(0);
    const state = join(home, 'config', 'entra-users', 'state.json');
    expect(mode(state)).toBe(0o600);
    expect(mode(join(home, 'config', 'entra-users'))).toBe(0o700);
  });

  it('refuses a damaged state file with exit 2', async () => {
    const state = join(home, 'damaged.json');
    writeFileSync(state, 'not json');
    const run = await runBin(['exec', '--state', state, '!msgraph-user-auth-reset'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`The state file ${state} is damaged; delete it (tokens are fetched again) or pass another --state.\n`);
  });

  it('--json prints the whole result', async () => {
    const run = await runBin(['exec', '--json', '--no-state', '!msgraph-user-auth-reset'], env);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { entries: Array<{ Type: number; HumanReadable: string }>; integrationContext: unknown };
    expect(result.integrationContext).toEqual({});
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]).toMatchObject({ Type: 1, HumanReadable: authResetText });
  });

  it('an error entry goes to standard error after Error: and exits 1', async () => {
    const run = await runBin(['exec', '--no-state', '!msgraph-user-generate-login-url'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Error: Please make sure you entered the Authorization configuration correctly\. Missing: .*client_id/);
  });

  it('an argument integration.yml does not declare is the command error (exit 1)', async () => {
    const run = await runBin(['exec', '--no-state', '!msgraph-user-auth-reset bogus=1'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("Error: Unknown argument 'bogus' for command msgraph-user-auth-reset.\n");
  });

  const loginParams = { client: '0a1b2c3d-client', tenant: 'contoso-tenant', redirect: 'https://localhost/myapp' };

  it('reads the instance from ENTRA_USERS_* variables without --config', async () => {
    const run = await runBin(['exec', '--no-state', '!msgraph-user-generate-login-url'], {
      ...env,
      ENTRA_USERS_CREDS_AUTH_ID: loginParams.client,
      ENTRA_USERS_CREDS_TENANT_ID: loginParams.tenant,
      ENTRA_USERS_REDIRECT_URI: loginParams.redirect,
      ENTRA_USERS_AZURE_CLOUD: 'US GCC-High',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`https://login.microsoftonline.us/${loginParams.tenant}/oauth2/v2.0/authorize?`);
    expect(run.stdout).toContain(`client_id=${loginParams.client}`);
  });

  it('reads the instance from a YAML --config with credentials objects, ignoring the variables', async () => {
    const file = join(home, 'instance.yaml');
    writeFileSync(
      file,
      [
        `creds_auth_id: {identifier: "", password: "${loginParams.client}"}`,
        `creds_tenant_id: ${loginParams.tenant}`,
        `redirect_uri: ${loginParams.redirect}`,
        'insecure: false',
        '',
      ].join('\n'),
    );
    const run = await runBin(['exec', '--no-state', '--config', file, '!msgraph-user-generate-login-url'], {
      ...env,
      ENTRA_USERS_CREDS_AUTH_ID: 'from-the-environment',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`client_id=${loginParams.client}`);
    expect(run.stdout).not.toContain('from-the-environment');
  });

  it('reads --config - from standard input', async () => {
    const params = JSON.stringify({ creds_auth_id: loginParams.client, creds_tenant_id: loginParams.tenant, redirect_uri: loginParams.redirect });
    const run = await runBin(['exec', '--no-state', '--config', '-', 'msgraph-user-generate-login-url'], env, { input: params });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`client_id=${loginParams.client}`);
  });
});

describe('exec --sandbox', () => {
  it('lists the sandbox users as a markdown table, with nothing on standard error', async () => {
    const defaultState = join(home, 'config', 'entra-users', 'state.json');
    const before = existsSync(defaultState) ? readFileSync(defaultState, 'utf8') : undefined;
    const run = await runBin(['exec', '--sandbox', '!msgraph-user-list limit=5'], env, { timeoutMs: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('### All Graph Users');
    expect(lines).toContain('|Display Name|ID|Job Title|Mail|Mobile Phone|');
    expect(lines.filter((l) => l.startsWith('| ')).length).toBe(5);
    // The sandbox's throwaway tokens stay out of the default state file.
    expect(existsSync(defaultState) ? readFileSync(defaultState, 'utf8') : undefined).toBe(before);
  });

  it('a second run with the same --state makes no token request: the stored token cache is unchanged', async () => {
    const state = join(home, 'sandbox-state.json');
    const first = await runBin(['exec', '--sandbox', '--state', state, '!msgraph-user-list limit=2'], env, { timeoutMs: 60_000 });
    expect(first.code).toBe(0);
    const cached = readFileSync(state, 'utf8');
    expect(JSON.parse(cached).integrationContext.tokenCache.fp).toMatch(/^[0-9a-f]{32}$/);
    const second = await runBin(['exec', '--sandbox', '--state', state, '!msgraph-user-get user=adele.vance@contoso.com properties=displayName'], env, {
      timeoutMs: 60_000,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('| Adele Vance |');
    // A token request would have re-encrypted a new cache; an unchanged context is stored as it was.
    expect(readFileSync(state, 'utf8')).toBe(cached);
  });

  it('saves a file entry under its File name and never overwrites one', async () => {
    const out = join(home, 'out');
    mkdirSync(out);
    const line = '!msgraph-user-tap-policy-create user_id=adele.vance@contoso.com zip_password=Zip-Pass-1234';
    const first = await runBin(['exec', '--sandbox', '--out', out, line], env, { timeoutMs: 60_000 });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`Saved file: ${join(out, 'TAPPolicyInfo.zip')}\n`);
    const second = await runBin(['exec', '--sandbox', '--out', out, line], env, { timeoutMs: 60_000 });
    expect(second.stderr).toBe(`Saved file: ${join(out, 'TAPPolicyInfo-1.zip')}\n`);
    expect(readdirSync(out).sort()).toEqual(['TAPPolicyInfo-1.zip', 'TAPPolicyInfo.zip']);
    expect(mode(join(out, 'TAPPolicyInfo.zip'))).toBe(0o600);
  });
});
