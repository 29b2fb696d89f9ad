import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDebug, setLogSink } from '../src/log';
import { runEnvelope, type RunOutcome } from '../src/run';
import { CLIENT_SECRET, GRAPH, TOKEN, graph, runCommand, secretParams, useNock } from './helpers/harness';

useNock();

/** Known secrets, fed through every kind of entry and every log path below. */
const PASSWORD = 'Pw-Known-Secret-7391!';
const ZIP_PASSWORD = 'Zip-Known-Secret-5521!';
const PASS = 'TAP-Known-Secret-8812';
const AUTH_CODE = '0.AAAA-known-auth-code-secret';
const PEM_MARKER = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC';

const secrets = [CLIENT_SECRET, TOKEN, PASSWORD, ZIP_PASSWORD, PASS, AUTH_CODE, PEM_MARKER];
let logs: string[];

beforeEach(() => {
  logs = [];
  setLogSink((line) => logs.push(line));
  setDebug(true);
});
afterEach(() => {
  setDebug(false);
  setLogSink((line) => process.stderr.write(`${line}\n`));
});

function expectNoSecret(outcome: RunOutcome): void {
  const text = `${JSON.stringify(outcome.result)}\n${logs.join('\n')}`;
  for (const secret of secrets) expect(text, `a secret leaked: ${secret.slice(0, 6)}…`).not.toContain(secret);
}

describe('no secret reaches any entry or log line', () => {
  it('note: create with a password (request body logged at debug level)', async () => {
    graph()
      .post('/v1.0/users')
      .reply(201, { id: '1', userPrincipalName: 'eve@contoso.com', passwordProfile: { password: PASSWORD } });
    const outcome = await runCommand('msgraph-user-create', {
      display_name: 'Eve',
      mail_nickname: 'eve',
      user_principal_name: 'eve@contoso.com',
      password: PASSWORD,
    });
    expect(outcome.exitCode).toBe(0);
    expectNoSecret(outcome);
  });

  it('error: Graph echoes the password back in its error message', async () => {
    graph()
      .patch('/v1.0/users/adele%40contoso.com')
      .reply(400, { error: { code: 'Request_BadRequest', message: `The password ${PASSWORD} does not meet complexity.` } });
    const outcome = await runCommand('msgraph-user-change-password', { user: 'adele@contoso.com', password: PASSWORD });
    expect(outcome.exitCode).toBe(1);
    expect(String(outcome.result.entries[0]?.Contents)).toContain('The password *** does not meet complexity.');
    expectNoSecret(outcome);
  });

  it('dry run: the body shows the password masked', async () => {
    const outcome = await runCommand('msgraph-user-change-password', { user: 'adele@contoso.com', password: PASSWORD, dry_run: 'true' });
    expect(JSON.stringify(outcome.result)).toContain('"password\\":\\"********\\"');
    expectNoSecret(outcome);
  });

  it('file: the Temporary Access Pass is only inside the zip', async () => {
    graph()
      .post('/v1.0/users/adele%40contoso.com/authentication/temporaryAccessPassMethods')
      .reply(201, { id: 't1', temporaryAccessPass: PASS, isUsable: true, lifetimeInMinutes: 60 });
    const outcome = await runCommand(
      'msgraph-user-tap-policy-create',
      { user_id: 'adele@contoso.com', zip_password: ZIP_PASSWORD },
      { outputDir: mkdtempSync(join(tmpdir(), 'redaction-')) },
    );
    expect(outcome.result.entries.map((e) => e.Type)).toEqual([3, 1]);
    expectNoSecret(outcome);
  });

  it('token error: the token endpoint echoes the secret and the code', async () => {
    const outcome = await runEnvelope(
      {
        command: 'msgraph-user-test',
        params: {
          ...secretParams,
          azure_cloud: 'Custom',
          host: GRAPH,
          azure_ad_endpoint: 'https://login.invalid.test',
          redirect_uri: 'https://localhost/cb',
          creds_auth_code: { identifier: '', password: AUTH_CODE },
        },
      },
      { sleep: async () => {} },
    );
    expect(outcome.exitCode).toBe(1);
    expectNoSecret(outcome);
  });

  it('invalid envelope: the params are not echoed', async () => {
    const outcome = await runEnvelope({
      command: 'msgraph-user-test',
      params: { creds_enc_key: { identifier: '', password: CLIENT_SECRET } },
      stray: PASSWORD,
    });
    expect(outcome.exitCode).toBe(2);
    expectNoSecret(outcome);
  });
});
