/** The retry policy of SPEC.md §2.6 as pure decisions; the caller does the waiting. */

export const MAX_RETRIES = 4;
export const MAX_RETRY_AFTER_S = 60;
export const RUN_WAIT_BUDGET_MS = 120_000;

export const MAY_HAVE_BEEN_PROCESSED =
  'The request may have been processed; it was not sent again to avoid a duplicate. Check before retrying.';

/** `Retry-After` in milliseconds from `now`: delta-seconds or an HTTP date, never negative. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export interface RetryInput {
  /** The HTTP status, or `'transport'` for a failure on the way. */
  status: number | 'transport';
  /** The raw `Retry-After` header. */
  retryAfter?: string;
  /** Retries already made for this request. */
  retries: number;
  /** False for requests that must never be duplicated (SPEC.md §2.6). */
  idempotent: boolean;
  /** Time already spent waiting in this run. */
  waitedInRunMs: number;
  now?: number;
  /** A number in [0, 1); Math.random by default. */
  random?: () => number;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  /** `note` says why retrying stopped when that is worth telling (limits, a long Retry-After). */
  | { retry: false; note?: string };

const retriedStatuses = new Set([429, 503, 504]);

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

export function gaveUpNote(retries: number, waitedMs: number): string {
  return `Gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'} (${seconds(waitedMs)} s waited).`;
}

/** Whether, and after how long, a failed attempt is sent again. */
export function retryDelayMs(input: RetryInput, waitedForRequestMs = 0): RetryDecision {
  const { status, retries, idempotent } = input;
  if (status === 'transport') {
    if (!idempotent) return { retry: false };
  } else {
    if (!retriedStatuses.has(status)) return { retry: false };
    // A 504 on a POST that must not be duplicated may mean it was done: never send it twice.
    if (!idempotent && status === 504) return { retry: false };
  }
  const exhausted = { retry: false, note: gaveUpNote(retries, waitedForRequestMs) } as const;
  if (retries >= MAX_RETRIES) return exhausted;
  let delay: number;
  const asked = status === 'transport' ? undefined : retryAfterMs(input.retryAfter, input.now ?? Date.now());
  if (asked !== undefined) {
    if (asked > MAX_RETRY_AFTER_S * 1000) {
      const note = `Graph asked to retry after ${Math.ceil(asked / 1000)} s; not waiting.`;
      return { retry: false, note: retries > 0 ? `${note}\n${gaveUpNote(retries, waitedForRequestMs)}` : note };
    }
    delay = asked;
  } else {
    const random = input.random ?? Math.random;
    delay = Math.floor(2 ** retries * 1000 * (0.8 + 0.4 * random()));
  }
  if (input.waitedInRunMs + delay > RUN_WAIT_BUDGET_MS) return exhausted;
  return { retry: true, delayMs: delay };
}

/** Requests that are never sent twice, by method and path, whatever the caller said. */
export function neverResent(method: string, path: string): boolean {
  if (method !== 'POST') return false;
  const bare = path.split('?')[0] ?? '';
  return (
    /\/users\/?$/i.test(bare) ||
    /\/temporaryAccessPassMethods\/?$/i.test(bare) ||
    /\/resetPassword\/?$/i.test(bare) ||
    /\/addPassword\/?$/i.test(bare) ||
    /\/\$batch\/?$/i.test(bare)
  );
}

/** Idempotent by default: every method but POST, and POST …/revokeSignInSessions (SPEC.md §2.6). */
export function isIdempotent(method: string, path: string, declared?: boolean): boolean {
  if (neverResent(method, path)) return false;
  if (declared !== undefined) return declared;
  if (method !== 'POST') return true;
  return /\/revokeSignInSessions\/?$/i.test(path.split('?')[0] ?? '');
}
