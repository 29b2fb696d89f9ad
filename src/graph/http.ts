import { Agent as HttpAgent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import axios, { type AxiosInstance } from 'axios';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { AgentConnectOpts } from 'agent-base';
import { version } from '../../package.json';
import { TransportError } from '../errors';

export const USER_AGENT = `entra-users/${version}`;

/** Per-attempt limit from connect to full body (SPEC.md §2.6). */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface HttpOptions {
  /** `insecure`: no TLS certificate verification. */
  insecure: boolean;
  /** `proxy`: use HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  useProxy: boolean;
  timeoutMs?: number;
  /** The environment the proxy settings are read from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The managed-identity endpoint is reached directly, never through a proxy. */
  direct?: boolean;
  timeoutMs?: number;
}

export interface WireResponse {
  status: number;
  statusText: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

/** Why a request failed on the way; `retriable` is false for configuration errors (TLS, proxy refusal). */
export class WireError extends TransportError {
  constructor(
    message: string,
    code: string,
    readonly retriable: boolean,
  ) {
    super(message, code);
  }
}

/** A proxy that answers CONNECT with anything but 200 fails the request instead of replaying that answer. */
class CheckedProxyAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly verifyTls: boolean,
  ) {
    super(proxy, { keepAlive: true, rejectUnauthorized: verifyTls });
  }

  override async connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
    let status = 200;
    req.once('proxyConnect', (answer: { statusCode: number }) => {
      status = answer.statusCode;
    });
    // The TLS session inside the tunnel is built from the request's options, not the agent's.
    const socket = await super.connect(req, opts.secureEndpoint ? { ...opts, rejectUnauthorized: this.verifyTls } : opts);
    if (status !== 200) {
      socket.destroy();
      throw Object.assign(new Error(`the proxy answered CONNECT with ${status}`), { code: 'EPROXY' });
    }
    return socket;
  }
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name] ?? env[name.toLowerCase()];
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** NO_PROXY: `*`, host names (a leading `.` or `*.` matches sub-domains), optional `:port`. */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const [name = '', entryPort] = entry.toLowerCase().split(/:(?=\d+$)/);
      if (entryPort && entryPort !== port) return false;
      const bare = name.replace(/^\*?\./, '');
      return host === bare || host.endsWith(`.${bare}`);
    });
}

/** The proxy URL for `url`, or undefined when the request goes direct. */
export function proxyFor(url: URL, options: HttpOptions): string | undefined {
  if (!options.useProxy) return undefined;
  const env = options.env ?? process.env;
  if (bypassesProxy(url, envValue(env, 'NO_PROXY'))) return undefined;
  return url.protocol === 'https:' ? (envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'HTTP_PROXY')) : envValue(env, 'HTTP_PROXY');
}

const tlsCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

const connectCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_BAD_REQUEST' && !code.startsWith('ERR_BAD_')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'UNKNOWN';
}

/** The system's reason, first line only and cut before any dump, so no header or body can slip in. */
function causeMessage(error: unknown): string {
  const cause = error && typeof error === 'object' ? (error as { cause?: unknown }).cause : undefined;
  const source = cause instanceof Error ? cause : error;
  const text = source instanceof Error ? source.message : String(source);
  const first = (text.split('\n')[0] ?? '').split(/[{[]/)[0] ?? '';
  return first.slice(0, 200).replace(/[\s.:]+$/, '');
}

/** Names the host only: a message never carries a header, a token or a body (SPEC.md §1.10). */
export function toWireError(error: unknown, url: URL, proxied: boolean, timedOut: boolean, timeoutMs: number): WireError {
  const host = url.host;
  const code = timedOut ? 'ETIMEDOUT' : errorCode(error);
  if (timedOut || code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
    return new WireError(`Request to ${host} timed out after ${Number((timeoutMs / 1000).toFixed(1))} s.`, 'ETIMEDOUT', true);
  }
  if (tlsCodes.has(code) || code.startsWith('ERR_TLS_CERT') || code.startsWith('ERR_SSL_')) {
    return new WireError(
      `SSL certificate verification failed for ${host} - try selecting 'Trust any certificate' in the integration configuration.`,
      code,
      false,
    );
  }
  if (code === 'EPROXY') {
    return new WireError(`Proxy error - if 'Use system proxy settings' is selected, try clearing it.`, code, false);
  }
  if (proxied && connectCodes.has(code)) {
    return new WireError(`Proxy error - if 'Use system proxy settings' is selected, try clearing it.`, code, true);
  }
  return new WireError(`Could not connect to ${host}: ${code} ${causeMessage(error)}.`, code, true);
}

/** The one HTTP stack: Graph, token and managed-identity requests all go through `send`. */
export class HttpClient {
  private readonly axios: AxiosInstance;
  private readonly timeoutMs: number;
  private readonly direct: { http: HttpAgent; https: HttpsAgent };
  private readonly proxies = new Map<string, CheckedProxyAgent>();

  constructor(private readonly options: HttpOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const tls = { rejectUnauthorized: !options.insecure };
    this.direct = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true, ...tls }) };
    this.axios = axios.create({
      proxy: false,
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      decompress: true,
    });
  }

  private agentFor(url: URL, direct: boolean): { agent: HttpAgent | HttpsAgent; proxied: boolean } {
    const proxy = direct ? undefined : proxyFor(url, this.options);
    if (!proxy) return { agent: url.protocol === 'https:' ? this.direct.https : this.direct.http, proxied: false };
    let agent = this.proxies.get(proxy);
    if (!agent) {
      agent = new CheckedProxyAgent(proxy, !this.options.insecure);
      this.proxies.set(proxy, agent);
    }
    return { agent, proxied: true };
  }

  /** One attempt; throws WireError on a transport failure, returns any HTTP status. */
  async send(req: WireRequest): Promise<WireResponse> {
    const url = new URL(req.url);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const { agent, proxied } = this.agentFor(url, req.direct === true);
    const named = Object.keys(req.headers).some((h) => h.toLowerCase() === 'user-agent');
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await this.axios.request<string>({
        method: req.method,
        url: req.url,
        // Token and metadata requests name the plugin too, unless the caller set its own.
        headers: named ? req.headers : { ...req.headers, 'User-Agent': USER_AGENT },
        data: req.body,
        signal: controller.signal,
        timeout: timeoutMs,
        httpAgent: agent,
        httpsAgent: agent,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
        if (value !== undefined && value !== null) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      return {
        status: response.status,
        statusText: response.statusText ?? '',
        headers,
        text: typeof response.data === 'string' ? response.data : '',
      };
    } catch (error) {
      throw toWireError(error, url, proxied, timedOut, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Frees keep-alive sockets so a run's process can exit at once. */
  close(): void {
    this.direct.http.destroy();
    this.direct.https.destroy();
    for (const agent of this.proxies.values()) agent.destroy();
  }
}
