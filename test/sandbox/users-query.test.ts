import { describe, expect, it } from 'vitest';
import { graphClient, useSandbox } from './support';

const sandbox = useSandbox({ users: 250 });
const EVENTUAL = { ConsistencyLevel: 'eventual' };
const q = (s: string) => s.replace(/ /g, '%20').replace(/'/g, '%27');

describe('GET /users paging', () => {
  it('returns Graph’s default page of 100 with an absolute nextLink on the sandbox origin', async () => {
    const graph = await graphClient(sandbox());
    const reply = await graph('GET', '/users');
    expect(reply.status).toBe(200);
    expect(reply.json['@odata.context']).toBe(`${sandbox().url}/v1.0/$metadata#users`);
    expect(reply.json.value).toHaveLength(100);
    expect(Object.keys(reply.json.value[0])).toEqual([
      'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id',
    ]);
    const next = new URL(reply.json['@odata.nextLink']);
    expect(next.origin).toBe(sandbox().url);
    expect(next.searchParams.get('$skiptoken')).toMatch(/^[\w-]+$/);
  });

  it('pages to completion across nextLinks with ConsistencyLevel on every page', async () => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const ids: string[] = [];
    let url: string | undefined = `/users?$select=id,displayName&$count=true&$top=37`;
    let pages = 0;
    while (url) {
      const reply = await graph('GET', url, { headers: EVENTUAL });
      expect(reply.status).toBe(200);
      expect(reply.json['@odata.count']).toBe(sb.tenant.directory.size);
      ids.push(...reply.json.value.map((u: { id: string }) => u.id));
      url = reply.json['@odata.nextLink'];
      pages++;
    }
    expect(ids).toHaveLength(sb.tenant.directory.size);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(ids.length / 37));
  });

  it('refuses a nextLink of a $count query sent without ConsistencyLevel', async () => {
    const graph = await graphClient(sandbox());
    const first = await graph('GET', '/users?$count=true&$top=5', { headers: EVENTUAL });
    const next = await graph('GET', first.json['@odata.nextLink']);
    expect(next.status).toBe(400);
    expect(next.json.error.code).toBe('Request_UnsupportedQuery');
  });

  it('refuses a tampered skiptoken', async () => {
    const graph = await graphClient(sandbox());
    const first = await graph('GET', '/users?$top=5');
    const link = new URL(first.json['@odata.nextLink']);
    link.searchParams.set('$filter', "startswith(displayName,'a')");
    const next = await graph('GET', link.toString());
    expect(next.status).toBe(400);
    expect(next.json.error.code).toBe('Directory_ExpiredPageToken');
  });
});

describe('GET /users query options', () => {
  it.each([
    { query: '$select=id,displayName', keys: ['id', 'displayName'] },
    { query: '$select=DisplayName,ACCOUNTENABLED', keys: ['displayName', 'accountEnabled'] },
    { query: '$select=id,extension_0123456789abcdef0123456789abcdef_costCenter', keys: ['id', 'extension_0123456789abcdef0123456789abcdef_costCenter'] },
  ])('$select $query', async ({ query, keys }) => {
    const graph = await graphClient(sandbox());
    const reply = await graph('GET', `/users?${query}&$top=3`);
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.json.value[0])).toEqual(keys);
  });

  it.each([
    { filter: "userPrincipalName eq 'ADELE.VANCE@contoso.com'", expect: (users: any[]) => users.length === 1 && users[0].displayName === 'Adele Vance' },
    { filter: "startswith(displayName,'Mi')", expect: (users: any[]) => users.length > 0 && users.every((u) => u.displayName.toLowerCase().startsWith('mi')) },
    { filter: "accountEnabled eq false and startswith(userPrincipalName,'joni')", expect: (users: any[]) => users.length === 1 && users[0].userPrincipalName === 'joni.sherman@contoso.com' },
    { filter: "jobTitle in ('Director','President')", expect: (users: any[]) => users.length === 4 },
    { filter: "(department eq 'Retail' or department eq 'Legal') and accountEnabled eq true", expect: (users: any[]) => users.every((u) => ['Retail', 'Legal'].includes(u.department) && u.accountEnabled) },
  ])('$filter $filter', async ({ filter, expect: check }) => {
    const graph = await graphClient(sandbox());
    const reply = await graph('GET', `/users?$filter=${q(filter)}&$select=displayName,userPrincipalName,department,accountEnabled&$top=999`);
    expect(reply.status).toBe(200);
    expect(check(reply.json.value)).toBe(true);
  });

  it.each([
    { name: 'ne without ConsistencyLevel', query: "$filter=jobTitle ne 'Director'", headers: {}, code: 'Request_UnsupportedQuery', message: "Unsupported or invalid query filter clause specified for property 'jobTitle' of resource 'User'." },
    { name: 'endswith without $count', query: "$filter=endswith(mail,'@contoso.com')", headers: EVENTUAL, code: 'Request_UnsupportedQuery' },
    { name: '$count without ConsistencyLevel', query: '$count=true', headers: {}, code: 'Request_UnsupportedQuery' },
    { name: '$search without ConsistencyLevel', query: '$search="displayName:adele"', headers: {}, code: 'Request_UnsupportedQuery' },
    { name: 'a string for a boolean', query: "$filter=accountEnabled eq 'true'", headers: {}, code: 'Request_BadRequest', message: "A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'." },
    { name: 'an unknown property in $filter', query: "$filter=favouriteColour eq 'blue'", headers: {}, code: 'Request_BadRequest', message: "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'." },
    { name: 'an unknown property in $select', query: '$select=id,x', headers: {}, code: 'Request_BadRequest', message: "Could not find a property named 'x' on type 'microsoft.graph.user'." },
    { name: 'a syntax error', query: "$filter=displayName eq 'a' and", headers: {}, code: 'Request_BadRequest' },
    { name: '$top=0', query: '$top=0', headers: {}, code: 'Request_BadRequest', message: "Invalid page size specified: '0'. Must be between 1 and 999 inclusive." },
    { name: '$top=1000', query: '$top=1000', headers: {}, code: 'Request_BadRequest' },
    { name: '$top=abc', query: '$top=abc', headers: {}, code: 'Request_BadRequest' },
  ])('400 for $name', async ({ query, headers, code, message }) => {
    const graph = await graphClient(sandbox());
    const reply = await graph('GET', `/users?${q(query)}`, { headers });
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe(code);
    if (message) expect(reply.json.error.message).toBe(message);
  });

  it.each([
    { query: "$filter=jobTitle ne 'Director'&$count=true", check: (r: any) => r.json.value.every((u: any) => u.jobTitle !== 'Director') },
    { query: '$search="displayName:adele"&$count=true&$select=displayName', check: (r: any) => r.json['@odata.count'] === 1 && r.json.value[0].displayName === 'Adele Vance' },
    { query: "$filter=endswith(userPrincipalName,'vance@contoso.com')&$count=true&$select=userPrincipalName", check: (r: any) => r.json.value.length === 1 },
  ])('advanced query $query with ConsistencyLevel', async ({ query, check }) => {
    const graph = await graphClient(sandbox());
    const reply = await graph('GET', `/users?${q(query)}`, { headers: EVENTUAL });
    expect(reply.status).toBe(200);
    expect(check(reply)).toBe(true);
  });

  it('orders by displayName and keeps the order across pages', async () => {
    const graph = await graphClient(sandbox());
    const names: string[] = [];
    let url: string | undefined = '/users?$orderby=displayName desc&$select=displayName&$top=120';
    while (url) {
      const reply = await graph('GET', q(url));
      expect(reply.status).toBe(200);
      names.push(...reply.json.value.map((u: any) => u.displayName.toLowerCase()));
      url = reply.json['@odata.nextLink'];
    }
    expect(names).toHaveLength(sandbox().tenant.directory.size);
    expect([...names].sort().reverse()).toEqual(names);
  });

  it('expands the manager', async () => {
    const graph = await graphClient(sandbox());
    const reply = await graph('GET', '/users/adele.vance%40contoso.com?$select=displayName&$expand=manager');
    expect(reply.json.manager.displayName).toBe('Miriam Graham');
  });
});
