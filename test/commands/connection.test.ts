import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../src/envelope';
import { TEST_MODULE_AUTH_CODE } from '../../src/commands/connection';
import { runEnvelope } from '../../src/run';
import { LOGIN, TENANT, graph, onlyError, onlyNote, runCommand, secretParams, useNock } from '../helpers/harness';

const probe = () => graph().get('/v1.0/users').query({ $top: '1', $select: 'id' });
const authCode: Record<string, ParamValue> = {
  ...secretParams,
  redirect_uri: 'https://localhost/myapp',
  creds_auth_code: { identifier: '', password: 'the-one-time-code' },
};

describe('test-module and msgraph-user-test (SPEC.md §2.7)', () => {
  useNock();

  const answers: Array<[string, string]> = [
    ['test-module', 'ok'],
    ['msgraph-user-test', '```✅ Success!```'],
  ];

  it.each(answers)('%s gets a token, reads one user id and answers %s', async (command, text) => {
    probe().reply(200, { value: [{ id: '1' }] });
    const outcome = await runCommand(command);
    const note = onlyNote(outcome);
    expect(note.Contents).toBe(text);
    expect(note.HumanReadable).toBe(text);
    expect(outcome.exitCode).toBe(0);
  });

  it('test-module under the auth-code flow sends nothing and says why', async () => {
    const outcome = await runEnvelope({ command: 'test-module', params: authCode }, { sleep: async () => {} });
    expect(onlyError(outcome)).toBe(TEST_MODULE_AUTH_CODE);
    expect(outcome.result.integrationContext).toEqual({});
  });

  it('msgraph-user-test works under the auth-code flow', async () => {
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .query(true)
      .reply(200, (_uri, body) => {
        expect(new URLSearchParams(String(body)).get('grant_type')).toBe('authorization_code');
        return { token_type: 'Bearer', expires_in: 3599, access_token: 'eyJ0eXAiOiJKV1QiLCJ0ZXN0IjoidG9rZW4ifQ.test-access-token' };
      });
    probe().reply(200, { value: [] });
    const outcome = await runEnvelope({ command: 'msgraph-user-test', params: authCode }, { sleep: async () => {} });
    expect(onlyNote(outcome).Contents).toBe('```✅ Success!```');
    expect(outcome.result.integrationContext).toHaveProperty('tokenCache');
  });

  it('a Graph error follows the Fail line', async () => {
    probe().reply(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } }, { 'request-id': 'r-1' });
    expect(onlyError(await runCommand('msgraph-user-test'))).toBe(
      'Failed to connect to Microsoft Graph.\nGraph error 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.\nrequest-id: r-1',
    );
  });

  it('a token error follows the Fail line', async () => {
    nock(LOGIN)
      .post('/bad-tenant/oauth2/v2.0/token')
      .reply(400, {
        error: 'invalid_request',
        error_description: "AADSTS90002: Tenant 'bad-tenant' not found.\r\nTrace ID: t\r\nCorrelation ID: c\r\nTimestamp: 2025-05-01 10:00:00Z",
        error_codes: [90002],
      });
    const outcome = await runEnvelope(
      { command: 'test-module', params: { ...secretParams, creds_tenant_id: { identifier: '', password: 'bad-tenant' } } },
      { sleep: async () => {} },
    );
    expect(outcome.exitCode).toBe(1);
    expect(onlyError(outcome)).toBe(
      "Failed to connect to Microsoft Graph.\nFailed to get an access token (secret).\ninvalid_request: Tenant 'bad-tenant' not found.",
    );
  });

  it('a configuration error is shown alone, before any request', async () => {
    const outcome = await runEnvelope(
      { command: 'msgraph-user-test', params: { azure_cloud: 'Worldwide', creds_auth_id: { identifier: '', password: 'c' } } },
      { sleep: async () => {} },
    );
    expect(onlyError(outcome)).toBe(
      'Key or Certificate Thumbprint and Private Key must be provided, or an Authorization code with an Application redirect URI, or Azure Managed Identities enabled.',
    );
  });

  it('an unknown cloud is refused before any request', async () => {
    const outcome = await runEnvelope({ command: 'test-module', params: { ...secretParams, azure_cloud: 'Mars' } }, { sleep: async () => {} });
    expect(onlyError(outcome)).toBe("Unknown Azure Cloud 'Mars'.");
  });

  it('reaches the configured cloud', async () => {
    nock('https://login.microsoftonline.us').post(`/${TENANT}/oauth2/v2.0/token`).reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 't' });
    nock('https://dod-graph.microsoft.us', { reqheaders: { authorization: 'Bearer t' } }).get('/v1.0/users').query(true).reply(200, { value: [] });
    const outcome = await runEnvelope({ command: 'test-module', params: { ...secretParams, azure_cloud: 'DoD' } }, { sleep: async () => {} });
    expect(onlyNote(outcome).Contents).toBe('ok');
  });
});
