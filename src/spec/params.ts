import type { ParamValue } from '../envelope';
import { UserInputError } from '../errors';
import { Secret, registerSecret } from '../secret';
import { paramSpec } from './integration';

/** Secret params (SPEC.md §1.11): their password part (or plain value) never leaves as text. */
const secretParams = new Set(['creds_enc_key', 'creds_certificate', 'creds_auth_code', 'enc_key', 'private_key', 'auth_code']);

function credentialPart(value: ParamValue | undefined, part: 'identifier' | 'password'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') {
    const text = value[part];
    return typeof text === 'string' && text.trim() !== '' ? text : undefined;
  }
  if (part === 'identifier') return undefined;
  const text = String(value);
  return text.trim() === '' ? undefined : text;
}

/** The instance configuration, read by name with the defaults of integration.yml. */
export class Params {
  constructor(private readonly raw: Record<string, ParamValue>) {
    for (const name of secretParams) {
      const value = credentialPart(raw[name], 'password');
      if (value !== undefined) registerSecret(value);
    }
  }

  /** A text param (trimmed), or its default; undefined when empty. */
  text(name: string): string | undefined {
    if (secretParams.has(name)) throw new Error(`param ${name} is secret: read it with secret()`);
    const value = this.raw[name] ?? (paramSpec(name)?.defaultvalue as ParamValue | undefined);
    if (value === undefined || value === null || typeof value === 'object') return undefined;
    const text = String(value).trim();
    return text === '' ? undefined : text;
  }

  /** A text param as sent (trimmed), without the default: undefined when absent or empty. */
  explicitText(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || typeof value === 'object') return undefined;
    const text = String(value).trim();
    return text === '' ? undefined : text;
  }

  /** A checkbox: a boolean or `"true"`/`"false"` in any case; absent or empty takes its default. */
  bool(name: string): boolean {
    let value = this.raw[name];
    if (value === undefined || value === null || value === '') value = paramSpec(name)?.defaultvalue as ParamValue;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string') {
      const lower = value.trim().toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false' || lower === '') return false;
      throw new UserInputError(`Invalid value '${value}' for parameter '${name}': expected true or false.`);
    }
    return false;
  }

  /** The identifier part of a type-9 credential (a certificate thumbprint). */
  identifier(name: string): string | undefined {
    return credentialPart(this.raw[name], 'identifier')?.trim();
  }

  /** The password part of a non-secret type-9 param (client id, tenant id), or a plain string. */
  credential(name: string, legacy?: string): string | undefined {
    const value = credentialPart(this.raw[name], 'password') ?? (legacy ? credentialPart(this.raw[legacy], 'password') : undefined);
    return value?.trim();
  }

  /** A secret param, `creds_*` winning over its legacy twin; not trimmed. */
  secret(name: string, legacy?: string): Secret | undefined {
    const value = credentialPart(this.raw[name], 'password') ?? (legacy ? credentialPart(this.raw[legacy], 'password') : undefined);
    return value === undefined ? undefined : new Secret(value);
  }
}
