import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRAPH, graph, onlyError, onlyNote, runCommand, secretParams, useNock } from '../helpers/harness';

type GraphRecord = Record<string, unknown>;

const USER = 'adele@contoso.com';
const U = 'adele%40contoso.com';

function fixture(name: string): GraphRecord {
  return JSON.parse(readFileSync(new URL(`../../test_data/graph/methods/${name}.json`, import.meta.url), 'utf8')) as GraphRecord;
}

function items(name: string): GraphRecord[] {
  return fixture(name).value as GraphRecord[];
}

/** A markdown table written out by hand, so the expectation does not reuse the code under test. */
function table(title: string, headers: string[], rows: string[][], metadata?: string): string {
  const lines = [`### ${title}`, ...(metadata ? [metadata] : []), `|${headers.join('|')}|`, `|${headers.map(() => '---').join('|')}|`];
  return `${[...lines, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')}\n`;
}

const notFound = (message: string) => ({ error: { code: 'Request_ResourceNotFound', message } });
const userMissing = notFound(`Resource '${USER}' does not exist or one of its queried reference-property objects are not present.`);

interface TypeCase {
  stem: string;
  collection: string;
  kind: string;
  prefix: string;
  listTitle: string;
  oneTitle: (id: string) => string;
  headers: string[];
  rows: string[][];
  /** The context record of the first fixture item. */
  firstRecord: GraphRecord;
  deleted: (id: string) => string;
}

const types: TypeCase[] = [
  {
    stem: 'fido2',
    collection: 'fido2Methods',
    kind: 'FIDO2',
    prefix: 'MSGraphUser.FIDO2Method',
    listTitle: `FIDO2 Authentication Methods for User ${USER}:`,
    oneTitle: (id) => `FIDO2 Authentication Method ${id} for User ${USER}:`,
    headers: ['Authentication method ID', 'The display name of the key', 'Authenticator Attestation GUID'],
    rows: [
      ['-2_GRUg2-HYz6_1YG4YRAQ2', 'Red Key', '2fc0579f-8113-47ea-b116-bb5a8db9202a'],
      ['_jpuR-TGZgk6aQCLF3BQjA2', 'Backup \\| key', 'cb69481e-8ff7-4039-93ec-0a2729a154a8'],
    ],
    firstRecord: {
      ID: '-2_GRUg2-HYz6_1YG4YRAQ2',
      DisplayName: 'Red Key',
      CreatedDateTime: '2024-08-13T10:23:11Z',
      AaGuid: '2fc0579f-8113-47ea-b116-bb5a8db9202a',
      Model: 'YubiKey 5 NFC',
      AttestationCertificates: ['dbe793efdf1945e2df25d93653a1e8a3268a9075'],
      AttestationLevel: 'attested',
    },
    deleted: (id) => `The user's FIDO2 Security Key Authentication Method ${id} has been successfully deleted.`,
  },
  {
    stem: 'email',
    collection: 'emailMethods',
    kind: 'email',
    prefix: 'MSGraphUser.EmailAuthMethod',
    listTitle: `Email Authentication Methods for User ${USER}:`,
    oneTitle: (id) => `Email Authentication Method ${id} for User ${USER}:`,
    headers: ['ID', 'Email Address'],
    rows: [['3ddfcfc8-9383-446f-83cc-3ab9be4be18f', 'adele.personal@fabrikam.com']],
    firstRecord: { ID: '3ddfcfc8-9383-446f-83cc-3ab9be4be18f', EmailAddress: 'adele.personal@fabrikam.com' },
    deleted: (id) => `The user's Email Authentication Method object ${id} has been successfully deleted.`,
  },
  {
    stem: 'authenticator',
    collection: 'microsoftAuthenticatorMethods',
    kind: 'Microsoft Authenticator',
    prefix: 'MSGraphUser.UserAuthMethod',
    listTitle: `Microsoft Authenticator Authentication Methods for User ${USER}:`,
    oneTitle: (id) => `Microsoft Authenticator Authentication Method ${id} for User ${USER}:`,
    headers: ['Authentication method ID', 'Device Name', 'Version of the Authenticator app'],
    rows: [['6b76a55d-9dd8-4b1c-94a1-3e2c6a31b1b7', "Adele's iPhone", '6.8.7']],
    firstRecord: {
      ID: '6b76a55d-9dd8-4b1c-94a1-3e2c6a31b1b7',
      DisplayName: "Adele's iPhone",
      DeviceTag: 'SoftwareTokenActivated',
      PhoneAppVersion: '6.8.7',
      CreatedDateTime: '2024-05-20T14:02:00Z',
    },
    deleted: (id) => `Microsoft Authenticator authentication method ${id} was successfully deleted for user ${USER}.`,
  },
  {
    stem: 'phone',
    collection: 'phoneMethods',
    kind: 'phone',
    prefix: 'MSGraphUser.PhoneAuthMethod',
    listTitle: `Phone Authentication Methods for User ${USER}:`,
    oneTitle: (id) => `Phone Authentication Method ${id} for User ${USER}:`,
    headers: ['Phone ID', 'Phone Number', 'Phone Type', 'Sms SignIn State'],
    rows: [
      ['3179e48a-750b-4051-897c-87b9720928f7', '+1 4255550199', 'mobile', 'notAllowedByPolicy'],
      ['b6332ec1-7057-4abe-9331-3d72feddfe41', '+1 4255550100', 'office', 'notSupported'],
    ],
    firstRecord: {
      ID: '3179e48a-750b-4051-897c-87b9720928f7',
      PhoneNumber: '+1 4255550199',
      PhoneType: 'mobile',
      SmsSignInState: 'notAllowedByPolicy',
    },
    deleted: (id) => `The user's phone authentication method object id ${id} has been successfully deleted.`,
  },
  {
    stem: 'software-oath',
    collection: 'softwareOathMethods',
    kind: 'software OATH',
    prefix: 'MSGraphUser.SoftOathAuthMethod',
    listTitle: `Software OATH Authentication Methods for User ${USER}:`,
    oneTitle: (id) => `Software OATH Authentication Method ${id} for User ${USER}:`,
    headers: ['Authentication method ID'],
    rows: [['b172893e-8a57-4b1a-bd7f-e5e8cf0ed1c4']],
    firstRecord: { ID: 'b172893e-8a57-4b1a-bd7f-e5e8cf0ed1c4' },
    deleted: (id) => `The user's Software OATH token authentication method object id ${id} has been successfully deleted.`,
  },
  {
    stem: 'windows-hello',
    collection: 'windowsHelloForBusinessMethods',
    kind: 'Windows Hello for Business',
    prefix: 'MSGraphUser.WindowsHelloAuthMethod',
    listTitle: `Windows Hello for Business Authentication Methods for User ${USER}:`,
    oneTitle: (id) => `Windows Hello for Business Authentication Method ${id} for User ${USER}:`,
    headers: ['Windows Hello Method ID', 'Display Name', 'Method Key Strength'],
    rows: [['_jpuR-TGZgk6aQCLF3BQjA2', 'ADELE-LAPTOP', 'normal']],
    firstRecord: {
      ID: '_jpuR-TGZgk6aQCLF3BQjA2',
      DisplayName: 'ADELE-LAPTOP',
      CreatedDateTime: '2024-02-11T09:30:00Z',
      KeyStrength: 'normal',
    },
    deleted: (id) => `The Windows Hello For Business Authentication Method object id ${id} has been successfully deleted.`,
  },
  {
    stem: 'temp-access-pass',
    collection: 'temporaryAccessPassMethods',
    kind: 'Temporary Access Pass',
    prefix: 'MSGraphUser.TempAccessPassAuthMethod',
    listTitle: `Temporary Access Pass Methods for User ${USER}:`,
    oneTitle: (id) => `Temporary Access Pass Method ${id} for User ${USER}:`,
    headers: ['Temporary Access Pass ID', 'Authentication method state'],
    rows: [['6f1d2ce8-4b83-4b0a-9c8e-2a1c1b8a6f3e', 'true']],
    firstRecord: {
      ID: '6f1d2ce8-4b83-4b0a-9c8e-2a1c1b8a6f3e',
      CreatedDateTime: '2025-05-01T10:00:00.0000000Z',
      StartDateTime: '2025-05-01T10:00:00.0000000Z',
      LifetimeInMinutes: 60,
      IsUsableOnce: false,
      IsUsable: true,
      MethodUsabilityReason: 'EnabledByPolicy',
    },
    deleted: (id) => `The user's Temporary Access Pass Authentication Method object id ${id} has been successfully deleted.`,
  },
];

function key(prefix: string): string {
  return `${prefix}(val.ID && val.ID == obj.ID)`;
}

describe.each(types)('msgraph-user-$stem-method-list / -delete', (t) => {
  useNock();
  const list = `msgraph-user-${t.stem}-method-list`;
  const del = `msgraph-user-${t.stem}-method-delete`;
  const collection = `/v1.0/users/${U}/authentication/${t.collection}`;
  const [first] = items(t.stem) as [GraphRecord];
  const firstId = String(first.id);

  it('lists every method of the type, with no $top, into a context list', async () => {
    graph().get(collection).reply(200, fixture(t.stem));
    const note = onlyNote(await runCommand(list, { user: USER }));
    expect(note.HumanReadable).toBe(table(t.listTitle, t.headers, t.rows));
    const records = note.EntryContext[key(t.prefix)] as GraphRecord[];
    expect(records).toHaveLength(t.rows.length);
    expect(records[0]).toEqual(t.firstRecord);
    expect(note.Contents).toEqual(items(t.stem).map(({ temporaryAccessPass: _pass, ...rest }) => rest));
    expect(JSON.stringify(note)).not.toMatch(/temporaryAccessPass|TemporaryAccessPass/);
  });

  it('gets one method by method_id into a context object', async () => {
    graph()
      .get(`${collection}/${encodeURIComponent(firstId)}`)
      .reply(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#x/$entity', ...first });
    const note = onlyNote(await runCommand(list, { user: USER, method_id: firstId }));
    expect(note.HumanReadable).toBe(table(t.oneTitle(firstId), t.headers, [t.rows[0] as string[]]));
    expect(note.EntryContext).toEqual({ [key(t.prefix)]: t.firstRecord });
    expect(note.Contents).not.toHaveProperty('@odata.context');
  });

  it('says so when the user has no method of the type, with no context', async () => {
    graph().get(collection).reply(200, { value: [] });
    const note = onlyNote(await runCommand(list, { user: USER }));
    expect(note.HumanReadable).toBe(`No ${t.kind} authentication methods found for user ${USER}.`);
    expect(note.EntryContext).toEqual({});
  });

  it('turns a missing user into a note, or an error with handle_error=false', async () => {
    graph().get(collection).twice().reply(404, userMissing);
    const handled = onlyNote(await runCommand(list, { user: USER }));
    expect(handled.HumanReadable).toBe(`#### User -> ${USER} does not exist`);
    expect(handled.EntryContext).toEqual({});
    const error = onlyError(await runCommand(list, { user: USER }, { params: { ...secretParams, handle_error: 'false' } }));
    expect(error.split('\n').slice(0, 2)).toEqual([
      `Failed to list ${t.kind} authentication methods of user ${USER}.`,
      `Graph error 404 Request_ResourceNotFound: ${userMissing.error.message}`,
    ]);
  });

  it('deletes one method (204) with the type sentence and no context', async () => {
    graph().delete(`${collection}/m-1`).reply(204);
    const note = onlyNote(await runCommand(del, { user: USER, method_id: 'm-1' }));
    expect(note.HumanReadable).toBe(t.deleted('m-1'));
    expect(note.Contents).toBeNull();
    expect(note.EntryContext).toEqual({});
  });

  it('a dry-run delete sends nothing and shows the DELETE', async () => {
    const note = onlyNote(await runCommand(del, { user: USER, method_id: 'm/1', dry_run: 'true' }));
    const url = `${GRAPH}${collection}/m%2F1`;
    expect(note.EntryContext).toEqual({
      'MSGraphUser.DryRun': { Command: del, Requests: [{ Method: 'DELETE', URL: url, Body: '' }] },
    });
    expect(note.HumanReadable).toContain(`| 1 | DELETE | ${url} |  |`);
  });

  it('a delete of a method that is not there is a note naming the method_id', async () => {
    graph().delete(`${collection}/gone`).reply(404, notFound('Resource not found for the segment.'));
    const note = onlyNote(await runCommand(del, { user: USER, method_id: 'gone' }));
    expect(note.HumanReadable).toBe(`#### Did not find the method_id gone for user ${USER}`);
  });

  it('a failed delete names the type, the method and the user', async () => {
    graph()
      .delete(`${collection}/m-1`)
      .reply(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } });
    const error = onlyError(await runCommand(del, { user: USER, method_id: 'm-1' }));
    expect(error.split('\n')[0]).toBe(`Failed to delete ${t.kind} authentication method m-1 of user ${USER}.`);
  });
});

describe('per-type method details', () => {
  useNock();
  const phones = `/v1.0/users/${U}/authentication/phoneMethods`;

  it('a method_id that Graph does not know is a note (rule 1)', async () => {
    graph()
      .get(`/v1.0/users/${U}/authentication/fido2Methods/nope`)
      .reply(404, notFound("A key with identifier 'nope' was not found."));
    const note = onlyNote(await runCommand('msgraph-user-fido2-method-list', { user: USER, method_id: 'nope' }));
    expect(note.HumanReadable).toBe(`#### Did not find the method_id nope for user ${USER}`);
  });

  it('encodes the user and the method id (fido2 included)', async () => {
    graph().get('/v1.0/users/a%2Fb%3Fc/authentication/fido2Methods/x%2Fy%3Dz').reply(200, items('fido2')[0]);
    onlyNote(await runCommand('msgraph-user-fido2-method-list', { user: 'a/b?c', method_id: 'x/y=z' }));
  });

  it('limit cuts the result and hands back the next link first in the context list', async () => {
    const next = `${GRAPH}/v1.0/users/${U}/authentication/phoneMethods?$skiptoken=abc`;
    graph().get(phones).reply(200, { ...fixture('phone'), '@odata.nextLink': next });
    const note = onlyNote(await runCommand('msgraph-user-phone-method-list', { user: USER, limit: '1' }));
    const records = note.EntryContext[key('MSGraphUser.PhoneAuthMethod')] as GraphRecord[];
    expect(records).toEqual([{ NextPage: next }, expect.objectContaining({ ID: '3179e48a-750b-4051-897c-87b9720928f7' })]);
    expect(note.HumanReadable).toContain(`To get further results, enter this to the next_page argument:\n${next}\n`);
    expect(note.Contents).toHaveLength(1);
  });

  it('next_page is fetched exactly as given', async () => {
    const next = `${GRAPH}/v1.0/users/${U}/authentication/phoneMethods?$skiptoken=abc`;
    graph().get(`/v1.0/users/${U}/authentication/phoneMethods`).query({ $skiptoken: 'abc' }).reply(200, fixture('phone'));
    const note = onlyNote(await runCommand('msgraph-user-phone-method-list', { user: USER, next_page: next }));
    expect(note.EntryContext[key('MSGraphUser.PhoneAuthMethod')]).toHaveLength(2);
  });

  it('a next_page on another host is refused before anything is sent', async () => {
    const error = onlyError(
      await runCommand('msgraph-user-phone-method-list', { user: USER, next_page: 'https://evil.example/v1.0/x' }),
    );
    expect(error).toBe(
      'Refusing to follow next_page to https://evil.example: it is not the configured Graph host https://graph.microsoft.com.',
    );
  });

  it('the authenticator list follows next links up to its default limit of 50', async () => {
    const path = `/v1.0/users/${U}/authentication/microsoftAuthenticatorMethods`;
    const next = `${GRAPH}${path}?$skiptoken=p2`;
    graph().get(path).reply(200, { value: items('authenticator'), '@odata.nextLink': next });
    graph()
      .get(path)
      .query({ $skiptoken: 'p2' })
      .reply(200, { value: [{ id: 'second', displayName: 'Pixel' }] });
    const note = onlyNote(await runCommand('msgraph-user-authenticator-method-list', { user: USER }));
    const records = note.EntryContext[key('MSGraphUser.UserAuthMethod')] as GraphRecord[];
    expect(records.map((r) => r.ID)).toEqual(['6b76a55d-9dd8-4b1c-94a1-3e2c6a31b1b7', 'second']);
  });

  it('all_results follows every page and ignores limit', async () => {
    const path = `/v1.0/users/${U}/authentication/emailMethods`;
    graph()
      .get(path)
      .reply(200, { value: [{ id: 'e1', emailAddress: 'a@x.com' }], '@odata.nextLink': `${GRAPH}${path}?$skiptoken=2` });
    graph()
      .get(path)
      .query({ $skiptoken: '2' })
      .reply(200, { value: [{ id: 'e2', emailAddress: 'b@x.com' }] });
    const note = onlyNote(await runCommand('msgraph-user-email-method-list', { user: USER, all_results: 'true', limit: '1' }));
    expect(note.EntryContext[key('MSGraphUser.EmailAuthMethod')]).toEqual([
      { ID: 'e1', EmailAddress: 'a@x.com' },
      { ID: 'e2', EmailAddress: 'b@x.com' },
    ]);
  });

  it('method_id ignores the paging arguments', async () => {
    graph().get(`${phones}/p1`).reply(200, { id: 'p1', phoneNumber: '+1 1', phoneType: 'mobile', smsSignInState: 'ready' });
    const note = onlyNote(
      await runCommand('msgraph-user-phone-method-list', { user: USER, method_id: 'p1', limit: '5', next_page: `${GRAPH}/v1.0/x` }),
    );
    expect(note.EntryContext[key('MSGraphUser.PhoneAuthMethod')]).toEqual({
      ID: 'p1',
      PhoneNumber: '+1 1',
      PhoneType: 'mobile',
      SmsSignInState: 'ready',
    });
  });

  it('drops a temporaryAccessPass that Graph would return in a list', async () => {
    graph()
      .get(`/v1.0/users/${U}/authentication/temporaryAccessPassMethods`)
      .reply(200, { value: [{ id: 't1', isUsable: true, temporaryAccessPass: 'Leaked#Pass123' }] });
    const outcome = await runCommand('msgraph-user-temp-access-pass-method-list', { user: USER });
    expect(JSON.stringify(outcome)).not.toContain('Leaked#Pass123');
  });

  it('email-method-delete defaults method_id to the fixed email method ID', async () => {
    graph().delete(`/v1.0/users/${U}/authentication/emailMethods/3ddfcfc8-9383-446f-83cc-3ab9be4be18f`).reply(204);
    const note = onlyNote(await runCommand('msgraph-user-email-method-delete', { user: USER }));
    expect(note.HumanReadable).toBe(
      "The user's Email Authentication Method object 3ddfcfc8-9383-446f-83cc-3ab9be4be18f has been successfully deleted.",
    );
  });

  it('temp-access-pass-method-delete addresses the user with `user`', async () => {
    graph().delete(`/v1.0/users/${U}/authentication/temporaryAccessPassMethods/t1`).reply(204);
    onlyNote(await runCommand('msgraph-user-temp-access-pass-method-delete', { user: USER, method_id: 't1' }));
    const error = onlyError(await runCommand('msgraph-user-temp-access-pass-method-delete', { user_id: USER, method_id: 't1' }));
    expect(error).toBe("Unknown argument 'user_id' for command msgraph-user-temp-access-pass-method-delete.");
  });

  it('a user starting with $ uses the key-predicate form', async () => {
    graph().delete(`/v1.0/users('%24x%27%27y')/authentication/phoneMethods/p1`).reply(204);
    onlyNote(await runCommand('msgraph-user-phone-method-delete', { user: "$x'y", method_id: 'p1' }));
  });
});

describe('msgraph-user-get-auth-methods', () => {
  useNock();
  const path = `/v1.0/users/${U}/authentication/methods`;
  const wrapperKey = 'MSGraphUserAuthMethods(val.ID && val.ID == obj.ID)';

  it('lists every method under one wrapper record keyed by the user as given', async () => {
    graph().get(path).reply(200, fixture('auth-methods'));
    const note = onlyNote(await runCommand('msgraph-user-get-auth-methods', { user: USER }));
    expect(note.HumanReadable).toBe(
      table(
        `${USER} - auth methods`,
        ['@Odata.Type', 'Created Date Time', 'ID'],
        [
          ['#microsoft.graph.passwordAuthenticationMethod', '2023-01-10T08:15:00Z', '28c10230-6103-485e-b985-444c60001490'],
          ['#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', '2024-05-20T14:02:00Z', '6b76a55d-9dd8-4b1c-94a1-3e2c6a31b1b7'],
          ['#microsoft.graph.temporaryAccessPassAuthenticationMethod', '2025-05-01T10:00:00Z', '6f1d2ce8-4b83-4b0a-9c8e-2a1c1b8a6f3e'],
        ],
      ),
    );
    const wrapper = note.EntryContext[wrapperKey] as { ID: string; Methods: GraphRecord[]; NextPage?: string };
    expect(wrapper.ID).toBe(USER);
    expect(wrapper).not.toHaveProperty('NextPage');
    expect(wrapper.Methods[0]).toEqual({
      '@Odata.Type': '#microsoft.graph.passwordAuthenticationMethod',
      ID: '28c10230-6103-485e-b985-444c60001490',
      Password: null,
      CreatedDateTime: '2023-01-10T08:15:00Z',
    });
    expect(wrapper.Methods[2]).not.toHaveProperty('TemporaryAccessPass');
    expect(note.Contents).toHaveLength(3);
  });

  it('with no methods writes Methods:[] and an empty table', async () => {
    graph().get(path).reply(200, { value: [] });
    const note = onlyNote(await runCommand('msgraph-user-get-auth-methods', { user: USER }));
    expect(note.HumanReadable).toBe(`### ${USER} - auth methods\n**No entries.**\n`);
    expect(note.EntryContext).toEqual({ [wrapperKey]: { ID: USER, Methods: [] } });
  });

  it('pages without $top and puts NextPage in the wrapper', async () => {
    const next = `${GRAPH}${path}?$skiptoken=x`;
    graph().get(path).reply(200, { value: items('auth-methods'), '@odata.nextLink': next });
    const note = onlyNote(await runCommand('msgraph-user-get-auth-methods', { user: USER, limit: '2' }));
    const wrapper = note.EntryContext[wrapperKey] as { Methods: GraphRecord[]; NextPage?: string };
    expect(wrapper.Methods).toHaveLength(2);
    expect(wrapper.NextPage).toBe(next);
    expect(note.HumanReadable).toContain(`To get further results, enter this to the next_page argument:\n${next}\n`);
  });

  it('404 for the user is a note; handle_error=false makes it an error', async () => {
    graph().get(path).twice().reply(404, userMissing);
    expect(onlyNote(await runCommand('msgraph-user-get-auth-methods', { user: USER })).HumanReadable).toBe(
      `#### User -> ${USER} does not exist`,
    );
    const error = onlyError(
      await runCommand('msgraph-user-get-auth-methods', { user: USER }, { params: { ...secretParams, handle_error: false } }),
    );
    expect(error.split('\n')[0]).toBe(`Failed to get the authentication methods of user ${USER}.`);
  });
});

describe('msgraph-user-get-user-default-auth-method', () => {
  useNock();
  const path = `/beta/users/${U}/authentication/signInPreferences`;
  const recordKey = 'MSGraphUser.AuthMethod(val.User && val.User == obj.User)';

  it('reads the beta sign-in preferences and names the default method', async () => {
    graph().get(path).reply(200, fixture('sign-in-preferences'));
    const note = onlyNote(await runCommand('msgraph-user-get-user-default-auth-method', { user: USER }));
    expect(note.EntryContext).toEqual({
      [recordKey]: {
        User: USER,
        DefaultMethod: 'push',
        IsSystemPreferredAuthenticationMethodEnabled: true,
        UserPreferredMethodForSecondaryAuthentication: 'push',
        SystemPreferredAuthenticationMethod: 'push',
      },
    });
    expect(note.HumanReadable).toBe(
      table(
        `Authentication Preferences for ${USER}`,
        [
          'DefaultMethod',
          'IsSystemPreferredAuthenticationMethodEnabled',
          'SystemPreferredAuthenticationMethod',
          'User',
          'UserPreferredMethodForSecondaryAuthentication',
        ],
        [['push', 'true', 'push', USER, 'push']],
      ) + '\n**Default Auth Method:** push',
    );
    expect(note.Contents).not.toHaveProperty('@odata.context');
  });

  it.each([
    [{ userPreferredMethodForSecondaryAuthentication: null, systemPreferredAuthenticationMethod: 'sms' }, 'sms'],
    [{ userPreferredMethodForSecondaryAuthentication: null, systemPreferredAuthenticationMethod: null }, 'Unknown'],
    [{}, 'Unknown'],
  ])('falls back to the system-preferred method, then Unknown (%j)', async (body, expected) => {
    graph().get(path).reply(200, body);
    const note = onlyNote(await runCommand('msgraph-user-get-user-default-auth-method', { user: USER }));
    expect((note.EntryContext[recordKey] as GraphRecord).DefaultMethod).toBe(expected);
    expect(note.HumanReadable.endsWith(`\n\n**Default Auth Method:** ${expected}`)).toBe(true);
    expect(note.HumanReadable).not.toContain('UserPreferredMethodForSecondaryAuthentication');
  });

  it('404 for the user is a note', async () => {
    graph().get(path).reply(404, notFound('The specified user could not be found.'));
    expect(onlyNote(await runCommand('msgraph-user-get-user-default-auth-method', { user: USER })).HumanReadable).toBe(
      `#### User -> ${USER} does not exist`,
    );
  });

  it('other errors carry the Fail line', async () => {
    graph().get(path).reply(403, { error: { code: 'Forbidden', message: 'Nope.' } });
    const error = onlyError(await runCommand('msgraph-user-get-user-default-auth-method', { user: USER }));
    expect(error.split('\n').slice(0, 2)).toEqual([
      `Failed to get the authentication preferences of user ${USER}.`,
      'Graph error 403 Forbidden: Nope.',
    ]);
  });
});

