import { X509Certificate } from 'node:crypto';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParamValue } from '../../src/envelope';
import { setDebug } from '../../src/log';
import { runEnvelope, type RunOutcome } from '../../src/run';
import { CLIENT_SECRET, GRAPH, LOGIN, TENANT, TOKEN, secretParams, useNock } from '../helpers/harness';
import { captureLogs, clientInfo, idToken, readCert } from './support';

const KEY = readCert('app-client.key');
const SHA1 = new X509Certificate(readCert('app-client.crt')).fingerprint.replace(/:/g, '');
const CODE = 'one-time-auth-code-0123456789';
const REFRESH = 'refresh-token-abcdefghijklmnop';

/** Everything that must stay out of stdout and stderr. */
const secrets = new Set([CLIENT_SECRET, TOKEN, TOKEN.split('.')[1] ?? TOKEN, CODE, REFRESH, ...KEY.split('\n').filter((l) => l.length > 40)]);

function answerToken(record?: (form: URLSearchParams) => void, status = 200): void {
  nock(LOGIN)
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(status, (_uri, body) => {
      const form = new URLSearchParams(String(body));
      record?.(form);
      return {
        token_type: 'Bearer',
        expires_in: 3599,
        access_token: TOKEN,
        refresh_token: REFRESH,
        id_token: idToken({ aud: 'x', iss: `${LOGIN}/${TENANT}/v2.0`, tid: TENANT, oid: 'o', sub: 's', iat: 1, exp: 4102444800 }),
        client_info: clientInfo('o', TENANT),
      };
    });
}

function expectNoSecret(outcome: RunOutcome, logs: string[]): void {
  const texts = [JSON.stringify(outcome.result), ...logs];
  for (const secret of secrets) {
    for (const text of texts) expect(text.includes(secret), `a secret leaked into: ${text.slice(0, 200)}`).toBe(false);
  }
}

const run = (command: string, params: Record<string, ParamValue>) =>
  runEnvelope({ command, params }, { sleep: async () => {} });

describe('no secret or token in any output or log line (SPEC.md §1.11)', () => {
  useNock();
  const logs = captureLogs();
  beforeEach(() => setDebug(true));
  afterEach(() => setDebug(false));

  it('secret flow, with a retry logged', async () => {
    answerToken();
    nock(GRAPH).get('/v1.0/users').query(true).reply(503, '', { 'Retry-After': '1' });
    nock(GRAPH).get('/v1.0/users').query(true).reply(200, { value: [] });
    const outcome = await run('msgraph-user-test', secretParams);
    expect(outcome.exitCode).toBe(0);
    expect(logs.some((l) => l.includes('Retrying GET graph.microsoft.com/v1.0/users after status 503'))).toBe(true);
    expect(logs.some((l) => l.includes('client_secret=***'))).toBe(true);
    expect(logs.some((l) => l.includes('"Authorization":"***"'))).toBe(true);
    expectNoSecret(outcome, logs);
  });

  it('certificate flow: neither the key nor the client assertion', async () => {
    let assertion = '';
    answerToken((form) => {
      assertion = form.get('client_assertion') ?? '';
    });
    nock(GRAPH).get('/v1.0/users').query(true).reply(200, { value: [] });
    const outcome = await run('msgraph-user-test', {
      ...secretParams,
      creds_enc_key: '',
      creds_certificate: { identifier: SHA1, password: KEY },
    });
    expect(outcome.exitCode).toBe(0);
    expect(assertion.length).toBeGreaterThan(100);
    for (const text of [JSON.stringify(outcome.result), ...logs]) expect(text).not.toContain(assertion.split('.')[2]);
    expectNoSecret(outcome, logs);
  });

  it('authorization code flow: neither the code nor the refresh token', async () => {
    answerToken();
    nock(GRAPH).get('/v1.0/users').query(true).reply(200, { value: [] });
    const outcome = await run('msgraph-user-test', {
      ...secretParams,
      redirect_uri: 'https://localhost/app',
      creds_auth_code: { identifier: '', password: CODE },
    });
    expect(outcome.exitCode).toBe(0);
    expectNoSecret(outcome, logs);
  });

  it('failures: a token request that found no server, and a rejected one', async () => {
    const unreachable = await run('msgraph-user-test', secretParams);
    expect(unreachable.exitCode).toBe(1);
    expectNoSecret(unreachable, logs);
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .reply(401, { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided: ${CLIENT_SECRET}` });
    const rejected = await run('msgraph-user-test', secretParams);
    expect(rejected.exitCode).toBe(1);
    expectNoSecret(rejected, logs);
  });
});
