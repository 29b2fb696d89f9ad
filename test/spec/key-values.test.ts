import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseUserKeyValues, userPropertyType } from '../../src/spec/key-values';
import committedTypes from '../../src/spec/user-property-types.json';

// The shared reference sits next to the checkout; the committed JSON is what runs.
const reference = fileURLToPath(new URL('../../../shared/reference/graph-v1-subset.json', import.meta.url));

describe('user-property-types.json', () => {
  it.skipIf(!existsSync(reference))('equals the user property types of the Graph reference', () => {
    const subset = JSON.parse(readFileSync(reference, 'utf8')) as {
      schemas: Record<string, { properties: Record<string, { type: string }> }>;
    };
    const properties = subset.schemas['microsoft.graph.user']?.properties ?? {};
    const expected = Object.fromEntries(Object.entries(properties).map(([name, p]) => [name, p.type]));
    expect(committedTypes).toEqual(expected);
  });

  it('matches names ignoring case, and calls unknown names strings', () => {
    expect(userPropertyType('ACCOUNTENABLED')).toBe('boolean');
    expect(userPropertyType('extension_ab12_costCenter')).toBe('string');
  });
});

describe('parseUserKeyValues', () => {
  const ok: Array<[string, string, string, Record<string, unknown>]> = [
    ['plain string', 'displayName=John', ',', { displayName: 'John' }],
    ['several, trimmed', ' displayName = John , surname=Doe ', ',', { displayName: 'John', surname: 'Doe' }],
    ['first = splits', 'aboutMe=a=b=c', ',', { aboutMe: 'a=b=c' }],
    ['empty pieces skipped', ',,jobTitle=Boss,,', ',', { jobTitle: 'Boss' }],
    ['empty value clears', 'jobTitle=', ',', { jobTitle: null }],
    ['later value wins', 'city=A,city=B', ',', { city: 'B' }],
    ['later spelling wins ignoring case', 'city=A,City=B', ',', { City: 'B' }],
    ['key sent as typed', 'MobilePhone=050123456', ',', { MobilePhone: '050123456' }],
    ['boolean any case', 'accountEnabled=FALSE,showInAddressList=True', ',', { accountEnabled: false, showInAddressList: true }],
    ['integer', 'deviceEnrollmentLimit=15', ',', { deviceEnrollmentLimit: 15 }],
    ['array<string> single', 'businessPhones=+1 425 555 0100', ',', { businessPhones: ['+1 425 555 0100'] }],
    ['array<string> split with another delimiter', 'otherMails=a@x.com, b@x.com;city=X', ';', { otherMails: ['a@x.com', 'b@x.com'], city: 'X' }],
    ['array<string> JSON text', 'skills=["a,b","c"]', ';', { skills: ['a,b', 'c'] }],
    ['object', 'employeeOrgData={"division":"R&D"}', ';', { employeeOrgData: { division: 'R&D' } }],
    ['array<object> JSON text', 'identities=[{"signInType":"emailAddress"}]', ';', { identities: [{ signInType: 'emailAddress' }] }],
    ['date-time stays a string', 'employeeHireDate=2025-01-01T00:00:00Z', ',', { employeeHireDate: '2025-01-01T00:00:00Z' }],
    ['extension attribute is a string', 'extension_ab12_costCenter=42', ',', { extension_ab12_costCenter: '42' }],
    ['multi-character literal delimiter', 'city=a.b||state=c', '||', { city: 'a.b', state: 'c' }],
  ];

  it.each(ok)('%s', (_name, text, delimiter, expected) => {
    expect(parseUserKeyValues(text, delimiter, 'updated_fields')).toEqual(expected);
  });

  it('treats a regex-looking delimiter literally', () => {
    expect(parseUserKeyValues('city=X.state=Y', '.', 'updated_fields')).toEqual({ city: 'X', state: 'Y' });
  });

  const bad: Array<[string, string, string]> = [
    ['no =', 'displayName', "Invalid updated_fields entry 'displayName': expected key=value."],
    ['empty key', ' =John', "Invalid updated_fields entry '=John': expected key=value."],
    ['bad boolean', 'accountEnabled=yes', "Invalid value for accountEnabled in updated_fields: expected true or false, got 'yes'."],
    ['bad integer', 'deviceEnrollmentLimit=1.5', "Invalid value for deviceEnrollmentLimit in updated_fields: expected a whole number, got '1.5'."],
    ['bad object', 'passwordProfile=[1]', 'Invalid value for passwordProfile in updated_fields: expected a JSON object.'],
    ['bad array of objects', 'identities=abc', 'Invalid value for identities in updated_fields: expected a JSON array.'],
  ];

  it.each(bad)('rejects %s', (_name, text, message) => {
    expect(() => parseUserKeyValues(text, ',', 'updated_fields')).toThrow(message);
  });
});
