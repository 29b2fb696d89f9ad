import type { AuthenticationResult, ConfidentialClientApplication, Configuration } from '@azure/msal-node';
import type { RunState } from '../commands/types';
import { AuthError } from '../errors';
import { log } from '../log';
import type { AuthFlow, ConfidentialFlow, ManagedIdentityFlow } from './auth-flow';
import { scopeOf } from './auth-flow';
import { isDeadRefresh, tokenError } from './auth-errors';
import { managedIdentityNetwork, TokenNetwork } from './auth-network';
import type { Cloud } from './clouds';
import { redactText } from './redact';
import type { Resender } from './resend';
import { isLegacyTokenKey, TokenStore } from './token-cache';

/** Gives out the run's access token; `fresh` bypasses every cache (after a Graph 401). */
export interface TokenSource {
  token(options?: { fresh?: boolean }): Promise<string>;
}

type Msal = typeof import('@azure/msal-node');

/** msal is loaded only when a token must be fetched: a run that sends nothing never pays for it. */
function loadMsal(): Promise<Msal> {
  return import('@azure/msal-node');
}

/** `knownAuthorities` and `authorityMetadata` make a token cost one POST and no discovery call. */
export function authorityOf(cloud: Cloud, tenant: string): Pick<Configuration['auth'], 'authority' | 'knownAuthorities' | 'authorityMetadata'> {
  const base = `${cloud.login}/${encodeURIComponent(tenant)}`;
  return {
    authority: base,
    knownAuthorities: [new URL(cloud.login).host],
    authorityMetadata: JSON.stringify({
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      issuer: `${base}/v2.0`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    }),
  };
}

function msalLogger(): NonNullable<NonNullable<Configuration['system']>['loggerOptions']> {
  return {
    piiLoggingEnabled: false,
    loggerCallback: (_level, message) => log.debug(`msal: ${redactText(message)}`),
  };
}

/** Removes the plaintext token keys of older versions from the context. */
function dropLegacyKeys(state: RunState): void {
  const context = state.integrationContext;
  if (!Object.keys(context).some(isLegacyTokenKey)) return;
  state.integrationContext = Object.fromEntries(Object.entries(context).filter(([key]) => !isLegacyTokenKey(key)));
}

export interface TokenSourceOptions {
  flow: AuthFlow;
  cloud: Cloud;
  state: RunState;
  resender: Resender;
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  return options.flow.flow === 'managed identity'
    ? new ManagedIdentityTokens(options.flow, options)
    : new ConfidentialTokens(options.flow, options);
}

/** Keeps the run's token; concurrent callers (batch calls in flight) share one token request. */
abstract class SharedToken implements TokenSource {
  private current: string | undefined;
  private pending: { fresh: boolean; token: Promise<string> } | undefined;

  token(request: { fresh?: boolean } = {}): Promise<string> {
    const fresh = request.fresh === true;
    if (this.pending && (this.pending.fresh || !fresh)) return this.pending.token;
    if (this.current && !fresh) return Promise.resolve(this.current);
    const token = this.fetch(fresh).then((value) => {
      this.current = value;
      return value;
    });
    const pending = { fresh, token };
    this.pending = pending;
    const settle = () => {
      if (this.pending === pending) this.pending = undefined;
    };
    token.then(settle, settle);
    return token;
  }

  protected abstract fetch(fresh: boolean): Promise<string>;
}

class ManagedIdentityTokens extends SharedToken {
  private readonly network: TokenNetwork;

  constructor(
    private readonly flow: ManagedIdentityFlow,
    private readonly options: TokenSourceOptions,
  ) {
    super();
    this.network = new TokenNetwork(options.resender, true);
  }

  protected async fetch(): Promise<string> {
    const { ManagedIdentityApplication } = await loadMsal();
    managedIdentityNetwork.target = this.network;
    this.network.lastFailure = undefined;
    try {
      const app = new ManagedIdentityApplication({
        ...(this.flow.clientId ? { managedIdentityIdParams: { userAssignedClientId: this.flow.clientId } } : {}),
        system: { networkClient: managedIdentityNetwork, disableInternalRetries: true, loggerOptions: msalLogger() },
      });
      // Never persisted (no secret to encrypt it with), so each run asks once.
      const result = await app.acquireToken({ resource: `${this.options.cloud.graph}/`, forceRefresh: true });
      dropLegacyKeys(this.options.state);
      return result.accessToken;
    } catch (error) {
      throw tokenError(error, { flow: 'managed identity', failure: this.network.lastFailure, refreshing: false });
    }
  }
}

class ConfidentialTokens extends SharedToken {
  private app: ConfidentialClientApplication | undefined;
  private readonly network: TokenNetwork;
  private readonly store: TokenStore;

  constructor(
    private readonly flow: ConfidentialFlow,
    private readonly options: TokenSourceOptions,
  ) {
    super();
    this.network = new TokenNetwork(options.resender);
    const { credential } = flow;
    const key = credential.kind === 'secret' ? credential.secret : credential.certificate.privateKey;
    this.store = new TokenStore(
      options.state,
      {
        flow: flow.flow,
        login: options.cloud.login,
        graph: options.cloud.graph,
        tenant: flow.tenant,
        clientId: flow.clientId,
        ...(flow.redirectUri ? { redirectUri: flow.redirectUri } : {}),
        ...(flow.code ? { code: flow.code } : {}),
        ...(credential.kind === 'certificate' ? { thumbprint: credential.certificate.thumbprint } : {}),
      },
      key,
    );
  }

  private async client(): Promise<ConfidentialClientApplication> {
    if (this.app) return this.app;
    const { ConfidentialClientApplication } = await loadMsal();
    const { credential } = this.flow;
    const clientAuth =
      credential.kind === 'secret'
        ? { clientSecret: credential.secret.reveal() }
        : {
            clientCertificate: {
              ...(credential.certificate.kind === 'sha1'
                ? { thumbprint: credential.certificate.thumbprint }
                : { thumbprintSha256: credential.certificate.thumbprint }),
              privateKey: credential.certificate.privateKey.reveal(),
            },
          };
    this.app = new ConfidentialClientApplication({
      auth: { clientId: this.flow.clientId, ...authorityOf(this.options.cloud, this.flow.tenant), ...clientAuth },
      cache: { cachePlugin: this.store.plugin() },
      system: { networkClient: this.network, disableInternalRetries: true, loggerOptions: msalLogger() },
    });
    return this.app;
  }

  protected async fetch(fresh: boolean): Promise<string> {
    if (!fresh) {
      const cached = this.store.cachedAccessToken(this.flow.clientId, scopeOf(this.options.cloud));
      if (cached !== undefined) return cached;
    }
    const app = await this.client();
    const scopes = [scopeOf(this.options.cloud)];
    this.network.lastFailure = undefined;
    let refreshing = false;
    let result: AuthenticationResult | null;
    try {
      if (this.flow.flow !== 'authorization code') {
        result = await app.acquireTokenByClientCredential({ scopes, skipCache: fresh });
      } else {
        const [account] = await app.getTokenCache().getAllAccounts();
        const legacy = this.store.hasUsableCache() ? undefined : this.store.legacyRefreshToken();
        if (account) {
          refreshing = true;
          result = await app.acquireTokenSilent({ account, scopes, forceRefresh: fresh });
        } else if (legacy) {
          refreshing = true;
          result = await app.acquireTokenByRefreshToken({ refreshToken: legacy, scopes });
        } else {
          const code = this.flow.code?.reveal() ?? '';
          result = await app.acquireTokenByCode({ code, redirectUri: this.flow.redirectUri ?? '', scopes });
        }
      }
    } catch (error) {
      const failure = tokenError(error, { flow: this.flow.flow, failure: this.network.lastFailure, refreshing });
      if (refreshing && isDeadRefresh(failure)) this.store.clear();
      throw failure;
    }
    if (!result?.accessToken) throw new AuthError(`Failed to get an access token (${this.flow.flow}).\nThe token endpoint returned no access token.`);
    this.store.tidy();
    return result.accessToken;
  }
}
