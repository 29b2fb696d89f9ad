import type { NoteEntry } from '../envelope';
import { accountEntity, entryContextKey, readableKey, toContextRecord, toReadableRecord } from './context';
import { note } from './entries';
import { tableToMarkdown } from './markdown';

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
 * A page of users (msgraph-user-list): MSGraphUser is a list with the `{NextPage}` record at
 * index 0, and Account lists one entity per user.
 */
export function userListNote(title: string, users: GraphRecord[], nextPage: string | undefined, metadata?: string): NoteEntry {
  const records = users.map(toContextRecord);
  return note({
    readable: tableToMarkdown(title, users, { removeNull: true, metadata, displayKey: readableKey }),
    contents: users,
    context: {
      [userContextKey]: [...(nextPage ? [{ NextPage: nextPage }] : []), ...records],
      [accountContextKey]: records.map(accountEntity),
    },
  });
}
