import { describe, expect, it } from 'vitest';
import { GraphReference, normalisedSegments } from '../../src/sandbox/openapi-check';
import { graphClient, useSandbox } from './support';

const sandbox = useSandbox();

describe('every Graph request is held to the reference subset', () => {
  it.each([
    { method: 'GET', path: '/users/adele.vance%40contoso.com/photos', status: 400, message: "Resource not found for the segment 'photos'." },
    { method: 'GET', path: '/groups', status: 400, message: "Resource not found for the segment 'groups'." },
    { method: 'DELETE', path: '/users/adele.vance%40contoso.com/authentication/methods/28c10230-6103-485e-b985-444c60001490', status: 405 },
    { method: 'PUT', path: '/users/adele.vance%40contoso.com', status: 405 },
    { method: 'GET', path: '/users?$skip=10', status: 400, message: "The query parameter '$skip' is not supported." },
    { method: 'GET', path: '/users/adele.vance%40contoso.com?$top=5', status: 400, message: "The query parameter '$top' is not supported." },
    { method: 'PATCH', path: '/users/adele.vance%40contoso.com', status: 400, message: 'Empty Payload. JSON content expected.' },
    { method: 'POST', path: '/$batch', status: 400, message: 'Empty Payload. JSON content expected.' },
    { method: 'POST', path: '/users/adele.vance%40contoso.com/authentication/methods', body: {}, status: 501 },
    { method: 'GET', path: '/users/adele.vance%40contoso.com/directReports?$skip=1', status: 200 },
  ])('$method $path → $status', async ({ method, path, status, message, body }) => {
    const graph = await graphClient(sandbox());
    const reply = await graph(method, path, body ? { body } : {});
    expect(reply.status).toBe(status);
    if (message) expect(reply.json.error).toMatchObject({ code: 'Request_BadRequest', message });
  });

  it('refuses a write body without a JSON Content-Type', async () => {
    const graph = await graphClient(sandbox());
    const reply = await graph('PATCH', '/users/adele.vance%40contoso.com', { body: '{"jobTitle":"x"}', headers: { 'content-type': 'text/plain' } });
    expect(reply.status).toBe(400);
    expect(reply.json.error.message).toBe('Write requests (excluding DELETE) must contain the Content-Type header declaration.');
  });

  it.each([
    { raw: "/users('o''brien%40contoso.com')/manager", expected: ['users', "o'brien%40contoso.com", 'manager'] },
    { raw: "/users(userPrincipalName='a%40b.com')", expected: ['users', 'a%40b.com'] },
    { raw: '/users/x/authentication/methods/y/microsoft.graph.resetPassword', expected: ['users', 'x', 'authentication', 'methods', 'y', 'resetPassword'] },
    { raw: '/users/%E0%A4%A', expected: undefined },
  ])('normalises $raw', ({ raw, expected }) => {
    expect(normalisedSegments(raw)).toEqual(expected);
  });

  it('without the reference file only paths and methods are checked', () => {
    const reference = new GraphReference(undefined, ['GET /users', 'GET /users/{user-id}']);
    const match = reference.match('v1.0', ['users', 'x']);
    expect(match).toEqual({ template: '/users/{user-id}', params: { 'user-id': 'x' } });
    expect(reference.check('/users/{user-id}', 'GET', ['$anything'], false)).toBeUndefined();
    expect(reference.check('/users/{user-id}', 'DELETE', [], false)?.status).toBe(405);
  });
});
