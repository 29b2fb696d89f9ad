import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/errors';
import { formatStartTime, parseStartTime } from '../../src/spec/start-time';

const now = new Date('2025-01-31T12:34:56.789Z');

function wire(text: string): string {
  return formatStartTime(parseStartTime(text, now));
}

describe('parseStartTime', () => {
  it.each([
    ['now', '2025-01-31T12:34:56.000Z'],
    ['NOW', '2025-01-31T12:34:56.000Z'],
    ['in 2 days', '2025-02-02T12:34:56.000Z'],
    ['In 1 Day', '2025-02-01T12:34:56.000Z'],
    ['in 30 seconds', '2025-01-31T12:35:26.000Z'],
    ['in 1 minute', '2025-01-31T12:35:56.000Z'],
    ['in 3 HOURS', '2025-01-31T15:34:56.000Z'],
    ['in 1 week', '2025-02-07T12:34:56.000Z'],
    ['in 1 month', '2025-02-28T12:34:56.000Z'],
    ['in 1 year', '2026-01-31T12:34:56.000Z'],
    ['in   2    days', '2025-02-02T12:34:56.000Z'],
    ['2 days ago', '2025-01-29T12:34:56.000Z'],
    ['1 Month Ago', '2024-12-31T12:34:56.000Z'],
    ['5 minutes', '2025-01-31T12:29:56.000Z'],
    ['1 year', '2024-01-31T12:34:56.000Z'],
    ['0 seconds', '2025-01-31T12:34:56.000Z'],
    ['2025-03-26', '2025-03-26T00:00:00.000Z'],
    ['2025-03-26T10:20', '2025-03-26T10:20:00.000Z'],
    ['2025-03-26T10:20:30', '2025-03-26T10:20:30.000Z'],
    ['2025-03-26T10:20:30.999', '2025-03-26T10:20:30.000Z'],
    ['2025-03-26T00:00:00Z', '2025-03-26T00:00:00.000Z'],
    ['2025-03-26T00:00:00.000Z', '2025-03-26T00:00:00.000Z'],
    ['2025-03-26t10:20:30z', '2025-03-26T10:20:30.000Z'],
    ['2025-03-26T10:20:30+02:00', '2025-03-26T08:20:30.000Z'],
    ['2025-03-26T10:20-05:30', '2025-03-26T15:50:00.000Z'],
    ['1742947200', '2025-03-26T00:00:00.000Z'],
    ['0', '1970-01-01T00:00:00.000Z'],
    // Eight digits are epoch seconds, not a basic-format date.
    ['20250326', '1970-08-23T09:05:26.000Z'],
    ['  in 2 days  ', '2025-02-02T12:34:56.000Z'],
  ])('%s -> %s', (text, expected) => {
    expect(wire(text)).toBe(expected);
  });

  it('reads dates without a zone as UTC whatever the local zone is', () => {
    const before = process.env.TZ;
    process.env.TZ = 'Pacific/Auckland';
    try {
      expect(wire('2025-03-26')).toBe('2025-03-26T00:00:00.000Z');
      expect(wire('in 1 month')).toBe('2025-02-28T12:34:56.000Z');
    } finally {
      process.env.TZ = before;
    }
  });

  it.each([
    'tomorrow',
    'in 2',
    'in days',
    '2 fortnights',
    'in 2 days ago',
    'in -2 days',
    '2.5 days',
    '2025-02-30',
    '2025-13-01',
    '2025-03-26T10',
    '2025-03-26 10:20:30',
    '2025-03-26T10:20:30+0200',
    '2025-W13',
    '-1',
    '1e9',
    '99999999999999999999',
    'in 99999999999 years',
    '',
  ])('refuses %j with the exact sentence', (text) => {
    expect(() => parseStartTime(text, now)).toThrow(UserInputError);
    expect(() => parseStartTime(text, now)).toThrow(
      `Invalid start_time '${text}'. Use ISO 8601 (2025-03-26T00:00:00Z) or a relative time such as "now" or "in 2 days".`,
    );
  });
});
