import { TransportError } from '../errors';
import { log } from '../log';
import type { HttpClient, WireRequest, WireResponse } from './http';
import { WireError } from './http';
import { MAY_HAVE_BEEN_PROCESSED, retryDelayMs } from './retry';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Sent {
  response: WireResponse;
  /** Why the last answer was not retried, when worth telling (limits, a long Retry-After). */
  note?: string;
}

/** Where a request goes, for log lines: never a query value, header or body. */
function target(req: WireRequest): string {
  const url = new URL(req.url);
  return `${req.method} ${url.host}${url.pathname}`;
}

/**
 * Sends requests with the retry policy of SPEC.md §2.6. One instance per run: the 120 s wait
 * budget is shared by every request of the run, token requests included.
 */
export class Resender {
  private waitedInRunMs = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly sleep: Sleep,
  ) {}

  /** Time spent waiting so far in this run (the budget of SPEC.md §2.6 counts all of it). */
  get waitedInRun(): number {
    return this.waitedInRunMs;
  }

  /** A wait decided elsewhere (a batch round), counted in the run's budget. */
  async pause(ms: number): Promise<void> {
    await this.sleep(ms);
    this.waitedInRunMs += ms;
  }

  /** The final answer (any status); throws TransportError when no answer came. */
  async send(req: WireRequest, idempotent: boolean): Promise<Sent> {
    let retries = 0;
    let waitedMs = 0;
    for (;;) {
      let response: WireResponse | undefined;
      let failure: WireError | undefined;
      try {
        response = await this.http.send(req);
      } catch (error) {
        if (!(error instanceof WireError)) throw error;
        failure = error;
      }
      if (failure && !failure.retriable) throw failure;
      const decision = retryDelayMs(
        {
          status: response ? response.status : 'transport',
          retryAfter: response?.headers['retry-after'],
          retries,
          idempotent,
          waitedInRunMs: this.waitedInRunMs,
        },
        waitedMs,
      );
      if (!decision.retry) {
        if (response) return decision.note ? { response, note: decision.note } : { response };
        throw this.transportFailure(failure as WireError, idempotent, decision.note);
      }
      retries += 1;
      const why = response ? `status ${response.status}` : (failure as WireError).code;
      log.info(
        `Retrying ${target(req)} after ${why}: waiting ${Math.round(decision.delayMs / 100) / 10} s (retry ${retries} of 4).`,
      );
      await this.sleep(decision.delayMs);
      waitedMs += decision.delayMs;
      this.waitedInRunMs += decision.delayMs;
    }
  }

  private transportFailure(failure: WireError, idempotent: boolean, note: string | undefined): TransportError {
    if (!idempotent) return new TransportError(`${failure.message}\n${MAY_HAVE_BEEN_PROCESSED}`, failure.code, true);
    return new TransportError(note ? `${failure.message}\n${note}` : failure.message, failure.code);
  }
}
