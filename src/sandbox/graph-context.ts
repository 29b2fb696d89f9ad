import { encodeSkipToken, parseListQuery, readPage, type CollectionRules, type EntityType, type Selection, type Source } from './odata';
import { badRequest, ODataError, resourceNotFound } from './odata-error';
import type { GraphReference } from './openapi-check';
import type { Tenant } from './tenant';
import type { GraphResponse, JsonObject, JsonValue } from './types';
import type { UserRecord } from './user-directory';

/** What a route handler gets: the parsed request plus the tenant it acts on. */
export interface GraphContext {
  tenant: Tenant;
  reference: GraphReference;
  origin: string;
  version: 'v1.0' | 'beta';
  method: string;
  /** The reference path key, e.g. `/users/{user-id}/manager`. */
  template: string;
  params: Record<string, string>;
  query: Map<string, string>;
  headers: Record<string, string>;
  body: JsonValue | undefined;
  /** Set while serving a `$batch`, whose items may not be batches themselves. */
  insideBatch: boolean;
  /** Runs one `$batch` item through the same pipeline as an HTTP request. */
  dispatchItem?: (item: BatchItem) => Promise<GraphResponse & { id: string }>;
}

export interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: JsonValue | undefined;
}

export type Handler = (ctx: GraphContext) => GraphResponse | Promise<GraphResponse>;
export type RouteTable = Record<string, Handler>;

export const reply = (body: JsonValue, status = 200, headers: Record<string, string> = {}): GraphResponse => ({ status, headers, body });
export const noContent = (): GraphResponse => ({ status: 204, headers: {} });

/** `<origin>/<version>/$metadata#<fragment>`, the value of `@odata.context`. */
export function contextUrl(ctx: GraphContext, fragment: string): string {
  return `${ctx.origin}/${ctx.version}/$metadata#${fragment}`;
}

export function withContext(ctx: GraphContext, fragment: string, record: JsonObject): JsonObject {
  return { '@odata.context': contextUrl(ctx, fragment), ...record };
}

/** The `(a,b)` part Graph adds to a context URL when `$select` is used. */
export function selectSuffix(ctx: GraphContext): string {
  const select = ctx.query.get('$select');
  return select ? `(${select.split(',').map((s) => s.trim()).join(',')})` : '';
}

/** Characters Graph refuses in a user key, in the order SPEC.md lists them. */
const UNSUPPORTED_KEY_CHARACTERS = /[%&*+/=?`{|}]/;

/** Resolves `{user-id}` (an object id or a UPN, any case). */
export function requireUser(ctx: GraphContext, notFound: (key: string) => ODataError = resourceNotFound): UserRecord {
  const key = ctx.params['user-id'] ?? '';
  if (UNSUPPORTED_KEY_CHARACTERS.test(key)) throw badRequest(`Invalid object identifier '${key}'.`);
  const user = ctx.tenant.findUser(key);
  if (!user) throw notFound(key);
  return user;
}

/** Reads one page of a collection and shapes Graph's reply, nextLink and count included. */
export function collectionReply<T extends JsonObject>(
  ctx: GraphContext,
  source: Source<T>,
  rules: CollectionRules,
  fragment: string,
  shape: (item: T, select: Selection) => JsonObject,
): GraphResponse {
  const query = parseListQuery(ctx.query, ctx.headers, rules);
  const page = readPage(source, query);
  const body: JsonObject = { '@odata.context': contextUrl(ctx, fragment + selectSuffix(ctx)) };
  if (page.count !== undefined) body['@odata.count'] = page.count;
  if (page.next) body['@odata.nextLink'] = nextLink(ctx, encodeSkipToken(page.next.ordered, page.next.at, query.fingerprint));
  body['value'] = page.items.map((item) => shape(item, query.select));
  return reply(body);
}

function nextLink(ctx: GraphContext, token: string): string {
  const parts: string[] = [];
  for (const [name, value] of ctx.query) {
    if (name.toLowerCase() !== '$skiptoken') parts.push(`${encodeQueryName(name)}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skiptoken=${token}`);
  const path = ctx.template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(ctx.params[name] ?? ''));
  return `${ctx.origin}/${ctx.version}${path}?${parts.join('&')}`;
}

function encodeQueryName(name: string): string {
  return name.startsWith('$') ? `$${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}

/** The query view of a reference schema (empty when the reference is not loaded: then nothing is checked). */
export function entityType(ctx: GraphContext, name: string): EntityType {
  return { name, properties: ctx.reference.schema(name) ?? new Map() };
}
