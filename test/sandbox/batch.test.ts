import { afterEach, describe, expect, it } from 'vitest';
import { graphClient, useSandbox } from './support';

const sandbox = useSandbox({ users: 30 });
afterEach(() => sandbox().faults.clear());

const JSON_HEADERS = { 'Content-Type': 'application/json' };

describe('POST /$batch', () => {
  it('dispatches each item through the router and answers by id', async () => {
    const graph = await graphClient(sandbox());
    const requests = [
      { id: '1', method: 'PATCH', url: '/users/alex.wilber%40contoso.com', headers: JSON_HEADERS, body: { accountEnabled: false } },
      { id: '2', method: 'POST', url: '/users/alex.wilber%40contoso.com/revokeSignInSessions' },
      { id: '3', method: 'DELETE', url: '/users/ghost%40contoso.com' },
      { id: '4', method: 'GET', url: 'users?$select=id&$count=true&$top=1', headers: { ConsistencyLevel: 'eventual' } },
      { id: '5', method: 'PATCH', url: '/users/alex.wilber%40contoso.com', headers: JSON_HEADERS, body: { accountEnabled: 'no' } },
    ];
    const reply = await graph('POST', '/$batch', { body: { requests } });
    expect(reply.status).toBe(200);
    const byId = Object.fromEntries(reply.json.responses.map((r: any) => [r.id, r]));
    expect(Object.keys(byId).sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(byId['1'].status).toBe(204);
    expect(byId['1']).not.toHaveProperty('body');
    expect(byId['2']).toMatchObject({ status: 200, body: { value: true } });
    expect(byId['3'].status).toBe(404);
    expect(byId['3'].body.error.code).toBe('Request_ResourceNotFound');
    expect(byId['4'].body['@odata.count']).toBe(sandbox().tenant.directory.size);
    expect(byId['5'].status).toBe(400);
    expect(sandbox().tenant.findUser('alex.wilber@contoso.com')?.['accountEnabled']).toBe(false);
    const items = sandbox().requests.filter((r) => r.batchItem !== undefined).slice(-5);
    expect(items.map((r) => r.batchItem).sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('answers a 429 fault per item, with Retry-After in the item headers', async () => {
    const graph = await graphClient(sandbox());
    sandbox().faults.add({ method: 'PATCH', path: '/users/megan.bowen@contoso.com', kind: 'status', status: 429, retryAfter: '2' });
    const requests = ['megan.bowen', 'lee.gu', 'diego.siciliani'].map((name, i) => ({
      id: String(i + 1), method: 'PATCH', url: `/users/${name}%40contoso.com`, headers: JSON_HEADERS, body: { accountEnabled: true },
    }));
    const reply = await graph('POST', '/$batch', { body: { requests } });
    expect(reply.status).toBe(200);
    const byId = Object.fromEntries(reply.json.responses.map((r: any) => [r.id, r]));
    expect(byId['1'].status).toBe(429);
    expect(byId['1'].headers['Retry-After']).toBe('2');
    expect(byId['1'].body.error.code).toBe('TooManyRequests');
    expect([byId['2'].status, byId['3'].status]).toEqual([204, 204]);
  });

  it('throttles items one by one', async () => {
    const graph = await graphClient(sandbox());
    sandbox().faults.throttle({ rate: 0.01, burst: 3, retryAfter: 5 });
    const requests = Array.from({ length: 6 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/users?$top=1&$select=id' }));
    const reply = await graph('POST', '/$batch', { body: { requests } });
    sandbox().faults.throttle(null);
    const statuses = reply.json.responses.map((r: any) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });

  it('runs dependsOn in order and fails dependants of a failed item with 424', async () => {
    const graph = await graphClient(sandbox());
    const requests = [
      { id: 'a', method: 'GET', url: '/users/ghost%40contoso.com' },
      { id: 'b', method: 'GET', url: '/users/lee.gu%40contoso.com', dependsOn: ['a'] },
      { id: 'c', method: 'GET', url: '/users/lee.gu%40contoso.com?$select=id' },
    ];
    const reply = await graph('POST', '/$batch', { body: { requests } });
    const byId = Object.fromEntries(reply.json.responses.map((r: any) => [r.id, r]));
    expect([byId['a'].status, byId['b'].status, byId['c'].status]).toEqual([404, 424, 200]);
  });

  it.each([
    { name: 'more than 20 items', body: { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users' })) } },
    { name: 'duplicate ids', body: { requests: [{ id: '1', method: 'GET', url: '/users' }, { id: '1', method: 'GET', url: '/users' }] } },
    { name: 'no requests array', body: { items: [] } },
    { name: 'an unknown dependency', body: { requests: [{ id: '1', method: 'GET', url: '/users', dependsOn: ['9'] }] } },
  ])('400 for $name', async ({ body }) => {
    const graph = await graphClient(sandbox());
    const reply = await graph('POST', '/$batch', { body });
    expect(reply.status).toBe(400);
  });

  it.each([
    { name: 'a nested batch', item: { id: '1', method: 'POST', url: '/$batch', headers: JSON_HEADERS, body: { requests: [] } } },
    { name: 'a body without Content-Type', item: { id: '1', method: 'PATCH', url: '/users/lee.gu%40contoso.com', body: { jobTitle: 'x' } } },
    { name: 'an absolute URL', item: { id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/users' } },
  ])('item 400 for $name', async ({ item }) => {
    const graph = await graphClient(sandbox());
    const reply = await graph('POST', '/$batch', { body: { requests: [item] } });
    expect(reply.status).toBe(200);
    expect(reply.json.responses[0].status).toBe(400);
  });
});
