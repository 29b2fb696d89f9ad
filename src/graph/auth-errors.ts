import { AuthError, TransportError, UserInputError } from '../errors';
import { scrubSecrets } from '../secret';
import type { FlowName } from './auth-flow';
import type { TokenFailure } from './auth-network';

export const AUTH_RESET_HINT = 'You can run the ***msgraph-user-auth-reset*** command to reset the authentication process.';
export const NEW_CODE_HINT =
  'Generate a new authorization code with msgraph-user-generate-login-url and save it in the instance configuration.';

/** A refresh token that cannot be used any more: only a new authorization code helps. */
const deadRefresh = new Set(['invalid_grant', 'no_tokens_found', 'refresh_token_expired']);

export function isDeadRefresh(error: unknown): boolean {
  return error instanceof AuthError && error.oauthError !== undefined && deadRefresh.has(error.oauthError);
}

/** Codes that a fresh start fixes: an expired or already redeemed code or refresh token. */
const resettable = new Set([50173, 700082, 70008, 54005, 7000222]);

/** `AADSTS7000215: Invalid client secret.\r\nTrace ID: …` → `Invalid client secret.` */
export function cleanDescription(description: string): string {
  return description
    .replace(/^\s*AADSTS\d+:\s*/, '')
    .replace(/\s*(?:Trace ID|Correlation ID|Timestamp):[\s\S]*$/, '')
    .trim();
}

interface ServerAnswer {
  error: string;
  description: string;
  codes: number[];
}

function fromBody(body: Record<string, unknown>): ServerAnswer {
  const nested = body.error && typeof body.error === 'object' ? (body.error as Record<string, unknown>) : undefined;
  const error = typeof body.error === 'string' ? body.error : typeof nested?.code === 'string' ? nested.code : 'error';
  const rawDescription =
    typeof body.error_description === 'string'
      ? body.error_description
      : typeof body.message === 'string'
        ? body.message
        : typeof nested?.message === 'string'
          ? nested.message
          : '';
  const codes = Array.isArray(body.error_codes) ? body.error_codes.filter((c): c is number => typeof c === 'number') : [];
  return { error, description: cleanDescription(rawDescription), codes };
}

/** msal's own error (no server answer recorded): its code and a message cut of msal's decoration. */
function fromMsal(error: unknown): ServerAnswer {
  if (error && typeof error === 'object') {
    const e = error as { errorCode?: unknown; errorMessage?: unknown; message?: unknown };
    const code = typeof e.errorCode === 'string' && e.errorCode !== '' ? e.errorCode : 'error';
    const text = typeof e.errorMessage === 'string' ? e.errorMessage : typeof e.message === 'string' ? e.message : '';
    // A ServerError message reads `Error(s): … - Description: <d> - Correlation ID: …`.
    const described = /Description: ([\s\S]*?) - Correlation ID:/.exec(text);
    const codes = /^Error\(s\): ([\d,]+)/.exec(text)?.[1]?.split(',').map(Number) ?? [];
    return { error: code, description: cleanDescription(described?.[1] ?? text), codes };
  }
  return { error: 'error', description: String(error), codes: [] };
}

/** A server may echo what it was sent; registered secrets never pass into a message. */
function line(answer: ServerAnswer): string {
  return scrubSecrets(answer.description ? `${answer.error}: ${answer.description}` : answer.error);
}

export interface TokenErrorContext {
  flow: FlowName;
  failure: TokenFailure | undefined;
  /** A refresh token was being redeemed (cached, or migrated from an older version). */
  refreshing: boolean;
}

/** The safe, complete error for a failed token request (SPEC.md §1.10, §2.4). */
export function tokenError(error: unknown, { flow, failure, refreshing }: TokenErrorContext): Error {
  if (error instanceof UserInputError || error instanceof AuthError) return error;
  const transport = failure?.kind === 'transport' ? failure.error : error instanceof TransportError ? error : undefined;
  // Why the last answer was not retried (SPEC.md §1.10: retries exhausted), said after the answer.
  const retryNote = failure?.kind === 'http' && failure.note ? failure.note.split('\n') : [];
  if (flow === 'managed identity') {
    const [reason = '', ...notes] = (transport ? transport.message : line(failure?.kind === 'http' ? fromBody(failure.body) : fromMsal(error))).split('\n');
    return new AuthError(
      [`Failed to get an access token from Azure Managed Identities: ${reason.replace(/[\s.]+$/, '')}.`, ...notes, ...retryNote].join('\n'),
    );
  }
  const head = `Failed to get an access token (${flow}).`;
  if (transport) return new AuthError(`${head}\n${transport.message}`);
  const answer = failure?.kind === 'http' ? fromBody(failure.body) : fromMsal(error);
  const lines = [head, line(answer)];
  if (refreshing && deadRefresh.has(answer.error)) lines.push(NEW_CODE_HINT);
  if (answer.codes.length > 0 && answer.codes.every((c) => resettable.has(c))) lines.push(AUTH_RESET_HINT);
  lines.push(...retryNote);
  return new AuthError(lines.join('\n'), answer.codes, answer.error);
}
