import { DAY_MS, directoryDateTime } from './dates';
import { guidFromWords, hashOf, permute32, unpermute32 } from './random';
import { DEPARTMENTS, GIVEN_NAMES, JOB_TITLES, LANGUAGES, OFFICES, SURNAMES, TENANT_DOMAIN } from './seed-data';
import type { UserRecord } from './user-directory';

const UPN_NUMBER = /^[a-z]+\.[a-z]+?(\d+)@contoso\.com$/i;
const BASE_CREATED = Date.UTC(2021, 0, 4);

/**
 * Users that exist only as a function of (seed, index): nothing is stored per user, so a tenant of
 * 500,000 costs no memory until a user is changed. The index is hidden in the first 8 hex digits of
 * the id (a keyed permutation) and in the number of the UPN, so both can be looked up directly.
 */
export class GeneratedUsers {
  private readonly key: number;

  constructor(
    readonly count: number,
    private readonly seed: number,
  ) {
    this.key = hashOf(seed, 0x5eed);
  }

  idOf(index: number): string {
    return guidFromWords(permute32(index, this.key), hashOf(this.seed, index, 1), hashOf(this.seed, index, 2), hashOf(this.seed, index, 3));
  }

  /** The index of a generated id, or -1. */
  indexOfId(id: string): number {
    if (!/^[0-9a-f]{8}-/i.test(id)) return -1;
    const index = unpermute32(parseInt(id.slice(0, 8), 16), this.key);
    return index < this.count && this.idOf(index) === id.toLowerCase() ? index : -1;
  }

  upnOf(index: number): string {
    const [given, surname] = this.names(index);
    return `${given.toLowerCase()}.${surname.toLowerCase()}${index + 1}@${TENANT_DOMAIN}`;
  }

  /** The index of a generated UPN (any case), or -1. */
  indexOfUpn(upn: string): number {
    const match = UPN_NUMBER.exec(upn);
    if (!match) return -1;
    const index = Number(match[1]) - 1;
    return index >= 0 && index < this.count && this.upnOf(index) === upn.toLowerCase() ? index : -1;
  }

  user(index: number): UserRecord {
    const h = hashOf(this.seed, index, 7);
    const [given, surname] = this.names(index);
    const upn = this.upnOf(index);
    const [office, city] = OFFICES[h % OFFICES.length] as readonly [string, string];
    const phone = (n: number) => `+1 425 555 ${String(n % 10000).padStart(4, '0')}`;
    const created = new Date(BASE_CREATED + (hashOf(this.seed, index, 8) % 1200) * DAY_MS + (h % DAY_MS));
    return {
      id: this.idOf(index),
      businessPhones: h % 5 === 0 ? [] : [phone(h >>> 3)],
      displayName: `${given} ${surname}`,
      givenName: given,
      jobTitle: JOB_TITLES[(h >>> 5) % JOB_TITLES.length] as string,
      mail: upn,
      mobilePhone: h % 3 === 0 ? null : `+1 206 555 ${String((h >>> 9) % 10000).padStart(4, '0')}`,
      officeLocation: office,
      preferredLanguage: LANGUAGES[(h >>> 13) % LANGUAGES.length] as string,
      surname,
      userPrincipalName: upn,
      accountEnabled: h % 23 !== 0,
      city,
      companyName: 'Contoso',
      country: 'United States',
      createdDateTime: directoryDateTime(created),
      department: DEPARTMENTS[(h >>> 17) % DEPARTMENTS.length] as string,
      employeeId: String(100000 + index),
      mailNickname: upn.slice(0, upn.indexOf('@')),
      usageLocation: 'US',
      userType: 'Member',
    };
  }

  /** Index of the generated manager of `index`, or -1 when it reports to the named root manager. */
  managerIndexOf(index: number): number {
    return index < 8 ? -1 : Math.floor(index / 8) - 1;
  }

  /** Indexes of the generated direct reports of `index` (or of the named root manager for -1). */
  reportIndexesOf(index: number): number[] {
    const first = index < 0 ? 0 : 8 * (index + 1);
    const out: number[] = [];
    for (let i = first; i < first + 8 && i < this.count; i++) out.push(i);
    return out;
  }

  private names(index: number): [string, string] {
    const h = hashOf(this.seed, index, 5);
    return [GIVEN_NAMES[h % GIVEN_NAMES.length] as string, SURNAMES[(h >>> 8) % SURNAMES.length] as string];
  }
}
