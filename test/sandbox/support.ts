import { createHash, createPrivateKey, randomUUID, sign, constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body (undefined when the body is empty or not JSON). */
  json: any;
}

export interface Call {
  headers?: Record<string, string>;
  body?: unknown;
  form?: Record<string, string>;
}

/** One request to the sandbox over real HTTPS (trusting its CA) or, for IMDS, plain HTTP. */
export function call(sandbox: Sandbox, method: string, pathOrUrl: string, options: Call = {}): Promise<Reply> {
  const url = new URL(pathOrUrl, sandbox.url);
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (options.form) {
    payload = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, ca: readFileSync(sandbox.caCertPath), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export function tokenUrl(sandbox: Sandbox): string {
  return `${sandbox.url}/${sandbox.credentials.tenantId}/oauth2/v2.0/token`;
}

export async function appToken(sandbox: Sandbox): Promise<string> {
  const reply = await call(sandbox, 'POST', tokenUrl(sandbox), {
    form: { grant_type: 'client_credentials', client_id: sandbox.credentials.clientId, client_secret: sandbox.credentials.clientSecret, scope: `${sandbox.url}/.default` },
  });
  if (reply.status !== 200) throw new Error(`token request failed: ${reply.text}`);
  return reply.json.access_token as string;
}

/** A Graph caller with a fresh app token. */
export async function graphClient(sandbox: Sandbox) {
  const token = await appToken(sandbox);
  return (method: string, path: string, options: Call = {}) =>
    call(sandbox, method, path.startsWith('http') ? path : `/v1.0${path}`, { ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
}

/** Starts a sandbox for the file and closes it afterwards. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(options);
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) throw new Error('sandbox not started');
    return sandbox;
  };
}

export interface AssertionOverrides {
  alg?: 'RS256' | 'PS256';
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  key?: string;
}

/** Signs a client assertion with the test app's key, as msal-node does for a certificate credential. */
export function clientAssertion(sandbox: Sandbox, overrides: AssertionOverrides = {}): string {
  const alg = overrides.alg ?? 'RS256';
  const der = Buffer.from(readFileSync(sandbox.credentials.appCertPath, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const thumb = alg === 'RS256' ? { x5t: createHash('sha1').update(der).digest('base64url') } : { 'x5t#S256': createHash('sha256').update(der).digest('base64url') };
  const header = { alg, typ: 'JWT', ...thumb, ...overrides.header };
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: tokenUrl(sandbox), iss: sandbox.credentials.clientId, sub: sandbox.credentials.clientId,
    jti: randomUUID(), nbf: now, iat: now, exp: now + 600, ...overrides.claims,
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  const key = createPrivateKey(overrides.key ?? readFileSync(sandbox.credentials.appKeyPath, 'utf8'));
  const signature = alg === 'RS256'
    ? sign('sha256', Buffer.from(unsigned), key)
    : sign('sha256', Buffer.from(unsigned), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  return `${unsigned}.${signature.toString('base64url')}`;
}
