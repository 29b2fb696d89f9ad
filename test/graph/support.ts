import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';
import type { RunState } from '../../src/commands/types';
import type { ParamValue } from '../../src/envelope';
import { createGraph, type GraphFactoryOptions } from '../../src/graph/client';
import type { Graph } from '../../src/graph/types';
import { setLogSink } from '../../src/log';
import { Params } from '../../src/spec/params';
import { secretParams } from '../helpers/harness';

export const CERTS = join(__dirname, '..', '..', 'test_data', 'certs');
export const readCert = (name: string): string => readFileSync(join(CERTS, name), 'utf8');

export interface Built {
  graph: Graph;
  state: RunState;
  /** Every wait the client asked for, in ms. */
  waits: number[];
}

/** A client as run.ts builds it, with a sleep that records instead of waiting. */
export function build(
  params: Record<string, ParamValue> = secretParams,
  integrationContext: Record<string, unknown> = {},
  extra: Partial<GraphFactoryOptions> = {},
): Built {
  const state: RunState = { integrationContext };
  const waits: number[] = [];
  const graph = createGraph({
    params: new Params(params),
    state,
    sleep: async (ms) => {
      waits.push(ms);
    },
    env: {},
    ...extra,
  });
  return { graph, state, waits };
}

/** The error a promise is rejected with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );
}

/** Log lines of the test, captured instead of written to stderr. */
export function captureLogs(): string[] {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    setLogSink((line) => lines.push(line));
  });
  afterEach(() => {
    setLogSink((line) => process.stderr.write(`${line}\n`));
  });
  return lines;
}

/** Loopback servers are real sockets: let them through nock. */
export function allowLoopback(): void {
  beforeEach(() => {
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1'));
  });
}

/**
 * Turns nock's interception off: its socket interceptor does not cooperate with agent-based
 * proxy agents, and these tests talk to loopback servers only.
 */
export function withoutNock(): void {
  beforeEach(() => {
    nock.restore();
  });
  afterEach(() => {
    nock.activate();
  });
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface Loopback {
  server: Server;
  url: string;
  port: number;
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

function track(server: Server, scheme: 'http' | 'https', handler: Handler): Promise<Loopback> {
  const requests: Loopback['requests'] = [];
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        port,
        url: `${scheme}://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export function startHttp(handler: Handler): Promise<Loopback> {
  return track(createHttpServer(), 'http', handler);
}

/** An HTTPS server with the test certificate (its own CA, for localhost and 127.0.0.1). */
export function startHttps(handler: Handler): Promise<Loopback> {
  const server = createHttpsServer({ key: readCert('sandbox-server.key'), cert: readCert('sandbox-server.crt') });
  return track(server, 'https', handler);
}

export interface Proxy {
  url: string;
  /** `host:port` of every CONNECT. */
  connects: string[];
  close(): Promise<void>;
}

/** A small HTTP CONNECT proxy; `refuse` answers every CONNECT with that status instead. */
export function startProxy(refuse?: number): Promise<Proxy> {
  const connects: string[] = [];
  const server = createHttpServer((_req, res) => {
    res.writeHead(405).end();
  });
  const sockets = new Set<Socket>();
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    connects.push(req.url ?? '');
    if (refuse) {
      client.end(`HTTP/1.1 ${refuse} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        connects,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A JWT-shaped id token (msal reads its claims to build the cached account; it checks no signature). */
export function idToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

export function clientInfo(uid: string, utid: string): string {
  return Buffer.from(JSON.stringify({ uid, utid })).toString('base64url');
}
