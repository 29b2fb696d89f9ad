import { describe, expect, it } from 'vitest';
import type { NoteEntry } from '../../src/envelope';
import { useNock } from '../helpers/harness';
import { asContents, fixture, runCase, type CommandCase } from './graph-exchanges';

useNock();

const adele = fixture('user-adele');
const created = fixture('user-created');
const page1 = fixture('users-page-1');
const page2 = fixture('users-page-2');
const notFound = fixture('error-user-not-found');
const badRequest = fixture('error-bad-request');
const forbidden = fixture('error-forbidden');

const ADELE_ID = '6e7b768e-07e2-4810-8459-485f84f8f204';
const USER_KEY = 'MSGraphUser(val.ID && val.ID == obj.ID)';
const ACCOUNT_KEY = 'Account(val.ID && val.ID == obj.ID)';
const DRY_RUN_KEY = 'MSGraphUser.DryRun';
const NEXT_LINK = page1['@odata.nextLink'] as string;

const adeleTable = [
  '|Business Phones|Display Name|Given Name|ID|Job Title|Mail|Office Location|Preferred Language|Surname|User Principal Name|',
  '|---|---|---|---|---|---|---|---|---|---|',
  `| +1 425 555 0109 | Adele Vance | Adele | ${ADELE_ID} | Retail Manager | adele@contoso.com | 18/2111 | en-US | Vance | adele@contoso.com |`,
  '',
].join('\n');

const adeleContext = {
  [USER_KEY]: {
    BusinessPhones: ['+1 425 555 0109'],
    DisplayName: 'Adele Vance',
    GivenName: 'Adele',
    JobTitle: 'Retail Manager',
    Mail: 'adele@contoso.com',
    MobilePhone: null,
    OfficeLocation: '18/2111',
    PreferredLanguage: 'en-US',
    Surname: 'Vance',
    UserPrincipalName: 'adele@contoso.com',
    ID: ADELE_ID,
  },
  [ACCOUNT_KEY]: {
    Type: 'Azure AD',
    DisplayName: 'Adele Vance',
    Username: 'adele@contoso.com',
    JobTitle: 'Retail Manager',
    Email: { Address: 'adele@contoso.com' },
    TelephoneNumber: null,
    ID: ADELE_ID,
    Office: '18/2111',
  },
};

const getCases: CommandCase[] = [
  {
    name: 'reads every property by default, with the UPN encoded in the path',
    command: 'msgraph-user-get',
    args: { user: 'adele@contoso.com' },
    exchanges: [{ method: 'GET', path: '/v1.0/users/adele%40contoso.com', query: { $select: '*' }, status: 200, reply: adele }],
    expect: { readable: `### adele@contoso.com data\n${adeleTable}`, context: adeleContext, contents: asContents(adele) },
  },
  {
    name: 'selects the given properties',
    command: 'msgraph-user-get',
    args: { user: ADELE_ID, properties: 'displayName, jobTitle' },
    exchanges: [
      {
        method: 'GET',
        path: `/v1.0/users/${ADELE_ID}`,
        query: { $select: 'displayName,jobTitle' },
        status: 200,
        reply: { displayName: 'Adele Vance', jobTitle: null },
      },
    ],
    expect: {
      readable: `### ${ADELE_ID} data\n|Display Name|\n|---|\n| Adele Vance |\n`,
      context: {
        [USER_KEY]: { DisplayName: 'Adele Vance', JobTitle: null },
        [ACCOUNT_KEY]: {
          Type: 'Azure AD',
          DisplayName: 'Adele Vance',
          Username: null,
          JobTitle: null,
          Email: { Address: null },
          TelephoneNumber: null,
          ID: null,
          Office: null,
        },
      },
    },
  },
  {
    name: 'uses the key-predicate form for a user starting with $',
    command: 'msgraph-user-get',
    args: { user: "$o'x" },
    exchanges: [{ method: 'GET', path: "/v1.0/users('%24o%27%27x')", query: { $select: '*' }, status: 200, reply: adele }],
    expect: { context: adeleContext },
  },
  {
    name: 'a 404 is its own note, with handle_error true',
    command: 'msgraph-user-get',
    args: { user: 'nobody@contoso.com' },
    exchanges: [{ method: 'GET', path: '/v1.0/users/nobody%40contoso.com', query: { $select: '*' }, status: 404, reply: notFound }],
    expect: {
      readable:
        "### User nobody@contoso.com was not found.\nMicrosoft Graph Response: Request_ResourceNotFound: Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
      context: {},
      contents: notFound,
    },
  },
  {
    name: 'a 404 is its own note, with handle_error false too',
    command: 'msgraph-user-get',
    args: { user: 'nobody@contoso.com' },
    params: { handle_error: 'false' },
    exchanges: [{ method: 'GET', path: '/v1.0/users/nobody%40contoso.com', query: { $select: '*' }, status: 404, reply: notFound }],
    expect: { context: {}, contents: notFound },
  },
  {
    name: 'a 404 without a JSON body says so',
    command: 'msgraph-user-get',
    args: { user: 'nobody' },
    exchanges: [{ method: 'GET', path: '/v1.0/users/nobody', query: { $select: '*' }, status: 404 }],
    expect: {
      readable: '### User nobody was not found.\nMicrosoft Graph Response: Not Found - 404 Response',
      contents: 'Not Found - 404 Response',
    },
  },
  {
    name: 'a 400 for a user with unsupported characters names them in order',
    command: 'msgraph-user-get',
    args: { user: 'a=b%c=d' },
    exchanges: [{ method: 'GET', path: '/v1.0/users/a%3Db%25c%3Dd', query: { $select: '*' }, status: 400, reply: badRequest }],
    expect: {
      error: [
        'Failed to get user a=b%c=d.',
        'Request failed because the user contains unsupported characters: =, %',
        'Graph error 400 Request_BadRequest: Bad request. Please fix the request before retrying.',
        'request-id: 5b1e0c2a-0000-4000-8000-000000000400, date: 2025-05-01T10:00:00',
      ].join('\n'),
    },
  },
  {
    name: 'a 400 for a plain user is a plain Graph error',
    command: 'msgraph-user-get',
    args: { user: 'adele' },
    exchanges: [{ method: 'GET', path: '/v1.0/users/adele', query: { $select: '*' }, status: 400, reply: badRequest }],
    expect: {
      error: [
        'Failed to get user adele.',
        'Graph error 400 Request_BadRequest: Bad request. Please fix the request before retrying.',
        'request-id: 5b1e0c2a-0000-4000-8000-000000000400, date: 2025-05-01T10:00:00',
      ].join('\n'),
    },
  },
  {
    name: 'a missing user is refused before any request',
    command: 'msgraph-user-get',
    args: { user: '  ' },
    expect: { error: "Missing required argument 'user'.", sendsNothing: true },
  },
  {
    name: 'an unknown argument is refused before any request',
    command: 'msgraph-user-get',
    args: { user: 'adele', dry_run: 'true' },
    expect: { error: "Unknown argument 'dry_run' for command msgraph-user-get.", sendsNothing: true },
  },
  {
    name: '. is not a user',
    command: 'msgraph-user-get',
    args: { user: '..' },
    expect: { error: "Invalid user '..'.", sendsNothing: true },
  },
];

const listedUsers = (page1.value as Array<Record<string, unknown>>).slice(0, 2);
const listTable = [
  '|Display Name|ID|Job Title|Mail|Mobile Phone|',
  '|---|---|---|---|---|',
  `| Adele Vance | ${ADELE_ID} | Retail Manager | adele@contoso.com |  |`,
  '| Megan Bowen | 87d349ed-44d7-43e1-9a83-5f2406dee5bd |  | megan@contoso.com | +1 412 555 0109 |',
  '',
].join('\n');

const eventual = { ConsistencyLevel: 'eventual' };
const defaultSelect = 'id,displayName,jobTitle,mobilePhone,mail';

const listCases: CommandCase[] = [
  {
    name: 'one page of Graph default size, with NextPage first and the parameter sentence',
    command: 'msgraph-user-list',
    args: {},
    exchanges: [
      { method: 'GET', path: '/v1.0/users', query: { $select: defaultSelect, $count: 'true' }, headers: eventual, status: 200, reply: page1 },
    ],
    expect: {
      readable: `### All Graph Users\nTo get further results, enter this to the next_page parameter:\n${NEXT_LINK}\n${listTable}`,
      contents: listedUsers,
      context: {
        [USER_KEY]: [
          { NextPage: NEXT_LINK },
          { ID: ADELE_ID, DisplayName: 'Adele Vance', JobTitle: 'Retail Manager', MobilePhone: null, Mail: 'adele@contoso.com' },
          {
            ID: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
            DisplayName: 'Megan Bowen',
            JobTitle: null,
            MobilePhone: '+1 412 555 0109',
            Mail: 'megan@contoso.com',
          },
        ],
        [ACCOUNT_KEY]: [
          {
            Type: 'Azure AD',
            DisplayName: 'Adele Vance',
            Username: null,
            JobTitle: 'Retail Manager',
            Email: { Address: 'adele@contoso.com' },
            TelephoneNumber: null,
            ID: ADELE_ID,
            Office: null,
          },
          {
            Type: 'Azure AD',
            DisplayName: 'Megan Bowen',
            Username: null,
            JobTitle: null,
            Email: { Address: 'megan@contoso.com' },
            TelephoneNumber: '+1 412 555 0109',
            ID: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
            Office: null,
          },
        ],
      },
    },
  },
  {
    name: 'filter, properties and limit: $top on the first request, ConsistencyLevel on every page',
    command: 'msgraph-user-list',
    args: { filter: "startswith(displayName,'A')", properties: 'id,displayName', limit: '3' },
    exchanges: [
      {
        method: 'GET',
        path: '/v1.0/users',
        query: { $filter: "startswith(displayName,'A')", $select: 'id,displayName', $count: 'true', $top: '3' },
        headers: eventual,
        status: 200,
        reply: page1,
      },
      { method: 'GET', path: new URL(NEXT_LINK).pathname + new URL(NEXT_LINK).search, headers: eventual, status: 200, reply: page2 },
    ],
    expect: {
      contents: [...listedUsers, ...(page2.value as unknown[])],
      readable: `### All Graph Users\n${listTable}| Alex Wilber | 5bde3e51-d13b-4db1-9948-fe4b109d11a7 | Marketing Assistant | alex@contoso.com |  |\n`,
    },
  },
  {
    name: 'limit cuts a page and keeps its nextLink',
    command: 'msgraph-user-list',
    args: { limit: '1' },
    exchanges: [
      { method: 'GET', path: '/v1.0/users', query: { $select: defaultSelect, $count: 'true', $top: '1' }, headers: eventual, status: 200, reply: page1 },
    ],
    expect: { contents: listedUsers.slice(0, 1) },
    check: ({ result }) => {
      const entry = result.entries[0] as NoteEntry;
      expect(entry.EntryContext[USER_KEY]).toEqual([{ NextPage: NEXT_LINK }, expect.objectContaining({ ID: ADELE_ID })]);
      expect(entry.EntryContext[ACCOUNT_KEY]).toEqual([expect.objectContaining({ ID: ADELE_ID })]);
    },
  },
  {
    name: 'all_results asks for 999 a page and follows every nextLink',
    command: 'msgraph-user-list',
    args: { all_results: 'True', limit: '1' },
    exchanges: [
      { method: 'GET', path: '/v1.0/users', query: { $select: defaultSelect, $count: 'true', $top: '999' }, headers: eventual, status: 200, reply: page1 },
      { method: 'GET', path: new URL(NEXT_LINK).pathname + new URL(NEXT_LINK).search, headers: eventual, status: 200, reply: page2 },
    ],
    expect: { contents: [...listedUsers, ...(page2.value as unknown[])] },
  },
  {
    name: 'a given next_page is fetched exactly as given, with ConsistencyLevel',
    command: 'msgraph-user-list',
    args: { next_page: NEXT_LINK, filter: 'ignored eq 1', properties: 'ignored' },
    exchanges: [{ method: 'GET', path: new URL(NEXT_LINK).pathname + new URL(NEXT_LINK).search, headers: eventual, status: 200, reply: page2 }],
    expect: { contents: page2.value },
  },
  {
    name: 'no users: the empty table',
    command: 'msgraph-user-list',
    args: { filter: "displayName eq 'nobody'" },
    exchanges: [
      {
        method: 'GET',
        path: '/v1.0/users',
        query: { $filter: "displayName eq 'nobody'", $select: defaultSelect, $count: 'true' },
        headers: eventual,
        status: 200,
        reply: { value: [] },
      },
    ],
    expect: { readable: '### All Graph Users\n**No entries.**\n', contents: [], context: { [USER_KEY]: [], [ACCOUNT_KEY]: [] } },
  },
  {
    name: 'a next_page on another host is refused before any token',
    command: 'msgraph-user-list',
    args: { next_page: 'https://evil.example.com/v1.0/users?$skiptoken=x' },
    expect: {
      error: 'Refusing to follow next_page to https://evil.example.com: it is not the configured Graph host https://graph.microsoft.com.',
      sendsNothing: true,
    },
  },
  {
    name: 'a next_page that is not a URL is refused',
    command: 'msgraph-user-list',
    args: { next_page: 'users?$skiptoken=x' },
    expect: { error: "Argument 'next_page' is not a valid URL.", sendsNothing: true },
  },
  {
    name: 'a limit below 1 is refused',
    command: 'msgraph-user-list',
    args: { limit: '0' },
    expect: { error: "Argument 'limit' must be at least 1.", sendsNothing: true },
  },
  {
    name: 'a bad all_results is refused',
    command: 'msgraph-user-list',
    args: { all_results: 'yes' },
    expect: { error: "Invalid value 'yes' for argument 'all_results'. Possible values: true, false.", sendsNothing: true },
  },
  {
    name: 'a Graph error carries the Fail line',
    command: 'msgraph-user-list',
    args: {},
    exchanges: [
      { method: 'GET', path: '/v1.0/users', query: { $select: defaultSelect, $count: 'true' }, status: 403, reply: forbidden },
    ],
    expect: {
      error: [
        'Failed to list users.',
        'Graph error 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.',
        'request-id: 5b1e0c2a-0000-4000-8000-000000000403, date: 2025-05-01T10:00:00',
      ].join('\n'),
    },
  },
];

const PASSWORD = 'Pa55-w0rd!Create';
const createArgs = {
  display_name: 'Megan Bowen',
  mail_nickname: 'megan',
  password: PASSWORD,
  user_principal_name: 'megan@contoso.com',
};
const createBody = {
  accountEnabled: true,
  displayName: 'Megan Bowen',
  mailNickname: 'megan',
  passwordProfile: { forceChangePasswordNextSignIn: true, password: PASSWORD },
  userPrincipalName: 'megan@contoso.com',
};

const createCases: CommandCase[] = [
  {
    name: 'posts the user and shows the 201 body',
    command: 'msgraph-user-create',
    args: createArgs,
    exchanges: [{ method: 'POST', path: '/v1.0/users', body: createBody, status: 201, reply: created }],
    expect: {
      readable: [
        '### megan@contoso.com was created successfully:',
        '|Display Name|ID|User Principal Name|',
        '|---|---|---|',
        '| Megan Bowen | 87d349ed-44d7-43e1-9a83-5f2406dee5bd | megan@contoso.com |',
        '',
      ].join('\n'),
      contents: asContents(created),
      context: {
        [USER_KEY]: {
          ID: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
          BusinessPhones: [],
          DisplayName: 'Megan Bowen',
          GivenName: null,
          JobTitle: null,
          Mail: null,
          MobilePhone: null,
          OfficeLocation: null,
          PreferredLanguage: null,
          Surname: null,
          UserPrincipalName: 'megan@contoso.com',
        },
        [ACCOUNT_KEY]: {
          Type: 'Azure AD',
          DisplayName: 'Megan Bowen',
          Username: 'megan@contoso.com',
          JobTitle: null,
          Email: { Address: null },
          TelephoneNumber: null,
          ID: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
          Office: null,
        },
      },
    },
    check: ({ result }) => {
      expect(JSON.stringify(result)).not.toContain(PASSWORD);
    },
  },
  {
    name: 'account_enabled in any case, the immutable id, and other_properties over the body',
    command: 'msgraph-user-create',
    args: {
      ...createArgs,
      account_enabled: 'FALSE',
      on_premises_immutable_id: 'imm-123',
      other_properties: 'jobTitle=Engineer;DisplayName=Megan B.;businessPhones=+1 412 555 0109;showInAddressList=false',
      other_properties_delimiter: ';',
    },
    exchanges: [
      {
        method: 'POST',
        path: '/v1.0/users',
        body: {
          accountEnabled: false,
          mailNickname: 'megan',
          passwordProfile: { forceChangePasswordNextSignIn: true, password: PASSWORD },
          userPrincipalName: 'megan@contoso.com',
          onPremisesImmutableId: 'imm-123',
          jobTitle: 'Engineer',
          DisplayName: 'Megan B.',
          businessPhones: ['+1 412 555 0109'],
          showInAddressList: false,
        },
        status: 201,
        reply: created,
      },
    ],
    expect: {},
  },
  {
    name: 'a 404 is an error: create is not 404-aware',
    command: 'msgraph-user-create',
    args: createArgs,
    exchanges: [{ method: 'POST', path: '/v1.0/users', body: createBody, status: 404, reply: notFound }],
    expect: {
      error: [
        'Failed to create user megan@contoso.com.',
        "Graph error 404 Request_ResourceNotFound: Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
        'request-id: 5b1e0c2a-0000-4000-8000-000000000404, date: 2025-05-01T10:00:00',
      ].join('\n'),
    },
  },
  {
    name: 'a dry run shows the POST with the password masked and sends nothing',
    command: 'msgraph-user-create',
    args: { ...createArgs, dry_run: 'true' },
    expect: {
      sendsNothing: true,
      readable: [
        '### Dry run: msgraph-user-create',
        'No request was sent. These requests would be sent:',
        '|#|Method|URL|Body|',
        '|---|---|---|---|',
        '| 1 | POST | https://graph.microsoft.com/v1.0/users | {"accountEnabled":true,"displayName":"Megan Bowen","mailNickname":"megan","passwordProfile":{"forceChangePasswordNextSignIn":true,"password":"********"},"userPrincipalName":"megan@contoso.com"} |',
        '',
      ].join('\n'),
      context: {
        [DRY_RUN_KEY]: {
          Command: 'msgraph-user-create',
          Requests: [
            {
              Method: 'POST',
              URL: 'https://graph.microsoft.com/v1.0/users',
              Body: '{"accountEnabled":true,"displayName":"Megan Bowen","mailNickname":"megan","passwordProfile":{"forceChangePasswordNextSignIn":true,"password":"********"},"userPrincipalName":"megan@contoso.com"}',
            },
          ],
        },
      },
    },
  },
  {
    name: 'a missing password is refused',
    command: 'msgraph-user-create',
    args: { ...createArgs, password: '' },
    expect: { error: "Missing required argument 'password'.", sendsNothing: true },
  },
  {
    name: 'a bad boolean in other_properties is refused before any request',
    command: 'msgraph-user-create',
    args: { ...createArgs, other_properties: 'accountEnabled=maybe' },
    expect: {
      error: "Invalid value for accountEnabled in other_properties: expected true or false, got 'maybe'.",
      sendsNothing: true,
    },
  },
  {
    name: 'a bad account_enabled is refused',
    command: 'msgraph-user-create',
    args: { ...createArgs, account_enabled: 'on' },
    expect: { error: "Invalid value 'on' for argument 'account_enabled'. Possible values: true, false.", sendsNothing: true },
  },
];

const updateCases: CommandCase[] = [
  {
    name: 'patches the typed fields, then reads the user back as get does',
    command: 'msgraph-user-update',
    args: { user: 'adele@contoso.com', updated_fields: 'MobilePhone=050123456,accountEnabled=true,jobTitle=' },
    exchanges: [
      {
        method: 'PATCH',
        path: '/v1.0/users/adele%40contoso.com',
        body: { MobilePhone: '050123456', accountEnabled: true, jobTitle: null },
        status: 204,
      },
      { method: 'GET', path: '/v1.0/users/adele%40contoso.com', query: { $select: '*' }, status: 200, reply: adele },
    ],
    expect: { readable: `### adele@contoso.com data\n${adeleTable}`, context: adeleContext, contents: asContents(adele) },
  },
  {
    name: 'splits on a multi-character delimiter',
    command: 'msgraph-user-update',
    args: { user: 'adele@contoso.com', updated_fields: 'city=Tel Aviv, Israel::aboutMe=a=b', updated_fields_delimiter: '::' },
    exchanges: [
      {
        method: 'PATCH',
        path: '/v1.0/users/adele%40contoso.com',
        body: { city: 'Tel Aviv, Israel', aboutMe: 'a=b' },
        status: 204,
      },
      { method: 'GET', path: '/v1.0/users/adele%40contoso.com', query: { $select: '*' }, status: 200, reply: adele },
    ],
    expect: { context: adeleContext },
  },
  {
    name: 'a 404 naming the user is a note with handle_error true',
    command: 'msgraph-user-update',
    args: { user: 'nobody@contoso.com', updated_fields: 'city=X' },
    exchanges: [{ method: 'PATCH', path: '/v1.0/users/nobody%40contoso.com', body: { city: 'X' }, status: 404, reply: notFound }],
    expect: { readable: '#### User -> nobody@contoso.com does not exist', contents: '#### User -> nobody@contoso.com does not exist', context: {} },
  },
  {
    name: 'a 404 is an error with handle_error false',
    command: 'msgraph-user-update',
    args: { user: 'nobody@contoso.com', updated_fields: 'city=X' },
    params: { handle_error: 'false' },
    exchanges: [{ method: 'PATCH', path: '/v1.0/users/nobody%40contoso.com', body: { city: 'X' }, status: 404, reply: notFound }],
    expect: {
      error: [
        'Failed to update user nobody@contoso.com.',
        "Graph error 404 Request_ResourceNotFound: Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
        'request-id: 5b1e0c2a-0000-4000-8000-000000000404, date: 2025-05-01T10:00:00',
      ].join('\n'),
    },
  },
  {
    name: 'a dry run lists the PATCH and the read, in that order',
    command: 'msgraph-user-update',
    args: { user: 'adele@contoso.com', updated_fields: 'deviceEnrollmentLimit=5', dry_run: 'TRUE' },
    expect: {
      sendsNothing: true,
      context: {
        [DRY_RUN_KEY]: {
          Command: 'msgraph-user-update',
          Requests: [
            { Method: 'PATCH', URL: 'https://graph.microsoft.com/v1.0/users/adele%40contoso.com', Body: '{"deviceEnrollmentLimit":5}' },
            { Method: 'GET', URL: 'https://graph.microsoft.com/v1.0/users/adele%40contoso.com?%24select=*', Body: '' },
          ],
        },
      },
    },
  },
  {
    name: 'a piece without = is refused',
    command: 'msgraph-user-update',
    args: { user: 'adele', updated_fields: 'city=X,Haifa' },
    expect: { error: "Invalid updated_fields entry 'Haifa': expected key=value.", sendsNothing: true },
  },
  {
    name: 'a bad whole number is refused',
    command: 'msgraph-user-update',
    args: { user: 'adele', updated_fields: 'deviceEnrollmentLimit=many' },
    expect: {
      error: "Invalid value for deviceEnrollmentLimit in updated_fields: expected a whole number, got 'many'.",
      sendsNothing: true,
    },
  },
  {
    name: 'a bad dry_run is refused',
    command: 'msgraph-user-update',
    args: { user: 'adele', updated_fields: 'city=X', dry_run: 'maybe' },
    expect: { error: "Invalid value 'maybe' for argument 'dry_run'. Possible values: true, false.", sendsNothing: true },
  },
  {
    name: 'missing updated_fields is refused',
    command: 'msgraph-user-update',
    args: { user: 'adele' },
    expect: { error: "Missing required argument 'updated_fields'.", sendsNothing: true },
  },
];

describe.each([
  ['msgraph-user-get', getCases],
  ['msgraph-user-list', listCases],
  ['msgraph-user-create', createCases],
  ['msgraph-user-update', updateCases],
])('%s', (_command, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    await runCase(testCase);
  });
});
