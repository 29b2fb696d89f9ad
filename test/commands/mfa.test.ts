import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMfaRequest, escapeXml, parseXml, readMfaResponse, XmlSyntaxError } from '../../src/commands/mfa-xml';
import type { ParamValue } from '../../src/envelope';
import { setLogSink } from '../../src/log';
import { GRAPH, graph, onlyError, onlyNote, runCommand, secretParams, TENANT, useNock } from '../helpers/harness';

function response(inner: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<BeginTwoWayAuthenticationResponse xmlns="http://schemas.microsoft.com/2003/10/Serialization/"',
    ' xmlns:i="http://www.w3.org/2001/XMLSchema-instance">',
    inner,
    '</BeginTwoWayAuthenticationResponse>',
  ].join('\n');
}

describe('buildMfaRequest', () => {
  it('builds the BeginTwoWayAuthenticationRequest with every fixed child, in order', () => {
    const xml = buildMfaRequest('adele@contoso.com', '0b6f2c1e-1d2a-4a7b-9c3d-5e6f7a8b9c0d');
    expect(xml).toBe(
      '<BeginTwoWayAuthenticationRequest><Version>1.0</Version>' +
        '<UserPrincipalName>adele@contoso.com</UserPrincipalName><Lcid>en-us</Lcid>' +
        '<AuthenticationMethodProperties xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays">' +
        '<a:KeyValueOfstringstring><a:Key>OverrideVoiceOtp</a:Key><a:Value>false</a:Value></a:KeyValueOfstringstring>' +
        '</AuthenticationMethodProperties>' +
        '<ContextId>0b6f2c1e-1d2a-4a7b-9c3d-5e6f7a8b9c0d</ContextId><SyncCall>true</SyncCall>' +
        '<RequireUserMatch>true</RequireUserMatch><CallerName>radius</CallerName><CallerIP>UNKNOWN:</CallerIP>' +
        '</BeginTwoWayAuthenticationRequest>',
    );
  });

  it('escapes the user so it cannot change the document', () => {
    const xml = buildMfaRequest(`a<b>&"c'</UserPrincipalName><x>`, 'id');
    expect(xml).toContain('<UserPrincipalName>a&lt;b&gt;&amp;&quot;c&apos;&lt;/UserPrincipalName&gt;&lt;x&gt;</UserPrincipalName>');
    const parsed = parseXml(xml);
    expect(parsed.children.map((c) => c.name)).toEqual([
      'Version',
      'UserPrincipalName',
      'Lcid',
      'AuthenticationMethodProperties',
      'ContextId',
      'SyncCall',
      'RequireUserMatch',
      'CallerName',
      'CallerIP',
    ]);
    expect(parsed.children[1]?.text).toBe(`a<b>&"c'</UserPrincipalName><x>`);
  });

  it('escapeXml leaves plain text alone', () => {
    expect(escapeXml('adele.vance@contoso.com')).toBe('adele.vance@contoso.com');
  });
});

describe('readMfaResponse', () => {
  it('reads an approval', () => {
    const xml = response(
      '<Result><Value>Success</Value><Message i:nil="true"/></Result><SessionId>abc</SessionId>' +
        '<AuthenticationResult>true</AuthenticationResult>',
    );
    expect(readMfaResponse(xml)).toEqual({ value: 'Success', authenticated: true, message: 'No specific message' });
  });

  it('ignores namespace prefixes on elements and on xsi:nil', () => {
    const xml =
      '<s:Envelope xmlns:s="urn:s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><s:Body>' +
      '<b:BeginTwoWayAuthenticationResponse xmlns:b="urn:b"><b:Result><b:Value>PhoneAppDenied</b:Value>' +
      '<b:Message xsi:nil="true"></b:Message></b:Result><b:AuthenticationResult>false</b:AuthenticationResult>' +
      '</b:BeginTwoWayAuthenticationResponse></s:Body></s:Envelope>';
    expect(readMfaResponse(xml)).toEqual({ value: 'PhoneAppDenied', authenticated: false, message: 'No specific message' });
  });

  it('reads a message with entities and CDATA, trimmed', () => {
    const xml = response(
      '<Result>\n  <Value> UserNotFound </Value>\n  <Message>User &quot;x&quot; &amp; <![CDATA[<not a tag>]]> &#x263A;&#65;</Message>\n</Result>' +
        '<AuthenticationResult>false</AuthenticationResult>',
    );
    expect(readMfaResponse(xml)).toEqual({
      value: 'UserNotFound',
      authenticated: false,
      message: 'User "x" & <not a tag> ☺A',
    });
  });

  it('treats an empty or absent message as no specific message', () => {
    expect(readMfaResponse(response('<Result><Value>Failed</Value><Message/></Result><AuthenticationResult>false</AuthenticationResult>'))?.message).toBe(
      'No specific message',
    );
    expect(readMfaResponse(response('<Result><Value>Failed</Value></Result><AuthenticationResult>false</AuthenticationResult>'))?.message).toBe(
      'No specific message',
    );
  });

  it('needs Value inside Result, not anywhere', () => {
    const xml = response('<Result/><Value>Success</Value><AuthenticationResult>true</AuthenticationResult>');
    expect(readMfaResponse(xml)).toBeUndefined();
  });

  it.each([
    ['not XML at all', 'Service Unavailable'],
    ['empty', ''],
    ['no AuthenticationResult', response('<Result><Value>Success</Value></Result>')],
    ['no Result', response('<AuthenticationResult>true</AuthenticationResult>')],
    ['unclosed', '<Response><Result><Value>Success</Value></Result>'],
    ['mismatched tags', '<a:Response xmlns:a="x"><a:Result></b:Result></a:Response>'],
    ['two roots', '<a/><b/>'],
    ['text after root', '<a/>junk'],
    ['bare ampersand', '<a>x & y</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['doctype', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['attribute without quotes', '<a b=c/>'],
    ['unterminated comment', '<a><!-- </a>'],
  ])('is undefined for %s', (_why, xml) => {
    expect(readMfaResponse(xml)).toBeUndefined();
  });

  it('parseXml reports syntax errors as XmlSyntaxError', () => {
    expect(() => parseXml('<a>')).toThrow(XmlSyntaxError);
  });

  it('keeps attributes by local name and leaves out namespace declarations', () => {
    const root = parseXml(`<r xmlns="u" xmlns:p="v" p:one='1' two="&lt;2&gt;"/>`);
    expect(root.attributes).toEqual({ one: '1', two: '<2>' });
  });
});

const MFA_HOST = 'https://strongauthenticationservice.auth.microsoft.com';
const MFA_PATH = '/StrongAuthenticationService.svc/Connector//BeginTwoWayAuthentication';
const MFA_TOKEN = 'eyJ0eXAiOiJKV1QiLCJtZmEiOiJyZXF1ZXN0In0.mfa-request-token';
const MFA_APP_ID = '981f26a1-7f43-403b-a875-f8b09b8cd720';
const GATE =
  '"Allow secret generators commands execution" parameter is not marked, Cannot run this command. For more information please refer to the integration configuration.';
const gated: Record<string, ParamValue> = { ...secretParams, allow_secret_generators: 'true' };

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../test_data/graph/methods/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

function mfaAnswer(value: string, authenticated: boolean, message = '<Message i:nil="true"/>'): string {
  return response(`<Result><Value>${value}</Value>${message}</Result><AuthenticationResult>${authenticated}</AuthenticationResult>`);
}

let logs: string[];
beforeEach(() => {
  logs = [];
  setLogSink((line) => logs.push(line));
});
afterEach(() => {
  setLogSink((line) => process.stderr.write(`${line}\n`));
});

describe('msgraph-user-request-mfa', () => {
  useNock();

  function mfaService(check: (body: string) => boolean = () => true): nock.Interceptor {
    return nock(MFA_HOST, {
      reqheaders: { authorization: `Bearer ${MFA_TOKEN}`, 'content-type': 'application/xml' },
    }).post(MFA_PATH, (body: unknown) => check(String(body)));
  }

  it('posts the XML request with the token and reports an approval', async () => {
    let sent = '';
    mfaService((body) => {
      sent = body;
      return true;
    }).reply(200, mfaAnswer('Success', true));
    const outcome = await runCommand('msgraph-user-request-mfa', { user_mail: 'a&b@contoso.com', access_token: MFA_TOKEN });
    const note = onlyNote(outcome);
    expect(note.HumanReadable).toBe('Status: User Approved MFA Request');
    expect(note.Contents).toBe('Status: User Approved MFA Request');
    expect(note.EntryContext).toEqual({});
    expect(sent).toContain('<UserPrincipalName>a&amp;b@contoso.com</UserPrincipalName>');
    expect(sent).toMatch(/<ContextId>[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/ContextId>/);
    expect(JSON.stringify(outcome)).not.toContain(MFA_TOKEN);
    expect(logs.join('\n')).not.toContain(MFA_TOKEN);
  });

  it.each([
    [mfaAnswer('PhoneAppDenied', false), 'Status: User Denied Request'],
    [mfaAnswer('PhoneAppNoResponse', false), 'Status: MFA Request Timed Out'],
    [mfaAnswer('UserNotFound', false, '<Message>The user was not found.</Message>'), 'Status: MFA Request Failed - The user was not found.'],
    [mfaAnswer('Success', false), 'Status: MFA Request Failed - No specific message'],
    [mfaAnswer('AuthenticationFailed', false), 'Status: MFA Request Failed - No specific message'],
    ['<html>Service Unavailable</html', 'Error: Could not parse MFA response.'],
    [response('<Result><Value>Success</Value></Result>'), 'Error: Could not parse MFA response.'],
  ])('any other answer is an error (%#)', async (xml, text) => {
    mfaService().reply(200, xml);
    const error = onlyError(await runCommand('msgraph-user-request-mfa', { user_mail: 'adele@contoso.com', access_token: MFA_TOKEN }));
    expect(error).toBe(`Failed to pop MFA request for user adele@contoso.com: ${text}`);
  });

  it('an HTTP error names its status, and the call is not repeated', async () => {
    mfaService().once().reply(500, 'oops');
    const error = onlyError(await runCommand('msgraph-user-request-mfa', { user_mail: 'adele@contoso.com', access_token: MFA_TOKEN }));
    expect(error).toBe('Failed to pop MFA request for user adele@contoso.com: Error sending MFA challenge: 500');
  });

  it('a service still busy after 4 retries says so after the status', async () => {
    mfaService().times(5).reply(503, 'busy');
    const error = onlyError(await runCommand('msgraph-user-request-mfa', { user_mail: 'adele@contoso.com', access_token: MFA_TOKEN }));
    expect(error.split('\n')).toEqual([
      'Failed to pop MFA request for user adele@contoso.com: Error sending MFA challenge: 503',
      expect.stringMatching(/^Gave up after 4 retries \(\d+(\.\d)? s waited\)\.$/),
    ]);
  });

  it('a connection reset is not re-sent and says the request may have been processed', async () => {
    mfaService()
      .once()
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const error = onlyError(await runCommand('msgraph-user-request-mfa', { user_mail: 'adele@contoso.com', access_token: MFA_TOKEN }));
    expect(error.split('\n')).toEqual([
      'Failed to pop MFA request for user adele@contoso.com.',
      'Could not connect to strongauthenticationservice.auth.microsoft.com: ECONNRESET socket hang up.',
      'The request may have been processed; it was not sent again to avoid a duplicate. Check before retrying.',
    ]);
  });

  it('needs the access token', async () => {
    expect(onlyError(await runCommand('msgraph-user-request-mfa', { user_mail: 'adele@contoso.com' }))).toBe(
      "Missing required argument 'access_token'.",
    );
  });
});

describe('msgraph-user-create-mfa-client-secret', () => {
  useNock();
  const lookup = () =>
    graph().get('/v1.0/servicePrincipals').query({ $filter: `appId eq '${MFA_APP_ID}'`, $select: 'id' });

  it('is refused unless secret generators are allowed, before anything is sent', async () => {
    expect(onlyError(await runCommand('msgraph-user-create-mfa-client-secret'))).toBe(GATE);
    expect(onlyError(await runCommand('msgraph-user-create-mfa-client-secret', { dry_run: 'true' }))).toBe(GATE);
    expect(
      onlyError(await runCommand('msgraph-user-create-mfa-client-secret', {}, { params: { ...secretParams, allow_secret_generators: false } })),
    ).toBe(GATE);
  });

  it('finds the MFA service principal and adds a password to it', async () => {
    lookup().reply(200, fixture('service-principals'));
    graph()
      .post('/v1.0/servicePrincipals/9d3b7c4e-1a2f-4e5d-8c6b-0f1e2d3c4b5a/addPassword', {
        passwordCredential: { displayName: 'MFA App Secret' },
      })
      .reply(200, fixture('add-password'));
    const note = onlyNote(await runCommand('msgraph-user-create-mfa-client-secret', {}, { params: gated }));
    const secret = {
      MFAClientSecret: 'Xy7Q~generated.mfa-client-secret_value',
      ValidFrom: '2025-05-01T10:00:00Z',
      ValidUntil: '2027-05-01T10:00:00Z',
    };
    expect(note.EntryContext).toEqual({ 'MSGraphUser.MFAClientSecret': secret });
    expect(note.Contents).toEqual(secret);
    expect(note.HumanReadable).toBe(
      'A new client secret has been added. Note you might need to wait 30-60 seconds before the secret will be activated.',
    );
  });

  it('fails when the service principal is not in the tenant', async () => {
    lookup().reply(200, { value: [] });
    expect(onlyError(await runCommand('msgraph-user-create-mfa-client-secret', {}, { params: gated }))).toBe(
      `Error: Service Principal with appId ${MFA_APP_ID} not found.`,
    );
  });

  it('a dry run shows the lookup and the addPassword with its placeholder', async () => {
    const note = onlyNote(await runCommand('msgraph-user-create-mfa-client-secret', { dry_run: 'true' }, { params: gated }));
    expect(note.EntryContext).toEqual({
      'MSGraphUser.DryRun': {
        Command: 'msgraph-user-create-mfa-client-secret',
        Requests: [
          {
            Method: 'GET',
            URL: `${GRAPH}/v1.0/servicePrincipals?%24filter=appId%20eq%20'${MFA_APP_ID}'&%24select=id`,
            Body: '',
          },
          {
            Method: 'POST',
            URL: `${GRAPH}/v1.0/servicePrincipals/{servicePrincipalId}/addPassword`,
            Body: '{"passwordCredential":{"displayName":"MFA App Secret"}}',
          },
        ],
      },
    });
  });

  it('a Graph failure carries the Fail line, and addPassword is not repeated', async () => {
    lookup().reply(200, fixture('service-principals'));
    graph()
      .post('/v1.0/servicePrincipals/9d3b7c4e-1a2f-4e5d-8c6b-0f1e2d3c4b5a/addPassword')
      .once()
      .reply(504, { error: { code: 'GatewayTimeout', message: 'Gateway timeout.' } });
    const error = onlyError(await runCommand('msgraph-user-create-mfa-client-secret', {}, { params: gated }));
    expect(error.split('\n').slice(0, 2)).toEqual(['Failed to create the MFA client secret.', 'Graph error 504 GatewayTimeout: Gateway timeout.']);
  });
});

describe('msgraph-user-create-mfa-client-access-token', () => {
  useNock();
  const CLIENT_SECRET = 'Xy7Q~generated.mfa-client-secret_value';
  const form = {
    resource: 'https://adnotifications.windowsazure.com/StrongAuthenticationService.svc/Connector',
    client_id: MFA_APP_ID,
    client_secret: CLIENT_SECRET,
    grant_type: 'client_credentials',
    scope: 'openid',
  };

  it('is refused unless secret generators are allowed', async () => {
    expect(onlyError(await runCommand('msgraph-user-create-mfa-client-access-token', { client_secret: CLIENT_SECRET }))).toBe(GATE);
  });

  it("posts the form to the configured cloud's v1 token endpoint", async () => {
    nock('https://login.microsoftonline.com', { reqheaders: { 'content-type': 'application/x-www-form-urlencoded' } })
      .post(`/${TENANT}/oauth2/token`, form)
      .reply(200, fixture('mfa-token'));
    const outcome = await runCommand('msgraph-user-create-mfa-client-access-token', { client_secret: CLIENT_SECRET }, { params: gated });
    const note = onlyNote(outcome);
    const token = { AccessToken: 'eyJ0eXAiOiJKV1QiLCJtZmEiOiJ0b2tlbiJ9.mfa-access-token', ValidUntil: '1746097200' };
    expect(note.EntryContext).toEqual({ 'MSGraphUser.MFAAccessToken': token });
    expect(note.Contents).toEqual(token);
    expect(note.HumanReadable).toBe('A new access token has been created.');
    expect(JSON.stringify(outcome)).not.toContain(CLIENT_SECRET);
    expect(logs.join('\n')).not.toContain(CLIENT_SECRET);
  });

  it('follows the configured cloud', async () => {
    nock('https://login.microsoftonline.us').post(`/${TENANT}/oauth2/token`, form).reply(200, fixture('mfa-token'));
    onlyNote(
      await runCommand(
        'msgraph-user-create-mfa-client-access-token',
        { client_secret: CLIENT_SECRET },
        { params: { ...gated, azure_cloud: 'US GCC-High' } },
      ),
    );
  });

  it('the token request is retried after a connection reset', async () => {
    nock('https://login.microsoftonline.com')
      .post(`/${TENANT}/oauth2/token`)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    nock('https://login.microsoftonline.com').post(`/${TENANT}/oauth2/token`, form).reply(200, fixture('mfa-token'));
    onlyNote(await runCommand('msgraph-user-create-mfa-client-access-token', { client_secret: CLIENT_SECRET }, { params: gated }));
  });

  it('a refusal is "Error obtaining access token: <error>: <description>"', async () => {
    nock('https://login.microsoftonline.com')
      .post(`/${TENANT}/oauth2/token`)
      .reply(401, {
        error: 'invalid_client',
        error_description:
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: 1\r\nCorrelation ID: 2\r\nTimestamp: 2025-05-01 10:00:00Z",
        error_codes: [7000215],
      });
    expect(
      onlyError(await runCommand('msgraph-user-create-mfa-client-access-token', { client_secret: CLIENT_SECRET }, { params: gated })),
    ).toBe(
      'Error obtaining access token: invalid_client: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.',
    );
  });

  it('a token endpoint still busy after 4 retries says so after the refusal', async () => {
    nock('https://login.microsoftonline.com')
      .post(`/${TENANT}/oauth2/token`)
      .times(5)
      .reply(503, { error: 'temporarily_unavailable', error_description: 'AADSTS90033: busy' });
    const error = onlyError(
      await runCommand('msgraph-user-create-mfa-client-access-token', { client_secret: CLIENT_SECRET }, { params: gated }),
    );
    expect(error.split('\n')).toEqual([
      'Error obtaining access token: temporarily_unavailable: busy',
      expect.stringMatching(/^Gave up after 4 retries \(\d+(\.\d)? s waited\)\.$/),
    ]);
  });

  it('needs a tenant, even with a managed identity', async () => {
    const params: Record<string, ParamValue> = { use_managed_identities: 'true', allow_secret_generators: 'true' };
    expect(onlyError(await runCommand('msgraph-user-create-mfa-client-access-token', { client_secret: CLIENT_SECRET }, { params }))).toBe(
      'The Token / Tenant ID parameter is required.',
    );
  });
});
