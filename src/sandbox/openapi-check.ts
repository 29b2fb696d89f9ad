import { readFileSync } from 'node:fs';
import { isJsonObject, type JsonObject } from './types';

/** The property types used by reference/graph-v1-subset.json. */
export type PropertyType = 'string' | 'boolean' | 'integer' | 'date-time' | 'array<string>' | 'object' | 'array<object>';

export interface PropertyInfo {
  name: string;
  type: PropertyType;
  readOnly: boolean;
  ref?: string;
}

/** Properties of one schema, keyed by lower-cased name (Graph ignores case in property names). */
export type SchemaProperties = Map<string, PropertyInfo>;

interface OperationInfo {
  query: string[];
  requiredBody: boolean;
}

interface PathTemplate {
  key: string;
  segments: string[];
  apiVersion: 'v1.0' | 'beta';
  methods: Map<string, OperationInfo>;
}

export interface PathMatch {
  template: string;
  params: Record<string, string>;
}

export type CheckFailure = { status: 400 | 405; message: string };

/** Operations the plugin reaches that the reference subset leaves out (resetPassword's polling URL). */
const EXTRA_OPERATIONS: Array<{ key: string; method: string; query: string[] }> = [
  { key: '/users/{user-id}/authentication/operations/{longRunningOperation-id}', method: 'GET', query: ['$select'] },
];

const USERS_KEY = /^users\((?:userPrincipalName=)?'(.*)'\)$/i;

/**
 * Splits a raw path (after the version) into segments, turning the `users('<upn>')` key form into
 * `users/<key>` and namespaced actions (`microsoft.graph.resetPassword`) into their bare names.
 */
export function normalisedSegments(rawPath: string): string[] | undefined {
  const out: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    const keyed = USERS_KEY.exec(decoded);
    if (keyed) {
      out.push('users', encodeURIComponent((keyed[1] as string).replace(/''/g, "'")));
    } else if (/^microsoft\.graph\./i.test(decoded)) {
      out.push(decoded.slice('microsoft.graph.'.length));
    } else {
      out.push(raw);
    }
  }
  return out;
}

/** The reference subset of Graph's OpenAPI, used to hold every request to what Graph declares. */
export class GraphReference {
  private readonly templates: PathTemplate[] = [];
  private readonly schemas = new Map<string, SchemaProperties>();
  /** False when the reference file was missing: only paths and methods are then checked. */
  readonly loaded: boolean;

  constructor(document: JsonObject | undefined, fallbackTemplates: string[] = []) {
    this.loaded = document !== undefined;
    if (!document) {
      for (const key of fallbackTemplates) {
        const [method, path] = key.split(' ') as [string, string];
        this.addTemplate(path, path.endsWith('/signInPreferences') ? 'beta' : 'v1.0', method, { query: [], requiredBody: false });
      }
      return;
    }
    this.loadOperations(document);
    this.loadSchemas(document);
  }

  static fromFile(file: string | undefined, fallbackTemplates: string[]): GraphReference {
    if (!file) {
      process.stderr.write('sandbox: graph-v1-subset.json not found; requests are not checked against the reference.\n');
      return new GraphReference(undefined, fallbackTemplates);
    }
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return new GraphReference(isJsonObject(parsed) ? parsed : undefined, fallbackTemplates);
  }

  schema(name: string): SchemaProperties | undefined {
    return this.schemas.get(name);
  }

  /** Finds the template of a path; on failure names the first segment that no template knows. */
  match(version: string, segments: string[]): PathMatch | { unknownSegment: string } {
    let deepest = 0;
    for (const template of this.templates) {
      if (template.apiVersion !== version) continue;
      const params: Record<string, string> = {};
      let depth = 0;
      for (; depth < segments.length && depth < template.segments.length; depth++) {
        const expected = template.segments[depth] as string;
        const actual = segments[depth] as string;
        if (expected.startsWith('{')) params[expected.slice(1, -1)] = decodeURIComponent(actual);
        else if (expected.toLowerCase() !== actual.toLowerCase()) break;
      }
      deepest = Math.max(deepest, depth);
      if (depth === segments.length && depth === template.segments.length) return { template: template.key, params };
    }
    const unknown = segments[deepest] ?? segments[segments.length - 1] ?? '';
    return { unknownSegment: safeDecode(unknown) };
  }

  /** Checks the method, the query options and the presence of a body against the declared operation. */
  check(template: string, method: string, queryNames: string[], hasBody: boolean): CheckFailure | undefined {
    const found = this.templates.find((t) => t.key === template);
    const operation = found?.methods.get(method);
    if (!operation) return { status: 405, message: `The HTTP method '${method}' is not allowed for the request uri.` };
    if (!this.loaded) return undefined;
    const allowed = new Set(operation.query.map((q) => q.toLowerCase()));
    if (allowed.has('$top')) allowed.add('$skiptoken');
    for (const name of queryNames) {
      if (name.startsWith('$') && !allowed.has(name.toLowerCase())) {
        return { status: 400, message: `The query parameter '${name}' is not supported.` };
      }
    }
    if (operation.requiredBody && !hasBody) return { status: 400, message: 'Empty Payload. JSON content expected.' };
    return undefined;
  }

  private loadOperations(document: JsonObject): void {
    const operations = document['operations'];
    if (!isJsonObject(operations)) return;
    for (const [key, entry] of Object.entries(operations)) {
      if (!isJsonObject(entry) || !isJsonObject(entry['methods'])) continue;
      const version = entry['apiVersion'] === 'beta' ? 'beta' : 'v1.0';
      for (const [method, op] of Object.entries(entry['methods'])) {
        if (!isJsonObject(op)) continue;
        const query = Array.isArray(op['query']) ? op['query'].filter((q): q is string => typeof q === 'string') : [];
        const body = op['requestBody'];
        this.addTemplate(key, version, method, { query, requiredBody: isJsonObject(body) && body['required'] === true });
      }
    }
    for (const extra of EXTRA_OPERATIONS) this.addTemplate(extra.key, 'v1.0', extra.method, { query: extra.query, requiredBody: false });
  }

  private addTemplate(key: string, apiVersion: 'v1.0' | 'beta', method: string, info: OperationInfo): void {
    let template = this.templates.find((t) => t.key === key && t.apiVersion === apiVersion);
    if (!template) {
      template = { key, apiVersion, segments: key.split('/').filter(Boolean), methods: new Map() };
      this.templates.push(template);
    }
    template.methods.set(method.toUpperCase(), info);
  }

  private loadSchemas(document: JsonObject): void {
    const schemas = document['schemas'];
    if (!isJsonObject(schemas)) return;
    const resolveProps = (name: string, seen: Set<string>): SchemaProperties => {
      const props: SchemaProperties = new Map();
      const schema = schemas[name];
      if (!isJsonObject(schema) || seen.has(name)) return props;
      seen.add(name);
      if (typeof schema['allOf'] === 'string') for (const [k, v] of resolveProps(schema['allOf'], seen)) props.set(k, v);
      if (isJsonObject(schema['properties'])) {
        for (const [prop, info] of Object.entries(schema['properties'])) {
          if (!isJsonObject(info)) continue;
          props.set(prop.toLowerCase(), {
            name: prop,
            type: String(info['type']) as PropertyType,
            readOnly: info['readOnly'] === true,
            ...(typeof info['ref'] === 'string' ? { ref: info['ref'] } : {}),
          });
        }
      }
      return props;
    };
    for (const name of Object.keys(schemas)) this.schemas.set(name, resolveProps(name, new Set()));
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
