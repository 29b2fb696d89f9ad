import { randomUUID } from 'node:crypto';
import type { RunState } from '../commands/types';
import { log } from '../log';
import { wireJson } from '../secret';
import type { Params } from '../spec/params';
import { chooseFlow } from './auth-flow';
import { createTokenSource, type TokenSource } from './auth';
import { sendBatch } from './batch';
import { cloudOf, type Cloud } from './clouds';
import { GraphError } from './graph-error';
import { HttpClient, USER_AGENT, type WireResponse } from './http';
import { redactHeaders } from './redact';
import { realSleep, Resender, type Sent, type Sleep } from './resend';
import { isIdempotent } from './retry';
import type { BatchItem, BatchItemResult, Graph, GraphRequest, GraphResponse, Page } from './types';
import { assertSameOrigin, queryString } from './url';

export { USER_AGENT };

export interface GraphFactoryOptions {
  params: Params;
  /** The run's state: the token cache lives in `state.integrationContext`. */
  state: RunState;
  /** Waits between retries (injected in tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read from; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  /** Per-attempt timeout; 30 s by default (SPEC.md §2.6). */
  timeoutMs?: number;
}

export type GraphFactory = (options: GraphFactoryOptions) => Graph;

export const SECOND_401_NOTE =
  "The token was refreshed and the request retried once; check the app's permissions, or run msgraph-user-auth-reset.";

/** Paths built by commands start with `/`; anything else came from outside and is a link to check. */
function isLink(path: string): boolean {
  return !path.startsWith('/');
}

function parseBody(response: WireResponse): unknown {
  if (response.text.trim() === '') return null;
  try {
    return JSON.parse(response.text);
  } catch {
    return response.text;
  }
}

/** The Graph client of one run (SPEC.md §2): token, headers, retries, 401 refresh, paging, batching. */
class GraphClient implements Graph {
  readonly origin: string;
  private readonly resender: Resender;
  private readonly tokens: TokenSource;
  /** The run's one fresh token after a 401 (SPEC.md §2.5); set once, never fetched again. */
  private refreshed: Promise<string> | undefined;

  constructor(cloud: Cloud, tokens: (resender: Resender) => TokenSource, http: HttpClient, sleep: Sleep) {
    this.origin = cloud.graph;
    this.resender = new Resender(http, sleep);
    this.tokens = tokens(this.resender);
  }

  /** The absolute URL, refusing a link to another origin before any token exists. */
  private resolve(req: GraphRequest, what: 'next_page' | 'a link'): string {
    if (isLink(req.path)) {
      assertSameOrigin(req.path, this.origin, what);
      return req.path;
    }
    const version = req.version ?? 'v1.0';
    return `${this.origin}/${version}${req.path}${queryString(req.query)}`;
  }

  urlOf(req: GraphRequest): string {
    return this.resolve(req, 'a link');
  }

  async request<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>> {
    return this.send<T>(req, this.resolve(req, 'a link'));
  }

  async *pages<T = Record<string, unknown>>(req: GraphRequest): AsyncGenerator<Page<T>> {
    let url = this.resolve(req, 'next_page');
    for (;;) {
      const { data } = await this.send<Record<string, unknown> | null>({ ...req, method: 'GET' }, url);
      const value = data && Array.isArray(data.value) ? (data.value as T[]) : [];
      const nextLink = data && typeof data['@odata.nextLink'] === 'string' ? data['@odata.nextLink'] : undefined;
      yield nextLink ? { items: value, nextLink } : { items: value };
      if (!nextLink) return;
      assertSameOrigin(nextLink, this.origin, 'a link');
      url = nextLink;
    }
  }

  batch(items: readonly BatchItem[]): Promise<BatchItemResult[]> {
    return sendBatch(items, {
      send: (body) => this.send<unknown>({ method: 'POST', path: '/$batch', body, idempotent: false }, `${this.origin}/v1.0/$batch`),
      resender: this.resender,
    });
  }

  private async attempt(req: GraphRequest, url: string, token: string, clientRequestId: string): Promise<Sent> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
      'client-request-id': clientRequestId,
      ...(req.headers ?? {}),
      Authorization: `Bearer ${token}`,
    };
    const hasBody = req.body !== undefined && req.body !== null;
    if (hasBody) headers['Content-Type'] = 'application/json';
    const idempotent = isIdempotent(req.method, new URL(url).pathname, req.idempotent);
    log.debug(`${req.method} ${url} headers: ${JSON.stringify(redactHeaders(headers))}`);
    return this.resender.send(
      { method: req.method, url, headers, ...(hasBody ? { body: wireJson(req.body) } : {}) },
      idempotent,
    );
  }

  /** True when `token` is the one the run's refresh gave out. */
  private async isRefreshed(token: string): Promise<boolean> {
    if (!this.refreshed) return false;
    return (await this.refreshed.catch(() => undefined)) === token;
  }

  private async send<T>(req: GraphRequest, url: string): Promise<GraphResponse<T>> {
    const clientRequestId = randomUUID();
    const token = await this.tokens.token();
    let sent = await this.attempt(req, url, token, clientRequestId);
    // A fresh token is fetched once per run: a 401 with it is the second 401 of the run.
    if (sent.response.status === 401 && !(await this.isRefreshed(token))) {
      // A 401 means Graph rejected the request unprocessed, so a resend is safe even for a POST.
      // A request that was sent with the old token while the refresh ran takes the fresh one.
      this.refreshed ??= this.tokens.token({ fresh: true });
      sent = await this.attempt(req, url, await this.refreshed, clientRequestId);
    }
    const { response } = sent;
    const data = parseBody(response);
    if (response.status < 200 || response.status >= 300) {
      const error = new GraphError(response.status, response.statusText, response.headers, data);
      if (sent.note) error.notes.push(sent.note);
      if (this.refreshed && response.status === 401) error.notes.push(SECOND_401_NOTE);
      throw error;
    }
    return { status: response.status, headers: response.headers, data: data as T };
  }
}

/** Builds the run's client; the auth flow is chosen here, before any network call (SPEC.md §2.3). */
export const createGraph: GraphFactory = (options) => {
  const cloud = cloudOf(options.params);
  const flow = chooseFlow(options.params);
  const http = new HttpClient({
    insecure: options.params.bool('insecure'),
    useProxy: options.params.bool('proxy'),
    ...(options.env ? { env: options.env } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return new GraphClient(
    cloud,
    (resender) => createTokenSource({ flow, cloud, state: options.state, resender }),
    http,
    options.sleep ?? realSleep,
  );
};
