import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { handleAdmin } from './admin';
import { Faults, sleep, statusFaultReply, type FaultSpec } from './faults';
import { GraphService, ROUTES } from './graph-service';
import { BodyTooLarge, GRAPH_JSON, lowerCaseHeaders, readBody, requestLogEntry, splitUrl, writeResponse, type IncomingRequest } from './http-io';
import { handleImds, SYSTEM_IDENTITY_CLIENT_ID, USER_IDENTITY_CLIENT_ID } from './imds';
import { findCertDir, findReferenceFile } from './locate';
import { handleLogin, REDIRECT_URI } from './login';
import { GraphReference } from './openapi-check';
import { newGuid } from './random';
import { CLIENT_ID, CLIENT_SECRET, Tenant, TENANT_ID } from './tenant';
import { TokenStore } from './token-store';
import type { GraphResponse, RequestLogEntry } from './types';

export interface SandboxOptions {
  /** HTTPS port for Graph and login (0 = any free port). */
  port?: number;
  /** How many generated users to add to the named ones (lazily generated; up to a few million). */
  users?: number;
  /** Seed of the deterministic tenant. */
  seed?: number;
  /** HTTP port of the IMDS emulator (0 = any free port). */
  imdsPort?: number;
  /** Folder holding sandbox-server.{crt,key} and app-client.crt (default: test_data/certs). */
  certDir?: string;
  /** The Graph reference subset (default: <project>/../shared/reference/graph-v1-subset.json). */
  referenceFile?: string;
}

export interface Credential {
  identifier: string;
  password: string;
}

/** The instance params a SOAR host would send to use the sandbox as a Custom cloud. */
export interface SandboxParams {
  azure_cloud: 'Custom';
  host: string;
  azure_ad_endpoint: string;
  creds_auth_id: Credential;
  creds_tenant_id: Credential;
  creds_enc_key: Credential;
  insecure: false;
}

export interface Sandbox {
  /** HTTPS origin, both the Graph host and the login host. */
  readonly url: string;
  /** Plain-HTTP origin of the IMDS emulator (set AZURE_POD_IDENTITY_AUTHORITY_HOST to it). */
  readonly imdsUrl: string;
  readonly params: SandboxParams;
  readonly caCertPath: string;
  /** Ids and paths for the other auth flows. */
  readonly credentials: {
    clientId: string;
    tenantId: string;
    clientSecret: string;
    redirectUri: string;
    appCertPath: string;
    appKeyPath: string;
    thumbprintSha1: string;
    thumbprintSha256: string;
    systemIdentityClientId: string;
    userIdentityClientId: string;
  };
  /** The live in-memory state (replaced by reset()). */
  readonly tenant: Tenant;
  readonly faults: Faults;
  /** Every request received (Authorization header left out; form secrets masked), oldest first. */
  readonly requests: RequestLogEntry[];
  readonly tokensIssued: number;
  /** A one-time authorization code for `https://localhost/callback` (user: a UPN or id; default Adele). */
  issueAuthCode(user?: string): string;
  /** A fresh tenant, no faults, an empty log. Issued tokens stay valid. */
  reset(): void;
  close(): Promise<void>;
}

const MAX_LOG = 200_000;
const MALFORMED_REPLY: GraphResponse = { status: 200, headers: {}, body: { raw: '{"@odata.context":"sandbox","value":[{"id":', contentType: GRAPH_JSON } };
const DEFAULT_AUTH_USER = 'adele.vance@contoso.com';

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const certDir = findCertDir(options.certDir);
  const caCertPath = join(certDir, 'sandbox-server.crt');
  const serverKey = readFileSync(join(certDir, 'sandbox-server.key'));
  const appCertificate = new X509Certificate(readFileSync(join(certDir, 'app-client.crt')));
  const reference = GraphReference.fromFile(findReferenceFile(certDir, options.referenceFile), Object.keys(ROUTES));
  const tenantOptions = { seed: options.seed ?? 1, users: Math.max(0, Math.floor(options.users ?? 0)) };
  let tenant = new Tenant(tenantOptions);
  const faults = new Faults();
  const tokens = new TokenStore(tenantOptions.seed);
  const requests: RequestLogEntry[] = [];
  const log = (entry: RequestLogEntry) => {
    if (requests.length >= MAX_LOG) requests.splice(0, requests.length - MAX_LOG + 1);
    requests.push(entry);
  };
  const signingKey = createPrivateKey(serverKey);
  const signingKeyId = createHash('sha1').update(new X509Certificate(readFileSync(caCertPath)).raw).digest('base64url');

  let origin = '';
  let graph: GraphService | undefined;
  const issueAuthCode = (user?: string) => {
    const found = tenant.findUser(user ?? DEFAULT_AUTH_USER);
    if (!found) throw new Error(`No user '${user ?? DEFAULT_AUTH_USER}' in the sandbox tenant.`);
    return tokens.issueCode(found.id, REDIRECT_URI);
  };
  const reset = () => {
    tenant = new Tenant(tenantOptions);
    faults.clear();
    requests.length = 0;
  };

  /** The endpoint's reply, once transport-level faults (reset, malformed JSON) are out of the way. */
  async function answer(service: RequestLogEntry['service'], request: IncomingRequest, fault: FaultSpec | undefined): Promise<GraphResponse> {
    const { method, path, search, headers, bodyText } = request;
    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (fault?.kind === 'status') return statusFaultReply(fault, service, newGuid(), headers['client-request-id'] ?? newGuid());
    if (service === 'imds') return handleImds(method, path, new URLSearchParams(search), headers, tokens, origin);
    if (service === 'graph') return (graph as GraphService).handle({ method, path, query: request.query, headers, bodyText }, fault?.kind === 'expire-token');
    const loginDeps = { tenant, tokens, origin, appCertificate, signingKey, signingKeyId, defaultUser: () => DEFAULT_AUTH_USER };
    return handleLogin({ method, path, query: new URLSearchParams(search), headers, bodyText }, loginDeps)
      ?? { status: 404, headers: {}, body: { error: 'not_found', error_description: `No sandbox endpoint ${method} ${path}.` } };
  }

  async function serve(req: IncomingMessage, res: ServerResponse, onImds: boolean): Promise<void> {
    const request: IncomingRequest = { method: (req.method ?? 'GET').toUpperCase(), ...splitUrl(req.url ?? '/'), headers: lowerCaseHeaders(req), bodyText: await readBody(req) };
    const { method, path } = request;
    if (!onImds && path.startsWith('/_sandbox/')) {
      const control = { faults, requests, params, reset, issueAuthCode, expireTokens: () => tokens.expireAll() };
      writeResponse(res, handleAdmin(method, path, request.bodyText, control), 'application/json');
      return;
    }
    const service = onImds ? 'imds' : /^\/(v1\.0|beta)(\/|$)/.test(path) ? 'graph' : 'login';
    const entry = requestLogEntry(service, request);
    log(entry);
    const fault = faults.take(method, path);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    const response = fault?.kind === 'malformed-json' ? MALFORMED_REPLY : await answer(service, request, fault);
    entry.status = response.status;
    writeResponse(res, response, service === 'graph' ? GRAPH_JSON : 'application/json; charset=utf-8');
  }

  const handler = (onImds: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res, onImds).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      const status = err instanceof BodyTooLarge ? 413 : 500;
      if (status === 500) process.stderr.write(`sandbox: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      writeResponse(res, { status, headers: {}, body: { error: { code: status === 413 ? 'RequestEntityTooLarge' : 'InternalServerError', message: String(err) } } }, 'application/json');
    });
  };

  const main = createHttpsServer({ cert: readFileSync(caCertPath), key: serverKey }, handler(false));
  const imds = createHttpServer(handler(true));
  const port = await listen(main, options.port ?? 0);
  const imdsPort = await listen(imds, options.imdsPort ?? 0).catch(async (err: unknown) => {
    await new Promise((resolve) => main.close(resolve));
    throw err;
  });
  origin = `https://127.0.0.1:${port}`;
  graph = new GraphService({ tenant: () => tenant, reference, tokens, faults, origin, log });

  const secretCred = (password: string): Credential => ({ identifier: '', password });
  const params: SandboxParams = {
    azure_cloud: 'Custom',
    host: origin,
    azure_ad_endpoint: origin,
    creds_auth_id: secretCred(CLIENT_ID),
    creds_tenant_id: secretCred(TENANT_ID),
    creds_enc_key: secretCred(CLIENT_SECRET),
    insecure: false,
  };
  const close = async () => {
    for (const server of [main, imds]) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  };

  return {
    url: origin,
    imdsUrl: `http://127.0.0.1:${imdsPort}`,
    params,
    caCertPath,
    credentials: {
      clientId: CLIENT_ID,
      tenantId: TENANT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT_URI,
      appCertPath: join(certDir, 'app-client.crt'),
      appKeyPath: join(certDir, 'app-client.key'),
      thumbprintSha1: createHash('sha1').update(appCertificate.raw).digest('hex').toUpperCase(),
      thumbprintSha256: createHash('sha256').update(appCertificate.raw).digest('hex').toUpperCase(),
      systemIdentityClientId: SYSTEM_IDENTITY_CLIENT_ID,
      userIdentityClientId: USER_IDENTITY_CLIENT_ID,
    },
    get tenant() {
      return tenant;
    },
    faults,
    requests,
    get tokensIssued() {
      return tokens.issued;
    },
    issueAuthCode,
    reset,
    close,
  };
}
