/**
 * The result as a sequence of JSON pieces, so a listing of a whole tenant is written as it is
 * serialised instead of as one string of tens of megabytes. The top levels (result, entries,
 * entry, EntryContext and the lists in them) are walked; each record below them is one piece, so
 * no string value is ever split between pieces. Concatenated, the pieces equal JSON.stringify(value).
 */
import { serializedAt } from './serialized';

const RECORDS_PER_PIECE = 1000;

export function* jsonPieces(value: unknown, depth = 0): Generator<string> {
  const walked = Array.isArray(value) ? depth <= 4 : depth <= 3;
  if (!walked || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    if (depth >= 3) {
      // The records of a list: a thousand to a piece (one JSON.stringify call per record is slow).
      for (let i = 0; i < value.length; i += RECORDS_PER_PIECE) {
        yield `${i > 0 ? ',' : ''}${JSON.stringify(value.slice(i, i + RECORDS_PER_PIECE)).slice(1, -1)}`;
      }
    } else {
      for (let i = 0; i < value.length; i++) {
        if (i > 0) yield ',';
        const item: unknown = value[i];
        // Array holes, functions and undefined read as null, as JSON.stringify has them.
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
        else yield* jsonPieces(item, depth + 1);
      }
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const text = serializedAt(value, key);
    const item: unknown = text ? undefined : (value as Record<string, unknown>)[key];
    if (!text && (item === undefined || typeof item === 'function' || typeof item === 'symbol')) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (text) yield* text.pieces();
    else yield* jsonPieces(item, depth + 1);
  }
  yield '}';
}

/**
 * Writes pieces in blocks of about `blockSize` characters, each passed through `filter`, waiting
 * whenever the sink asks to (a slow reader of a pipe), so memory stays bounded by one block.
 */
export async function writePieces(
  pieces: Iterable<string>,
  write: (block: string) => boolean | Promise<void>,
  filter: (block: string) => string,
  blockSize = 1 << 20,
): Promise<void> {
  let block = '';
  for (const piece of pieces) {
    block += piece;
    if (block.length >= blockSize) {
      await write(filter(block));
      block = '';
    }
  }
  if (block !== '') await write(filter(block));
}
