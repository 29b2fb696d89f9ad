import { DAY_MS, directoryDateTime } from './dates';
import { hashOf, SeededRandom } from './random';
import { FIDO2_MODELS } from './seed-data';
import type { JsonObject } from './types';

/** The authentication-method types, by the collection name Graph uses for each. */
export const METHOD_KINDS = {
  passwordMethods: 'passwordAuthenticationMethod',
  emailMethods: 'emailAuthenticationMethod',
  fido2Methods: 'fido2AuthenticationMethod',
  microsoftAuthenticatorMethods: 'microsoftAuthenticatorAuthenticationMethod',
  phoneMethods: 'phoneAuthenticationMethod',
  softwareOathMethods: 'softwareOathAuthenticationMethod',
  temporaryAccessPassMethods: 'temporaryAccessPassAuthenticationMethod',
  windowsHelloForBusinessMethods: 'windowsHelloForBusinessAuthenticationMethod',
} as const;

export type MethodCollection = keyof typeof METHOD_KINDS;

export function isMethodCollection(name: string): name is MethodCollection {
  return Object.hasOwn(METHOD_KINDS, name);
}

export interface StoredMethod {
  collection: MethodCollection;
  record: JsonObject & { id: string };
}

/** Fixed ids Graph uses for the password method, the email method and each phone type. */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';
export const EMAIL_METHOD_ID = '3ddfcfc8-9383-446f-83cc-3ab9be4be18f';
export const PHONE_METHOD_IDS: Record<string, string> = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
};

export function odataTypeOf(collection: MethodCollection): string {
  return `#microsoft.graph.${METHOD_KINDS[collection]}`;
}

export interface MethodOwner {
  id: string;
  displayName: string;
  mail: string;
  mobilePhone: string | null;
  businessPhone: string | null;
}

export type MethodProfile = 'full' | 'typical';

/** The methods a user starts with: `full` holds one of every type, `typical` a plausible mix. */
export function initialMethods(owner: MethodOwner, seed: number, profile: MethodProfile): StoredMethod[] {
  const rnd = new SeededRandom(hashOf(seed, ...owner.id.split('').map((c) => c.charCodeAt(0))));
  const when = (daysAgo: number) => directoryDateTime(Date.UTC(2025, 0, 1) - daysAgo * DAY_MS);
  const has = (chance: number) => profile === 'full' || rnd.next() < chance;
  const out: StoredMethod[] = [
    { collection: 'passwordMethods', record: { id: PASSWORD_METHOD_ID, password: null, createdDateTime: when(400 + rnd.int(300)) } },
  ];
  if (has(0.3)) out.push({ collection: 'emailMethods', record: { id: EMAIL_METHOD_ID, emailAddress: owner.mail.replace(/@.*/, '@outlook.com') } });
  if (owner.mobilePhone && has(0.7)) {
    out.push({ collection: 'phoneMethods', record: { id: PHONE_METHOD_IDS['mobile'] as string, phoneNumber: owner.mobilePhone, phoneType: 'mobile', smsSignInState: 'notEnabled' } });
  }
  if (owner.businessPhone && profile === 'full') {
    out.push({ collection: 'phoneMethods', record: { id: PHONE_METHOD_IDS['office'] as string, phoneNumber: owner.businessPhone, phoneType: 'office', smsSignInState: 'notSupported' } });
  }
  if (has(0.5)) {
    const phone = rnd.pick(['iPhone 15', 'Pixel 8', 'Galaxy S23', 'iPhone 13']);
    out.push({
      collection: 'microsoftAuthenticatorMethods',
      record: { id: rnd.guid(), displayName: phone, deviceTag: 'SoftwareTokenActivated', phoneAppVersion: rnd.pick(['6.2401.0119', '6.8.9', '6.2403.1672']), createdDateTime: when(rnd.int(300)) },
    });
  }
  if (has(0.1)) {
    const [model, aaGuid] = rnd.pick(FIDO2_MODELS);
    out.push({
      collection: 'fido2Methods',
      record: { id: rnd.guid().replace(/-/g, '').slice(0, 22) + '_' + rnd.int(1000), displayName: `${owner.displayName.split(' ')[0]}'s security key`, createdDateTime: when(rnd.int(200)), aaGuid, model, attestationCertificates: [], attestationLevel: 'attested' },
    });
  }
  if (has(0.15)) out.push({ collection: 'softwareOathMethods', record: { id: rnd.guid(), secretKey: null } });
  if (has(0.2)) {
    out.push({
      collection: 'windowsHelloForBusinessMethods',
      record: { id: rnd.guid().replace(/-/g, '').slice(0, 16) + 'WHfB', displayName: `DESKTOP-${rnd.int(0xfffff).toString(16).toUpperCase().padStart(5, '0')}`, createdDateTime: when(rnd.int(500)), keyStrength: 'normal' },
    });
  }
  if (profile === 'full') {
    const start = new Date(Date.now() - 3_600_000);
    out.push({ collection: 'temporaryAccessPassMethods', record: temporaryAccessPassRecord(rnd.guid(), start, 480, false, start) });
  }
  return out;
}

/** A TAP as GET returns it: the pass itself is null, usability follows from the clock. */
export function temporaryAccessPassRecord(id: string, start: Date, lifetimeInMinutes: number, isUsableOnce: boolean, created: Date): JsonObject & { id: string } {
  return {
    id,
    isUsable: null,
    methodUsabilityReason: null,
    temporaryAccessPass: null,
    createdDateTime: created.toISOString(),
    startDateTime: start.toISOString(),
    lifetimeInMinutes,
    isUsableOnce,
  };
}

/** Fills in isUsable and methodUsabilityReason for now. */
export function withTapUsability(record: JsonObject): JsonObject {
  const start = Date.parse(String(record['startDateTime']));
  const end = start + Number(record['lifetimeInMinutes']) * 60_000;
  const now = Date.now();
  const reason = now < start ? 'NotYetValid' : now >= end ? 'Expired' : 'EnabledByPolicy';
  return { ...record, isUsable: reason === 'EnabledByPolicy', methodUsabilityReason: reason };
}

/** What Graph reports as the system-preferred method for a set of methods. */
export function systemPreferredMethod(methods: StoredMethod[]): string | null {
  const has = (c: MethodCollection) => methods.some((m) => m.collection === c);
  if (has('fido2Methods')) return 'Fido2';
  if (has('microsoftAuthenticatorMethods')) return 'push';
  if (has('softwareOathMethods')) return 'oath';
  if (methods.some((m) => m.collection === 'phoneMethods' && m.record['phoneType'] === 'mobile')) return 'sms';
  return null;
}
