import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commandHelp, commandList, firstSentence, helpMain } from '../../src/cli/help';
import { commandSpec, spec } from '../../src/spec/integration';

function capture(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

describe('help', () => {
  it('lists every command of integration.yml with its first sentence', () => {
    const list = commandList();
    for (const command of spec.script.commands) {
      const line = list.split('\n').find((l) => l.trimStart().startsWith(`${command.name} `));
      expect(line, command.name).toBeDefined();
      if (!command.deprecated) expect(line).toContain(firstSentence(command.description));
    }
  });

  it('marks deprecated and hidden commands', () => {
    const lines = commandList().split('\n');
    expect(lines.find((l) => l.includes('msgraph-user-terminate-session'))).toMatch(
      /\[deprecated\] Use msgraph-user-account-disable instead\.$/,
    );
    expect(lines.find((l) => l.includes('msgraph-user-request-mfa'))).toContain('[hidden] Pops a synchronous MFA request');
    expect(lines.find((l) => l.includes('msgraph-user-get '))).not.toContain('[');
  });

  it('shows the arguments and context outputs of one command', () => {
    const command = commandSpec('msgraph-user-tap-policy-create');
    if (!command) throw new Error('missing');
    const text = commandHelp(command);
    expect(text).toContain('  user_id (required)\n');
    expect(text).toContain('  zip_password (required; secret)\n');
    expect(text).toContain('  lifetime_in_minutes (default: 60)\n');
    expect(text).toContain('  is_usable_once (default: false; one of: true, false)\n');
    expect(text).toMatch(/\n {2}MSGraphUser\.TAPPolicy\.ID +String +/);
    for (const output of command.outputs ?? []) expect(text).toContain(output.contextPath);
  });

  it('says none for a command without arguments or outputs', () => {
    const command = commandSpec('msgraph-user-auth-reset');
    if (!command) throw new Error('missing');
    const text = commandHelp(command);
    expect(text).toContain('Arguments: none');
    expect(text).toContain('Context outputs: none');
  });

  it.each([
    [['msgraph-user-get'], 0, 'msgraph-user-get\n'],
    [['!msgraph-user-get'], 0, 'msgraph-user-get\n'],
    [[], 0, 'Commands of Entra ID Users'],
    [['params'], 0, 'ENTRA_USERS_CREDS_AUTH_ID'],
  ])('helpMain %j', (argv, code, start) => {
    const out = capture();
    const err = capture();
    expect(helpMain(argv, out, err)).toBe(code);
    expect(out.text).toContain(start);
    expect(err.text).toBe('');
  });

  it('answers an unknown command with one line and exit 2', () => {
    const out = capture();
    const err = capture();
    expect(helpMain(['msgraph-nope'], out, err)).toBe(2);
    expect(err.text).toBe("Unknown command 'msgraph-nope'. Run 'entra-users help' for the list.\n");
    expect(out.text).toBe('');
  });
});
