import { faultFromJson, throttleFromJson, type Faults } from './faults';
import { isJsonObject, type GraphResponse, type JsonValue, type RequestLogEntry } from './types';

/** What the `/_sandbox/*` endpoints may do to a running sandbox (for tests in another process). */
export interface SandboxControl {
  faults: Faults;
  requests: RequestLogEntry[];
  params: unknown;
  reset(): void;
  issueAuthCode(user?: string): string;
  expireTokens(): void;
}

const json = (status: number, body?: JsonValue): GraphResponse => (body === undefined ? { status, headers: {} } : { status, headers: {}, body });
const problem = (status: number, message: string) => json(status, { error: { code: 'SandboxBadRequest', message } });

function parse(bodyText: string | undefined): unknown {
  if (bodyText === undefined || bodyText.trim() === '') return undefined;
  return JSON.parse(bodyText);
}

/**
 * `POST /_sandbox/faults` (one fault or an array; `path` exact or `pathRegex`), `GET`/`DELETE /_sandbox/faults`,
 * `POST /_sandbox/throttle` ({rate, burst, retryAfter?} or null), `GET`/`DELETE /_sandbox/requests`,
 * `POST /_sandbox/reset`, `POST /_sandbox/auth-code` ({user?}), `POST /_sandbox/expire-tokens`, `GET /_sandbox/params`.
 */
export function handleAdmin(method: string, path: string, bodyText: string | undefined, control: SandboxControl): GraphResponse {
  try {
    const route = `${method} ${path.replace(/\/$/, '')}`;
    switch (route) {
      case 'POST /_sandbox/faults': {
        const input = parse(bodyText);
        const ids = (Array.isArray(input) ? input : [input]).map((spec) => control.faults.add(faultFromJson(spec)));
        return json(201, { ids });
      }
      case 'GET /_sandbox/faults':
        return json(200, {
          value: control.faults.list().map((f) => ({
            id: f.id, kind: f.spec.kind, method: f.spec.method ?? null, path: String(f.spec.path),
            remaining: Number.isFinite(f.remaining) ? f.remaining : -1, hits: f.hits,
          })),
        });
      case 'DELETE /_sandbox/faults':
        control.faults.clear();
        return json(204);
      case 'POST /_sandbox/throttle':
        control.faults.throttle(throttleFromJson(parse(bodyText) ?? null));
        return json(204);
      case 'GET /_sandbox/requests':
        return { status: 200, headers: {}, body: { raw: JSON.stringify({ value: control.requests }), contentType: 'application/json' } };
      case 'DELETE /_sandbox/requests':
        control.requests.length = 0;
        return json(204);
      case 'POST /_sandbox/reset':
        control.reset();
        return json(204);
      case 'POST /_sandbox/auth-code': {
        const input = parse(bodyText);
        const user = isJsonObject(input) && typeof input['user'] === 'string' ? input['user'] : undefined;
        return json(200, { code: control.issueAuthCode(user) });
      }
      case 'POST /_sandbox/expire-tokens':
        control.expireTokens();
        return json(204);
      case 'GET /_sandbox/params':
        return { status: 200, headers: {}, body: { raw: JSON.stringify(control.params), contentType: 'application/json' } };
      default:
        return problem(404, `No sandbox control endpoint ${route}.`);
    }
  } catch (err) {
    return problem(400, err instanceof Error ? err.message : String(err));
  }
}
