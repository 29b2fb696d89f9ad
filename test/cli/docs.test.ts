import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docsPath, exampleOf, loadInputs, renderCommandsDoc } from '../../scripts/docs.mjs';
import { parseWarRoom } from '../../src/cli/war-room';

const { integration, permissions } = loadInputs();
const commands = integration.script.commands;

describe('docs/commands.md', () => {
  it('is up to date with integration.yml and scripts/permissions.json (run npm run docs)', () => {
    expect(readFileSync(docsPath, 'utf8')).toBe(renderCommandsDoc(integration, permissions));
  });

  it('documents every command of integration.yml, with its arguments and outputs', () => {
    const doc = readFileSync(docsPath, 'utf8');
    for (const command of commands) {
      const start = doc.indexOf(`\n## ${command.name}\n`);
      expect(start, command.name).toBeGreaterThan(0);
      const end = doc.indexOf('\n## ', start + 1);
      const section = doc.slice(start, end === -1 ? undefined : end);
      for (const arg of command.arguments ?? []) expect(section, `${command.name} ${arg.name}`).toContain(`| \`${arg.name}\` |`);
      for (const output of command.outputs ?? []) expect(section).toContain(`| \`${output.contextPath}\` |`);
      expect(section).toContain('### Required permissions');
    }
  });

  it('has a permissions entry for every command, and none for a command that does not exist', () => {
    expect(Object.keys(permissions).sort()).toEqual(commands.map((c) => c.name).sort());
    for (const [name, entry] of Object.entries(permissions)) {
      for (const permission of [...entry.application, ...(entry.delegated ?? [])]) {
        expect(permission, name).toMatch(/^[A-Z][A-Za-z-]*(\.[A-Za-z]+)+$/);
      }
    }
  });

  it('gives each command an example that parses as war-room syntax with declared arguments only', () => {
    for (const command of commands) {
      const parsed = parseWarRoom(exampleOf(command));
      expect(parsed.command).toBe(command.name);
      const declared = new Set((command.arguments ?? []).map((a) => a.name));
      for (const name of Object.keys(parsed.args)) expect(declared.has(name), `${command.name} ${name}`).toBe(true);
      for (const arg of command.arguments ?? []) {
        if (arg.required && arg.defaultValue === undefined) expect(parsed.args, `${command.name} ${arg.name}`).toHaveProperty(arg.name);
      }
    }
  });
});
