import type { NoteEntry } from '../envelope';
import { entryContextKey, readableKey, toContextRecord } from './context';
import { note } from './entries';
import { tableToMarkdown } from './markdown';

type GraphRecord = Record<string, unknown>;

/** How a list is wrapped in one context record, e.g. `MSGraphUserGroups` = `{ID, Groups:[…], NextPage?}`. */
export interface Wrapper {
  prefix: string;
  /** The wrapper's key field (`ID`, `Manager`) and its value, the user argument as given. */
  keyField: string;
  key: string;
  /** The field that holds the renamed records. */
  listField: string;
}

/**
 * A list of one user's related objects (groups, direct reports, sign-in methods): a table of
 * them, Contents as Graph sent them, and one wrapper record in context (SPEC.md §3.3).
 */
export function wrappedListNote(title: string, items: GraphRecord[], nextLink: string | undefined, metadata: string | undefined, wrapper: Wrapper): NoteEntry {
  const record = {
    [wrapper.keyField]: wrapper.key,
    [wrapper.listField]: items.map(toContextRecord),
    ...(nextLink ? { NextPage: nextLink } : {}),
  };
  return note({
    readable: tableToMarkdown(title, items, { removeNull: true, displayKey: readableKey, ...(metadata ? { metadata } : {}) }),
    contents: items,
    context: { [entryContextKey(wrapper.prefix, [wrapper.keyField])]: record },
  });
}
