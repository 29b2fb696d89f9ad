import { utc } from '@date-fns/utc';
import { add } from 'date-fns/add';
import { fromUnixTime } from 'date-fns/fromUnixTime';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { UserInputError } from '../errors';

/** The start_time forms of SPEC.md §3.5; everything is matched ignoring case. */
const relative = /^(?:(in)\s+)?(\d+)\s+(second|minute|hour|day|week|month|year)s?(?:\s+(ago))?$/i;
const isoDateTime = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/i;
const epochSeconds = /^\d+$/;

type Unit = 'seconds' | 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'years';

function invalid(text: string): UserInputError {
  return new UserInputError(
    `Invalid start_time '${text}'. Use ISO 8601 (2025-03-26T00:00:00Z) or a relative time such as "now" or "in 2 days".`,
  );
}

/**
 * Reads a start_time: `now`, `in <n> <unit>`, `<n> <unit> ago`, a bare `<n> <unit>` (past),
 * ISO 8601 (no zone means UTC) or epoch seconds. `now` is passed in so tests can fix it.
 */
export function parseStartTime(text: string, now: Date): Date {
  const value = text.trim();
  if (value.toLowerCase() === 'now') return now;

  const match = relative.exec(value);
  if (match) {
    const [, future, amount, unit, ago] = match;
    if (future && ago) throw invalid(text);
    const sign = future ? 1 : -1;
    const duration = { [`${(unit as string).toLowerCase()}s` as Unit]: sign * Number(amount) };
    return checked(add(now, duration, { in: utc }), text);
  }
  if (isoDateTime.test(value)) return checked(parseISO(value.toUpperCase(), { in: utc }), text);
  if (epochSeconds.test(value)) return checked(fromUnixTime(Number(value)), text);
  throw invalid(text);
}

/** A valid date with a four-digit year, or the start_time error. */
function checked(date: Date, text: string): Date {
  if (!isValid(date)) throw invalid(text);
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw invalid(text);
  return date;
}

/** The wire form Graph receives: UTC, whole seconds, `YYYY-MM-DDTHH:mm:ss.000Z`. */
export function formatStartTime(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}
