import type { NoteEntry } from '../envelope';
import { accountEntity, entryContextKey, readableKey, toContextRecord, toReadableRecord } from './context';
import { note } from './entries';
import { TableBuilder, tableToMarkdown } from './markdown';
import { defineSerialized, SerializedList } from './serialized';

type GraphRecord = Record<string, unknown>;

export const userContextKey = entryContextKey('MSGraphUser', ['ID']);
export const accountContextKey = entryContextKey('Account', ['ID']);

/** A Graph object without its `@odata.context`, the form `Contents` holds (SPEC.md §1.1). */
export function withoutODataContext(record: GraphRecord): GraphRecord {
  const { ['@odata.context']: _dropped, ...rest } = record;
  return rest;
}

/** One user (get, create, update): a table of its fields, MSGraphUser and its Account (SPEC.md §1.4, §3.2). */
export function userNote(title: string, user: GraphRecord): NoteEntry {
  const raw = withoutODataContext(user);
  const record = toContextRecord(raw);
  return note({
    readable: tableToMarkdown(title, toReadableRecord(raw), { removeNull: true }),
    contents: raw,
    context: { [userContextKey]: record, [accountContextKey]: accountEntity(record) },
  });
}

/**
 * The users of msgraph-user-list, built a page at a time (a whole tenant can be listed): each
 * page is serialised as it arrives and its objects let go. MSGraphUser is a list with the
 * `{NextPage}` record at index 0, and Account lists one entity per user.
 */
export class UserListBuilder {
  private readonly contents = new SerializedList();
  private readonly users = new SerializedList();
  private readonly accounts = new SerializedList();
  private readonly table = new TableBuilder({ removeNull: true, displayKey: readableKey });

  add(page: readonly GraphRecord[]): void {
    const records = page.map(toContextRecord);
    this.contents.add(page);
    this.users.add(records);
    this.accounts.add(records.map(accountEntity));
    this.table.add(page);
  }

  note(title: string, nextPage: string | undefined, metadata?: string): NoteEntry {
    if (nextPage) this.users.prepend({ NextPage: nextPage });
    const entry = note({ readable: this.table.render(title, metadata), contents: [] });
    defineSerialized(entry, 'Contents', this.contents);
    const context = {};
    defineSerialized(context, userContextKey, this.users);
    defineSerialized(context, accountContextKey, this.accounts);
    entry.EntryContext = context;
    return entry;
  }
}
