import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../src/envelope';
import { AuthError, UserInputError } from '../../src/errors';
import { AUTH_RESET_HINT, NEW_CODE_HINT } from '../../src/graph/auth-errors';
import { SESSION_STATE_IN_CODE } from '../../src/graph/auth-flow';
import { CLIENT_ID, CLIENT_SECRET, GRAPH, LOGIN, TENANT, secretParams, useNock } from '../helpers/harness';
import { build, clientInfo, idToken } from './support';

const REDIRECT = 'https://localhost/myapp';
const CODE = 'OAQABAAIAAAD-the-one-time-code';
const params: Record<string, ParamValue> = {
  ...secretParams,
  redirect_uri: REDIRECT,
  creds_auth_code: { identifier: '', password: CODE },
};

const forms: URLSearchParams[] = [];

/** The token endpoint of a user sign-in: access token, rotated refresh token, id token. */
function answer(accessToken: string, refreshToken: string, expiresIn = 3599): void {
  nock(LOGIN)
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, (_uri, body) => {
      forms.push(new URLSearchParams(String(body)));
      return {
        token_type: 'Bearer',
        scope: `${GRAPH}/.default`,
        expires_in: expiresIn,
        access_token: accessToken,
        refresh_token: refreshToken,
        id_token: idToken({
          aud: CLIENT_ID,
          iss: `${LOGIN}/${TENANT}/v2.0`,
          tid: TENANT,
          oid: 'user-object-id',
          sub: 'subject',
          preferred_username: 'admin@contoso.com',
          iat: Math.floor(Date.now() / 1000),
          exp: Math.floor(Date.now() / 1000) + 3600,
        }),
        client_info: clientInfo('user-object-id', TENANT),
      };
    });
}

function graphRead(token: string): void {
  nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}` } })
    .get('/v1.0/users')
    .reply(200, { value: [] });
}

async function run(context: Record<string, unknown>) {
  const built = build(params, context);
  await built.graph.request({ method: 'GET', path: '/users' });
  return built.state.integrationContext;
}

describe('authorization code flow (SPEC.md §2.4)', () => {
  useNock();

  it('redeems the code once, then refreshes with the rotated refresh token across runs', async () => {
    forms.length = 0;
    // Expiring access tokens make every later run refresh.
    answer('access-1', 'refresh-1', 120);
    graphRead('access-1');
    const first = await run({});
    expect(forms[0]?.get('grant_type')).toBe('authorization_code');
    expect(forms[0]?.get('code')).toBe(CODE);
    expect(forms[0]?.get('redirect_uri')).toBe(REDIRECT);
    expect(forms[0]?.get('client_secret')).toBe(CLIENT_SECRET);
    expect(forms[0]?.get('scope')?.split(' ')).toEqual(expect.arrayContaining([`${GRAPH}/.default`, 'offline_access']));
    expect(JSON.stringify(first)).not.toContain('refresh-1');

    answer('access-2', 'refresh-2', 120);
    graphRead('access-2');
    const second = await run(first);
    expect(forms[1]?.get('grant_type')).toBe('refresh_token');
    expect(forms[1]?.get('refresh_token')).toBe('refresh-1');
    expect(forms[1]?.has('code')).toBe(false);
    expect(forms[1]?.get('client_secret')).toBe(CLIENT_SECRET);

    answer('access-3', 'refresh-3');
    graphRead('access-3');
    const third = await run(second);
    expect(forms[2]?.get('refresh_token')).toBe('refresh-2');

    graphRead('access-3');
    const fourth = await run(third);
    expect(forms).toHaveLength(3);
    expect(fourth).toBe(third);
  });

  it('migrates current_refresh_token of an older version once, then drops it', async () => {
    forms.length = 0;
    answer('access-m', 'refresh-m');
    graphRead('access-m');
    const context = await run({ current_refresh_token: 'legacy-refresh', access_token: 'old', other: 1 });
    expect(forms[0]?.get('grant_type')).toBe('refresh_token');
    expect(forms[0]?.get('refresh_token')).toBe('legacy-refresh');
    expect(forms[0]?.has('code')).toBe(false);
    expect(Object.keys(context).sort()).toEqual(['other', 'tokenCache']);
  });

  it('a rejected refresh token clears the cache and says what to do', async () => {
    forms.length = 0;
    answer('access-1', 'refresh-1', 120);
    graphRead('access-1');
    const first = await run({ other: 1 });
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
    .query(true)
      .reply(400, {
        error: 'invalid_grant',
        error_description:
          'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.\r\nTrace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2025-05-01 10:00:00Z',
        error_codes: [70008],
      });
    const built = build(params, first);
    const error = await built.graph.request({ method: 'GET', path: '/users' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe(
      [
        'Failed to get an access token (authorization code).',
        'invalid_grant: The provided authorization code or refresh token has expired due to inactivity.',
        NEW_CODE_HINT,
        AUTH_RESET_HINT,
      ].join('\n'),
    );
    expect(built.state.integrationContext).toEqual({ other: 1 });
  });

  it('a code with session_state is refused before anything is sent', () => {
    const bad = { ...params, creds_auth_code: { identifier: '', password: `${CODE}&session_state=abc` } };
    expect(() => build(bad, {})).toThrowError(new UserInputError(SESSION_STATE_IN_CODE));
  });
});
