import { AuthError, TransportError } from '../errors';

/** An error answer from Microsoft Graph, parsed from its JSON error body (SPEC.md §1.10). */
export class GraphError extends Error {
  override name = 'GraphError';
  readonly status: number;
  readonly code: string | undefined;
  readonly graphMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly date: string | undefined;
  readonly details: ReadonlyArray<{ code?: string; message?: string }>;
  /** The error body as received: parsed JSON, or the raw text when it is not JSON. */
  readonly body: unknown;
  /** Extra lines (retries exhausted, the 401 hint) appended after the request-id line. */
  readonly notes: string[] = [];

  constructor(status: number, statusText: string, headers: Record<string, string>, body: unknown) {
    const parsed = parseBody(body);
    super(describe(status, statusText, parsed, body));
    this.status = status;
    this.code = parsed?.code;
    this.graphMessage = parsed?.message;
    this.details = parsed?.details ?? [];
    this.requestId = headers['request-id'] ?? parsed?.innerError?.['request-id'];
    this.date = parsed?.innerError?.date;
    this.body = body;
  }

  /** Lines 2 and 3 of SPEC.md §1.10 (line 1 is the command's Fail text), plus any notes. */
  lines(): string[] {
    const ids = [
      this.requestId ? `request-id: ${this.requestId}` : undefined,
      this.date ? `date: ${this.date}` : undefined,
    ].filter((p): p is string => p !== undefined);
    return [this.message, ...(ids.length ? [ids.join(', ')] : []), ...this.notes];
  }
}

interface ODataError {
  code?: string;
  message?: string;
  details?: Array<{ code?: string; message?: string }>;
  innerError?: { date?: string; 'request-id'?: string };
}

function parseBody(body: unknown): ODataError | undefined {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === 'object') {
      const e = error as ODataError & { innererror?: ODataError['innerError'] };
      return { ...e, innerError: e.innerError ?? e.innererror };
    }
  }
  return undefined;
}

function describe(status: number, statusText: string, parsed: ODataError | undefined, body: unknown): string {
  if (!parsed) {
    const text = typeof body === 'string' && body.trim() !== '' ? body.slice(0, 500) : statusText;
    return `Graph error ${status}: ${text}`;
  }
  const details = (parsed.details ?? [])
    .map((d) => `${d.code ?? ''}: ${d.message ?? ''}`)
    .join('; ');
  return `Graph error ${status} ${parsed.code ?? ''}: ${parsed.message ?? ''}${details ? ` (details: ${details})` : ''}`;
}

/**
 * The lines that explain a failed request (SPEC.md §1.10, after the Fail line): a Graph error's
 * lines, or the message of a token or transport error. Undefined for any other error.
 */
export function failureLines(error: unknown): string[] | undefined {
  if (error instanceof GraphError) return error.lines();
  if (error instanceof AuthError || error instanceof TransportError) return [error.message];
  return undefined;
}
