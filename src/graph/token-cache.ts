import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { RunState } from '../commands/types';
import type { Secret } from '../secret';

/** What the cache fingerprint covers (SPEC.md §2.5): any change starts a fresh cache. */
export interface CacheIdentity {
  flow: string;
  login: string;
  graph: string;
  tenant: string;
  clientId: string;
  redirectUri?: string;
  code?: Secret;
  thumbprint?: string;
}

interface StoredCache {
  v: 1;
  fp: string;
  data: string;
}

const SALT = 'entra-users token cache';

/** Plaintext keys of older versions: never kept, whatever the flow. */
export function isLegacyTokenKey(key: string): boolean {
  return (
    key === 'access_token' ||
    key === 'valid_until' ||
    key === 'current_refresh_token' ||
    key.endsWith('_access_token') ||
    key.endsWith('_valid_until')
  );
}

export function fingerprint(identity: CacheIdentity, key: Secret): string {
  const canonical = JSON.stringify([
    identity.flow,
    identity.login,
    identity.graph,
    identity.tenant,
    identity.clientId,
    identity.redirectUri ?? null,
    identity.code?.reveal() ?? null,
    identity.thumbprint ?? null,
  ]);
  return createHmac('sha256', key.reveal()).update(canonical).digest('hex').slice(0, 32);
}

function aesKey(key: Secret, fp: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key.reveal(), SALT, fp, 32));
}

export function encryptCache(plain: string, key: Secret, fp: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(key, fp), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

/** The plaintext, or undefined when the data was not written with this key (tampered, stale). */
export function decryptCache(data: string, key: Secret, fp: string): string | undefined {
  try {
    const raw = Buffer.from(data, 'base64');
    if (raw.length < 12 + 16) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', aesKey(key, fp), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

function storedCache(value: unknown): StoredCache | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { v, fp, data } = value as Record<string, unknown>;
  return v === 1 && typeof fp === 'string' && typeof data === 'string' ? { v, fp, data } : undefined;
}

/**
 * The run's token cache in `integrationContext.tokenCache`. The context object is replaced only
 * when something in it changes, so an untouched context goes back exactly as received.
 */
export class TokenStore {
  private readonly fp: string;
  private loaded = false;

  constructor(
    private readonly state: RunState,
    identity: CacheIdentity,
    private readonly key: Secret,
  ) {
    this.fp = fingerprint(identity, key);
  }

  /** msal's serialized cache from the context, or undefined when there is none we can use. */
  read(): string | undefined {
    const stored = storedCache(this.state.integrationContext.tokenCache);
    if (!stored || stored.fp !== this.fp) return undefined;
    return decryptCache(stored.data, this.key, this.fp);
  }

  /**
   * An access token msal would hand out from this cache without a request (same client, the
   * scope, more than msal's 300 s margin left), read without loading msal: most runs need
   * nothing more, and loading msal is a third of a command's start-up.
   */
  cachedAccessToken(clientId: string, scope: string, nowMs = Date.now()): string | undefined {
    const serialized = this.read();
    if (serialized === undefined) return undefined;
    let cache: unknown;
    try {
      cache = JSON.parse(serialized);
    } catch {
      return undefined;
    }
    const tokens = cache && typeof cache === 'object' ? (cache as { AccessToken?: unknown }).AccessToken : undefined;
    if (!tokens || typeof tokens !== 'object') return undefined;
    for (const entry of Object.values(tokens as Record<string, Record<string, unknown>>)) {
      if (!entry || entry.client_id !== clientId || typeof entry.secret !== 'string' || entry.secret === '') continue;
      const scopes = String(entry.target ?? '').toLowerCase().split(' ');
      if (!scopes.includes(scope.toLowerCase())) continue;
      if (Number(entry.expires_on) * 1000 - nowMs > 300_000) return entry.secret;
    }
    return undefined;
  }

  /** True when a usable cache was found: only then may a refresh token be expected in it. */
  hasUsableCache(): boolean {
    return this.read() !== undefined;
  }

  write(serialized: string): void {
    this.update({ tokenCache: { v: 1, fp: this.fp, data: encryptCache(serialized, this.key, this.fp) } });
  }

  /** Forgets the cache (a refresh token that was rejected). */
  clear(): void {
    this.update({ tokenCache: undefined });
  }

  /** The migration source of older versions, read once. */
  legacyRefreshToken(): string | undefined {
    const value = this.state.integrationContext.current_refresh_token;
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** Drops the legacy plaintext keys (and a cache we cannot read) once a token was obtained. */
  tidy(): void {
    const context = this.state.integrationContext;
    const stale = context.tokenCache !== undefined && !this.hasUsableCache();
    if (stale || Object.keys(context).some(isLegacyTokenKey)) this.update(stale ? { tokenCache: undefined } : {});
  }

  private update(changes: Record<string, unknown>): void {
    const next: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.state.integrationContext)) {
      if (!isLegacyTokenKey(key)) next[key] = value;
    }
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    this.state.integrationContext = next;
  }

  /** msal's cache plugin: load from the context once, write back whenever msal changed it. */
  plugin(): ICachePlugin {
    return {
      beforeCacheAccess: async (context: TokenCacheContext) => {
        if (this.loaded) return;
        this.loaded = true;
        const serialized = this.read();
        if (serialized !== undefined) context.tokenCache.deserialize(serialized);
      },
      afterCacheAccess: async (context: TokenCacheContext) => {
        if (context.cacheHasChanged) this.write(context.tokenCache.serialize());
      },
    };
  }
}
