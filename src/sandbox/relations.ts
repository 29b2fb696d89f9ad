import { DAY_MS, directoryDateTime } from './dates';
import type { GeneratedUsers } from './generated-users';
import { guidFromWords, hashOf, SeededRandom } from './random';
import { DEVICE_MODELS, GROUPS, TENANT_DOMAIN } from './seed-data';
import type { JsonObject } from './types';
import type { UserDirectory, UserRecord } from './user-directory';

const GLOBAL_ADMIN_ROLE: JsonObject = {
  '@odata.type': '#microsoft.graph.directoryRole',
  deletedDateTime: null,
  description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
  displayName: 'Global Administrator',
  roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
};

/**
 * Managers, group memberships and owned devices. Named users have theirs written down; generated
 * users derive theirs from their index, so nothing is stored until a manager is changed.
 */
export class Relations {
  private readonly groups: JsonObject[];
  /** Group indexes per named user id. */
  private readonly namedGroups = new Map<string, number[]>();
  private readonly namedDevices = new Map<string, JsonObject[]>();
  private readonly namedManager = new Map<string, string>();
  private readonly managerChanges = new Map<string, string | null>();
  private readonly roles = new Map<string, JsonObject[]>();
  private readonly rootManagerId: string;

  constructor(
    private readonly directory: UserDirectory,
    private readonly generated: GeneratedUsers,
    private readonly seed: number,
    named: ReadonlyMap<string, UserRecord>,
    managers: ReadonlyMap<string, string>,
    rootManagerKey: string,
    privileged: readonly string[],
  ) {
    const rnd = new SeededRandom(hashOf(seed, 0x6709));
    this.rootManagerId = (named.get(rootManagerKey) as UserRecord).id;
    for (const [userKey, managerKey] of managers) {
      this.namedManager.set((named.get(userKey) as UserRecord).id, (named.get(managerKey) as UserRecord).id);
    }
    this.groups = GROUPS.map((g) => groupRecord(rnd, g.displayName, g.description, g.unified));
    GROUPS.forEach((g, gi) => {
      const keys = g.members.includes('*') ? [...named.keys()] : g.members;
      for (const key of keys) {
        const id = (named.get(key) as UserRecord).id;
        this.namedGroups.set(id, [...(this.namedGroups.get(id) ?? []), gi]);
      }
    });
    for (const user of named.values()) {
      const devices: JsonObject[] = [];
      for (let k = 0, n = 1 + rnd.int(2); k < n; k++) devices.push(deviceRecord(rnd.guid(), rnd.guid(), user, rnd.int(1 << 30)));
      this.namedDevices.set(user.id, devices);
    }
    for (const key of privileged) {
      this.roles.set((named.get(key) as UserRecord).id, [{ id: rnd.guid(), ...GLOBAL_ADMIN_ROLE }]);
    }
  }

  isPrivileged(user: UserRecord): boolean {
    return this.roles.has(user.id);
  }

  managerOf(user: UserRecord): UserRecord | undefined {
    const id = this.managerIdOf(user.id);
    return id ? this.directory.find(id) : undefined;
  }

  setManager(user: UserRecord, manager: UserRecord | null): void {
    this.managerChanges.set(user.id, manager ? manager.id : null);
  }

  directReportsOf(manager: UserRecord): UserRecord[] {
    const candidates = new Set<string>();
    for (const [userId, managerId] of this.namedManager) if (managerId === manager.id) candidates.add(userId);
    const index = this.directory.generatedIndexOf(manager);
    if (index >= 0 || manager.id === this.rootManagerId) {
      for (const i of this.generated.reportIndexesOf(index)) candidates.add(this.generated.idOf(i));
    }
    for (const [userId, managerId] of this.managerChanges) if (managerId === manager.id) candidates.add(userId);
    const out: UserRecord[] = [];
    for (const id of candidates) {
      const user = this.managerIdOf(id) === manager.id ? this.directory.find(id) : undefined;
      if (user) out.push(user);
    }
    return out;
  }

  memberOf(user: UserRecord): JsonObject[] {
    const index = this.directory.generatedIndexOf(user);
    let groupIndexes: number[];
    if (index >= 0) {
      const h = hashOf(this.seed, index, 21);
      groupIndexes = [0, ...new Set([1 + (h % 8), 1 + ((h >>> 4) % 8)])].slice(0, 1 + ((h >>> 8) % 3));
    } else {
      groupIndexes = this.namedGroups.get(user.id) ?? [0];
    }
    return [...groupIndexes.map((gi) => this.groups[gi] as JsonObject), ...(this.roles.get(user.id) ?? [])];
  }

  ownedDevicesOf(user: UserRecord): JsonObject[] {
    const named = this.namedDevices.get(user.id);
    if (named) return named;
    const index = this.directory.generatedIndexOf(user);
    if (index < 0) return [];
    const h = hashOf(this.seed, index, 31);
    const devices: JsonObject[] = [];
    for (let k = 0; k < h % 3; k++) {
      const id = guidFromWords(hashOf(h, k, 1), hashOf(h, k, 2), hashOf(h, k, 3), hashOf(h, k, 4));
      const deviceId = guidFromWords(hashOf(h, k, 5), hashOf(h, k, 6), hashOf(h, k, 7), hashOf(h, k, 8));
      devices.push(deviceRecord(id, deviceId, user, hashOf(h, k, 9)));
    }
    return devices;
  }

  private managerIdOf(userId: string): string | null {
    const changed = this.managerChanges.get(userId);
    if (changed !== undefined) return changed;
    const named = this.namedManager.get(userId);
    if (named) return named;
    const index = this.generated.indexOfId(userId);
    if (index < 0) return null;
    const managerIndex = this.generated.managerIndexOf(index);
    return managerIndex < 0 ? this.rootManagerId : this.generated.idOf(managerIndex);
  }
}

function groupRecord(rnd: SeededRandom, displayName: string, description: string, unified: boolean): JsonObject {
  const nickname = displayName.replace(/[^A-Za-z0-9]/g, '');
  return {
    '@odata.type': '#microsoft.graph.group',
    id: rnd.guid(),
    deletedDateTime: null,
    classification: null,
    createdDateTime: directoryDateTime(Date.UTC(2020, 5, 1) + rnd.int(400) * DAY_MS),
    description,
    displayName,
    groupTypes: unified ? ['Unified'] : [],
    mail: unified ? `${nickname}@${TENANT_DOMAIN}` : null,
    mailEnabled: unified,
    mailNickname: nickname,
    securityEnabled: !unified,
    visibility: unified ? 'Public' : null,
  };
}

function deviceRecord(id: string, deviceId: string, owner: UserRecord, h: number): JsonObject {
  const [os, version, manufacturer, model, trustType] = DEVICE_MODELS[h % DEVICE_MODELS.length] as (typeof DEVICE_MODELS)[number];
  const given = String(owner['givenName'] ?? owner['displayName'] ?? 'User');
  const displayName = os === 'Windows' ? `DESKTOP-${(h >>> 4).toString(36).toUpperCase().slice(0, 7)}` : `${given}'s ${model}`;
  const registered = directoryDateTime(Date.UTC(2023, 0, 1) + ((h >>> 3) % 600) * DAY_MS);
  return {
    '@odata.type': '#microsoft.graph.device',
    id,
    deletedDateTime: null,
    accountEnabled: true,
    approximateLastSignInDateTime: registered,
    deviceId,
    deviceOwnership: os === 'Windows' || os === 'MacMDM' ? 'Company' : 'Personal',
    displayName,
    isCompliant: h % 4 !== 0,
    isManaged: os !== 'Android',
    manufacturer,
    model,
    operatingSystem: os,
    operatingSystemVersion: version,
    profileType: 'RegisteredDevice',
    registrationDateTime: registered,
    trustType,
  };
}
