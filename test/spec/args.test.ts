import { describe, expect, it } from 'vitest';
import type { ArgValue } from '../../src/envelope';
import { parseArgs, splitList } from '../../src/spec/args';
import type { CommandSpec } from '../../src/spec/integration';

const command: CommandSpec = {
  name: 'msgraph-user-test-args',
  description: 'A command declared for these tests.',
  arguments: [
    { name: 'user', description: '', required: true, isArray: true },
    { name: 'mode', description: '', predefined: ['fast', 'slow'] },
    { name: 'flag', description: '', type: 'boolean', predefined: ['true', 'false'], defaultValue: 'false' },
    { name: 'limit', description: '', type: 'number' },
    { name: 'with_default', description: '', required: true, defaultValue: '3ddf' },
    { name: 'password', description: '', secret: true },
  ],
};

type Case = { name: string; args: Record<string, ArgValue>; error: string };

const failures: Case[] = [
  { name: 'unknown argument first', args: { nope: 'x' }, error: "Unknown argument 'nope' for command msgraph-user-test-args." },
  { name: 'missing required', args: {}, error: "Missing required argument 'user'." },
  { name: 'blank counts as missing', args: { user: '   ' }, error: "Missing required argument 'user'." },
  {
    name: 'outside predefined',
    args: { user: 'a', mode: 'medium' },
    error: "Invalid value 'medium' for argument 'mode'. Possible values: fast, slow.",
  },
  {
    name: 'boolean that is not one',
    args: { user: 'a', flag: 'yes' },
    error: "Invalid value 'yes' for argument 'flag'. Possible values: true, false.",
  },
  { name: 'not a whole number', args: { user: 'a', limit: '1.5' }, error: "Argument 'limit' must be a whole number, got '1.5'." },
  { name: 'below the bound', args: { user: 'a', limit: '0' }, error: "Argument 'limit' must be at least 1." },
  { name: 'unknown before missing', args: { x: '1' }, error: "Unknown argument 'x' for command msgraph-user-test-args." },
];

describe('parseArgs validation order and messages (SPEC.md §1.2)', () => {
  it.each(failures)('$name', ({ args, error }) => {
    expect(() => parseArgs(command, args)).toThrowError(error);
  });
});

describe('parseArgs values', () => {
  it('applies defaults before the required check, trims, ignores boolean case', () => {
    const args = parseArgs(command, { user: '  adele@contoso.com ', flag: 'TRUE', limit: 25, password: '  p w  ' });
    expect(args.string('user')).toBe('adele@contoso.com');
    expect(args.string('with_default')).toBe('3ddf');
    expect(args.bool('flag')).toBe(true);
    expect(args.int('limit')).toBe(25);
    expect(args.secret('password')?.reveal()).toBe('  p w  ');
    expect(args.display()).not.toHaveProperty('password');
  });

  it('JSON booleans and arrays are accepted', () => {
    const args = parseArgs(command, { user: ['a', 'b'], flag: true });
    expect(args.list('user')).toEqual(['a', 'b']);
    expect(args.bool('flag')).toBe(true);
  });

  it('a default boolean is false', () => {
    expect(parseArgs(command, { user: 'a' }).bool('flag')).toBe(false);
  });

  it('reading a secret as text is refused', () => {
    expect(() => parseArgs(command, { user: 'a', password: 'x' }).optionalString('password')).toThrow();
  });
});

describe('splitList', () => {
  it.each([
    ['a, b,,c ', ['a', 'b', 'c']],
    ['["x,y", "z"]', ['x,y', 'z']],
    ['[not json', ['[not json']],
    ['', []],
  ])('%j', (input, expected) => {
    expect(splitList(input)).toEqual(expected);
  });
});
