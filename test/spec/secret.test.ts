import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret, maskedJson, registerSecret, scrubSecrets, wireJson } from '../../src/secret';

describe('Secret', () => {
  const secret = new Secret('hunter2-very-secret');
  it.each([
    ['template string', `${secret}`],
    ['String()', String(secret)],
    ['JSON', JSON.stringify({ password: secret })],
    ['util.inspect', inspect({ secret })],
    ['masked JSON', maskedJson({ password: secret })],
  ])('does not leak through %s', (_how, text) => {
    expect(text).not.toContain('hunter2');
  });

  it('is revealed on the wire only', () => {
    expect(wireJson({ p: secret })).toBe('{"p":"hunter2-very-secret"}');
    expect(maskedJson({ p: secret })).toBe('{"p":"********"}');
  });

  it('scrubs registered values, also JSON-escaped', () => {
    registerSecret('a"quoted"secret');
    expect(scrubSecrets('x a"quoted"secret y')).toBe('x *** y');
    expect(scrubSecrets(JSON.stringify({ v: 'a"quoted"secret' }))).toBe('{"v":"***"}');
  });
});
