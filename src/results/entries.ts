import { randomUUID } from 'node:crypto';
import type { ErrorEntry, NoteEntry } from '../envelope';

/** A note entry as XSOAR's CommandResults produces it (SPEC.md §1.1). */
export function note(options: { readable: string; contents?: unknown; context?: Record<string, unknown> }): NoteEntry {
  const contents = options.contents === undefined ? null : options.contents;
  return {
    Type: 1,
    ContentsFormat: typeof contents === 'string' ? 'text' : 'json',
    Contents: contents,
    HumanReadable: options.readable,
    ReadableContentsFormat: 'markdown',
    EntryContext: options.context ?? {},
    IgnoreAutoExtract: false,
    Note: false,
    Relationships: [],
    IndicatorTimeline: [],
  };
}

/** A note whose Contents and HumanReadable are the same text and that writes no context. */
export function textNote(text: string): NoteEntry {
  return note({ readable: text, contents: text });
}

/** Caps an error message at 50,000 characters (SPEC.md §1.10). */
export function errorEntry(message: string): ErrorEntry {
  return { Type: 4, ContentsFormat: 'text', Contents: message.slice(0, 50_000), EntryContext: null };
}

/** A file to attach; `run` writes the bytes to `<outputDir>/<FileID>` and emits the entry. */
export interface FileOutput {
  kind: 'file';
  name: string;
  data: Uint8Array;
}

export function fileOutput(name: string, data: Uint8Array): FileOutput {
  return { kind: 'file', name, data };
}

export function newFileId(): string {
  return randomUUID();
}
