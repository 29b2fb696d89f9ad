import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { appToken } from './support';

/** A keep-alive GET, as a paging client would send it. */
function getter(sandbox: Sandbox, token: string) {
  const agent = new Agent({ keepAlive: true, ca: readFileSync(sandbox.caCertPath) });
  const get = (url: string) =>
    new Promise<any>((resolve, reject) => {
      const req = request(url, { agent, headers: { authorization: `Bearer ${token}`, ConsistencyLevel: 'eventual' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString()) }));
      });
      req.on('error', reject);
      req.end();
    });
  return { get, close: () => agent.destroy() };
}

describe('a large tenant', () => {
  const started: Sandbox[] = [];
  afterAll(async () => {
    for (const sandbox of started) await sandbox.close();
  });

  it('lists 100,000 generated users to the end in pages of 999', async () => {
    const sandbox = await startSandbox({ users: 100_000 });
    started.push(sandbox);
    const client = getter(sandbox, await appToken(sandbox));
    const seen = new Set<string>();
    let url: string | undefined = `${sandbox.url}/v1.0/users?$select=id,userPrincipalName&$count=true&$top=999`;
    let pages = 0;
    while (url) {
      const reply = await client.get(url);
      expect(reply.status).toBe(200);
      expect(reply.json['@odata.count']).toBe(sandbox.tenant.directory.size);
      for (const user of reply.json.value) seen.add(user.id);
      url = reply.json['@odata.nextLink'];
      pages++;
    }
    client.close();
    expect(seen.size).toBe(sandbox.tenant.directory.size);
    expect(seen.size).toBeGreaterThan(100_000);
    expect(pages).toBe(Math.ceil(seen.size / 999));
  }, 120_000);

  it('starts with 500,000 users and finds the last one by id and by UPN', async () => {
    const sandbox = await startSandbox({ users: 500_000, seed: 7 });
    started.push(sandbox);
    const directory = sandbox.tenant.directory;
    expect(directory.size).toBeGreaterThan(500_000);
    const last = directory.at(directory.end - 1);
    const client = getter(sandbox, await appToken(sandbox));
    for (const key of [last?.id, last?.userPrincipalName?.toUpperCase()]) {
      const reply = await client.get(`${sandbox.url}/v1.0/users/${encodeURIComponent(String(key))}?$select=id`);
      expect(reply.json.id).toBe(last?.id);
    }
    const middle = await client.get(`${sandbox.url}/v1.0/users/${directory.generated.idOf(60_000)}/directReports?$select=id`);
    expect(middle.json.value).toHaveLength(8);
    client.close();
  }, 60_000);

  it('keeps cached counts apart for two tenants in one process', async () => {
    const [small, large] = await Promise.all([startSandbox({ users: 50 }), startSandbox({ users: 5_000 })]);
    started.push(small, large);
    const count = async (sandbox: Sandbox) => {
      const client = getter(sandbox, await appToken(sandbox));
      const reply = await client.get(`${sandbox.url}/v1.0/users?$filter=${encodeURIComponent("startswith(displayName,'a')")}&$count=true&$top=1`);
      client.close();
      return reply.json['@odata.count'];
    };
    const [a, b] = [await count(small), await count(large)];
    expect(b).toBeGreaterThan(a);
  });

  it('generates the same tenant for the same seed', async () => {
    const [a, b] = await Promise.all([startSandbox({ users: 10, seed: 42 }), startSandbox({ users: 10, seed: 42 })]);
    started.push(a, b);
    const ids = (s: Sandbox) => Array.from({ length: s.tenant.directory.end }, (_, i) => s.tenant.directory.at(i)?.id);
    expect(ids(a)).toEqual(ids(b));
  });
});
