import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, it, expect } from 'vitest';

// integration.yml is held to the seed document (names) and to SPEC.md (everything NEW).

interface YmlArgument {
  name: string;
  description: string;
  required?: boolean;
  defaultValue?: unknown;
  predefined?: unknown[];
  secret?: boolean;
  isArray?: boolean;
  hidden?: boolean;
  type?: string;
}

interface YmlOutput {
  contextPath: string;
  description: string;
  type?: string;
}

interface YmlCommand {
  name: string;
  description: string;
  arguments?: YmlArgument[];
  outputs?: YmlOutput[];
  hidden?: boolean;
  deprecated?: boolean;
  execution?: boolean;
  quickaction?: boolean;
  prettyname?: string;
  compliantpolicies?: string[];
}

interface YmlParam {
  name: string;
  display?: string;
  type: number;
  required?: boolean;
  defaultvalue?: unknown;
  options?: string[];
  hidden?: boolean;
  advanced?: boolean;
  section?: string;
  hiddenusername?: boolean;
  displaypassword?: string;
  additionalinfo?: string;
}

interface Integration {
  commonfields: { id: string; version: number };
  name: string;
  display: string;
  category: string;
  description: string;
  sectionorder: string[];
  configuration: YmlParam[];
  script: { script: string; type: string; commands: YmlCommand[] };
}

interface SeedArgument {
  name: string;
  description: string;
  required: boolean;
}

interface SeedOutput {
  path: string;
  type: string;
}

interface SeedCommand {
  name: string;
  arguments: SeedArgument[];
  outputs: SeedOutput[];
}

function tableCells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());
}

/** Reads the seed's commands: a `msgraph-…#` heading, then the "Input#" and "Context Output#" tables. */
function parseSeed(markdown: string): SeedCommand[] {
  const commands: SeedCommand[] = [];
  let current: SeedCommand | undefined;
  let section: 'input' | 'output' | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^(msgraph-[a-z0-9-]+)#$/.exec(line);
    if (heading) {
      current = { name: heading[1], arguments: [], outputs: [] };
      commands.push(current);
      section = undefined;
      continue;
    }
    if (!current) continue;
    if (line === 'Input#') {
      section = 'input';
      continue;
    }
    if (line === 'Context Output#') {
      section = 'output';
      continue;
    }
    if (!line.startsWith('|')) {
      section = undefined;
      continue;
    }
    const cells = tableCells(line);
    if (cells[0] === 'Argument Name' || cells[0] === 'Path' || /^-+$/.test(cells[0])) continue;
    if (section === 'input') {
      expect(cells, `seed input row of ${current.name}: ${line}`).toHaveLength(3);
      expect(['Required', 'Optional']).toContain(cells[2]);
      current.arguments.push({ name: cells[0], description: cells[1], required: cells[2] === 'Required' });
    } else if (section === 'output') {
      expect(cells, `seed output row of ${current.name}: ${line}`).toHaveLength(3);
      current.outputs.push({ path: cells[0], type: cells[1] });
    }
  }
  return commands;
}

const seed = parseSeed(
  readFileSync(new URL('../../shared/seed/entra-id-users-integration.md', import.meta.url), 'utf8'),
);
const yml = load(readFileSync(new URL('../integration.yml', import.meta.url), 'utf8')) as Integration;
const commands = yml.script.commands;
const command = (name: string): YmlCommand => {
  const found = commands.find((c) => c.name === name);
  if (!found) throw new Error(`integration.yml has no command ${name}`);
  return found;
};
const args = (c: YmlCommand): YmlArgument[] => c.arguments ?? [];
const outputs = (c: YmlCommand): YmlOutput[] => c.outputs ?? [];
const paths = (c: YmlCommand): string[] => outputs(c).map((o) => o.contextPath);
const allArgs = commands.flatMap((c) => args(c).map((a) => ({ command: c.name, ...a })));

// SPEC.md §5 item 11: context keys the reference got wrong, and what they are called instead.
const RENAMED_PATHS: Record<string, string> = {
  'MSGraphUserManager.User': 'MSGraphUserManager.ID',
  'MSGraphUser.PhoneAuthMethod.Id': 'MSGraphUser.PhoneAuthMethod.ID',
  'MSGraphUser.Id': 'MSGraphUser.ID',
  'MSGraphUser.OwnedDevice.Id': 'MSGraphUser.OwnedDevice.ID',
};

// The seed writes two output types in a non-XSOAR spelling.
const OUTPUT_TYPES: Record<string, string> = { Bool: 'Boolean', Int: 'Number' };
const ALLOWED_OUTPUT_TYPES = ['String', 'Number', 'Boolean', 'Date', 'Unknown'];

const EXTRA_COMMANDS: Array<[string, Partial<YmlCommand>]> = [
  ['msgraph-user-create-mfa-client-secret', { hidden: true }],
  ['msgraph-user-create-mfa-client-access-token', { hidden: true }],
  ['msgraph-user-terminate-session', { deprecated: true }],
];

const HIDDEN_COMMANDS = [
  'msgraph-user-get-user-default-auth-method',
  'msgraph-user-request-mfa',
  'msgraph-user-create-mfa-client-secret',
  'msgraph-user-create-mfa-client-access-token',
];

// SPEC.md §4.2
const DRY_RUN_COMMANDS = [
  'msgraph-user-account-disable',
  'msgraph-user-terminate-session',
  'msgraph-user-unblock',
  'msgraph-user-session-revoke',
  'msgraph-user-force-reset-password',
  'msgraph-user-delete',
  'msgraph-user-create',
  'msgraph-user-update',
  'msgraph-user-assign-manager',
  'msgraph-user-change-password',
  'msgraph-user-change-password-on-premise',
  'msgraph-user-tap-policy-create',
  'msgraph-user-tap-policy-delete',
  'msgraph-user-fido2-method-delete',
  'msgraph-user-email-method-delete',
  'msgraph-user-authenticator-method-delete',
  'msgraph-user-phone-method-delete',
  'msgraph-user-software-oath-method-delete',
  'msgraph-user-windows-hello-method-delete',
  'msgraph-user-temp-access-pass-method-delete',
  'msgraph-user-create-mfa-client-secret',
];
const DRY_RUN_OUTPUTS = [
  'MSGraphUser.DryRun.Command',
  'MSGraphUser.DryRun.Requests.Method',
  'MSGraphUser.DryRun.Requests.URL',
  'MSGraphUser.DryRun.Requests.Body',
];

// SPEC.md §4.1
const BULK_COMMANDS = [
  'msgraph-user-account-disable',
  'msgraph-user-terminate-session',
  'msgraph-user-unblock',
  'msgraph-user-session-revoke',
  'msgraph-user-force-reset-password',
  'msgraph-user-delete',
];
const ACTION_RESULT_OUTPUTS = ['User', 'Action', 'Status', 'HTTPStatus', 'ErrorCode', 'ErrorMessage', 'RequestId'].map(
  (field) => `MSGraphUser.ActionResult.${field}`,
);

// SPEC.md §1.11
const SECRET_ARGS: Array<[string, string]> = [
  ['msgraph-user-create', 'password'],
  ['msgraph-user-change-password', 'password'],
  ['msgraph-user-change-password-on-premise', 'password'],
  ['msgraph-user-tap-policy-create', 'zip_password'],
  ['msgraph-user-request-mfa', 'access_token'],
  ['msgraph-user-create-mfa-client-access-token', 'client_secret'],
];

const NUMBER_ARGS = ['limit', 'lifetime_in_minutes', 'timeout', 'timeout_in_seconds'];

// SPEC.md §1.7, §3.2, §3.3, §3.6: paging arguments and where each command's NextPage lives.
const PAGED_COMMANDS: Array<[string, string]> = [
  ['msgraph-user-list', 'MSGraphUser.NextPage'],
  ['msgraph-user-get-groups', 'MSGraphUserGroups.NextPage'],
  ['msgraph-user-get-auth-methods', 'MSGraphUserAuthMethods.NextPage'],
  ['msgraph-direct-reports', 'MSGraphUserDirectReports.NextPage'],
  ['msgraph-user-owned-devices-list', 'MSGraphUser.OwnedDevice.NextPage'],
  ['msgraph-user-fido2-method-list', 'MSGraphUser.FIDO2Method.NextPage'],
  ['msgraph-user-email-method-list', 'MSGraphUser.EmailAuthMethod.NextPage'],
  ['msgraph-user-authenticator-method-list', 'MSGraphUser.UserAuthMethod.NextPage'],
  ['msgraph-user-phone-method-list', 'MSGraphUser.PhoneAuthMethod.NextPage'],
  ['msgraph-user-software-oath-method-list', 'MSGraphUser.SoftOathAuthMethod.NextPage'],
  ['msgraph-user-windows-hello-method-list', 'MSGraphUser.WindowsHelloAuthMethod.NextPage'],
  ['msgraph-user-temp-access-pass-method-list', 'MSGraphUser.TempAccessPassAuthMethod.NextPage'],
];

// SPEC.md §3.1
const QUICK_ACTIONS: Array<[string, string | undefined, string[]]> = [
  ['msgraph-user-account-disable', 'Disable User Account [EntraID]', ['User Hard Remediation']],
  ['msgraph-user-unblock', 'Enable User Account [EntraID]', ['User Soft Remediation']],
  ['msgraph-user-session-revoke', 'Terminate Existing Sessions [EntraID]', ['User Soft Remediation']],
  ['msgraph-user-force-reset-password', 'Force Reset Password [EntraID]', ['User Soft Remediation']],
  ['msgraph-user-delete', undefined, ['User Hard Remediation']],
];

// SPEC.md §2.1: name, type, default, hidden, advanced, section.
const PARAMS: Array<[string, number, string | undefined, boolean, boolean, string]> = [
  ['azure_cloud', 15, 'Worldwide', false, true, 'Connect'],
  ['host', 0, 'https://graph.microsoft.com', false, false, 'Connect'],
  ['azure_ad_endpoint', 0, 'https://login.microsoftonline.com', false, true, 'Connect'],
  ['creds_auth_id', 9, undefined, false, false, 'Connect'],
  ['auth_id', 4, undefined, true, false, 'Connect'],
  ['creds_tenant_id', 9, undefined, false, false, 'Connect'],
  ['tenant_id', 4, undefined, true, false, 'Connect'],
  ['creds_enc_key', 9, undefined, false, false, 'Connect'],
  ['enc_key', 4, undefined, true, false, 'Connect'],
  ['creds_certificate', 9, undefined, false, false, 'Connect'],
  ['certificate_thumbprint', 4, undefined, true, false, 'Connect'],
  ['private_key', 14, undefined, true, false, 'Connect'],
  ['redirect_uri', 0, undefined, false, false, 'Connect'],
  ['creds_auth_code', 9, undefined, false, false, 'Connect'],
  ['auth_code', 4, undefined, true, false, 'Connect'],
  ['use_managed_identities', 8, 'false', false, false, 'Connect'],
  ['managed_identities_client_id', 9, undefined, false, false, 'Connect'],
  ['insecure', 8, 'false', false, true, 'Connect'],
  ['proxy', 8, 'false', false, true, 'Connect'],
  ['handle_error', 8, 'true', false, true, 'Collect'],
  ['allow_secret_generators', 8, 'false', false, true, 'Connect'],
  ['self_deployed', 8, 'true', true, false, 'Connect'],
];
const HIDDEN_USERNAME_PARAMS = [
  'creds_auth_id',
  'creds_tenant_id',
  'creds_enc_key',
  'creds_auth_code',
  'managed_identities_client_id',
];

function duplicates(names: string[]): string[] {
  return names.filter((name, i) => names.indexOf(name) !== i);
}

function seedDefault(description: string): string | undefined {
  return /Default is (.+)\.\s*$/.exec(description)?.[1];
}

function seedPredefined(description: string): string[] | undefined {
  return /Possible values are: (.+?)\./.exec(description)?.[1].split(', ');
}

describe('seed document', () => {
  it('parses into the 39 commands, 81 arguments and 200 context paths it holds', () => {
    expect(seed).toHaveLength(39);
    expect(seed.flatMap((c) => c.arguments)).toHaveLength(81);
    expect(seed.flatMap((c) => c.outputs)).toHaveLength(200);
    expect(duplicates(seed.map((c) => c.name))).toEqual([]);
  });
});

describe('integration.yml top level', () => {
  it('names the integration as SPEC.md §2.1 says', () => {
    expect(yml.commonfields).toEqual({ id: 'Microsoft Graph User', version: -1 });
    expect(yml.name).toBe('Microsoft Graph User');
    expect(yml.display).toBe('Entra ID Users');
    expect(yml.category).toBe('Analytics & SIEM');
    expect(yml.sectionorder).toEqual(['Connect', 'Collect']);
    expect(yml.description).toMatch(/^The Entra ID Users integration \(formerly Azure Active Directory Users\)/);
    expect(yml.script.type).toBe('javascript');
  });

  it('has exactly the seed commands plus the extra ones', () => {
    expect(commands.map((c) => c.name).sort()).toEqual(
      [...seed.map((c) => c.name), ...EXTRA_COMMANDS.map(([name]) => name)].sort(),
    );
  });

  it('has no duplicate command, argument or output names', () => {
    expect(duplicates(commands.map((c) => c.name))).toEqual([]);
    for (const c of commands) {
      expect(duplicates(args(c).map((a) => a.name)), c.name).toEqual([]);
      expect(duplicates(paths(c)), c.name).toEqual([]);
    }
    expect(duplicates(yml.configuration.map((p) => p.name))).toEqual([]);
  });
});

describe('configuration (SPEC.md §2.1)', () => {
  it('has exactly the params of the table', () => {
    expect(yml.configuration.map((p) => p.name).sort()).toEqual(PARAMS.map(([name]) => name).sort());
  });

  it.each(PARAMS)('%s: type %i, default %s, hidden %s, advanced %s, section %s', (name, type, def, hidden, advanced, section) => {
    const param = yml.configuration.find((p) => p.name === name)!;
    expect(param.type).toBe(type);
    expect(param.required).toBe(false);
    expect(param.defaultvalue).toBe(def);
    expect(param.hidden ?? false).toBe(hidden);
    expect(param.advanced ?? false).toBe(advanced);
    expect(param.section).toBe(section);
    expect(param.display).toBeTruthy();
    expect(param.hiddenusername ?? false).toBe(HIDDEN_USERNAME_PARAMS.includes(name));
  });

  it('offers the seven clouds', () => {
    const cloud = yml.configuration.find((p) => p.name === 'azure_cloud')!;
    expect(cloud.options).toEqual(['Worldwide', 'US GCC', 'US GCC-High', 'DoD', 'Germany', 'China', 'Custom']);
  });

  it('labels the certificate credential parts', () => {
    const cert = yml.configuration.find((p) => p.name === 'creds_certificate')!;
    expect(cert.display).toBe('Certificate Thumbprint');
    expect(cert.displaypassword).toBe('Private Key');
  });
});

describe.each(seed)('seed command $name', (seedCommand) => {
  const c = command(seedCommand.name);

  it('declares every seed argument with its required flag', () => {
    for (const seedArg of seedCommand.arguments) {
      const arg = args(c).find((a) => a.name === seedArg.name);
      expect(arg, `${c.name} ${seedArg.name}`).toBeDefined();
      expect(arg!.required ?? false, `${c.name} ${seedArg.name} required`).toBe(seedArg.required);
    }
  });

  it('keeps the seed defaults and possible values', () => {
    for (const seedArg of seedCommand.arguments) {
      const arg = args(c).find((a) => a.name === seedArg.name)!;
      const def = seedDefault(seedArg.description);
      if (def !== undefined) expect(arg.defaultValue, `${c.name} ${arg.name} default`).toBe(def);
      const predefined = seedPredefined(seedArg.description);
      if (predefined !== undefined) expect(arg.predefined, `${c.name} ${arg.name} predefined`).toEqual(predefined);
    }
  });

  it('declares every seed context path with its type', () => {
    for (const seedOutput of seedCommand.outputs) {
      const path = RENAMED_PATHS[seedOutput.path] ?? seedOutput.path;
      const output = outputs(c).find((o) => o.contextPath === path);
      expect(output, `${c.name} ${path}`).toBeDefined();
      expect(output!.type, `${c.name} ${path} type`).toBe(OUTPUT_TYPES[seedOutput.type] ?? seedOutput.type);
    }
  });

  it('marks what the seed does not have as (New.)', () => {
    const seedArgs = new Set(seedCommand.arguments.map((a) => a.name));
    for (const arg of args(c)) {
      if (seedArgs.has(arg.name)) expect(arg.description, `${c.name} ${arg.name}`).not.toMatch(/\(New\.\)/);
      else expect(arg.description, `${c.name} ${arg.name}`).toMatch(/ \(New\.\)$/);
    }
    const seedPaths = new Set(seedCommand.outputs.map((o) => RENAMED_PATHS[o.path] ?? o.path));
    for (const output of outputs(c)) {
      if (seedPaths.has(output.contextPath)) expect(output.description).not.toMatch(/\(New\.\)/);
      else expect(output.description, `${c.name} ${output.contextPath}`).toMatch(/ \(New\.\)$/);
    }
  });
});

describe('context keys corrected by SPEC.md §5 item 11', () => {
  it.each(Object.entries(RENAMED_PATHS))('%s is declared as %s', (wrong, right) => {
    const all = commands.flatMap(paths);
    expect(all).not.toContain(wrong);
    expect(all).toContain(right);
  });

  it('owned devices are keyed ID', () => {
    expect(paths(command('msgraph-user-owned-devices-list'))).toEqual(
      expect.arrayContaining(['MSGraphUser.ID', 'MSGraphUser.OwnedDevice.ID']),
    );
  });
});

describe('extra commands', () => {
  it.each(EXTRA_COMMANDS)('%s exists with %o', (name, flags) => {
    expect(command(name)).toMatchObject(flags);
  });

  it.each(HIDDEN_COMMANDS)('%s is hidden', (name) => {
    expect(command(name).hidden).toBe(true);
  });

  it('only the MFA commands are hidden, only the alias is deprecated', () => {
    expect(commands.filter((c) => c.hidden).map((c) => c.name).sort()).toEqual([...HIDDEN_COMMANDS].sort());
    expect(commands.filter((c) => c.deprecated).map((c) => c.name)).toEqual(['msgraph-user-terminate-session']);
  });

  it('the alias takes the arguments of account-disable', () => {
    const strip = (c: YmlCommand) => args(c).map(({ name, required, defaultValue, predefined, isArray, type }) => ({
      name,
      required,
      defaultValue,
      predefined,
      isArray,
      type,
    }));
    expect(strip(command('msgraph-user-terminate-session'))).toEqual(strip(command('msgraph-user-account-disable')));
    expect(paths(command('msgraph-user-terminate-session'))).toEqual(paths(command('msgraph-user-account-disable')));
  });

  it('the MFA commands declare their outputs (SPEC.md §3.7)', () => {
    expect(paths(command('msgraph-user-create-mfa-client-secret'))).toEqual(
      expect.arrayContaining([
        'MSGraphUser.MFAClientSecret.MFAClientSecret',
        'MSGraphUser.MFAClientSecret.ValidFrom',
        'MSGraphUser.MFAClientSecret.ValidUntil',
      ]),
    );
    expect(args(command('msgraph-user-create-mfa-client-secret')).map((a) => a.name)).toEqual(['dry_run']);
    expect(paths(command('msgraph-user-create-mfa-client-access-token'))).toEqual([
      'MSGraphUser.MFAAccessToken.AccessToken',
      'MSGraphUser.MFAAccessToken.ValidUntil',
    ]);
    expect(args(command('msgraph-user-create-mfa-client-access-token')).map((a) => [a.name, a.required])).toEqual([
      ['client_secret', true],
    ]);
    expect(paths(command('msgraph-user-get-user-default-auth-method'))).toEqual(
      expect.arrayContaining(['MSGraphUser.AuthMethod.User', 'MSGraphUser.AuthMethod.DefaultMethod']),
    );
  });
});

describe('argument conventions (SPEC.md §1.2)', () => {
  it('every boolean argument is typed boolean with predefined true/false, and only those', () => {
    for (const arg of allArgs) {
      const looksBoolean = JSON.stringify(arg.predefined) === JSON.stringify(['true', 'false']);
      expect(arg.type === 'boolean', `${arg.command} ${arg.name}`).toBe(looksBoolean);
      if (arg.defaultValue !== undefined && looksBoolean) expect(['true', 'false']).toContain(arg.defaultValue);
    }
  });

  it('every whole-number argument is typed number, and only those', () => {
    for (const arg of allArgs) {
      expect(arg.type === 'number', `${arg.command} ${arg.name}`).toBe(NUMBER_ARGS.includes(arg.name));
    }
  });

  it('argument types are boolean or number only; defaults and predefined values are strings', () => {
    for (const arg of allArgs) {
      expect([undefined, 'boolean', 'number'], `${arg.command} ${arg.name}`).toContain(arg.type);
      if (arg.defaultValue !== undefined) expect(typeof arg.defaultValue, `${arg.command} ${arg.name}`).toBe('string');
      for (const value of arg.predefined ?? []) expect(typeof value).toBe('string');
    }
  });

  it('exactly the SPEC.md §1.11 arguments are secret', () => {
    const secret = allArgs.filter((a) => a.secret).map((a) => [a.command, a.name]);
    expect(secret.sort()).toEqual([...SECRET_ARGS].sort());
  });

  it('list arguments are arrays', () => {
    for (const name of BULK_COMMANDS) {
      expect(args(command(name)).find((a) => a.name === 'user')?.isArray, name).toBe(true);
    }
    for (const name of ['msgraph-user-get', 'msgraph-user-list']) {
      expect(args(command(name)).find((a) => a.name === 'properties')?.isArray, name).toBe(true);
    }
    const arrays = allArgs.filter((a) => a.isArray).map((a) => a.name);
    expect(new Set(arrays)).toEqual(new Set(['user', 'properties']));
  });

  it('email-method-delete keeps method_id required, with the fixed email method ID as default', () => {
    expect(args(command('msgraph-user-email-method-delete')).find((a) => a.name === 'method_id')).toMatchObject({
      required: true,
      defaultValue: '3ddfcfc8-9383-446f-83cc-3ab9be4be18f',
    });
  });

  it('change-password-on-premise has the hidden polling arguments', () => {
    const onPremise = args(command('msgraph-user-change-password-on-premise'));
    expect(onPremise.find((a) => a.name === 'polling_url')).toMatchObject({ hidden: true });
    expect(onPremise.find((a) => a.name === 'timeout_in_seconds')).toMatchObject({
      hidden: true,
      type: 'number',
      defaultValue: '120',
    });
  });

  it('create takes other_properties_delimiter with default ","', () => {
    expect(args(command('msgraph-user-create')).find((a) => a.name === 'other_properties_delimiter')?.defaultValue).toBe(
      ',',
    );
  });
});

describe('dry_run (SPEC.md §4.2)', () => {
  it('only the state-changing commands take dry_run', () => {
    const withDryRun = commands.filter((c) => args(c).some((a) => a.name === 'dry_run')).map((c) => c.name);
    expect(withDryRun.sort()).toEqual([...DRY_RUN_COMMANDS].sort());
  });

  it.each(DRY_RUN_COMMANDS)('%s has dry_run and declares the DryRun outputs', (name) => {
    const c = command(name);
    expect(args(c).find((a) => a.name === 'dry_run')).toMatchObject({
      type: 'boolean',
      predefined: ['true', 'false'],
      defaultValue: 'false',
    });
    expect(paths(c)).toEqual(expect.arrayContaining(DRY_RUN_OUTPUTS));
  });

  it('no other command declares DryRun outputs', () => {
    for (const c of commands) {
      if (!DRY_RUN_COMMANDS.includes(c.name)) expect(paths(c).filter((p) => p.includes('.DryRun.')), c.name).toEqual([]);
    }
  });
});

describe('bulk (SPEC.md §4.1)', () => {
  it.each(BULK_COMMANDS)('%s declares the ActionResult outputs', (name) => {
    expect(paths(command(name))).toEqual(expect.arrayContaining(ACTION_RESULT_OUTPUTS));
  });

  it('revoke_sessions is on account-disable and its alias only', () => {
    const withRevoke = commands.filter((c) => args(c).some((a) => a.name === 'revoke_sessions')).map((c) => c.name);
    expect(withRevoke.sort()).toEqual(['msgraph-user-account-disable', 'msgraph-user-terminate-session']);
  });
});

describe('paging (SPEC.md §1.7)', () => {
  it.each(PAGED_COMMANDS)('%s takes limit, all_results and next_page, and declares %s', (name, nextPage) => {
    const c = command(name);
    const names = args(c).map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['limit', 'all_results', 'next_page']));
    expect(args(c).find((a) => a.name === 'all_results')?.defaultValue).toBe('false');
    expect(paths(c)).toContain(nextPage);
  });

  it('keeps the seed limits of 50 and sets no other default limit', () => {
    const limits = Object.fromEntries(
      PAGED_COMMANDS.map(([name]) => [name, args(command(name)).find((a) => a.name === 'limit')?.defaultValue]),
    );
    expect(Object.entries(limits).filter(([, value]) => value !== undefined)).toEqual([
      ['msgraph-user-owned-devices-list', '50'],
      ['msgraph-user-authenticator-method-list', '50'],
    ]);
  });

  it('every per-type method list takes method_id', () => {
    for (const [name] of PAGED_COMMANDS.filter(([name]) => name.endsWith('-method-list'))) {
      expect(args(command(name)).map((a) => a.name), name).toContain('method_id');
    }
  });
});

describe('command flags', () => {
  it('execution is set on delete and change-password only', () => {
    expect(commands.filter((c) => c.execution).map((c) => c.name).sort()).toEqual([
      'msgraph-user-change-password',
      'msgraph-user-delete',
    ]);
  });

  it.each(QUICK_ACTIONS)('%s: quick action %s, policies %o', (name, prettyname, policies) => {
    const c = command(name);
    expect(c.compliantpolicies).toEqual(policies);
    expect(c.quickaction ?? false).toBe(prettyname !== undefined);
    expect(c.prettyname).toBe(prettyname);
  });

  it('no other command is a quick action', () => {
    const quick = commands.filter((c) => c.quickaction || c.compliantpolicies || c.prettyname).map((c) => c.name);
    expect(quick.sort()).toEqual(QUICK_ACTIONS.map(([name]) => name).sort());
  });

  it('output types are XSOAR types', () => {
    for (const c of commands) {
      for (const output of outputs(c)) expect(ALLOWED_OUTPUT_TYPES, `${c.name} ${output.contextPath}`).toContain(output.type);
    }
  });
});
