import {
  collectionReply, contextUrl, entityType, noContent, reply, requireUser, selectSuffix, withContext,
  type GraphContext, type RouteTable,
} from './graph-context';
import { arraySource, parseSelect, project, type Selection, type Source } from './odata';
import { badRequest, ODataError, resourceNotFound } from './odata-error';
import { VERIFIED_DOMAINS } from './seed-data';
import { isComplexPassword, TENANT_ID, type Tenant } from './tenant';
import { isJsonObject, type JsonObject } from './types';
import type { UserDirectory, UserRecord } from './user-directory';
import { validateWrite } from './write-validation';

/** What Graph returns for a user when no `$select` is given. */
export const USER_DEFAULTS = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id',
] as const;
const USER_TYPE = 'microsoft.graph.user';
const NOT_NULLABLE = ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName'];
const REQUIRED_ON_CREATE = ['accountEnabled', 'displayName', 'mailNickname', 'passwordProfile', 'userPrincipalName'];

const insufficientPrivileges = () => new ODataError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
const invalidValue = (name: string) => badRequest(`Invalid value specified for property '${name}' of resource 'User'.`);

function usersSource(directory: UserDirectory): Source<UserRecord> {
  return {
    get end() {
      return directory.end;
    },
    get size() {
      return directory.size;
    },
    get version() {
      return directory.version;
    },
    cacheOwner: directory,
    at: (position) => directory.at(position),
  };
}

const userRules = (ctx: GraphContext, pageSize: number | undefined = 100) => ({ type: entityType(ctx, USER_TYPE), directory: true, pageSize, resource: 'User' });

/** A user as Graph shapes it, with `manager` added for `$expand=manager`. */
function shapeUser(ctx: GraphContext, user: UserRecord, select: Selection): JsonObject {
  const out = project(user, select, USER_DEFAULTS);
  const expand = ctx.query.get('$expand');
  if (expand !== undefined) {
    for (const name of expand.split(',').map((s) => s.trim())) {
      if (name.toLowerCase() !== 'manager') throw badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${name}' on type '${USER_TYPE}'.`);
      const manager = ctx.tenant.relations.managerOf(user);
      if (manager) out['manager'] = { '@odata.type': '#microsoft.graph.user', ...project(manager, undefined, USER_DEFAULTS) };
    }
  }
  return out;
}

function listUsers(ctx: GraphContext) {
  return collectionReply(ctx, usersSource(ctx.tenant.directory), userRules(ctx), 'users', (user, select) => shapeUser(ctx, user, select));
}

function getUser(ctx: GraphContext) {
  const user = requireUser(ctx);
  const select = parseSelect(ctx.query.get('$select'), entityType(ctx, USER_TYPE));
  return reply(withContext(ctx, `users${selectSuffix(ctx)}/$entity`, shapeUser(ctx, user, select)));
}

/** Checks a UPN's form, domain and uniqueness. */
function checkUpn(tenant: Tenant, upn: unknown, exceptId?: string): string {
  if (typeof upn !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(upn)) throw invalidValue('userPrincipalName');
  const domain = upn.slice(upn.indexOf('@') + 1).toLowerCase();
  if (!VERIFIED_DOMAINS.includes(domain)) {
    throw badRequest('The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.');
  }
  if (tenant.directory.isUpnTaken(upn, exceptId)) throw badRequest('Another object with the same value for property userPrincipalName already exists.');
  return upn;
}

/** Splits a passwordProfile into what is stored (no password, as Graph never returns it) and the password. */
function takePassword(profile: unknown, required: boolean): { stored: JsonObject; password: string | undefined } {
  const value = isJsonObject(profile) ? profile : {};
  const password = value['password'];
  if (password === undefined || password === null) {
    if (required) throw invalidValue('passwordProfile');
    return { stored: { ...value, password: null }, password: undefined };
  }
  if (typeof password !== 'string' || !isComplexPassword(password)) {
    throw badRequest('The specified password does not comply with password complexity requirements. Please provide a different password.');
  }
  return { stored: { ...value, password: null }, password };
}

function createUser(ctx: GraphContext) {
  const body = validateWrite(ctx.reference, USER_TYPE, ctx.body, { extensions: true });
  for (const name of REQUIRED_ON_CREATE) if (body[name] === undefined || body[name] === null) throw invalidValue(name);
  const upn = checkUpn(ctx.tenant, body['userPrincipalName']);
  const { stored, password } = takePassword(body['passwordProfile'], true);
  const defaults: JsonObject = Object.fromEntries(USER_DEFAULTS.filter((name) => name !== 'id').map((name) => [name, name === 'businessPhones' ? [] : null]));
  const user = ctx.tenant.createUser({ ...defaults, userType: 'Member', ...body, passwordProfile: stored, userPrincipalName: upn }, password);
  return reply(withContext(ctx, 'users/$entity', project(user, undefined, USER_DEFAULTS)), 201, {
    Location: `${ctx.origin}/v2/${TENANT_ID}/directoryObjects/${user.id}/Microsoft.DirectoryServices.User`,
  });
}

function updateUser(ctx: GraphContext) {
  const user = requireUser(ctx);
  const changes = validateWrite(ctx.reference, USER_TYPE, ctx.body, { extensions: true });
  for (const name of NOT_NULLABLE) if (changes[name] === null) throw invalidValue(name);
  if (ctx.tenant.relations.isPrivileged(user) && ('passwordProfile' in changes || 'accountEnabled' in changes)) throw insufficientPrivileges();
  if (changes['userPrincipalName'] !== undefined) checkUpn(ctx.tenant, changes['userPrincipalName'], user.id);
  let password: string | undefined;
  if (changes['passwordProfile'] !== undefined && changes['passwordProfile'] !== null) {
    const taken = takePassword(changes['passwordProfile'], false);
    changes['passwordProfile'] = taken.stored;
    password = taken.password;
  }
  ctx.tenant.updateUser(user, changes, password);
  return noContent();
}

function deleteUser(ctx: GraphContext) {
  const user = requireUser(ctx);
  if (ctx.tenant.relations.isPrivileged(user)) throw insufficientPrivileges();
  ctx.tenant.deleteUser(user);
  return noContent();
}

function revokeSessions(ctx: GraphContext) {
  ctx.tenant.revokeSessions(requireUser(ctx));
  return reply({ '@odata.context': contextUrl(ctx, 'Edm.Boolean'), value: true });
}

function getManager(ctx: GraphContext) {
  const manager = ctx.tenant.relations.managerOf(requireUser(ctx));
  if (!manager) throw resourceNotFound('manager');
  const select = parseSelect(ctx.query.get('$select'), entityType(ctx, USER_TYPE));
  return reply(withContext(ctx, 'directoryObjects/$entity', { '@odata.type': '#microsoft.graph.user', ...project(manager, select, USER_DEFAULTS) }));
}

function getManagerRef(ctx: GraphContext) {
  const manager = ctx.tenant.relations.managerOf(requireUser(ctx));
  if (!manager) throw resourceNotFound('manager');
  return reply({
    '@odata.context': contextUrl(ctx, 'directoryObjects/$ref'),
    '@odata.id': `${ctx.origin}/v2/${TENANT_ID}/directoryObjects/${manager.id}/Microsoft.DirectoryServices.User`,
  });
}

function putManagerRef(ctx: GraphContext) {
  const user = requireUser(ctx);
  const body = isJsonObject(ctx.body) ? ctx.body : {};
  const ref = body['@odata.id'];
  const key = typeof ref === 'string' ? /\/(?:users|directoryObjects)\/([^/?#]+)\/?$/i.exec(ref)?.[1] : undefined;
  if (typeof ref !== 'string' || !key) throw badRequest(`Invalid object identifier '${typeof ref === 'string' ? ref : ''}'.`);
  const managerKey = decodeURIComponent(key);
  const manager = ctx.tenant.findUser(managerKey);
  if (!manager) throw resourceNotFound(managerKey);
  if (manager.id === user.id) throw badRequest('A user cannot be assigned as their own manager.');
  ctx.tenant.relations.setManager(user, manager);
  return noContent();
}

function deleteManagerRef(ctx: GraphContext) {
  const user = requireUser(ctx);
  if (!ctx.tenant.relations.managerOf(user)) throw resourceNotFound('manager');
  ctx.tenant.relations.setManager(user, null);
  return noContent();
}

function listDirectReports(ctx: GraphContext) {
  const reports = ctx.tenant.relations.directReportsOf(requireUser(ctx));
  return collectionReply(ctx, arraySource(reports), userRules(ctx), 'directoryObjects', (user, select) => ({
    '@odata.type': '#microsoft.graph.user',
    ...project(user, select, USER_DEFAULTS),
  }));
}

function listMemberOf(ctx: GraphContext) {
  const groups = ctx.tenant.relations.memberOf(requireUser(ctx));
  const rules = { type: entityType(ctx, 'microsoft.graph.group'), directory: true, pageSize: 100, resource: 'Group' };
  return collectionReply(ctx, arraySource(groups), rules, 'directoryObjects', (group, select) => project(group, select));
}

function listOwnedDevices(ctx: GraphContext) {
  const devices = ctx.tenant.relations.ownedDevicesOf(requireUser(ctx));
  const rules = { type: entityType(ctx, 'microsoft.graph.device'), directory: true, pageSize: 100, resource: 'Device' };
  return collectionReply(ctx, arraySource(devices), rules, 'directoryObjects', (device, select) => project(device, select));
}

export const userRoutes: RouteTable = {
  'GET /users': listUsers,
  'POST /users': createUser,
  'GET /users/{user-id}': getUser,
  'PATCH /users/{user-id}': updateUser,
  'DELETE /users/{user-id}': deleteUser,
  'POST /users/{user-id}/revokeSignInSessions': revokeSessions,
  'GET /users/{user-id}/manager': getManager,
  'GET /users/{user-id}/manager/$ref': getManagerRef,
  'PUT /users/{user-id}/manager/$ref': putManagerRef,
  'DELETE /users/{user-id}/manager/$ref': deleteManagerRef,
  'GET /users/{user-id}/directReports': listDirectReports,
  'GET /users/{user-id}/memberOf': listMemberOf,
  'GET /users/{user-id}/ownedDevices': listOwnedDevices,
};
