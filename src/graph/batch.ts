import { TransportError } from '../errors';
import { log } from '../log';
import { GraphError } from './graph-error';
import type { Resender } from './resend';
import { retryAfterMs, retryDelayMs } from './retry';
import type { BatchItem, BatchItemResult, GraphResponse } from './types';

export const BATCH_SIZE = 20;
export const BATCHES_IN_FLIGHT = 4;
export const NO_RESPONSE = 'No response; the request may have been processed.';

interface WireItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchTransport {
  /** One `POST /$batch`; throws GraphError or TransportError when the outer call fails. */
  send(body: { requests: WireItem[] }): Promise<GraphResponse<unknown>>;
  resender: Resender;
}

const throttled = new Set([429, 503, 504]);

function wireItem(item: BatchItem): WireItem {
  const hasBody = item.body !== undefined && item.body !== null;
  return {
    id: item.id,
    method: item.method,
    url: item.url,
    ...(hasBody ? { headers: { 'Content-Type': 'application/json' }, body: item.body } : {}),
  };
}

function lowerCase(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers as Record<string, unknown>)) out[name.toLowerCase()] = String(value);
  }
  return out;
}

function answers(data: unknown): Map<string, BatchItemResult> {
  const found = new Map<string, BatchItemResult>();
  const responses = data && typeof data === 'object' ? (data as { responses?: unknown }).responses : undefined;
  if (!Array.isArray(responses)) return found;
  for (const answer of responses as Array<Record<string, unknown>>) {
    if (!answer || typeof answer.id !== 'string') continue;
    const status = typeof answer.status === 'number' ? answer.status : Number(answer.status);
    found.set(answer.id, { id: answer.id, status, headers: lowerCase(answer.headers), body: answer.body ?? null });
  }
  return found;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Runs `work` over `inputs` with at most `limit` running at once. */
async function pool<T>(inputs: readonly T[], limit: number, work: (input: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, inputs.length) }, async () => {
    while (next < inputs.length) {
      const input = inputs[next++] as T;
      await work(input);
    }
  });
  await Promise.all(workers);
}

/**
 * One `$batch` call; its outcome is written per item into `results`. When the call itself fails
 * (after its own retries), its items are added to `final`: that error is their answer.
 */
async function sendOne(
  chunk: BatchItem[],
  transport: BatchTransport,
  results: Map<string, BatchItemResult>,
  final: Set<string>,
): Promise<void> {
  try {
    const response = await transport.send({ requests: chunk.map(wireItem) });
    const found = answers(response.data);
    for (const item of chunk) {
      results.set(item.id, found.get(item.id) ?? { id: item.id, status: null, headers: {}, body: null, transportMessage: NO_RESPONSE });
    }
  } catch (error) {
    if (error instanceof GraphError) {
      for (const item of chunk) {
        results.set(item.id, { id: item.id, status: error.status, headers: {}, body: error.body });
        final.add(item.id);
      }
    } else if (error instanceof TransportError) {
      // A $batch is never re-sent after a transport error: some items may have been done.
      for (const item of chunk) results.set(item.id, { id: item.id, status: null, headers: {}, body: null, transportMessage: NO_RESPONSE });
    } else {
      throw error;
    }
  }
}

/**
 * SPEC.md §4.1: ≤20 items per call, ≤4 calls in flight, answers matched by id; throttled items
 * go again in a new round after the longest Retry-After, within the limits of §2.6.
 */
export async function sendBatch(items: readonly BatchItem[], transport: BatchTransport): Promise<BatchItemResult[]> {
  const results = new Map<string, BatchItemResult>();
  const final = new Set<string>();
  let pending: BatchItem[] = [...items];
  for (let retries = 0; pending.length > 0; retries++) {
    await pool(chunks(pending, BATCH_SIZE), BATCHES_IN_FLIGHT, (chunk) => sendOne(chunk, transport, results, final));
    // Only items that Graph answered 429/503/504 inside a batch go again; a throttled $batch
    // call was already retried by the client.
    const again = pending.filter((item) => {
      const status = results.get(item.id)?.status;
      return typeof status === 'number' && throttled.has(status) && !final.has(item.id);
    });
    if (again.length === 0) break;
    const now = Date.now();
    const asked = again
      .map((item) => retryAfterMs(results.get(item.id)?.headers['retry-after'], now))
      .filter((ms): ms is number => ms !== undefined);
    const longest = asked.length ? String(Math.ceil(Math.max(...asked) / 1000)) : undefined;
    const decision = retryDelayMs({
      status: 429,
      ...(longest !== undefined ? { retryAfter: longest } : {}),
      retries,
      idempotent: true,
      waitedInRunMs: transport.resender.waitedInRun,
    });
    if (!decision.retry) {
      if (decision.note) log.warn(`Batch items still throttled: ${decision.note}`);
      break;
    }
    log.info(`Retrying ${again.length} throttled batch item(s): waiting ${Math.round(decision.delayMs / 100) / 10} s (retry ${retries + 1} of 4).`);
    await transport.resender.pause(decision.delayMs);
    pending = again;
  }
  return items.map((item) => results.get(item.id) ?? { id: item.id, status: null, headers: {}, body: null, transportMessage: NO_RESPONSE });
}
