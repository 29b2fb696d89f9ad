import { initialMethods, systemPreferredMethod, type StoredMethod } from './auth-methods';
import { GeneratedUsers } from './generated-users';
import { DAY_MS, directoryDateTime } from './dates';
import { newGuid, opaqueToken, SeededRandom } from './random';
import { Relations } from './relations';
import { GENERATED_ROOT_MANAGER, PEOPLE, TENANT_DOMAIN } from './seed-data';
import type { JsonObject } from './types';
import { UserDirectory, type UserRecord } from './user-directory';

/** The sandbox's app registration and tenant (test-only values). */
export const TENANT_ID = '7c1f3a5e-2b4d-4e8f-9a61-0d3c5b7e9f12';
export const CLIENT_ID = 'b3f1c8e2-5d7a-4c69-8e0b-2a4f6d8c1e35';
export const CLIENT_SECRET = 'Sbx8Q~sandbox.client.secret-not-for-production';
/** The Azure Multi-Factor Auth Client app, whose service principal the MFA commands use. */
export const MFA_APP_ID = '981f26a1-7f43-403b-a875-f8b09b8cd720';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface ResetOperation {
  id: string;
  userId: string;
  created: Date;
  polls: number;
  failure?: string;
}

export interface TenantOptions {
  seed: number;
  users: number;
}

/** Everything the emulated directory holds. Routes validate; the tenant only keeps state. */
export class Tenant {
  readonly seed: number;
  readonly directory: UserDirectory;
  readonly relations: Relations;
  readonly servicePrincipals: Array<JsonObject & { id: string; appId: string }>;
  readonly operations = new Map<string, ResetOperation>();
  /** Passwords set through the API (never returned by Graph, kept so tests can check them). */
  readonly passwords = new Map<string, string>();
  private readonly methods = new Map<string, StoredMethod[]>();
  private readonly preferences = new Map<string, { isSystemPreferredAuthenticationMethodEnabled: boolean; userPreferredMethodForSecondaryAuthentication: string | null }>();
  private readonly appSecrets = new Map<string, string[]>();
  private readonly fullMethodUsers: Set<string>;

  constructor(options: TenantOptions) {
    this.seed = options.seed;
    const rnd = new SeededRandom(options.seed);
    const named = new Map<string, UserRecord>();
    for (const person of PEOPLE) named.set(person.key, namedUser(person, rnd));
    const managers = new Map(PEOPLE.filter((p) => p.manager).map((p) => [p.key, p.manager as string]));
    this.directory = new UserDirectory([...named.values()], new GeneratedUsers(options.users, options.seed));
    this.relations = new Relations(this.directory, this.directory.generated, options.seed, named, managers, GENERATED_ROOT_MANAGER,
      PEOPLE.filter((p) => p.privileged).map((p) => p.key));
    this.fullMethodUsers = new Set(['adele', 'megan', 'alex'].map((k) => (named.get(k) as UserRecord).id));
    this.servicePrincipals = [
      servicePrincipal(rnd.guid(), CLIENT_ID, 'entra-users sandbox app'),
      servicePrincipal(rnd.guid(), MFA_APP_ID, 'Azure Multi-Factor Auth Client'),
      servicePrincipal(rnd.guid(), GRAPH_APP_ID, 'Microsoft Graph'),
    ];
    this.appSecrets.set(CLIENT_ID, [CLIENT_SECRET]);
  }

  findUser(key: string): UserRecord | undefined {
    return this.directory.find(key);
  }

  createUser(properties: JsonObject & { userPrincipalName: string }, password: string | undefined): UserRecord {
    const user: UserRecord = { ...properties, id: newGuid(), createdDateTime: directoryDateTime() };
    this.directory.add(user);
    if (password !== undefined) this.passwords.set(user.id, password);
    return user;
  }

  updateUser(user: UserRecord, changes: JsonObject, password: string | undefined): UserRecord {
    if (password !== undefined) {
      this.passwords.set(user.id, password);
      changes = { ...changes, lastPasswordChangeDateTime: directoryDateTime() };
    }
    return this.directory.update(user, changes);
  }

  deleteUser(user: UserRecord): void {
    this.directory.remove(user);
    this.methods.delete(user.id);
  }

  /** Marks every refresh token issued before now as revoked (the login side checks this date). */
  revokeSessions(user: UserRecord): void {
    this.directory.update(user, { signInSessionsValidFromDateTime: directoryDateTime() });
  }

  /** A user's methods, written down on first use (generated users derive their starting set). */
  methodsOf(user: UserRecord): StoredMethod[] {
    let methods = this.methods.get(user.id);
    if (!methods) {
      const phones = Array.isArray(user['businessPhones']) ? user['businessPhones'] : [];
      methods = initialMethods(
        {
          id: user.id,
          displayName: String(user['displayName'] ?? ''),
          mail: String(user['mail'] ?? user.userPrincipalName),
          mobilePhone: typeof user['mobilePhone'] === 'string' ? user['mobilePhone'] : null,
          businessPhone: typeof phones[0] === 'string' ? phones[0] : null,
        },
        this.seed,
        this.fullMethodUsers.has(user.id) ? 'full' : 'typical',
      );
      this.methods.set(user.id, methods);
    }
    return methods;
  }

  signInPreferencesOf(user: UserRecord): JsonObject {
    const methods = this.methodsOf(user);
    const system = systemPreferredMethod(methods);
    const stored = this.preferences.get(user.id) ?? {
      isSystemPreferredAuthenticationMethodEnabled: true,
      userPreferredMethodForSecondaryAuthentication: system === 'push' ? 'push' : system === 'sms' ? 'sms' : null,
    };
    return { ...stored, systemPreferredAuthenticationMethod: stored.isSystemPreferredAuthenticationMethodEnabled ? system : null };
  }

  setSignInPreferences(user: UserRecord, changes: { isSystemPreferredAuthenticationMethodEnabled?: boolean; userPreferredMethodForSecondaryAuthentication?: string | null }): void {
    const current = this.signInPreferencesOf(user);
    this.preferences.set(user.id, {
      isSystemPreferredAuthenticationMethodEnabled: changes.isSystemPreferredAuthenticationMethodEnabled ?? current['isSystemPreferredAuthenticationMethodEnabled'] === true,
      userPreferredMethodForSecondaryAuthentication:
        changes.userPreferredMethodForSecondaryAuthentication !== undefined
          ? changes.userPreferredMethodForSecondaryAuthentication
          : (current['userPreferredMethodForSecondaryAuthentication'] as string | null),
    });
  }

  startPasswordReset(user: UserRecord, newPassword: string | undefined): ResetOperation {
    const weak = newPassword !== undefined && !isComplexPassword(newPassword);
    const operation: ResetOperation = { id: newGuid(), userId: user.id, created: new Date(), polls: 0 };
    if (weak) operation.failure = 'The password does not comply with the password complexity requirements.';
    else if (newPassword !== undefined) this.passwords.set(user.id, newPassword);
    this.operations.set(operation.id, operation);
    return operation;
  }

  servicePrincipalByAppId(appId: string): (JsonObject & { id: string; appId: string }) | undefined {
    return this.servicePrincipals.find((sp) => sp.appId.toLowerCase() === appId.toLowerCase());
  }

  /** Adds a client secret to a service principal and returns its passwordCredential (with secretText). */
  addSecret(sp: JsonObject & { appId: string }, displayName: string | null, endDateTime?: string): JsonObject {
    const secretText = `${opaqueToken(3).slice(0, 3)}8Q~${opaqueToken(27)}`.replace(/[-_]/g, 'x');
    const start = new Date();
    const credential: JsonObject = {
      customKeyIdentifier: null,
      displayName,
      endDateTime: endDateTime ?? new Date(start.getTime() + 730 * DAY_MS).toISOString(),
      hint: secretText.slice(0, 3),
      keyId: newGuid(),
      secretText,
      startDateTime: start.toISOString(),
    };
    const stored = { ...credential, secretText: null };
    sp['passwordCredentials'] = [...(Array.isArray(sp['passwordCredentials']) ? sp['passwordCredentials'] : []), stored];
    this.appSecrets.set(sp.appId, [...(this.appSecrets.get(sp.appId) ?? []), secretText]);
    return credential;
  }

  isKnownApp(appId: string): boolean {
    return this.servicePrincipalByAppId(appId) !== undefined;
  }

  secretMatches(appId: string, secret: string): boolean {
    return (this.appSecrets.get(appId) ?? []).includes(secret);
  }
}

/** Entra's default policy: at least 8 characters from at least three of four classes. */
export function isComplexPassword(password: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return password.length >= 8 && password.length <= 256 && classes >= 3;
}

function namedUser(person: (typeof PEOPLE)[number], rnd: SeededRandom): UserRecord {
  const upn = person.key === 'admin' ? `admin@${TENANT_DOMAIN}` : `${person.givenName}.${person.surname}@${TENANT_DOMAIN}`.toLowerCase();
  const digits = () => String(100 + rnd.int(9900)).padStart(4, '0');
  const created = Date.UTC(2020, 8, 1) + rnd.int(900) * DAY_MS + rnd.int(DAY_MS);
  return {
    id: rnd.guid(),
    businessPhones: person.key === 'admin' ? [] : [`+1 425 555 ${digits()}`],
    displayName: `${person.givenName} ${person.surname}`,
    givenName: person.givenName,
    jobTitle: person.jobTitle,
    mail: upn,
    mobilePhone: person.key === 'admin' ? null : `+1 206 555 ${digits()}`,
    officeLocation: person.officeLocation,
    preferredLanguage: person.preferredLanguage ?? 'en-US',
    surname: person.surname,
    userPrincipalName: upn,
    accountEnabled: person.accountEnabled ?? true,
    city: person.city,
    companyName: 'Contoso',
    country: 'United States',
    createdDateTime: directoryDateTime(created),
    department: person.department,
    employeeId: String(1000 + rnd.int(9000)),
    mailNickname: upn.slice(0, upn.indexOf('@')),
    usageLocation: 'US',
    userType: 'Member',
  };
}

function servicePrincipal(id: string, appId: string, displayName: string): JsonObject & { id: string; appId: string } {
  return {
    id,
    accountEnabled: true,
    appDisplayName: displayName,
    appId,
    appOwnerOrganizationId: appId === CLIENT_ID ? TENANT_ID : 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
    displayName,
    keyCredentials: [],
    passwordCredentials: [],
    servicePrincipalNames: [appId],
    servicePrincipalType: 'Application',
    tags: [],
  };
}
