// The baseline of the listing benchmark: the same pages fetched with a bare HTTPS loop and no
// processing beyond counting, in a process of its own. Args: <first URL> <token>.
import { request } from 'node:https';

function get(url, token) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Authorization: `Bearer ${token}`, ConsistencyLevel: 'eventual' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), retryAfter: res.headers['retry-after'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

const [first, token] = process.argv.slice(2);
let url = first;
let users = 0;
let requests = 0;
while (url) {
  requests += 1;
  const { status, body } = await get(url, token);
  if (status !== 200) throw new Error(`HTTP ${status}: ${body.slice(0, 200)}`);
  const page = JSON.parse(body);
  users += page.value.length;
  url = page['@odata.nextLink'];
}
process.stdout.write(JSON.stringify({ users, requests }));
