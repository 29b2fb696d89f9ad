import type { GeneratedUsers } from './generated-users';
import type { JsonObject } from './types';

export type UserRecord = JsonObject & { id: string; userPrincipalName: string };

/**
 * All users in one list order: named users, then generated ones, then those created at run time.
 * A position in that order is what a paging token remembers; deleted users leave a hole, so
 * positions never shift while someone pages.
 */
export class UserDirectory {
  private readonly named: Array<UserRecord | null>;
  private readonly created: Array<UserRecord | null> = [];
  private readonly byId = new Map<string, UserRecord>();
  private readonly byUpn = new Map<string, UserRecord>();
  /** Generated users that were changed (the record) or deleted (null). */
  private readonly changedGenerated = new Map<number, UserRecord | null>();
  private deletedCount = 0;
  /** Bumped on every change, so cached counts and orderings know when they are stale. */
  version = 0;

  constructor(
    named: UserRecord[],
    readonly generated: GeneratedUsers,
  ) {
    this.named = [...named];
    for (const user of named) this.index(user);
  }

  get size(): number {
    return this.named.length + this.generated.count + this.created.length - this.deletedCount;
  }

  /** One past the last position. */
  get end(): number {
    return this.named.length + this.generated.count + this.created.length;
  }

  at(position: number): UserRecord | null {
    if (position < this.named.length) return this.named[position] ?? null;
    const index = position - this.named.length;
    if (index < this.generated.count) {
      const changed = this.changedGenerated.get(index);
      return changed === undefined ? this.generated.user(index) : changed;
    }
    return this.created[index - this.generated.count] ?? null;
  }

  /** Looks a user up by object id or by user principal name (ignoring case). */
  find(key: string): UserRecord | undefined {
    const lower = key.toLowerCase();
    const known = this.byId.get(lower) ?? this.byUpn.get(lower);
    if (known) return known;
    const index = lower.includes('@') ? this.generated.indexOfUpn(lower) : this.generated.indexOfId(lower);
    if (index < 0 || this.changedGenerated.has(index)) return undefined;
    return this.generated.user(index);
  }

  /** The generated index of a user, or -1 for named and created users. */
  generatedIndexOf(user: UserRecord): number {
    return this.generated.indexOfId(user.id);
  }

  add(user: UserRecord): void {
    this.created.push(user);
    this.index(user);
    this.version++;
  }

  /** Applies changed properties; the caller has validated them. */
  update(user: UserRecord, changes: JsonObject): UserRecord {
    let target = this.byId.get(user.id.toLowerCase());
    if (!target) {
      // A generated user is written down the first time it changes.
      target = { ...user };
      this.changedGenerated.set(this.generatedIndexOf(user), target);
      this.index(target);
    }
    const oldUpn = target.userPrincipalName.toLowerCase();
    Object.assign(target, changes);
    if (target.userPrincipalName.toLowerCase() !== oldUpn) {
      this.byUpn.delete(oldUpn);
      this.byUpn.set(target.userPrincipalName.toLowerCase(), target);
    }
    this.version++;
    return target;
  }

  remove(user: UserRecord): void {
    const id = user.id.toLowerCase();
    this.byId.delete(id);
    this.byUpn.delete(user.userPrincipalName.toLowerCase());
    const index = this.generatedIndexOf(user);
    if (index >= 0) this.changedGenerated.set(index, null);
    else {
      for (const list of [this.named, this.created]) {
        const at = list.findIndex((u) => u?.id.toLowerCase() === id);
        if (at >= 0) list[at] = null;
      }
    }
    this.deletedCount++;
    this.version++;
  }

  isUpnTaken(upn: string, exceptId?: string): boolean {
    const found = this.find(upn);
    return found !== undefined && found.id !== exceptId;
  }

  private index(user: UserRecord): void {
    this.byId.set(user.id.toLowerCase(), user);
    this.byUpn.set(user.userPrincipalName.toLowerCase(), user);
  }
}
