import { describe, expect, it } from 'vitest';
import { fromWords, parseWarRoom, WarRoomSyntaxError } from '../../src/cli/war-room';

describe('parseWarRoom', () => {
  it.each([
    ['the leading ! is optional', 'msgraph-user-list', 'msgraph-user-list', {}],
    ['with !', '!msgraph-user-list', 'msgraph-user-list', {}],
    ['spaces around', '   !msgraph-user-list   ', 'msgraph-user-list', {}],
    ['an unquoted value ends at whitespace', '!c user=adele@contoso.com limit=5', 'c', { user: 'adele@contoso.com', limit: '5' }],
    ['double quotes keep spaces and commas', '!c properties="displayName, mail"', 'c', { properties: 'displayName, mail' }],
    ['single quotes keep spaces', "!c filter='startswith(displayName,\"A\")'", 'c', { filter: 'startswith(displayName,"A")' }],
    ['escaped double quote', '!c v="say \\"hi\\""', 'c', { v: 'say "hi"' }],
    ['escaped backslash', '!c v="a\\\\b"', 'c', { v: 'a\\b' }],
    ['another backslash is kept', '!c v="C:\\temp\\new"', 'c', { v: 'C:\\temp\\new' }],
    ['no escapes in single quotes', "!c v='a\\\"b'", 'c', { v: 'a\\"b' }],
    ['empty double-quoted value', '!c a=""', 'c', { a: '' }],
    ['empty single-quoted value', "!c a=''", 'c', { a: '' }],
    ['empty unquoted value', '!c a= b=1', 'c', { a: '', b: '1' }],
    ['the first = splits', '!c updated_fields=mobilePhone=050', 'c', { updated_fields: 'mobilePhone=050' }],
    ['a repeated key: the later wins', '!c a=1 a=2', 'c', { a: '2' }],
    ['tabs and newlines separate too', '!c\ta=1\n b=2', 'c', { a: '1', b: '2' }],
    ['quotes inside an unquoted value are literal', '!c a=it\'s', 'c', { a: "it's" }],
    ['a newline inside quotes is kept', '!c a="x\ny"', 'c', { a: 'x\ny' }],
  ])('%s', (_name, line, command, args) => {
    expect(parseWarRoom(line)).toEqual({ command, args });
  });

  it.each([
    ['unbalanced double quote', '!c user="adele', "Unbalanced quote: the value of 'user' opens with \" but is never closed."],
    ['unbalanced single quote', "!c user='adele", "Unbalanced quote: the value of 'user' opens with ' but is never closed."],
    ['an escaped closing quote leaves it open', '!c a="x\\"', "Unbalanced quote: the value of 'a' opens with \" but is never closed."],
    ['nothing at all', '   ', 'No command given: expected !command-name key=value ...'],
    ['only !', '!', 'No command given: expected !command-name key=value ...'],
    ['a word without =', '!c user', "Expected key=value, got 'user'."],
    ['no key before =', '!c =x', "An argument name is missing or quoted before '='."],
    ['text glued after a closing quote', '!c a="x"y', "Unexpected text after the closing quote of 'a': put a space between arguments."],
    ['a command name with =', 'a=b', "'a=b' is not a command name."],
  ])('rejects %s', (_name, line, message) => {
    expect(() => parseWarRoom(line)).toThrow(WarRoomSyntaxError);
    expect(() => parseWarRoom(line)).toThrow(message);
  });
});

describe('fromWords (already split by the shell)', () => {
  it('takes values literally and splits at the first =', () => {
    expect(fromWords(['!c', 'filter=a b', 'x="q"', 'f=k=v'])).toEqual({ command: 'c', args: { filter: 'a b', x: '"q"', f: 'k=v' } });
  });

  it('rejects a word without =', () => {
    expect(() => fromWords(['c', 'oops'])).toThrow("Expected key=value, got 'oops'.");
  });
});
