import { describe, expect, it } from 'vitest';
import type { RunState } from '../../src/commands/types';
import { TokenStore } from '../../src/graph/token-cache';
import { Secret } from '../../src/secret';

const CLIENT = 'client-1';
const SCOPE = 'https://graph.microsoft.com/.default';
const NOW = 1_800_000_000_000;

function storeWith(entries: Record<string, Record<string, unknown>> | string): TokenStore {
  const state: RunState = { integrationContext: {} };
  const identity = { flow: 'secret', login: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com', tenant: 't', clientId: CLIENT };
  const store = new TokenStore(state, identity, new Secret('the-client-secret'));
  store.write(typeof entries === 'string' ? entries : JSON.stringify({ Account: {}, AccessToken: entries, RefreshToken: {} }));
  return store;
}

const token = (overrides: Record<string, unknown> = {}) => ({
  credential_type: 'AccessToken',
  client_id: CLIENT,
  secret: 'cached-access-token',
  target: `${SCOPE}`,
  expires_on: String(NOW / 1000 + 3000),
  ...overrides,
});

describe('a cached access token read without msal', () => {
  it.each([
    ['a live token for the client and scope', { k: token() }, 'cached-access-token'],
    ['scopes compared ignoring case, among others', { k: token({ target: `openid ${SCOPE.toUpperCase()}` }) }, 'cached-access-token'],
    ['another client', { k: token({ client_id: 'other' }) }, undefined],
    ['another scope', { k: token({ target: 'https://graph.microsoft.us/.default' }) }, undefined],
    ["within msal's 300 s margin", { k: token({ expires_on: String(NOW / 1000 + 299) }) }, undefined],
    ['expired', { k: token({ expires_on: String(NOW / 1000 - 10) }) }, undefined],
    ['no secret', { k: token({ secret: '' }) }, undefined],
    ['the live one among stale ones', { a: token({ expires_on: '1' }), b: token({ secret: 'second' }) }, 'second'],
  ])('%s', (_name, entries, expected) => {
    expect(storeWith(entries).cachedAccessToken(CLIENT, SCOPE, NOW)).toBe(expected);
  });

  it('a cache that is not msal JSON gives nothing', () => {
    expect(storeWith('not json').cachedAccessToken(CLIENT, SCOPE, NOW)).toBeUndefined();
  });
});
