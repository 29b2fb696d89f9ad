import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/commands';
import type { NoteEntry } from '../src/envelope';
import { spec } from '../src/spec/integration';
import { runCommand, secretParams, useNock } from './helpers/harness';

useNock();

const registered = Object.keys(commands);
const declared = spec.script.commands.map((c) => c.name);

describe('integration.yml and the registry hold together', () => {
  it('every command of integration.yml has a handler', () => {
    expect(declared.filter((name) => !registered.includes(name))).toEqual([]);
  });

  it('every handler is a command of integration.yml (or test-module)', () => {
    expect(registered.filter((name) => name !== 'test-module' && !declared.includes(name))).toEqual([]);
  });
});

/** Plausible values for the required arguments of any command. */
const sample: Record<string, string> = {
  user: 'adele@contoso.com',
  user_id: 'adele@contoso.com',
  manager: 'miriam@contoso.com',
  method_id: 'method-1',
  policy_id: 'policy-1',
  password: 'Sample-Passw0rd!',
  zip_password: 'Zip-Passw0rd!',
  display_name: 'Eve',
  mail_nickname: 'eve',
  user_principal_name: 'eve@contoso.com',
  updated_fields: 'jobTitle=Analyst',
};

const dryRunCommands = spec.script.commands.filter((c) => (c.arguments ?? []).some((a) => a.name === 'dry_run'));

// Which commands declare dry_run is held to SPEC.md §4.2 by test/integration-yml.test.ts.
describe('dry_run on every state-changing command (SPEC.md §4.2)', () => {
  it.each(dryRunCommands.map((c) => c.name))('%s sends nothing and lists what it would send', async (name) => {
    const command = dryRunCommands.find((c) => c.name === name)!;
    const args: Record<string, string> = { dry_run: 'true' };
    for (const arg of command.arguments ?? []) {
      // on-premise takes one of two optional passwords, so a password is always given.
      if ((arg.required && arg.defaultValue === undefined) || arg.name === 'password') args[arg.name] = sample[arg.name] ?? 'x';
    }
    const outcome = await runCommand(name, args, { params: { ...secretParams, allow_secret_generators: 'true' } });
    expect(outcome.exitCode, JSON.stringify(outcome.result)).toBe(0);
    const entry = outcome.result.entries[0] as NoteEntry;
    const dryRun = entry.EntryContext['MSGraphUser.DryRun'] as { Command: string; Requests: Array<{ Method: string; URL: string; Body: string }> };
    expect(dryRun.Command).toBe(name);
    expect(dryRun.Requests.length).toBeGreaterThan(0);
    for (const request of dryRun.Requests) expect(request.URL).toMatch(/^(https:\/\/graph\.microsoft\.com\/(v1\.0|beta)\/|\$batch#|\{Location\}$)/);
    expect(JSON.stringify(outcome.result)).not.toMatch(/Sample-Passw0rd!|Zip-Passw0rd!/);
    // The token interceptor is optional: still pending means no token was asked for.
    expect(nock.pendingMocks()).toEqual([]);
    expect(nock.activeMocks().some((m) => m.includes('/oauth2/v2.0/token'))).toBe(true);
  });
});
