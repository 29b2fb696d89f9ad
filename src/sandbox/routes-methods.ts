import {
  EMAIL_METHOD_ID, isMethodCollection, METHOD_KINDS, odataTypeOf, PASSWORD_METHOD_ID, PHONE_METHOD_IDS, temporaryAccessPassRecord,
  withTapUsability, type MethodCollection, type StoredMethod,
} from './auth-methods';
import { collectionReply, contextUrl, entityType, noContent, reply, requireUser, selectSuffix, withContext, type GraphContext, type RouteTable } from './graph-context';
import { arraySource, parseSelect, project } from './odata';
import { ODataError } from './odata-error';
import { newGuid, opaqueToken } from './random';
import { isJsonObject, type JsonObject } from './types';
import type { UserRecord } from './user-directory';
import { validateWrite } from './write-validation';

// The authentication-methods service answers with its own lower-camel error codes.
const userNotFound = () => new ODataError(404, 'itemNotFound', 'The specified user could not be found.');
const keyNotFound = (id: string) => new ODataError(404, 'itemNotFound', `A key with identifier '${id}' was not found.`);
const methodBadRequest = (message: string) => new ODataError(400, 'badRequest', message);

const methodUser = (ctx: GraphContext) => requireUser(ctx, userNotFound);

/** The collection named in the path, e.g. `fido2Methods` from `/users/{u}/authentication/fido2Methods/{id}`. */
function collectionOf(ctx: GraphContext): MethodCollection {
  const name = ctx.template.split('/')[4] ?? '';
  if (!isMethodCollection(name)) throw new ODataError(400, 'badRequest', `Unknown authentication method collection '${name}'.`);
  return name;
}

/** The `{...-id}` parameter of a method path (its name differs per collection). */
function methodIdOf(ctx: GraphContext): string {
  const name = Object.keys(ctx.params).find((p) => p !== 'user-id') ?? '';
  return ctx.params[name] ?? '';
}

function shapeMethod(method: StoredMethod, withType: boolean): JsonObject {
  const record = method.collection === 'temporaryAccessPassMethods' ? withTapUsability(method.record) : method.record;
  return withType ? { '@odata.type': odataTypeOf(method.collection), ...record } : { ...record };
}

function findMethod(ctx: GraphContext, user: UserRecord, collection?: MethodCollection): StoredMethod {
  const id = methodIdOf(ctx);
  const method = ctx.tenant.methodsOf(user).find((m) => m.record.id.toLowerCase() === id.toLowerCase() && (!collection || m.collection === collection));
  if (!method) throw keyNotFound(id);
  return method;
}

function listAllMethods(ctx: GraphContext) {
  const user = methodUser(ctx);
  const items = ctx.tenant.methodsOf(user).map((m) => shapeMethod(m, true));
  const rules = { type: entityType(ctx, 'microsoft.graph.authenticationMethod'), directory: false, pageSize: undefined, resource: 'AuthenticationMethod' };
  return collectionReply(ctx, arraySource(items), rules, `users('${user.id}')/authentication/methods`, (item, select) => project(item, select));
}

function getAnyMethod(ctx: GraphContext) {
  const user = methodUser(ctx);
  return reply(withContext(ctx, `users('${user.id}')/authentication/methods/$entity`, shapeMethod(findMethod(ctx, user), true)));
}

function listMethods(ctx: GraphContext) {
  const user = methodUser(ctx);
  const collection = collectionOf(ctx);
  const items = ctx.tenant.methodsOf(user).filter((m) => m.collection === collection).map((m) => shapeMethod(m, false));
  const rules = { type: entityType(ctx, `microsoft.graph.${METHOD_KINDS[collection]}`), directory: false, pageSize: undefined, resource: METHOD_KINDS[collection] };
  return collectionReply(ctx, arraySource(items), rules, `users('${user.id}')/authentication/${collection}`, (item, select) => project(item, select));
}

function getMethod(ctx: GraphContext) {
  const user = methodUser(ctx);
  const collection = collectionOf(ctx);
  const select = parseSelect(ctx.query.get('$select'), entityType(ctx, `microsoft.graph.${METHOD_KINDS[collection]}`));
  const record = project(shapeMethod(findMethod(ctx, user, collection), false), select);
  return reply(withContext(ctx, `users('${user.id}')/authentication/${collection}${selectSuffix(ctx)}/$entity`, record));
}

function deleteMethod(ctx: GraphContext) {
  const user = methodUser(ctx);
  const method = findMethod(ctx, user, collectionOf(ctx));
  const methods = ctx.tenant.methodsOf(user);
  methods.splice(methods.indexOf(method), 1);
  return noContent();
}

function createTemporaryAccessPass(ctx: GraphContext) {
  const user = methodUser(ctx);
  const body = validateWrite(ctx.reference, 'microsoft.graph.temporaryAccessPassAuthenticationMethod', ctx.body);
  const lifetime = body['lifetimeInMinutes'] ?? 60;
  if (typeof lifetime !== 'number' || lifetime < 10 || lifetime > 43200) {
    throw methodBadRequest('The lifetimeInMinutes value must be between 10 and 43200 minutes.');
  }
  const now = new Date();
  const start = typeof body['startDateTime'] === 'string' ? new Date(body['startDateTime']) : now;
  const record = temporaryAccessPassRecord(newGuid(), start, lifetime, body['isUsableOnce'] === true, now);
  const methods = ctx.tenant.methodsOf(user);
  // A user holds at most one pass: a new one replaces the old.
  const old = methods.findIndex((m) => m.collection === 'temporaryAccessPassMethods');
  if (old >= 0) methods.splice(old, 1);
  methods.push({ collection: 'temporaryAccessPassMethods', record });
  const pass = opaqueToken(9).replace(/[-_]/g, '').slice(0, 8).padEnd(8, 'x');
  const created = { ...withTapUsability(record), temporaryAccessPass: pass };
  return reply(withContext(ctx, `users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`, created), 201);
}

function createEmailMethod(ctx: GraphContext) {
  const user = methodUser(ctx);
  const body = validateWrite(ctx.reference, 'microsoft.graph.emailAuthenticationMethod', ctx.body);
  const address = body['emailAddress'];
  if (typeof address !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) throw methodBadRequest('The emailAddress value is not a valid email address.');
  const methods = ctx.tenant.methodsOf(user);
  if (methods.some((m) => m.collection === 'emailMethods')) throw methodBadRequest('A user may only have one email authentication method.');
  const record = { id: EMAIL_METHOD_ID, emailAddress: address };
  methods.push({ collection: 'emailMethods', record });
  return reply(withContext(ctx, `users('${user.id}')/authentication/emailMethods/$entity`, { ...record }), 201);
}

function createPhoneMethod(ctx: GraphContext) {
  const user = methodUser(ctx);
  const body = validateWrite(ctx.reference, 'microsoft.graph.phoneAuthenticationMethod', ctx.body);
  const { phoneNumber, phoneType } = body;
  if (typeof phoneType !== 'string' || !PHONE_METHOD_IDS[phoneType]) throw methodBadRequest('The phoneType value must be mobile, alternateMobile or office.');
  if (typeof phoneNumber !== 'string' || !/^\+\d{1,3} \d{4,}(x\d+)?$/.test(phoneNumber)) throw methodBadRequest(`The phone number '${String(phoneNumber)}' is not in a valid format.`);
  const methods = ctx.tenant.methodsOf(user);
  const phones = methods.filter((m) => m.collection === 'phoneMethods');
  if (phones.some((m) => m.record['phoneType'] === phoneType)) throw methodBadRequest(`The user already has a phone method of type '${phoneType}'.`);
  if (phoneType === 'alternateMobile' && !phones.some((m) => m.record['phoneType'] === 'mobile')) throw methodBadRequest('A mobile phone must be registered before an alternate mobile phone.');
  const record = { id: PHONE_METHOD_IDS[phoneType] as string, phoneNumber, phoneType, smsSignInState: 'notEnabled' };
  methods.push({ collection: 'phoneMethods', record });
  return reply(withContext(ctx, `users('${user.id}')/authentication/phoneMethods/$entity`, { ...record }), 201);
}

function updateMethod(ctx: GraphContext) {
  const user = methodUser(ctx);
  const collection = collectionOf(ctx);
  const changes = validateWrite(ctx.reference, `microsoft.graph.${METHOD_KINDS[collection]}`, ctx.body);
  const method = findMethod(ctx, user, collection);
  if (changes['phoneType'] !== undefined && changes['phoneType'] !== method.record['phoneType']) throw methodBadRequest('The phoneType of a phone method cannot be changed.');
  Object.assign(method.record, changes, { id: method.record.id });
  return noContent();
}

function createPasswordMethod(): never {
  throw methodBadRequest('Password methods are created with the user; use resetPassword to change the password.');
}

function resetPassword(ctx: GraphContext) {
  const user = methodUser(ctx);
  if (methodIdOf(ctx).toLowerCase() !== PASSWORD_METHOD_ID) throw keyNotFound(methodIdOf(ctx));
  if (ctx.tenant.relations.isPrivileged(user)) throw new ODataError(403, 'accessDenied', 'Insufficient privileges to complete the operation.');
  const body = isJsonObject(ctx.body) ? ctx.body : {};
  const newPassword = body['newPassword'];
  if (newPassword !== undefined && newPassword !== null && typeof newPassword !== 'string') throw methodBadRequest('The newPassword value must be a string.');
  const operation = ctx.tenant.startPasswordReset(user, typeof newPassword === 'string' ? newPassword : undefined);
  return reply({ '@odata.context': contextUrl(ctx, 'microsoft.graph.passwordResetResponse'), newPassword: null }, 202, {
    Location: `${ctx.origin}/v1.0/users/${user.id}/authentication/operations/${operation.id}`,
    'Retry-After': '1',
  });
}

/** The long-running resetPassword operation: running on the first poll, finished from the second. */
function getOperation(ctx: GraphContext) {
  const user = methodUser(ctx);
  const id = ctx.params['longRunningOperation-id'] ?? '';
  const operation = ctx.tenant.operations.get(id.toLowerCase());
  if (!operation || operation.userId !== user.id) throw keyNotFound(id);
  operation.polls++;
  const done = operation.polls >= 2;
  const status = !done ? 'running' : operation.failure ? 'failed' : 'succeeded';
  const body = withContext(ctx, `users('${user.id}')/authentication/operations/$entity`, {
    id: operation.id,
    createdDateTime: operation.created.toISOString(),
    lastActionDateTime: new Date().toISOString(),
    resourceLocation: `${ctx.origin}/v1.0/users/${user.id}/authentication/passwordMethods/${PASSWORD_METHOD_ID}`,
    status,
    statusDetail: done ? (operation.failure ?? null) : null,
  });
  return reply(body, 200, done ? {} : { 'Retry-After': '1' });
}

function getSignInPreferences(ctx: GraphContext) {
  const user = methodUser(ctx);
  return reply(withContext(ctx, `users('${user.id}')/authentication/signInPreferences`, ctx.tenant.signInPreferencesOf(user)));
}

const PREFERRED_METHODS = ['push', 'oath', 'voiceMobile', 'voiceAlternateMobile', 'voiceOffice', 'sms'];

function updateSignInPreferences(ctx: GraphContext) {
  const user = methodUser(ctx);
  const changes = validateWrite(ctx.reference, 'microsoft.graph.signInPreferences', ctx.body);
  const preferred = changes['userPreferredMethodForSecondaryAuthentication'];
  if (typeof preferred === 'string' && !PREFERRED_METHODS.includes(preferred)) {
    throw methodBadRequest(`Requested value '${preferred}' was not found for userPreferredMethodForSecondaryAuthentication.`);
  }
  ctx.tenant.setSignInPreferences(user, {
    ...(typeof changes['isSystemPreferredAuthenticationMethodEnabled'] === 'boolean' ? { isSystemPreferredAuthenticationMethodEnabled: changes['isSystemPreferredAuthenticationMethodEnabled'] } : {}),
    ...(preferred !== undefined ? { userPreferredMethodForSecondaryAuthentication: typeof preferred === 'string' ? preferred : null } : {}),
  });
  return noContent();
}

const base = '/users/{user-id}/authentication';
const perType: RouteTable = {};
for (const [collection, kind] of Object.entries(METHOD_KINDS)) {
  const item = `${base}/${collection}/{${kind}-id}`;
  perType[`GET ${base}/${collection}`] = listMethods;
  perType[`GET ${item}`] = getMethod;
  perType[`DELETE ${item}`] = deleteMethod;
  perType[`PATCH ${item}`] = updateMethod;
}

export const methodRoutes: RouteTable = {
  ...perType,
  [`GET ${base}/methods`]: listAllMethods,
  [`GET ${base}/methods/{authenticationMethod-id}`]: getAnyMethod,
  [`POST ${base}/methods/{authenticationMethod-id}/resetPassword`]: resetPassword,
  [`GET ${base}/operations/{longRunningOperation-id}`]: getOperation,
  [`POST ${base}/temporaryAccessPassMethods`]: createTemporaryAccessPass,
  [`POST ${base}/emailMethods`]: createEmailMethod,
  [`POST ${base}/phoneMethods`]: createPhoneMethod,
  [`POST ${base}/passwordMethods`]: createPasswordMethod,
  [`GET ${base}/signInPreferences`]: getSignInPreferences,
  [`PATCH ${base}/signInPreferences`]: updateSignInPreferences,
};
