import { describe, expect, it } from 'vitest';
import { call, graphClient, useSandbox } from './support';

const sandbox = useSandbox();
const ADELE = '/users/adele.vance%40contoso.com/authentication';

describe('authentication methods', () => {
  it('lists every method type with its @odata.type', async () => {
    const graph = await graphClient(sandbox());
    const reply = await graph('GET', `${ADELE}/methods`);
    expect(reply.status).toBe(200);
    const types = new Set(reply.json.value.map((m: any) => m['@odata.type']));
    for (const kind of ['password', 'email', 'fido2', 'microsoftAuthenticator', 'phone', 'softwareOath', 'temporaryAccessPass', 'windowsHelloForBusiness']) {
      expect(types).toContain(`#microsoft.graph.${kind}AuthenticationMethod`);
    }
  });

  it.each([
    { collection: 'fido2Methods', deletable: true, keys: ['aaGuid', 'displayName', 'model'] },
    { collection: 'emailMethods', deletable: true, keys: ['emailAddress'] },
    { collection: 'microsoftAuthenticatorMethods', deletable: true, keys: ['displayName', 'phoneAppVersion'] },
    { collection: 'phoneMethods', deletable: true, keys: ['phoneNumber', 'phoneType', 'smsSignInState'] },
    { collection: 'softwareOathMethods', deletable: true, keys: ['secretKey'] },
    { collection: 'windowsHelloForBusinessMethods', deletable: true, keys: ['displayName', 'keyStrength'] },
    { collection: 'temporaryAccessPassMethods', deletable: true, keys: ['isUsable', 'lifetimeInMinutes', 'methodUsabilityReason'] },
    { collection: 'passwordMethods', deletable: false, keys: ['password'] },
  ])('$collection: list, get one, delete', async ({ collection, deletable, keys }) => {
    const graph = await graphClient(sandbox());
    const list = await graph('GET', `${ADELE}/${collection}`);
    expect(list.status).toBe(200);
    expect(list.json['@odata.context']).toMatch(new RegExp(`/authentication/${collection}$`));
    const [first] = list.json.value;
    for (const key of keys) expect(first).toHaveProperty(key);
    if (collection === 'temporaryAccessPassMethods') expect(first.temporaryAccessPass).toBeNull();
    const id = encodeURIComponent(first.id);
    expect((await graph('GET', `${ADELE}/${collection}/${id}`)).json.id).toBe(first.id);
    const deleted = await graph('DELETE', `${ADELE}/${collection}/${id}`);
    if (!deleted.status.toString().startsWith('2')) {
      expect(deletable).toBe(false);
      expect(deleted.status).toBe(405);
      return;
    }
    expect(deleted.status).toBe(204);
    const gone = await graph('GET', `${ADELE}/${collection}/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json.error).toMatchObject({ code: 'itemNotFound', message: `A key with identifier '${first.id}' was not found.` });
  });

  it('answers 404 itemNotFound for a missing user', async () => {
    const graph = await graphClient(sandbox());
    const reply = await graph('GET', '/users/ghost%40contoso.com/authentication/fido2Methods');
    expect(reply.status).toBe(404);
    expect(reply.json.error).toMatchObject({ code: 'itemNotFound', message: 'The specified user could not be found.' });
  });
});

describe('Temporary Access Pass', () => {
  it.each([
    { body: { lifetimeInMinutes: 9 }, status: 400 },
    { body: { lifetimeInMinutes: 43201 }, status: 400 },
    { body: { lifetimeInMinutes: '60' }, status: 400 },
    { body: { isUsableOnce: 'false' }, status: 400 },
    { body: { startDateTime: 'tomorrow' }, status: 400 },
    { body: { lifetimeInMinutes: 10, isUsableOnce: true }, status: 201 },
    { body: { lifetimeInMinutes: 43200, startDateTime: new Date(Date.now() + 86_400_000).toISOString() }, status: 201, usable: false },
  ])('POST $body → $status', async ({ body, status, usable }) => {
    const graph = await graphClient(sandbox());
    const reply = await graph('POST', '/users/alex.wilber%40contoso.com/authentication/temporaryAccessPassMethods', { body });
    expect(reply.status).toBe(status);
    if (status !== 201) return;
    expect(reply.json).toMatchObject({ lifetimeInMinutes: body.lifetimeInMinutes, isUsable: usable ?? true });
    expect(reply.json.temporaryAccessPass).toMatch(/^\w{8}$/);
    for (const key of ['id', 'createdDateTime', 'startDateTime', 'isUsableOnce', 'methodUsabilityReason']) expect(reply.json).toHaveProperty(key);
    const list = await graph('GET', '/users/alex.wilber%40contoso.com/authentication/temporaryAccessPassMethods');
    expect(list.json.value).toHaveLength(1);
    expect(list.json.value[0]).toMatchObject({ id: reply.json.id, temporaryAccessPass: null });
  });
});

describe('password reset (long-running operation)', () => {
  const methodPath = '/users/isaiah.langer%40contoso.com/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword';

  it.each([
    { password: 'Str0ng-Enough!', outcome: 'succeeded', detail: null },
    { password: 'weak', outcome: 'failed', detail: 'The password does not comply with the password complexity requirements.' },
  ])('202 with Location, then running, then $outcome', async ({ password, outcome, detail }) => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const started = await graph('POST', methodPath, { body: { newPassword: password } });
    expect(started.status).toBe(202);
    expect(started.headers['retry-after']).toBe('1');
    const location = String(started.headers['location']);
    expect(location.startsWith(`${sb.url}/v1.0/users/`)).toBe(true);
    const first = await graph('GET', location);
    expect(first.json.status).toBe('running');
    const second = await graph('GET', location);
    expect(second.json).toMatchObject({ status: outcome, statusDetail: detail });
    for (const key of ['id', 'createdDateTime', 'lastActionDateTime']) expect(second.json).toHaveProperty(key);
  });

  it.each([
    { path: '/users/isaiah.langer%40contoso.com/authentication/methods/3179e48a-750b-4051-897c-87b9720928f7/resetPassword', status: 404 },
    { path: '/users/admin%40contoso.com/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword', status: 403 },
    { path: '/users/isaiah.langer%40contoso.com/authentication/methods/28c10230-6103-485e-b985-444c60001490/microsoft.graph.resetPassword', status: 202 },
  ])('$path → $status', async ({ path, status }) => {
    const graph = await graphClient(sandbox());
    expect((await graph('POST', path, { body: { newPassword: 'Str0ng-Enough!' } })).status).toBe(status);
  });
});

describe('signInPreferences (beta)', () => {
  it('reads and updates the preferred method on /beta only', async () => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const path = `${sb.url}/beta/users/megan.bowen%40contoso.com/authentication/signInPreferences`;
    const read = await graph('GET', path);
    expect(read.status).toBe(200);
    expect(read.json).toHaveProperty('isSystemPreferredAuthenticationMethodEnabled', true);
    expect(read.json).toHaveProperty('systemPreferredAuthenticationMethod');
    expect((await graph('PATCH', path, { body: { userPreferredMethodForSecondaryAuthentication: 'carrierPigeon' } })).status).toBe(400);
    expect((await graph('PATCH', path, { body: { userPreferredMethodForSecondaryAuthentication: 'oath' } })).status).toBe(204);
    expect((await graph('GET', path)).json.userPreferredMethodForSecondaryAuthentication).toBe('oath');
    expect((await graph('GET', '/users/megan.bowen%40contoso.com/authentication/signInPreferences')).status).toBe(400);
  });
});

describe('service principals and the MFA client secret', () => {
  it('finds the MFA app, adds a secret, and that secret gets a v1 token for the MFA resource', async () => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const filter = encodeURIComponent("appId eq '981f26a1-7f43-403b-a875-f8b09b8cd720'");
    const found = await graph('GET', `/servicePrincipals?$filter=${filter}&$select=id`);
    expect(found.json.value).toHaveLength(1);
    expect(Object.keys(found.json.value[0])).toEqual(['id']);
    const added = await graph('POST', `/servicePrincipals/${found.json.value[0].id}/addPassword`, { body: { passwordCredential: { displayName: 'MFA App Secret' } } });
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({ displayName: 'MFA App Secret', hint: added.json.secretText.slice(0, 3) });
    for (const key of ['keyId', 'startDateTime', 'endDateTime']) expect(added.json).toHaveProperty(key);
    const token = await call(sb, 'POST', `/${sb.credentials.tenantId}/oauth2/token`, {
      form: {
        resource: 'https://adnotifications.windowsazure.com/StrongAuthenticationService.svc/Connector', client_id: '981f26a1-7f43-403b-a875-f8b09b8cd720',
        client_secret: added.json.secretText, grant_type: 'client_credentials', scope: 'openid',
      },
    });
    expect(token.status).toBe(200);
    expect(token.json).toHaveProperty('expires_on');
  });

  it('refuses an unknown service principal', async () => {
    const graph = await graphClient(sandbox());
    const reply = await graph('POST', '/servicePrincipals/00000000-0000-0000-0000-000000000000/addPassword', { body: { passwordCredential: {} } });
    expect(reply.status).toBe(404);
  });
});
