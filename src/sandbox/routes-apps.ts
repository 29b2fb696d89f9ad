import { collectionReply, reply, withContext, type GraphContext, type RouteTable } from './graph-context';
import { arraySource, project, type EntityType } from './odata';
import { badRequest, resourceNotFound } from './odata-error';
import type { PropertyInfo, PropertyType } from './openapi-check';
import { isJsonObject, type JsonObject } from './types';
import { validateWrite } from './write-validation';

/** servicePrincipal is not in the reference subset, so its query type is read off a record. */
function typeFromRecord(name: string, record: JsonObject | undefined): EntityType {
  const properties = new Map<string, PropertyInfo>();
  for (const [key, value] of Object.entries(record ?? {})) {
    const type: PropertyType = typeof value === 'boolean' ? 'boolean' : Array.isArray(value) ? 'array<string>' : 'string';
    properties.set(key.toLowerCase(), { name: key, type, readOnly: false });
  }
  return { name, properties };
}

function listServicePrincipals(ctx: GraphContext) {
  const principals = ctx.tenant.servicePrincipals;
  const rules = { type: typeFromRecord('microsoft.graph.servicePrincipal', principals[0]), directory: true, pageSize: 100, resource: 'ServicePrincipal' };
  return collectionReply(ctx, arraySource(principals), rules, 'servicePrincipals', (sp, select) => project(sp, select));
}

function addPassword(ctx: GraphContext) {
  const id = ctx.params['servicePrincipal-id'] ?? '';
  const sp = ctx.tenant.servicePrincipals.find((p) => p.id.toLowerCase() === id.toLowerCase());
  if (!sp) throw resourceNotFound(id);
  const body = isJsonObject(ctx.body) ? ctx.body : {};
  for (const name of Object.keys(body)) {
    if (name !== 'passwordCredential') throw badRequest(`Property '${name}' does not exist on type 'microsoft.graph.servicePrincipal.addPassword'.`);
  }
  const credential = validateWrite(ctx.reference, 'microsoft.graph.passwordCredential', body['passwordCredential'] ?? {});
  const displayName = typeof credential['displayName'] === 'string' ? credential['displayName'] : null;
  const end = typeof credential['endDateTime'] === 'string' ? credential['endDateTime'] : undefined;
  return reply(withContext(ctx, 'microsoft.graph.passwordCredential', ctx.tenant.addSecret(sp, displayName, end)));
}

export const appRoutes: RouteTable = {
  'GET /servicePrincipals': listServicePrincipals,
  'POST /servicePrincipals/{servicePrincipal-id}/addPassword': addPassword,
};
