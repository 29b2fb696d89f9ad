import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { TransportError } from '../errors';
import { log } from '../log';
import { redactForm } from './redact';
import type { Resender } from './resend';

/** The last thing that went wrong on the wire, read back when msal reports a failure. */
export type TokenFailure =
  | { kind: 'transport'; error: TransportError }
  | {
      kind: 'http';
      status: number;
      body: Record<string, unknown>;
      /** Why retrying stopped (retries exhausted, a long Retry-After), when it did. */
      note?: string;
    };

function parseBody(status: number, statusText: string, text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // not JSON: described below so msal reports a server error instead of a parsing one
  }
  if (status < 400) return {};
  const detail = text.trim() !== '' ? text.trim().slice(0, 300) : statusText;
  return { error: `http_${status}`, error_description: detail || `HTTP ${status}` };
}

/**
 * msal's `system.networkClient`: token and managed-identity requests take the same HTTP stack
 * (timeout, proxy, TLS, retries) as Graph requests.
 */
export class TokenNetwork implements INetworkModule {
  lastFailure: TokenFailure | undefined;

  constructor(
    private readonly resender: Resender,
    /** Managed-identity endpoints are reached directly, never through a proxy. */
    private readonly direct = false,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  /** msal repeats form fields (client-request-id) in the token URL's query; the form alone carries them. */
  private static withoutRepeatedQuery(url: string, body: string | undefined): string {
    if (!body) return url;
    const parsed = new URL(url);
    if (!parsed.search) return url;
    const form = new URLSearchParams(body);
    for (const name of [...parsed.searchParams.keys()]) {
      if (form.get(name) === parsed.searchParams.get(name)) parsed.searchParams.delete(name);
    }
    return parsed.href;
  }

  private async send<T>(method: string, rawUrl: string, options: NetworkRequestOptions | undefined, timeout?: number): Promise<NetworkResponse<T>> {
    const headers = { ...(options?.headers ?? {}) };
    const url = method === 'POST' ? TokenNetwork.withoutRepeatedQuery(rawUrl, options?.body) : rawUrl;
    const where = new URL(url);
    log.debug(`Token request: ${method} ${where.host}${where.pathname}${options?.body ? ` form: ${redactForm(options.body)}` : ''}`);
    try {
      const { response, note } = await this.resender.send(
        {
          method,
          url,
          headers,
          ...(options?.body !== undefined ? { body: options.body } : {}),
          ...(this.direct ? { direct: true } : {}),
          ...(timeout ? { timeoutMs: timeout } : {}),
        },
        true,
      );
      const body = parseBody(response.status, response.statusText, response.text);
      if (response.status >= 400) this.lastFailure = { kind: 'http', status: response.status, body, ...(note ? { note } : {}) };
      return { status: response.status, headers: response.headers, body: body as T };
    } catch (error) {
      if (error instanceof TransportError) this.lastFailure = { kind: 'transport', error };
      throw error;
    }
  }
}

/**
 * msal keeps the managed-identity source, and the network client it was built with, for the
 * whole process; this stable delegate lets each run's own client answer.
 */
class CurrentNetwork implements INetworkModule {
  target: INetworkModule | undefined;

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    if (!this.target) throw new Error('no network client for managed identity');
    return this.target.sendGetRequestAsync<T>(url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    if (!this.target) throw new Error('no network client for managed identity');
    return this.target.sendPostRequestAsync<T>(url, options);
  }
}

export const managedIdentityNetwork = new CurrentNetwork();
