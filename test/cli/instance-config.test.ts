import { describe, expect, it } from 'vitest';
import { InvocationError, paramsFromEnv, parseConfig } from '../../src/cli/instance-config';

describe('instance parameters for exec', () => {
  it('reads YAML with credentials as {identifier, password} or a plain string', () => {
    const yaml = 'azure_cloud: Custom\ncreds_auth_id: abc\ncreds_certificate: {identifier: AB12, password: "-----BEGIN PRIVATE KEY-----"}\ninsecure: true\n';
    expect(parseConfig(yaml, 'i.yml')).toEqual({
      azure_cloud: 'Custom',
      creds_auth_id: 'abc',
      creds_certificate: { identifier: 'AB12', password: '-----BEGIN PRIVATE KEY-----' },
      insecure: true,
    });
  });

  it('reads JSON by extension, and an empty file as no params', () => {
    expect(parseConfig('{"proxy": "false"}', 'i.json')).toEqual({ proxy: 'false' });
    expect(parseConfig('', 'i.yml')).toEqual({});
  });

  it.each([
    ['a list', '- a\n- b\n', 'i.yml', 'i.yml must hold a map of parameter name to value.'],
    ['an unknown name', 'tenant: x\n', 'i.yml', "i.yml: unknown parameter 'tenant'. Run 'entra-users help params' for the names."],
    ['a nested value', 'host: {url: x}\n', 'i.yml', "i.yml: 'host' must be a string, a boolean, a number or {identifier, password}."],
    ['broken JSON', '{"host": ', 'i.json', /^i\.json is not valid JSON: /],
  ])('refuses %s', (_name, text, file, message) => {
    expect(() => parseConfig(text, file)).toThrow(InvocationError);
    expect(() => parseConfig(text, file)).toThrow(message);
  });

  it('reads ENTRA_USERS_<NAME> variables, with _IDENTIFIER for credentials', () => {
    const env = {
      ENTRA_USERS_AZURE_CLOUD: 'China',
      ENTRA_USERS_CREDS_AUTH_ID: 'client',
      ENTRA_USERS_CREDS_CERTIFICATE: 'pem',
      ENTRA_USERS_CREDS_CERTIFICATE_IDENTIFIER: 'thumb',
      ENTRA_USERS_HOST_IDENTIFIER: 'ignored: host is not a credential',
      ENTRA_USERS_DEBUG: '1',
      OTHER: 'x',
    };
    expect(paramsFromEnv(env)).toEqual({
      azure_cloud: 'China',
      creds_auth_id: 'client',
      creds_certificate: { identifier: 'thumb', password: 'pem' },
    });
  });
});
