// `npm run bench`: start-up, bulk containment, paging and throttling, each as a ratio against a
// baseline measured in the same run on this machine. Figures only: nothing here passes or fails.
//   BENCH_SINGLES=N   how many of the 1,000 single-user commands to time (the rest extrapolated)
//   BENCH_USERS=N     size of the listing tenant (default 100,000)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'entra-users');
if (!existsSync(join(root, 'dist', 'sandbox.cjs'))) {
  console.error('Run `npm run build` first.');
  process.exit(2);
}
const { startSandbox } = createRequire(import.meta.url)(join(root, 'dist', 'sandbox.cjs'));
const LIST_USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SINGLES = Math.min(1000, Number(process.env.BENCH_SINGLES ?? 1000));
/** HTTP requests that reached the sandbox (items inside a `$batch` are logged too, but are not requests). */
const httpRequests = (sandbox, from = 0) => sandbox.requests.slice(from).filter((r) => r.batchItem === undefined).length;

function spawnTimed(command, argv, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, argv, { env: { ...process.env, ...env } });
    const out = [];
    let stderr = '';
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rss = /bench-max-rss-kb=(\d+)/.exec(stderr);
      resolve({ status, ms, stdout: Buffer.concat(out).toString('utf8'), stderr, maxRssKb: rss ? Number(rss[1]) : undefined });
    });
    child.stdin.end(input ?? '');
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 100 ? 1 : 0)} ms`);
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

class Plugin {
  constructor(sandbox) {
    this.sandbox = sandbox;
    this.integrationContext = {};
    this.env = { NODE_EXTRA_CA_CERTS: sandbox.caCertPath };
  }
  async run(command, args, extra = {}) {
    const envelope = { command, args, params: this.sandbox.params, integrationContext: this.integrationContext };
    const result = await spawnTimed(extra.preload ? process.execPath : bin, extra.preload ? ['-r', extra.preload, bin, 'run'] : ['run'], {
      input: JSON.stringify(envelope),
      env: { ...this.env, ...extra.env },
    });
    if (result.status === 2) throw new Error(`run failed: ${result.stdout} ${result.stderr}`);
    const parsed = JSON.parse(result.stdout);
    this.integrationContext = parsed.integrationContext;
    return { ...result, result: parsed };
  }
}

async function sandboxToken(sandbox) {
  const { request } = await import('node:https');
  const { readFileSync } = await import('node:fs');
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: sandbox.credentials.clientId,
    client_secret: sandbox.credentials.clientSecret,
    scope: `${sandbox.url}/.default`,
  }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      `${sandbox.url}/${sandbox.credentials.tenantId}/oauth2/v2.0/token`,
      { method: 'POST', ca: readFileSync(sandbox.caCertPath), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body).access_token));
      },
    );
    req.on('error', reject);
    req.end(form);
  });
}

async function coldStart() {
  const sandbox = await startSandbox();
  try {
    const plugin = new Plugin(sandbox);
    const args = { user: 'adele.vance@contoso.com', properties: 'displayName,mail' };
    await plugin.run('msgraph-user-get', args); // fetches and caches the token, warms the code cache
    const node0 = [];
    const cached = [];
    const noCodeCache = [];
    for (let i = 0; i < 15; i++) {
      node0.push((await spawnTimed(process.execPath, ['-e', '0'])).ms);
      cached.push((await plugin.run('msgraph-user-get', args)).ms);
      noCodeCache.push((await plugin.run('msgraph-user-get', args, { env: { ENTRA_USERS_NO_CODE_CACHE: '1' } })).ms);
    }
    const tokenRequests = sandbox.requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).length;
    console.log('\n(1) Cold start: `run msgraph-user-get` with a cached token (median of 15 interleaved runs)');
    console.log(`    node -e 0                     ${fmt(median(node0))}`);
    console.log(`    entra-users run               ${fmt(median(cached))}   ${ratio(median(cached), median(node0))} node -e 0   (target <= 2.0x)`);
    console.log(`    same, without the code cache  ${fmt(median(noCodeCache))}   ${ratio(median(noCodeCache), median(node0))} node -e 0`);
    console.log(`    token requests over ${1 + 30} processes: ${tokenRequests}`);
  } finally {
    await sandbox.close();
  }
}

async function bulkDisable() {
  const sandbox = await startSandbox({ users: 1100 });
  try {
    const plugin = new Plugin(sandbox);
    const listed = await plugin.run('msgraph-user-list', { limit: '1010', properties: 'userPrincipalName' });
    const records = Object.values(listed.result.entries[0].EntryContext)[0];
    const upns = records.map((u) => u.UserPrincipalName).filter((u) => u && !u.startsWith('admin@')).slice(0, 1000);
    sandbox.reset();
    const before = sandbox.requests.length;
    const bulk = await plugin.run('msgraph-user-account-disable', { user: upns.join(',') });
    const bulkRequests = httpRequests(sandbox, before);
    const summary = bulk.result.entries[0].HumanReadable.split('\n')[1];
    sandbox.reset();
    const singlesBefore = sandbox.requests.length;
    let singlesMs = 0;
    for (const upn of upns.slice(0, SINGLES)) singlesMs += (await plugin.run('msgraph-user-account-disable', { user: upn })).ms;
    const singlesRequests = httpRequests(sandbox, singlesBefore);
    const scale = upns.length / SINGLES;
    console.log(`\n(2) Disabling ${upns.length} users: one bulk command vs one command per user`);
    console.log(`    one command (bulk, $batch)    ${fmt(bulk.ms)}, ${bulkRequests} HTTP requests   (${summary})   (target <= 55 requests)`);
    console.log(
      `    ${upns.length} single commands${SINGLES < upns.length ? ` (${SINGLES} timed, scaled)` : ''}    ${fmt(singlesMs * scale)}, ${Math.round(singlesRequests * scale)} HTTP requests`,
    );
    console.log(`    bulk is ${ratio(singlesMs * scale, bulk.ms)} faster   (target >= 20x)`);
  } finally {
    await sandbox.close();
  }
}

async function listing(throttled) {
  const sandbox = await startSandbox({ users: LIST_USERS });
  try {
    const plugin = new Plugin(sandbox);
    await plugin.run('msgraph-user-test', {});
    const token = await sandboxToken(sandbox);
    const first = `${sandbox.url}/v1.0/users?%24select=id%2CdisplayName%2CjobTitle%2CmobilePhone%2Cmail&%24count=true&%24top=999`;
    const extraCa = { NODE_EXTRA_CA_CERTS: sandbox.caCertPath };
    if (throttled) sandbox.faults.add({ method: 'GET', path: /^\/v1\.0\/users$/, kind: 'status', status: 429, retryAfter: '1', every: 10, times: -1 });
    let before = sandbox.requests.length;
    const bare = await spawnTimed(process.execPath, ['-r', join(root, 'bench', 'rss-report.cjs'), join(root, 'bench', 'bare-list.mjs'), first, token], { env: extraCa });
    const bareRequests = httpRequests(sandbox, before);
    before = sandbox.requests.length;
    const listed = await plugin.run('msgraph-user-list', { all_results: 'true' }, { preload: join(root, 'bench', 'rss-report.cjs') });
    const requests = httpRequests(sandbox, before);
    const context = Object.values(listed.result.entries[0]?.EntryContext ?? {})[0] ?? [];
    const failures = listed.result.entries.filter((e) => e.Type === 4).length;
    const retries = (listed.stderr.match(/Retrying/g) ?? []).length;
    const title = throttled
      ? `(4) Listing ${LIST_USERS} users with 1 request in 10 throttled (429, Retry-After 1 s)`
      : `(3) Listing ${LIST_USERS} users with all_results=true`;
    console.log(`\n${title}`);
    if (!throttled) console.log(`    bare HTTPS loop               ${fmt(bare.ms)}, ${bareRequests} requests, peak RSS ${(bare.maxRssKb / 1024).toFixed(0)} MiB`);
    else console.log(`    bare HTTPS loop               ${bare.status === 0 ? `${fmt(bare.ms)}` : 'fails at the first 429 (no retry)'}`);
    console.log(
      `    entra-users run               ${fmt(listed.ms)}, ${requests} requests, peak RSS ${(listed.maxRssKb / 1024).toFixed(0)} MiB, ${context.length} users in context, ${failures} failures${throttled ? `, ${retries} retries` : ''}`,
    );
    if (!throttled && bare.status === 0) console.log(`    entra-users / bare loop       ${ratio(listed.ms, bare.ms)} time, ${ratio(listed.maxRssKb, bare.maxRssKb)} peak RSS`);
    if (throttled) console.log(`    ${failures === 0 && listed.status === 0 ? 'zero failures' : `FAILED: exit ${listed.status}`}`);
  } finally {
    await sandbox.close();
  }
}

console.log(`entra-users benchmarks on Node ${process.version}, ${new Date().toISOString()}`);
const only = process.argv[2];
if (!only || only === 'start') await coldStart();
if (!only || only === 'bulk') await bulkDisable();
if (!only || only === 'list') await listing(false);
if (!only || only === 'throttle') await listing(true);
