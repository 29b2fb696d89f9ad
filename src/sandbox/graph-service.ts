import { batchRoutes } from './batch';
import { sleep, statusFaultReply, type Faults } from './faults';
import type { BatchItem, GraphContext, RouteTable } from './graph-context';
import { requestLogEntry, splitUrl } from './http-io';
import { badRequest, errorBody, ODataError } from './odata-error';
import { normalisedSegments, type GraphReference } from './openapi-check';
import { newGuid } from './random';
import { appRoutes } from './routes-apps';
import { methodRoutes } from './routes-methods';
import { userRoutes } from './routes-users';
import type { Tenant } from './tenant';
import type { TokenStore } from './token-store';
import type { GraphRequest, GraphResponse, JsonValue, RequestLogEntry } from './types';

export const ROUTES: RouteTable = { ...userRoutes, ...methodRoutes, ...appRoutes, ...batchRoutes };

export interface GraphServiceDeps {
  tenant: () => Tenant;
  reference: GraphReference;
  tokens: TokenStore;
  faults: Faults;
  origin: string;
  log: (entry: RequestLogEntry) => void;
}

const ITEM_FAULT_KINDS = ['status', 'delay', 'expire-token'] as const;

/** The Graph side: throttling, bearer-token check, reference check, then the route handler. */
export class GraphService {
  constructor(private readonly deps: GraphServiceDeps) {}

  async handle(req: GraphRequest, expireToken = false): Promise<GraphResponse> {
    const requestId = newGuid();
    const clientRequestId = req.headers['client-request-id'] ?? requestId;
    let response: GraphResponse;
    try {
      response = await this.route(req, expireToken);
    } catch (err) {
      if (!(err instanceof ODataError)) process.stderr.write(`sandbox: unexpected error for ${req.method} ${req.path}: ${String(err)}\n`);
      const failure = err instanceof ODataError ? err : new ODataError(500, 'InternalServerError', 'An unexpected error occurred in the sandbox.');
      response = { status: failure.status, headers: { ...failure.headers }, body: errorBody(failure.code, failure.message, requestId, clientRequestId) };
    }
    Object.assign(response.headers, {
      'request-id': requestId,
      'client-request-id': clientRequestId,
      'x-ms-ags-diagnostic': JSON.stringify({ ServerInfo: { DataCenter: 'Sandbox', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'SBX' } }),
    });
    return response;
  }

  private async route(req: GraphRequest, expireToken: boolean): Promise<GraphResponse> {
    const version = /^\/(v1\.0|beta)(\/|$)/.exec(req.path)?.[1] as 'v1.0' | 'beta' | undefined;
    if (!version) throw badRequest('Invalid version: the path must start with /v1.0 or /beta.');
    const isBatch = /^\/v1\.0\/\$batch\/?$/i.test(req.path);
    if (!isBatch) {
      const retryAfter = this.deps.faults.throttled();
      if (retryAfter !== undefined) {
        throw new ODataError(429, 'TooManyRequests', 'Too many requests. Retry after the time given in the Retry-After header.', { 'Retry-After': String(retryAfter) });
      }
    }
    this.authenticate(req.headers['authorization'], expireToken);

    const segments = normalisedSegments(req.path.slice(version.length + 1));
    if (!segments) throw badRequest('Bad Request - Invalid URL: the path is not correctly percent-encoded.');
    const match = this.deps.reference.match(version, segments);
    if ('unknownSegment' in match) throw badRequest(`Resource not found for the segment '${match.unknownSegment}'.`);
    const failure = this.deps.reference.check(match.template, req.method, [...req.query.keys()], req.bodyText !== undefined && req.bodyText.trim() !== '');
    if (failure) throw new ODataError(failure.status, 'Request_BadRequest', failure.message);

    let body: JsonValue | undefined;
    if (req.bodyText !== undefined && req.bodyText.trim() !== '') {
      if (!/\bjson\b/i.test(req.headers['content-type'] ?? '')) {
        throw badRequest('Write requests (excluding DELETE) must contain the Content-Type header declaration.');
      }
      try {
        body = JSON.parse(req.bodyText) as JsonValue;
      } catch {
        throw badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
      }
    }
    const handler = ROUTES[`${req.method} ${match.template}`];
    if (!handler) throw new ODataError(501, 'NotImplemented', `The sandbox does not emulate ${req.method} ${match.template}.`);
    const ctx: GraphContext = {
      tenant: this.deps.tenant(),
      reference: this.deps.reference,
      origin: this.deps.origin,
      version,
      method: req.method,
      template: match.template,
      params: match.params,
      query: req.query,
      headers: req.headers,
      body,
      insideBatch: req.batchId !== undefined,
      ...(isBatch ? { dispatchItem: (item: BatchItem) => this.dispatchItem(item, req.headers) } : {}),
    };
    return handler(ctx);
  }

  private authenticate(header: string | undefined, expireToken: boolean): void {
    const unauthorized = (message: string) => new ODataError(401, 'InvalidAuthenticationToken', message, {
      'WWW-Authenticate': `Bearer realm="", authorization_uri="${this.deps.origin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    });
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) throw unauthorized('Access token is empty.');
    if (expireToken) this.deps.tokens.expire(token);
    const grant = this.deps.tokens.lookup(token);
    if (!grant || grant.expiresAt <= Date.now()) throw unauthorized('Access token has expired or is not yet valid.');
    if (grant.audience !== 'graph') throw unauthorized('Access token validation failure. Invalid audience.');
  }

  /** One `$batch` item: its own faults, then the same pipeline as an HTTP request, logged as an item. */
  private async dispatchItem(item: BatchItem, outer: Record<string, string>): Promise<GraphResponse & { id: string }> {
    const relative = item.url.startsWith('/') ? item.url : `/${item.url}`;
    const { path: relativePath, query } = splitUrl(relative);
    const path = `/v1.0${relativePath}`;
    const headers: Record<string, string> = { ...item.headers };
    if (outer['authorization']) headers['authorization'] = outer['authorization'];
    const bodyText = item.body === undefined ? undefined : JSON.stringify(item.body);
    const request: GraphRequest = { method: item.method, path, query, headers, bodyText, batchId: item.id };

    let response: GraphResponse;
    const absolute = /^https?:/i.test(item.url);
    const fault = absolute ? undefined : this.deps.faults.take(item.method, path, ITEM_FAULT_KINDS);
    if (absolute) {
      response = { status: 400, headers: {}, body: errorBody('BadRequest', 'Invalid request URL: batch URLs are relative to the version root.', newGuid(), newGuid()) };
    } else if (fault?.kind === 'status') {
      response = statusFaultReply(fault, 'graph', newGuid(), headers['client-request-id'] ?? newGuid());
    } else {
      if (fault?.kind === 'delay') await sleep(fault.ms);
      response = await this.handle(request, fault?.kind === 'expire-token');
    }
    this.deps.log({ ...requestLogEntry('graph', request, item.id), status: response.status });
    return { id: item.id, ...response, headers: { 'Content-Type': 'application/json', ...response.headers } };
  }
}
