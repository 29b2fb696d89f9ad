import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../src/envelope';
import { UserInputError } from '../../src/errors';
import {
  AUTH_CODE_NEEDS_REDIRECT,
  BAD_THUMBPRINT,
  chooseFlow,
  HALF_A_CERTIFICATE,
  NO_CREDENTIALS,
  SESSION_STATE_IN_CODE,
} from '../../src/graph/auth-flow';
import { rebuildPem, toPkcs8Pem } from '../../src/graph/private-key';
import { Params } from '../../src/spec/params';
import { readCert } from './support';

const SHA1 = 'AC4BEBF3857153B74C4B9CD337298C755DE7F0D3';
const KEY = readCert('app-client.key');
const id = { creds_auth_id: { identifier: '', password: 'client' }, creds_tenant_id: { identifier: '', password: 'tenant' } };
const secret = { creds_enc_key: { identifier: '', password: 'the-secret' } };
const cert = { creds_certificate: { identifier: SHA1, password: KEY } };
const code = { creds_auth_code: { identifier: '', password: 'the-code' }, redirect_uri: 'https://localhost/app' };

function flowOf(params: Record<string, ParamValue>) {
  return chooseFlow(new Params(params));
}

describe('chooseFlow (SPEC.md §2.3): the first matching rule wins', () => {
  const chosen: Array<[string, Record<string, ParamValue>, string]> = [
    ['managed identity ignores every other credential', { use_managed_identities: 'TRUE', ...secret, ...code }, 'managed identity'],
    ['managed identity needs no tenant', { use_managed_identities: true }, 'managed identity'],
    ['authorization code with a secret', { ...id, ...secret, ...code }, 'authorization code'],
    ['authorization code with a certificate', { ...id, ...cert, ...code }, 'authorization code'],
    ['certificate beats a secret', { ...id, ...secret, ...cert }, 'certificate'],
    ['secret', { ...id, ...secret }, 'secret'],
    ['half a certificate with a secret is the secret flow', { ...id, ...secret, creds_certificate: { identifier: SHA1, password: '' } }, 'secret'],
    ['use_managed_identities "false" string', { use_managed_identities: 'False', ...id, ...secret }, 'secret'],
  ];
  it.each(chosen)('%s', (_name, params, flow) => {
    expect(flowOf(params).flow).toBe(flow);
  });

  it('user-assigned managed identity keeps its client id', () => {
    expect(flowOf({ use_managed_identities: true, managed_identities_client_id: { identifier: '', password: 'mi-client' } })).toEqual({
      flow: 'managed identity',
      clientId: 'mi-client',
    });
  });

  const refused: Array<[string, Record<string, ParamValue>, string]> = [
    ['code without redirect_uri', { ...id, ...secret, creds_auth_code: { identifier: '', password: 'c' } }, AUTH_CODE_NEEDS_REDIRECT],
    ['nothing set', { ...id }, NO_CREDENTIALS],
    ['only a thumbprint', { ...id, creds_certificate: { identifier: SHA1, password: '' } }, HALF_A_CERTIFICATE],
    ['only a private key', { ...id, private_key: KEY }, HALF_A_CERTIFICATE],
    ['no client id', { creds_tenant_id: id.creds_tenant_id, ...secret }, 'The ID / client ID parameter is required.'],
    ['no tenant', { creds_auth_id: id.creds_auth_id, ...secret }, 'The Token / Tenant ID parameter is required.'],
    ['a 39-character thumbprint', { ...id, creds_certificate: { identifier: SHA1.slice(1), password: KEY } }, BAD_THUMBPRINT],
    ['a non-hex thumbprint', { ...id, creds_certificate: { identifier: 'Z'.repeat(40), password: KEY } }, BAD_THUMBPRINT],
    ['session_state in the code', { ...id, ...secret, ...code, creds_auth_code: { identifier: '', password: 'abc&session_state=xyz' } }, SESSION_STATE_IN_CODE],
  ];
  it.each(refused)('refuses %s with its exact message', (_name, params, message) => {
    expect(() => flowOf(params)).toThrowError(new UserInputError(message));
  });

  it('thumbprints: spaces and colons stripped; 40 hex is SHA-1, 64 hex SHA-256', () => {
    const spaced = SHA1.match(/../g)?.join(' ') ?? '';
    const flow = flowOf({ ...id, creds_certificate: { identifier: spaced, password: KEY } });
    expect(flow.flow === 'certificate' && flow.credential.kind === 'certificate' && flow.credential.certificate).toMatchObject({
      thumbprint: SHA1,
      kind: 'sha1',
    });
    const long = flowOf({ ...id, creds_certificate: { identifier: 'ab:'.repeat(32).slice(0, -1), password: KEY } });
    expect(long.flow === 'certificate' && long.credential.kind === 'certificate' && long.credential.certificate.kind).toBe('sha256');
  });
});

describe('private keys', () => {
  it('rebuilds a PEM flattened onto one line', () => {
    const flat = KEY.trim().replace(/\n/g, ' ');
    expect(rebuildPem(flat)).toBe(KEY.endsWith('\n') ? KEY : `${KEY}\n`);
  });

  it('converts PKCS#1 and SEC1 keys to PKCS#8', () => {
    const pkcs1 = toPkcs8Pem(readCert('app-client.pkcs1.key'));
    expect(pkcs1.startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
    expect(createPrivateKey(pkcs1).export({ format: 'jwk' })).toEqual(createPrivateKey(KEY).export({ format: 'jwk' }));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect(sec1).toContain('BEGIN EC PRIVATE KEY');
    expect(toPkcs8Pem(sec1.replace(/\n/g, ' '))).toContain('BEGIN PRIVATE KEY');
  });

  it('takes the private key out of a bundle with the certificate, flattened or not', () => {
    const jwk = createPrivateKey(KEY).export({ format: 'jwk' });
    const certificate = readCert('app-client.crt');
    for (const bundle of [certificate + KEY, `${certificate}${KEY}`.replace(/\n/g, ' '), KEY + certificate]) {
      expect(createPrivateKey(toPkcs8Pem(bundle)).export({ format: 'jwk' })).toEqual(jwk);
    }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const withParameters = `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${sec1}`;
    expect(createPrivateKey(toPkcs8Pem(withParameters.replace(/\n/g, ' '))).export({ format: 'jwk' })).toEqual(
      privateKey.export({ format: 'jwk' }),
    );
  });

  it('a bundle with a certificate and no key is still refused', () => {
    expect(() => toPkcs8Pem(readCert('app-client.crt'))).toThrow(/^The Private Key could not be read: .+\.$/);
  });

  it('refuses an encrypted or unreadable key', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString();
    expect(() => toPkcs8Pem(encrypted)).toThrow(/^The Private Key could not be read: .+\.$/);
    expect(() => toPkcs8Pem('-----BEGIN PRIVATE KEY----- AAAA -----END PRIVATE KEY-----')).toThrow(
      /^The Private Key could not be read: .+\.$/,
    );
    expect(() => toPkcs8Pem('not a key')).toThrow(/^The Private Key could not be read: .+\.$/);
  });
});
