import { describe, expect, it } from 'vitest';
import { runEnvelope } from '../src/run';
import { CLIENT_ID, CLIENT_SECRET, TENANT, onlyError, onlyNote, secretParams } from './helpers/harness';

const authResetText =
  'Authorization was reset successfully. Please regenerate the credentials, and then click **Test** to validate the credentials and connection.';

describe('envelope validation (CONTRACT.md): exit 2 with one error entry', () => {
  it.each([
    ['not an object', [1, 2], "Invalid envelope: the envelope must be object."],
    ['no command', {}, "Invalid envelope: the envelope must have required property 'command'."],
    ['an unknown top-level key', { command: 'x', extra: 1 }, "Invalid envelope: the envelope has an unknown key 'extra'."],
    ['args of the wrong type', { command: 'x', args: 'user=a' }, "Invalid envelope: 'args' must be object."],
    ['an arg that is an object', { command: 'x', args: { user: { a: 1 } } }, "Invalid envelope: 'args.user' must be string,boolean,number,null."],
    ['integrationContext of the wrong type', { command: 'x', integrationContext: [] }, "Invalid envelope: 'integrationContext' must be object."],
  ])('%s', async (_name, raw, message) => {
    const outcome = await runEnvelope(raw);
    expect(outcome.exitCode).toBe(2);
    expect(onlyError(outcome)).toBe(message);
  });
});

describe('run: commands that need no network', () => {
  it('auth-reset clears the context and answers the reference sentence', async () => {
    const outcome = await runEnvelope({
      command: 'msgraph-user-auth-reset',
      integrationContext: { tokenCache: { v: 1 }, other: 1 },
    });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.result.integrationContext).toEqual({});
    const entry = onlyNote(outcome);
    expect(entry).toEqual({
      Type: 1,
      ContentsFormat: 'text',
      Contents: authResetText,
      HumanReadable: authResetText,
      ReadableContentsFormat: 'markdown',
      EntryContext: {},
      IgnoreAutoExtract: false,
      Note: false,
      Relationships: [],
      IndicatorTimeline: [],
    });
  });

  it.each([
    ['Worldwide', 'https://login.microsoftonline.com', 'https%3A%2F%2Fgraph.microsoft.com'],
    ['US GCC', 'https://login.microsoftonline.com', 'https%3A%2F%2Fgraph.microsoft.us'],
    ['US GCC-High', 'https://login.microsoftonline.us', 'https%3A%2F%2Fgraph.microsoft.us'],
    ['DoD', 'https://login.microsoftonline.us', 'https%3A%2F%2Fdod-graph.microsoft.us'],
    ['Germany', 'https://login.microsoftonline.de', 'https%3A%2F%2Fgraph.microsoft.de'],
    ['China', 'https://login.chinacloudapi.cn', 'https%3A%2F%2Fmicrosoftgraph.chinacloudapi.cn'],
  ])('generate-login-url for %s', async (cloud, login, graph) => {
    const outcome = await runEnvelope({
      command: 'msgraph-user-generate-login-url',
      params: { ...secretParams, azure_cloud: cloud, redirect_uri: 'https://localhost/myapp' },
    });
    const entry = onlyNote(outcome);
    const url =
      `${login}/${TENANT}/oauth2/v2.0/authorize?response_type=code&scope=offline_access%20${graph}%2F.default` +
      `&client_id=${CLIENT_ID}&redirect_uri=https%3A%2F%2Flocalhost%2Fmyapp`;
    expect(entry.HumanReadable).toContain(`1. Click on the [login URL](${url}) to sign in`);
    expect(entry.HumanReadable.startsWith('### Authorization instructions\n')).toBe(true);
    expect(entry.Contents).toBe(entry.HumanReadable);
    expect(JSON.stringify(outcome)).not.toContain(CLIENT_SECRET);
  });

  it('generate-login-url with a Custom cloud uses its login host', async () => {
    const outcome = await runEnvelope({
      command: 'msgraph-user-generate-login-url',
      params: {
        ...secretParams,
        azure_cloud: 'Custom',
        azure_ad_endpoint: 'https://login.example.test/some/path',
        host: 'https://graph.example.test',
        redirect_uri: 'https://localhost/cb',
      },
    });
    expect(onlyNote(outcome).HumanReadable).toContain(
      `(https://login.example.test/${TENANT}/oauth2/v2.0/authorize?response_type=code&scope=offline_access%20https%3A%2F%2Fgraph.example.test%2F.default&`,
    );
  });

  it('generate-login-url names what is missing', async () => {
    const outcome = await runEnvelope({ command: 'msgraph-user-generate-login-url', params: {} });
    expect(outcome.exitCode).toBe(1);
    expect(onlyError(outcome)).toBe(
      'Please make sure you entered the Authorization configuration correctly. Missing: client_id, tenant_id, redirect_uri',
    );
  });
});

describe('run: errors before any network call (exit 1)', () => {
  it.each([
    ['unknown command', { command: 'msgraph-user-nope' }, "Unknown command 'msgraph-user-nope'."],
    ['missing required argument', { command: 'msgraph-user-get' }, "Missing required argument 'user'."],
    [
      'unknown argument',
      { command: 'msgraph-user-auth-reset', args: { user: 'a' } },
      "Unknown argument 'user' for command msgraph-user-auth-reset.",
    ],
    [
      'value outside predefined',
      { command: 'msgraph-user-account-disable', args: { user: 'a', dry_run: 'maybe' } },
      "Invalid value 'maybe' for argument 'dry_run'. Possible values: true, false.",
    ],
    [
      'an instance with no credentials, even for a command that brings its own token',
      { command: 'msgraph-user-request-mfa', args: { user_mail: 'a@contoso.com', access_token: 'tok-1234' } },
      'Key or Certificate Thumbprint and Private Key must be provided, or an Authorization code with an Application redirect URI, or Azure Managed Identities enabled.',
    ],
  ])('%s', async (_name, raw, message) => {
    const outcome = await runEnvelope(raw);
    expect(outcome.exitCode).toBe(1);
    expect(onlyError(outcome)).toBe(message);
  });

  it('keeps the integration context when a command fails', async () => {
    const context = { tokenCache: { v: 1, fp: 'x', data: 'y' } };
    const outcome = await runEnvelope({ command: 'msgraph-user-get', integrationContext: context });
    expect(outcome.result.integrationContext).toBe(context);
  });
});
