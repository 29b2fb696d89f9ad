import { describe, expect, it } from 'vitest';
import {
  accountEntity,
  contextKey,
  entryContextKey,
  readableKey,
  toContextRecord,
} from '../../src/results/context';

describe('key renaming (SPEC.md §1.3)', () => {
  it.each([
    ['id', 'ID', 'ID'],
    ['businessPhones', 'Business Phones', 'BusinessPhones'],
    ['@odata.type', '@Odata.Type', '@Odata.Type'],
    ['deviceId', 'Device Id', 'DeviceId'],
    ['aaGuid', 'Aa Guid', 'AaGuid'],
    ['isMFA', 'Is M F A', 'IsMFA'],
    ['extension_ab12_costCenter', 'Extension_Ab12_Cost Center', 'Extension_Ab12_CostCenter'],
    ['displayName', 'Display Name', 'DisplayName'],
    ['userPrincipalName', 'User Principal Name', 'UserPrincipalName'],
    ['onPremisesSamAccountName', 'On Premises Sam Account Name', 'OnPremisesSamAccountName'],
    ['ID', 'I D', 'ID'],
  ])('%s → header %s, context key %s', (key, header, ctx) => {
    expect(readableKey(key)).toBe(header);
    expect(contextKey(key)).toBe(ctx);
  });

  it('renames top-level keys only, keeps order, drops @odata.context', () => {
    const record = toContextRecord({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
      id: '1',
      employeeOrgData: { costCenter: 'x' },
      displayName: 'A',
    });
    expect(Object.keys(record)).toEqual(['ID', 'EmployeeOrgData', 'DisplayName']);
    expect(record.EmployeeOrgData).toEqual({ costCenter: 'x' });
  });
});

describe('EntryContext keys (SPEC.md §1.6)', () => {
  it.each([
    ['MSGraphUser', ['ID'], 'MSGraphUser(val.ID && val.ID == obj.ID)'],
    [
      'MSGraphUser.ActionResult',
      ['User', 'Action'],
      'MSGraphUser.ActionResult(val.User && val.User == obj.User && val.Action && val.Action == obj.Action)',
    ],
    ['MSGraphUser.DryRun', [], 'MSGraphUser.DryRun'],
  ])('%s keyed by %j', (prefix, keys, expected) => {
    expect(entryContextKey(prefix, keys)).toBe(expected);
  });
});

describe('Account entity (SPEC.md §1.4)', () => {
  it('maps the renamed user record in order, missing fields null', () => {
    const account = accountEntity({ ID: '1', DisplayName: 'Adele', Mail: 'a@c.com', UserPrincipalName: 'a@c.com' });
    expect(JSON.stringify(account)).toBe(
      JSON.stringify({
        Type: 'Azure AD',
        DisplayName: 'Adele',
        Username: 'a@c.com',
        JobTitle: null,
        Email: { Address: 'a@c.com' },
        TelephoneNumber: null,
        ID: '1',
        Office: null,
      }),
    );
  });
});
