import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { NO_RESPONSE } from '../../src/graph/batch';
import type { BatchItem } from '../../src/graph/types';
import { GRAPH, LOGIN, TENANT, TOKEN, useNock } from '../helpers/harness';
import { build } from './support';

interface WireItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

function answerToken(): void {
  nock(LOGIN).post(`/${TENANT}/oauth2/v2.0/token`).reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: TOKEN });
}

function disable(n: number): BatchItem[] {
  return Array.from({ length: n }, (_, i) => ({ id: String(i + 1), method: 'PATCH', url: `/users/user${i + 1}`, body: { accountEnabled: false } }));
}

const ok = (requests: WireItem[]) => ({ responses: requests.map((r) => ({ id: r.id, status: 204, headers: {}, body: null })) });

describe('$batch (SPEC.md §4.1)', () => {
  useNock();

  it('splits into calls of at most 20 items and returns results in input order', async () => {
    answerToken();
    const calls: WireItem[][] = [];
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } })
      .post('/v1.0/$batch')
      .times(3)
      .reply(200, (_uri, body) => {
        const { requests } = body as { requests: WireItem[] };
        calls.push(requests);
        // Answers in any order are matched by id.
        return { responses: [...ok(requests).responses].reverse() };
      });
    const { graph } = build();
    const results = await graph.batch(disable(45));
    expect(calls.map((c) => c.length).sort((a, b) => b - a)).toEqual([20, 20, 5]);
    expect(calls.flat().find((r) => r.id === '1')).toEqual({
      id: '1',
      method: 'PATCH',
      url: '/users/user1',
      headers: { 'Content-Type': 'application/json' },
      body: { accountEnabled: false },
    });
    expect(results.map((r) => [r.id, r.status])).toEqual(Array.from({ length: 45 }, (_, i) => [String(i + 1), 204]));
  });

  it('an item without a body has no headers and no body', async () => {
    answerToken();
    let sent: WireItem[] = [];
    nock(GRAPH)
      .post('/v1.0/$batch')
      .reply(200, (_uri, body) => {
        sent = (body as { requests: WireItem[] }).requests;
        return ok(sent);
      });
    const { graph } = build();
    await graph.batch([{ id: '1', method: 'POST', url: '/users/a/revokeSignInSessions' }]);
    expect(sent).toEqual([{ id: '1', method: 'POST', url: '/users/a/revokeSignInSessions' }]);
  });

  it('keeps at most 4 calls in flight', async () => {
    answerToken();
    let inFlight = 0;
    let most = 0;
    nock(GRAPH)
      .post('/v1.0/$batch')
      .times(7)
      .reply(function (_uri, body, callback) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          callback(null, [200, ok((body as { requests: WireItem[] }).requests)]);
        }, 20);
      });
    const { graph } = build();
    const results = await graph.batch(disable(130));
    expect(results).toHaveLength(130);
    expect(most).toBe(4);
  });

  it('re-sends throttled items in a new batch after the longest Retry-After', async () => {
    answerToken();
    const calls: WireItem[][] = [];
    nock(GRAPH)
      .post('/v1.0/$batch')
      .reply(200, (_uri, body) => {
        const { requests } = body as { requests: WireItem[] };
        calls.push(requests);
        return {
          responses: [
            { id: '1', status: 204, headers: {}, body: null },
            { id: '2', status: 429, headers: { 'Retry-After': '3' }, body: { error: { code: 'TooManyRequests', message: 'slow' } } },
            { id: '3', status: 503, headers: { 'Retry-After': '5' }, body: { error: { code: 'serviceUnavailable', message: 'busy' } } },
            { id: '4', status: 404, headers: {}, body: { error: { code: 'Request_ResourceNotFound', message: 'gone' } } },
          ],
        };
      });
    nock(GRAPH)
      .post('/v1.0/$batch')
      .reply(200, (_uri, body) => {
        const { requests } = body as { requests: WireItem[] };
        calls.push(requests);
        return ok(requests);
      });
    const { graph, waits } = build();
    const results = await graph.batch(disable(4));
    expect(calls.map((c) => c.map((r) => r.id))).toEqual([['1', '2', '3', '4'], ['2', '3']]);
    expect(waits).toEqual([5000]);
    expect(results.map((r) => r.status)).toEqual([204, 204, 204, 404]);
    expect(results[3]?.body).toEqual({ error: { code: 'Request_ResourceNotFound', message: 'gone' } });
  });

  it('a transport error on a $batch is never re-sent: its items have no status', async () => {
    answerToken();
    nock(GRAPH).post('/v1.0/$batch').replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const { graph, waits } = build();
    const results = await graph.batch(disable(3));
    expect(waits).toEqual([]);
    expect(results).toEqual(
      ['1', '2', '3'].map((id) => ({ id, status: null, headers: {}, body: null, transportMessage: NO_RESPONSE })),
    );
  });

  it('an outer call that fails gives every item of that call its error', async () => {
    answerToken();
    const error = { error: { code: 'BadRequest', message: 'Invalid batch payload.' } };
    nock(GRAPH).post('/v1.0/$batch').reply(400, error);
    const { graph } = build();
    const results = await graph.batch(disable(2));
    expect(results).toEqual([
      { id: '1', status: 400, headers: {}, body: error },
      { id: '2', status: 400, headers: {}, body: error },
    ]);
  });

  it('an outer call still throttled after its own retries is final for its items: no new rounds', async () => {
    answerToken();
    const busy = { error: { code: 'TooManyRequests', message: 'slow down' } };
    nock(GRAPH).post('/v1.0/$batch').times(5).reply(429, busy, { 'Retry-After': '1' });
    const { graph, waits } = build();
    const results = await graph.batch(disable(2));
    expect(waits).toEqual([1000, 1000, 1000, 1000]);
    expect(results).toEqual([
      { id: '1', status: 429, headers: {}, body: busy },
      { id: '2', status: 429, headers: {}, body: busy },
    ]);
  });
});
