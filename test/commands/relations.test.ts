import { describe, it } from 'vitest';
import { useNock } from '../helpers/harness';
import { asContents, fixture, runCase, type CommandCase } from './graph-exchanges';

useNock();

const groups = fixture('groups');
const reports = fixture('direct-reports');
const manager = fixture('manager');
const devices = fixture('owned-devices');
const notFound = fixture('error-user-not-found');
const noManager = fixture('error-no-manager');
const forbidden = fixture('error-forbidden');

const USER = 'adele@contoso.com';
const USER_PATH = '/v1.0/users/adele%40contoso.com';
const NOBODY = 'nobody@contoso.com';
const NOBODY_PATH = '/v1.0/users/nobody%40contoso.com';
const DRY_RUN_KEY = 'MSGraphUser.DryRun';
const eventual = { ConsistencyLevel: 'eventual' };
const notFoundLines = [
  "Graph error 404 Request_ResourceNotFound: Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
  'request-id: 5b1e0c2a-0000-4000-8000-000000000404, date: 2025-05-01T10:00:00',
];
const userMissingNote = `#### User -> ${NOBODY} does not exist`;

function pathAndSearch(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

const groupRecords = groups.value as Array<Record<string, unknown>>;
const groupContext = [
  {
    '@Odata.Type': '#microsoft.graph.group',
    ID: '02bd9fd6-8f93-4758-87c3-1fb73740a315',
    DeletedDateTime: null,
    Classification: null,
    CreatedDateTime: '2017-07-31T18:56:16Z',
    Description: 'Welcome to the HR Taskforce team.',
    DisplayName: 'HR Taskforce',
    GroupTypes: ['Unified'],
    Mail: 'HRTaskforce@contoso.com',
    MailEnabled: true,
    MailNickname: 'HRTaskforce',
    SecurityEnabled: false,
    Visibility: 'Private',
  },
  {
    '@Odata.Type': '#microsoft.graph.group',
    ID: '0a4e2e5d-5d4d-4b6e-9a6f-1f2b7d7e2a11',
    DeletedDateTime: null,
    Classification: null,
    CreatedDateTime: '2019-02-11T09:30:00Z',
    Description: null,
    DisplayName: 'Retail',
    GroupTypes: [],
    Mail: null,
    MailEnabled: false,
    MailNickname: 'retail',
    SecurityEnabled: true,
    Visibility: null,
  },
];
const groupTable = [
  '|@Odata.Type|Created Date Time|Description|Display Name|Group Types|ID|Mail|Mail Enabled|Mail Nickname|Security Enabled|Visibility|',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  '| #microsoft.graph.group | 2017-07-31T18:56:16Z | Welcome to the HR Taskforce team. | HR Taskforce | Unified | 02bd9fd6-8f93-4758-87c3-1fb73740a315 | HRTaskforce@contoso.com | true | HRTaskforce | false | Private |',
  '| #microsoft.graph.group | 2019-02-11T09:30:00Z |  | Retail |  | 0a4e2e5d-5d4d-4b6e-9a6f-1f2b7d7e2a11 |  | false | retail | true |  |',
  '',
].join('\n');
const GROUPS_NEXT = `https://graph.microsoft.com${USER_PATH}/memberOf?$top=2&$skiptoken=X%27445370740200%27`;

const groupCases: CommandCase[] = [
  {
    name: 'one page, no $top, @Odata.Type kept, in a wrapper keyed by the user as given',
    command: 'msgraph-user-get-groups',
    args: { user: USER },
    exchanges: [{ method: 'GET', path: `${USER_PATH}/memberOf`, status: 200, reply: groups }],
    expect: {
      readable: `### ${USER} group data\n${groupTable}`,
      contents: groupRecords,
      context: { 'MSGraphUserGroups(val.ID && val.ID == obj.ID)': { ID: USER, Groups: groupContext } },
    },
  },
  {
    name: 'limit sends $top; a nextLink becomes NextPage and the argument sentence',
    command: 'msgraph-user-get-groups',
    args: { user: USER, limit: '2' },
    exchanges: [
      { method: 'GET', path: `${USER_PATH}/memberOf`, query: { $top: '2' }, status: 200, reply: { ...groups, '@odata.nextLink': GROUPS_NEXT } },
    ],
    expect: {
      readable: `### ${USER} group data\nTo get further results, enter this to the next_page argument:\n${GROUPS_NEXT}\n${groupTable}`,
      context: { 'MSGraphUserGroups(val.ID && val.ID == obj.ID)': { ID: USER, Groups: groupContext, NextPage: GROUPS_NEXT } },
    },
  },
  {
    name: 'all_results sends $top=999 and follows the nextLink; a given next_page is fetched as given',
    command: 'msgraph-user-get-groups',
    args: { user: USER, all_results: 'true' },
    exchanges: [
      { method: 'GET', path: `${USER_PATH}/memberOf`, query: { $top: '999' }, status: 200, reply: { ...groups, '@odata.nextLink': GROUPS_NEXT } },
      { method: 'GET', path: pathAndSearch(GROUPS_NEXT), status: 200, reply: { value: [] } },
    ],
    expect: { contents: groupRecords },
  },
  {
    name: 'a given next_page is fetched exactly as given',
    command: 'msgraph-user-get-groups',
    args: { user: USER, next_page: GROUPS_NEXT, limit: '5' },
    exchanges: [{ method: 'GET', path: pathAndSearch(GROUPS_NEXT), status: 200, reply: groups }],
    expect: { contents: groupRecords },
  },
  {
    name: 'no groups: an empty Groups list and no entries',
    command: 'msgraph-user-get-groups',
    args: { user: USER },
    exchanges: [{ method: 'GET', path: `${USER_PATH}/memberOf`, status: 200, reply: { value: [] } }],
    expect: {
      readable: `### ${USER} group data\n**No entries.**\n`,
      contents: [],
      context: { 'MSGraphUserGroups(val.ID && val.ID == obj.ID)': { ID: USER, Groups: [] } },
    },
  },
  {
    name: 'a 404 naming the user is a note with handle_error true',
    command: 'msgraph-user-get-groups',
    args: { user: NOBODY },
    exchanges: [{ method: 'GET', path: `${NOBODY_PATH}/memberOf`, status: 404, reply: notFound }],
    expect: { readable: userMissingNote, contents: userMissingNote, context: {} },
  },
  {
    name: 'a 404 is an error with handle_error false',
    command: 'msgraph-user-get-groups',
    args: { user: NOBODY },
    params: { handle_error: 'FALSE' },
    exchanges: [{ method: 'GET', path: `${NOBODY_PATH}/memberOf`, status: 404, reply: notFound }],
    expect: { error: [`Failed to get the groups of user ${NOBODY}.`, ...notFoundLines].join('\n') },
  },
  {
    name: 'a next_page on another host is refused before any token',
    command: 'msgraph-user-get-groups',
    args: { user: USER, next_page: 'http://graph.microsoft.com:8080/v1.0/users/x/memberOf' },
    expect: {
      error: 'Refusing to follow next_page to http://graph.microsoft.com:8080: it is not the configured Graph host https://graph.microsoft.com.',
      sendsNothing: true,
    },
  },
  {
    name: 'a limit that is not a whole number is refused',
    command: 'msgraph-user-get-groups',
    args: { user: USER, limit: '2.5' },
    expect: { error: "Argument 'limit' must be a whole number, got '2.5'.", sendsNothing: true },
  },
];

const REPORTS_NEXT = reports['@odata.nextLink'] as string;
const reportCases: CommandCase[] = [
  {
    name: 'one page in a wrapper keyed by Manager, with NextPage and the argument sentence',
    command: 'msgraph-direct-reports',
    args: { user: USER },
    exchanges: [{ method: 'GET', path: `${USER_PATH}/directReports`, status: 200, reply: reports }],
    expect: {
      readable: [
        `### ${USER} - direct reports`,
        'To get further results, enter this to the next_page argument:',
        REPORTS_NEXT,
        '|@Odata.Type|Business Phones|Display Name|Given Name|ID|Job Title|Mail|Office Location|Preferred Language|Surname|User Principal Name|',
        '|---|---|---|---|---|---|---|---|---|---|---|',
        '| #microsoft.graph.user | +1 858 555 0110 | Alex Wilber | Alex | 5bde3e51-d13b-4db1-9948-fe4b109d11a7 | Marketing Assistant | alex@contoso.com | 131/1104 | en-US | Wilber | alex@contoso.com |',
        '',
      ].join('\n'),
      contents: reports.value,
      context: {
        'MSGraphUserDirectReports(val.Manager && val.Manager == obj.Manager)': {
          Manager: USER,
          Reports: [
            {
              '@Odata.Type': '#microsoft.graph.user',
              ID: '5bde3e51-d13b-4db1-9948-fe4b109d11a7',
              BusinessPhones: ['+1 858 555 0110'],
              DisplayName: 'Alex Wilber',
              GivenName: 'Alex',
              JobTitle: 'Marketing Assistant',
              Mail: 'alex@contoso.com',
              MobilePhone: null,
              OfficeLocation: '131/1104',
              PreferredLanguage: 'en-US',
              Surname: 'Wilber',
              UserPrincipalName: 'alex@contoso.com',
            },
          ],
          NextPage: REPORTS_NEXT,
        },
      },
    },
  },
  {
    name: 'limit sends $top and follows nextLinks until it is reached',
    command: 'msgraph-direct-reports',
    args: { user: USER, limit: '2' },
    exchanges: [
      { method: 'GET', path: `${USER_PATH}/directReports`, query: { $top: '2' }, status: 200, reply: reports },
      { method: 'GET', path: pathAndSearch(REPORTS_NEXT), status: 200, reply: { value: [{ id: 'r2', displayName: 'Second' }] } },
    ],
    expect: { contents: [...(reports.value as unknown[]), { id: 'r2', displayName: 'Second' }] },
  },
  {
    name: 'a 404 naming the user is a note with handle_error true',
    command: 'msgraph-direct-reports',
    args: { user: NOBODY },
    exchanges: [{ method: 'GET', path: `${NOBODY_PATH}/directReports`, status: 404, reply: notFound }],
    expect: { readable: userMissingNote, context: {} },
  },
  {
    name: 'a 404 is an error with handle_error false',
    command: 'msgraph-direct-reports',
    args: { user: NOBODY },
    params: { handle_error: 'false' },
    exchanges: [{ method: 'GET', path: `${NOBODY_PATH}/directReports`, status: 404, reply: notFound }],
    expect: { error: [`Failed to get the direct reports of user ${NOBODY}.`, ...notFoundLines].join('\n') },
  },
  {
    name: 'a missing user is refused',
    command: 'msgraph-direct-reports',
    args: {},
    expect: { error: "Missing required argument 'user'.", sendsNothing: true },
  },
];

const { ['@odata.type']: _type, ...managerContents } = asContents(manager);
const managerCases: CommandCase[] = [
  {
    name: 'the manager without @odata.type, in a wrapper keyed by the user as given',
    command: 'msgraph-user-get-manager',
    args: { user: USER },
    exchanges: [{ method: 'GET', path: `${USER_PATH}/manager`, status: 200, reply: manager }],
    expect: {
      readable: [
        `### ${USER} - manager`,
        '|Business Phones|Display Name|Given Name|ID|Job Title|Mail|Office Location|Preferred Language|Surname|User Principal Name|',
        '|---|---|---|---|---|---|---|---|---|---|',
        '| +1 425 555 0100 | Patti Fernandez | Patti | df043ff1-49d5-414e-86a4-0747721f1a6b | President | patti@contoso.com | 15/1102 | en-US | Fernandez | patti@contoso.com |',
        '',
      ].join('\n'),
      contents: managerContents,
      context: {
        'MSGraphUserManager(val.ID && val.ID == obj.ID)': {
          ID: USER,
          Manager: {
            ID: 'df043ff1-49d5-414e-86a4-0747721f1a6b',
            BusinessPhones: ['+1 425 555 0100'],
            DisplayName: 'Patti Fernandez',
            GivenName: 'Patti',
            JobTitle: 'President',
            Mail: 'patti@contoso.com',
            MobilePhone: null,
            OfficeLocation: '15/1102',
            PreferredLanguage: 'en-US',
            Surname: 'Fernandez',
            UserPrincipalName: 'patti@contoso.com',
          },
        },
      },
    },
  },
  {
    name: 'no manager set is a note with handle_error true',
    command: 'msgraph-user-get-manager',
    args: { user: USER },
    exchanges: [{ method: 'GET', path: `${USER_PATH}/manager`, status: 404, reply: noManager }],
    expect: { readable: `#### User ${USER} has no manager.`, contents: `#### User ${USER} has no manager.`, context: {} },
  },
  {
    name: 'no manager set is a note with handle_error false too',
    command: 'msgraph-user-get-manager',
    args: { user: USER },
    params: { handle_error: 'false' },
    exchanges: [{ method: 'GET', path: `${USER_PATH}/manager`, status: 404, reply: noManager }],
    expect: { readable: `#### User ${USER} has no manager.` },
  },
  {
    name: 'an unknown user is a note with handle_error true',
    command: 'msgraph-user-get-manager',
    args: { user: NOBODY },
    exchanges: [{ method: 'GET', path: `${NOBODY_PATH}/manager`, status: 404, reply: notFound }],
    expect: { readable: userMissingNote },
  },
  {
    name: 'an unknown user is an error with handle_error false',
    command: 'msgraph-user-get-manager',
    args: { user: NOBODY },
    params: { handle_error: 'false' },
    exchanges: [{ method: 'GET', path: `${NOBODY_PATH}/manager`, status: 404, reply: notFound }],
    expect: { error: [`Failed to get the manager of user ${NOBODY}.`, ...notFoundLines].join('\n') },
  },
];

const MANAGER = 'patti@contoso.com';
const assignBody = { '@odata.id': 'https://graph.microsoft.com/v1.0/users/patti%40contoso.com' };
const managerMissing = {
  error: {
    code: 'Request_ResourceNotFound',
    message: "Resource 'patti@contoso.com' does not exist or one of its queried reference-property objects are not present.",
  },
};
const assignCases: CommandCase[] = [
  {
    name: 'puts the manager reference, both ids encoded',
    command: 'msgraph-user-assign-manager',
    args: { user: USER, manager: MANAGER },
    exchanges: [{ method: 'PUT', path: `${USER_PATH}/manager/$ref`, body: assignBody, status: 204 }],
    expect: {
      readable: `A manager was assigned to user "${USER}". It might take several minutes for the changes to take effect across all applications.`,
      contents: null,
      context: {},
    },
  },
  {
    name: 'a manager starting with $ is addressed in key-predicate form',
    command: 'msgraph-user-assign-manager',
    args: { user: USER, manager: '$boss' },
    exchanges: [
      {
        method: 'PUT',
        path: `${USER_PATH}/manager/$ref`,
        body: { '@odata.id': "https://graph.microsoft.com/v1.0/users('%24boss')" },
        status: 204,
      },
    ],
    expect: {},
  },
  {
    name: 'a 404 naming the manager is a note with handle_error true',
    command: 'msgraph-user-assign-manager',
    args: { user: USER, manager: MANAGER },
    exchanges: [{ method: 'PUT', path: `${USER_PATH}/manager/$ref`, body: assignBody, status: 404, reply: managerMissing }],
    expect: { readable: `#### Manager -> ${MANAGER} does not exist`, context: {} },
  },
  {
    name: 'a 404 naming the user is a note with handle_error true',
    command: 'msgraph-user-assign-manager',
    args: { user: NOBODY, manager: MANAGER },
    exchanges: [{ method: 'PUT', path: `${NOBODY_PATH}/manager/$ref`, body: assignBody, status: 404, reply: notFound }],
    expect: { readable: userMissingNote },
  },
  {
    name: 'a 404 is an error with handle_error false',
    command: 'msgraph-user-assign-manager',
    args: { user: USER, manager: MANAGER },
    params: { handle_error: 'false' },
    exchanges: [{ method: 'PUT', path: `${USER_PATH}/manager/$ref`, body: assignBody, status: 404, reply: managerMissing }],
    expect: {
      error: [
        `Failed to assign manager ${MANAGER} to user ${USER}.`,
        "Graph error 404 Request_ResourceNotFound: Resource 'patti@contoso.com' does not exist or one of its queried reference-property objects are not present.",
      ].join('\n'),
    },
  },
  {
    name: 'a dry run shows the PUT and sends nothing',
    command: 'msgraph-user-assign-manager',
    args: { user: USER, manager: MANAGER, dry_run: 'true' },
    expect: {
      sendsNothing: true,
      readable: [
        '### Dry run: msgraph-user-assign-manager',
        'No request was sent. These requests would be sent:',
        '|#|Method|URL|Body|',
        '|---|---|---|---|',
        `| 1 | PUT | https://graph.microsoft.com${USER_PATH}/manager/$ref | {"@odata.id":"https://graph.microsoft.com/v1.0/users/patti%40contoso.com"} |`,
        '',
      ].join('\n'),
      context: {
        [DRY_RUN_KEY]: {
          Command: 'msgraph-user-assign-manager',
          Requests: [
            {
              Method: 'PUT',
              URL: `https://graph.microsoft.com${USER_PATH}/manager/$ref`,
              Body: '{"@odata.id":"https://graph.microsoft.com/v1.0/users/patti%40contoso.com"}',
            },
          ],
        },
      },
    },
  },
  {
    name: 'a missing manager is refused',
    command: 'msgraph-user-assign-manager',
    args: { user: USER },
    expect: { error: "Missing required argument 'manager'.", sendsNothing: true },
  },
  {
    name: 'a bad dry_run is refused',
    command: 'msgraph-user-assign-manager',
    args: { user: USER, manager: MANAGER, dry_run: '1' },
    expect: { error: "Invalid value '1' for argument 'dry_run'. Possible values: true, false.", sendsNothing: true },
  },
];

const DEVICES_NEXT = devices['@odata.nextLink'] as string;
const deviceRecord = (devices.value as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
const deviceCases: CommandCase[] = [
  {
    name: 'a full page keeps its nextLink as NextPage at index 0, and the argument sentence',
    command: 'msgraph-user-owned-devices-list',
    args: { user: USER, limit: '1' },
    exchanges: [
      { method: 'GET', path: `${USER_PATH}/ownedDevices`, query: { $count: 'true', $top: '1' }, headers: eventual, status: 200, reply: devices },
    ],
    expect: {
      readable: [
        `### Owned Devices for User ${USER}:`,
        'To get further results, enter this to the next_page argument:',
        DEVICES_NEXT,
        '|Device Id|Azure Device Registration Id|Device Display Name|',
        '|---|---|---|',
        '| 4a5e4b5c-8d3a-4f0a-a2f4-1e9e0c0c9f11 | b1f0e2c3-1111-4a4a-9b9b-0c0c0c0c0c0c | ADELE-LAPTOP |',
        '',
      ].join('\n'),
      contents: devices.value,
      context: {
        'MSGraphUser(val.ID && val.ID == obj.ID)': {
          ID: USER,
          OwnedDevice: [
            { NextPage: DEVICES_NEXT },
            {
              '@Odata.Type': '#microsoft.graph.device',
              ID: deviceRecord.id,
              DeletedDateTime: null,
              AccountEnabled: true,
              ApproximateLastSignInDateTime: '2025-04-28T07:12:41Z',
              CreatedDateTime: '2024-11-02T10:00:00Z',
              DeviceId: 'b1f0e2c3-1111-4a4a-9b9b-0c0c0c0c0c0c',
              DeviceVersion: 2,
              DisplayName: 'ADELE-LAPTOP',
              OperatingSystem: 'Windows',
              OperatingSystemVersion: '10.0.22631.3447',
              PhysicalIds: [],
              ProfileType: 'RegisteredDevice',
              RegistrationDateTime: '2024-11-02T10:00:00Z',
              TrustType: 'AzureAd',
            },
          ],
        },
      },
    },
  },
  {
    name: '50 a page by default, with $count and ConsistencyLevel and no empty $filter',
    command: 'msgraph-user-owned-devices-list',
    args: { user: USER, filter: ' ' },
    exchanges: [
      {
        method: 'GET',
        path: `${USER_PATH}/ownedDevices`,
        query: { $count: 'true', $top: '50' },
        headers: eventual,
        status: 200,
        reply: { value: [deviceRecord] },
      },
    ],
    expect: { contents: [deviceRecord] },
  },
  {
    name: 'filter and limit up to 999; ConsistencyLevel on the nextLink too',
    command: 'msgraph-user-owned-devices-list',
    args: { user: USER, filter: "operatingSystem eq 'Windows'", limit: '2' },
    exchanges: [
      {
        method: 'GET',
        path: `${USER_PATH}/ownedDevices`,
        query: { $filter: "operatingSystem eq 'Windows'", $count: 'true', $top: '2' },
        headers: eventual,
        status: 200,
        reply: devices,
      },
      { method: 'GET', path: pathAndSearch(DEVICES_NEXT), headers: eventual, status: 200, reply: { value: [{ ...deviceRecord, id: 'd2' }] } },
    ],
    expect: { contents: [deviceRecord, { ...deviceRecord, id: 'd2' }] },
  },
  {
    name: 'a given next_page is fetched as given, with ConsistencyLevel',
    command: 'msgraph-user-owned-devices-list',
    args: { user: USER, next_page: DEVICES_NEXT, filter: 'ignored' },
    exchanges: [{ method: 'GET', path: pathAndSearch(DEVICES_NEXT), headers: eventual, status: 200, reply: { value: [deviceRecord] } }],
    expect: { contents: [deviceRecord] },
  },
  {
    name: 'no devices: a sentence and no context',
    command: 'msgraph-user-owned-devices-list',
    args: { user: USER, all_results: 'true' },
    exchanges: [
      { method: 'GET', path: `${USER_PATH}/ownedDevices`, query: { $count: 'true', $top: '999' }, headers: eventual, status: 200, reply: { value: [] } },
    ],
    expect: { readable: `No owned devices found for user ${USER}.`, contents: [], context: {} },
  },
  {
    name: 'a 404 naming the user is a note with handle_error true',
    command: 'msgraph-user-owned-devices-list',
    args: { user: NOBODY },
    exchanges: [{ method: 'GET', path: `${NOBODY_PATH}/ownedDevices`, query: { $count: 'true', $top: '50' }, status: 404, reply: notFound }],
    expect: { readable: userMissingNote, context: {} },
  },
  {
    name: 'a 404 is an error with handle_error false',
    command: 'msgraph-user-owned-devices-list',
    args: { user: NOBODY },
    params: { handle_error: 'false' },
    exchanges: [{ method: 'GET', path: `${NOBODY_PATH}/ownedDevices`, query: { $count: 'true', $top: '50' }, status: 404, reply: notFound }],
    expect: { error: [`Failed to list the owned devices of user ${NOBODY}.`, ...notFoundLines].join('\n') },
  },
  {
    name: 'another Graph error carries the Fail line',
    command: 'msgraph-user-owned-devices-list',
    args: { user: USER },
    exchanges: [{ method: 'GET', path: `${USER_PATH}/ownedDevices`, query: { $count: 'true', $top: '50' }, status: 403, reply: forbidden }],
    expect: {
      error: [
        `Failed to list the owned devices of user ${USER}.`,
        'Graph error 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.',
        'request-id: 5b1e0c2a-0000-4000-8000-000000000403, date: 2025-05-01T10:00:00',
      ].join('\n'),
    },
  },
  {
    name: 'a limit over 999 is refused',
    command: 'msgraph-user-owned-devices-list',
    args: { user: USER, limit: '1000' },
    expect: { error: "Argument 'limit' must be at most 999.", sendsNothing: true },
  },
  {
    name: 'a next_page on another host is refused before any token',
    command: 'msgraph-user-owned-devices-list',
    args: { user: USER, next_page: 'https://graph.microsoft.us/v1.0/users/x/ownedDevices' },
    expect: {
      error: 'Refusing to follow next_page to https://graph.microsoft.us: it is not the configured Graph host https://graph.microsoft.com.',
      sendsNothing: true,
    },
  },
];

describe.each([
  ['msgraph-user-get-groups', groupCases],
  ['msgraph-direct-reports', reportCases],
  ['msgraph-user-get-manager', managerCases],
  ['msgraph-user-assign-manager', assignCases],
  ['msgraph-user-owned-devices-list', deviceCases],
])('%s', (_command, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    await runCase(testCase);
  });
});
