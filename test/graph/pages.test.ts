import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/errors';
import { collect } from '../../src/graph/paginate';
import type { Page } from '../../src/graph/types';
import { GRAPH, LOGIN, TENANT, TOKEN, useNock } from '../helpers/harness';
import { build } from './support';

let tokenRequests = 0;

function answerToken(): void {
  nock(LOGIN)
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .reply(200, () => {
      tokenRequests += 1;
      return { token_type: 'Bearer', expires_in: 3599, access_token: TOKEN };
    });
}

const eventual = () =>
  nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}`, consistencylevel: 'eventual' } });

async function all<T>(pages: AsyncGenerator<Page<T>>): Promise<Array<Page<T>>> {
  const out: Array<Page<T>> = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('pages (SPEC.md §1.7)', () => {
  useNock();

  it('follows @odata.nextLink exactly as given and re-sends ConsistencyLevel on every page', async () => {
    answerToken();
    const next1 = `${GRAPH}/v1.0/users?$top=2&$skiptoken=RFNwdAIAAQAAACpVc2VyX2U`;
    const next2 = `${GRAPH}/v1.0/users?%24top=2&%24skiptoken=second%2Bpage`;
    eventual().get('/v1.0/users').query({ $top: '2', $count: 'true' }).reply(200, { value: [{ id: 'a' }, { id: 'b' }], '@odata.nextLink': next1 });
    eventual().get('/v1.0/users?$top=2&$skiptoken=RFNwdAIAAQAAACpVc2VyX2U').reply(200, { value: [{ id: 'c' }], '@odata.nextLink': next2 });
    eventual().get('/v1.0/users?%24top=2&%24skiptoken=second%2Bpage').reply(200, { value: [] });
    const { graph } = build();
    const pages = await all(
      graph.pages({ method: 'GET', path: '/users', query: { $top: 2, $count: 'true' }, headers: { ConsistencyLevel: 'eventual' } }),
    );
    expect(pages).toEqual([
      { items: [{ id: 'a' }, { id: 'b' }], nextLink: next1 },
      { items: [{ id: 'c' }], nextLink: next2 },
      { items: [] },
    ]);
  });

  it('stops when the caller stops', async () => {
    answerToken();
    eventual().get('/v1.0/users').query({ $top: '1' }).reply(200, { value: [{ id: 'a' }], '@odata.nextLink': `${GRAPH}/v1.0/users?page=2` });
    const { graph } = build();
    const result = await collect(graph, { method: 'GET', path: '/users', headers: { ConsistencyLevel: 'eventual' } }, { sendTop: true, limit: 1 });
    expect(result).toEqual({ items: [{ id: 'a' }], nextLink: `${GRAPH}/v1.0/users?page=2` });
  });

  it('a given next_page on another origin is refused before any token is requested', async () => {
    tokenRequests = 0;
    const { graph } = build();
    const request = { method: 'GET' as const, path: 'https://attacker.example:8443/v1.0/users?x=1' };
    await expect(all(graph.pages(request))).rejects.toThrowError(
      new UserInputError(
        'Refusing to follow next_page to https://attacker.example:8443: it is not the configured Graph host https://graph.microsoft.com.',
      ),
    );
    await expect(all(graph.pages({ method: 'GET', path: 'not a url' }))).rejects.toThrowError(
      new UserInputError("Argument 'next_page' is not a valid URL."),
    );
    expect(tokenRequests).toBe(0);
  });

  it('a nextLink on another origin is refused before it is sent', async () => {
    answerToken();
    nock(GRAPH).get('/v1.0/users').reply(200, { value: [{ id: 'a' }], '@odata.nextLink': 'https://graph.microsoft.com.evil.example/v1.0/users' });
    const { graph } = build();
    const seen: string[] = [];
    const walk = async () => {
      for await (const page of graph.pages({ method: 'GET', path: '/users' })) seen.push(...page.items.map((i) => String(i.id)));
    };
    await expect(walk()).rejects.toThrowError(
      new UserInputError(
        'Refusing to follow a link to https://graph.microsoft.com.evil.example: it is not the configured Graph host https://graph.microsoft.com.',
      ),
    );
    expect(seen).toEqual(['a']);
  });
});
