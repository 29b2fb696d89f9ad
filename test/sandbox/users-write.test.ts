import { describe, expect, it } from 'vitest';
import { graphClient, useSandbox } from './support';

const sandbox = useSandbox({ users: 40 });

describe('GET /users/{id | upn}', () => {
  it.each([
    { name: 'a UPN in another case', path: '/users/ADELE.VANCE%40CONTOSO.COM' },
    { name: "the users('<upn>') form", path: "/users('adele.vance%40contoso.com')" },
    { name: 'the object id', path: 'BY-ID' },
  ])('finds Adele by $name', async ({ path }) => {
    const sb = sandbox();
    const id = sb.tenant.findUser('adele.vance@contoso.com')?.id as string;
    const graph = await graphClient(sb);
    const reply = await graph('GET', path === 'BY-ID' ? `/users/${id}` : path);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ '@odata.context': `${sb.url}/v1.0/$metadata#users/$entity`, id, displayName: 'Adele Vance' });
  });

  it('answers 404 in Graph’s error shape with request ids', async () => {
    const graph = await graphClient(sandbox());
    const reply = await graph('GET', '/users/nobody%40contoso.com', { headers: { 'client-request-id': '5b1e0c2a-0000-4000-8000-000000000001' } });
    expect(reply.status).toBe(404);
    expect(reply.json.error.code).toBe('Request_ResourceNotFound');
    expect(reply.json.error.message).toBe("Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.");
    expect(reply.json.error.innerError).toMatchObject({ 'client-request-id': '5b1e0c2a-0000-4000-8000-000000000001' });
    expect(reply.json.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(reply.json.error.innerError['request-id']).toBe(reply.headers['request-id']);
    expect(reply.headers['client-request-id']).toBe('5b1e0c2a-0000-4000-8000-000000000001');
    expect(reply.headers['date']).toBeTruthy();
  });

  it.each(['%25', '%26', '*', '%2B', '%2F', '%3D', '%3F', '%60', '%7B', '%7C', '%7D'])('answers 400 for a UPN holding %s', async (char) => {
    const graph = await graphClient(sandbox());
    const reply = await graph('GET', `/users/a${char}b%40contoso.com`);
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('Request_BadRequest');
  });

  it('finds generated users by id and by UPN', async () => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const last = sb.tenant.directory.at(sb.tenant.directory.end - 1);
    expect(last).not.toBeNull();
    for (const key of [last?.id, last?.userPrincipalName]) {
      const reply = await graph('GET', `/users/${encodeURIComponent(String(key))}?$select=id`);
      expect(reply.json.id).toBe(last?.id);
    }
  });
});

describe('PATCH /users/{id} is checked against the reference schema', () => {
  it.each([
    { body: { favouriteColour: 'blue' }, message: "Property 'favouriteColour' does not exist on type 'microsoft.graph.user'" },
    { body: { accountEnabled: 'false' }, message: "Cannot convert the literal 'false' to the expected type 'Edm.Boolean'." },
    { body: { deviceEnrollmentLimit: '5' }, message: "Cannot convert the literal '5' to the expected type 'Edm.Int32'." },
    { body: { businessPhones: '+1 425 555 0100' }, message: "A 'StartArray' node was expected." },
    { body: { employeeHireDate: '2024-13-01' }, message: "to the expected type 'Edm.DateTimeOffset'." },
    { body: { employeeOrgData: 'Sales' }, message: "A 'StartObject' node was expected." },
    { body: { passwordProfile: { forceChangePasswordNextSignIn: 'yes' } }, message: "Cannot convert the literal 'yes' to the expected type 'Edm.Boolean'." },
    { body: { passwordProfile: { rotate: true } }, message: "Property 'rotate' does not exist on type 'microsoft.graph.passwordProfile'" },
    { body: { id: 'x' }, message: "Property 'id' is read-only and cannot be set." },
    { body: { displayName: null }, message: "Invalid value specified for property 'displayName' of resource 'User'." },
    { body: { userPrincipalName: 'adele@fabrikam.com' }, message: 'The domain portion of the userPrincipalName property is invalid.' },
    { body: { userPrincipalName: 'megan.bowen@contoso.com' }, message: 'Another object with the same value for property userPrincipalName already exists.' },
    { body: { passwordProfile: { password: 'short' } }, message: 'does not comply with password complexity requirements' },
    { body: '{"jobTitle":', message: 'Unable to read JSON request payload.' },
  ])('400 for $body', async ({ body, message }) => {
    const graph = await graphClient(sandbox());
    const reply = await graph('PATCH', '/users/alex.wilber%40contoso.com', { body });
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('Request_BadRequest');
    expect(reply.json.error.message).toContain(message);
  });

  it('applies a valid change: names ignore case, null clears, extensions pass', async () => {
    const graph = await graphClient(sandbox());
    const body = { MobilePhone: '050123456', jobTitle: null, extension_0123456789abcdef0123456789abcdef_costCenter: 'CC-7', accountEnabled: false };
    expect((await graph('PATCH', '/users/lynne.robbins%40contoso.com', { body })).status).toBe(204);
    const reply = await graph('GET', '/users/lynne.robbins%40contoso.com?$select=mobilePhone,jobTitle,accountEnabled,extension_0123456789abcdef0123456789abcdef_costCenter');
    expect(reply.json).toMatchObject({ mobilePhone: '050123456', jobTitle: null, accountEnabled: false, extension_0123456789abcdef0123456789abcdef_costCenter: 'CC-7' });
  });

  it('sets a password (kept for tests, never returned)', async () => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const reply = await graph('PATCH', '/users/grady.archie%40contoso.com', { body: { passwordProfile: { password: 'N3w-Passw0rd!', forceChangePasswordNextSignIn: true } } });
    expect(reply.status).toBe(204);
    const id = sb.tenant.findUser('grady.archie@contoso.com')?.id as string;
    expect(sb.tenant.passwords.get(id)).toBe('N3w-Passw0rd!');
    const read = await graph('GET', '/users/grady.archie%40contoso.com?$select=passwordProfile');
    expect(read.json.passwordProfile).toEqual({ password: null, forceChangePasswordNextSignIn: true });
  });

  it.each([
    { method: 'PATCH', body: { accountEnabled: false } },
    { method: 'DELETE', body: undefined },
  ])('403 for $method on a privileged administrator', async ({ method, body }) => {
    const graph = await graphClient(sandbox());
    const reply = await graph(method, '/users/admin%40contoso.com', { body });
    expect(reply.status).toBe(403);
    expect(reply.json.error).toMatchObject({ code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
  });

  it('renames a generated user: the old UPN is gone, the new one works', async () => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const user = sb.tenant.directory.at(sb.tenant.directory.end - 3);
    const renamed = `renamed.${Date.now()}@contoso.com`;
    expect((await graph('PATCH', `/users/${user?.id}`, { body: { userPrincipalName: renamed } })).status).toBe(204);
    expect((await graph('GET', `/users/${encodeURIComponent(String(user?.userPrincipalName))}`)).status).toBe(404);
    expect((await graph('GET', `/users/${encodeURIComponent(renamed)}?$select=id`)).json.id).toBe(user?.id);
  });
});

describe('POST /users and DELETE /users/{id}', () => {
  const valid = {
    accountEnabled: true, displayName: 'Test User', mailNickname: 'test.user', userPrincipalName: 'test.user@contoso.com',
    passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Str0ng-Passw0rd!' },
  };

  it('creates (201 with the default properties), reads, lists, deletes, then 404', async () => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const before = sb.tenant.directory.size;
    const created = await graph('POST', '/users', { body: valid });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ '@odata.context': `${sb.url}/v1.0/$metadata#users/$entity`, displayName: 'Test User', userPrincipalName: 'test.user@contoso.com' });
    expect(created.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(sb.tenant.directory.size).toBe(before + 1);
    const listed = await graph('GET', `/users?$filter=${encodeURIComponent("userPrincipalName eq 'test.user@contoso.com'")}`);
    expect(listed.json.value).toHaveLength(1);
    expect((await graph('DELETE', `/users/${created.json.id}`)).status).toBe(204);
    expect((await graph('GET', `/users/${created.json.id}`)).status).toBe(404);
    expect(sb.tenant.directory.size).toBe(before);
  });

  it.each([
    { name: 'no mailNickname', body: { ...valid, mailNickname: undefined }, message: "Invalid value specified for property 'mailNickname' of resource 'User'." },
    { name: 'no password', body: { ...valid, passwordProfile: { forceChangePasswordNextSignIn: true } }, message: "Invalid value specified for property 'passwordProfile' of resource 'User'." },
    { name: 'a taken UPN', body: { ...valid, userPrincipalName: 'adele.vance@contoso.com' }, message: 'Another object with the same value for property userPrincipalName already exists.' },
    { name: 'accountEnabled as a string', body: { ...valid, accountEnabled: 'true' }, message: "Cannot convert the literal 'true' to the expected type 'Edm.Boolean'." },
  ])('400 for $name', async ({ body, message }) => {
    const graph = await graphClient(sandbox());
    const reply = await graph('POST', '/users', { body });
    expect(reply.status).toBe(400);
    expect(reply.json.error.message).toBe(message);
  });
});

describe('relations', () => {
  it('manager: get, replace by $ref, remove, then 404 Request_ResourceNotFound', async () => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const user = '/users/pradeep.gupta%40contoso.com';
    expect((await graph('GET', `${user}/manager?$select=displayName`)).json).toMatchObject({ '@odata.type': '#microsoft.graph.user', displayName: 'Lee Gu' });
    const diego = sb.tenant.findUser('diego.siciliani@contoso.com')?.id;
    expect((await graph('PUT', `${user}/manager/$ref`, { body: { '@odata.id': `${sb.url}/v1.0/users/${diego}` } })).status).toBe(204);
    expect((await graph('GET', `${user}/manager`)).json.displayName).toBe('Diego Siciliani');
    const reports = await graph('GET', '/users/diego.siciliani%40contoso.com/directReports?$select=displayName');
    expect(reports.json.value.map((u: any) => u.displayName)).toContain('Pradeep Gupta');
    expect((await graph('DELETE', `${user}/manager/$ref`)).status).toBe(204);
    const none = await graph('GET', `${user}/manager`);
    expect(none.status).toBe(404);
    expect(none.json.error).toMatchObject({ code: 'Request_ResourceNotFound', message: "Resource 'manager' does not exist or one of its queried reference-property objects are not present." });
  });

  it('PUT manager/$ref to an unknown user is a 404 naming it', async () => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const reply = await graph('PUT', '/users/alex.wilber%40contoso.com/manager/$ref', { body: { '@odata.id': `${sb.url}/v1.0/users/ghost%40contoso.com` } });
    expect(reply.status).toBe(404);
    expect(reply.json.error.message).toContain("'ghost@contoso.com'");
  });

  it('memberOf lists groups with their @odata.type; the admin also holds a directory role', async () => {
    const graph = await graphClient(sandbox());
    const adele = await graph('GET', '/users/adele.vance%40contoso.com/memberOf');
    expect(adele.json.value.length).toBeGreaterThan(1);
    expect(adele.json.value.every((g: any) => g['@odata.type'] === '#microsoft.graph.group')).toBe(true);
    const admin = await graph('GET', '/users/admin%40contoso.com/memberOf?$top=1');
    expect(admin.json['@odata.nextLink']).toBeTruthy();
    const rest = await graph('GET', admin.json['@odata.nextLink']);
    expect(rest.json.value.some((g: any) => g['@odata.type'] === '#microsoft.graph.directoryRole')).toBe(true);
  });

  it('ownedDevices with $filter, $count and ConsistencyLevel', async () => {
    const graph = await graphClient(sandbox());
    const reply = await graph('GET', `/users/adele.vance%40contoso.com/ownedDevices?$filter=${encodeURIComponent("accountEnabled eq true")}&$count=true&$top=50`, { headers: { ConsistencyLevel: 'eventual' } });
    expect(reply.status).toBe(200);
    expect(reply.json['@odata.count']).toBe(reply.json.value.length);
    expect(reply.json.value[0]).toMatchObject({ '@odata.type': '#microsoft.graph.device' });
    expect(reply.json.value[0].deviceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('generated users report through a tree to Nestor Wilke', async () => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const reports = await graph('GET', '/users/nestor.wilke%40contoso.com/directReports?$select=id');
    const firstGenerated = sb.tenant.directory.generated.idOf(0);
    expect(reports.json.value.map((u: any) => u.id)).toContain(firstGenerated);
    const manager = await graph('GET', `/users/${sb.tenant.directory.generated.idOf(9)}/manager?$select=id`);
    expect(manager.json.id).toBe(sb.tenant.directory.generated.idOf(0));
  });

  it('revokeSignInSessions answers {value: true}', async () => {
    const graph = await graphClient(sandbox());
    const reply = await graph('POST', '/users/johanna.lorenz%40contoso.com/revokeSignInSessions');
    expect(reply.status).toBe(200);
    expect(reply.json.value).toBe(true);
  });
});
