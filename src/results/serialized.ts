/**
 * Lists kept as JSON text. A listing of a whole tenant is serialised page by page while the next
 * page is on its way, and its objects are let go; the result writer then copies the text as it
 * is. The property holding such a list still reads as the parsed list, for code in this process
 * that looks at a result.
 */
export class SerializedList {
  private readonly parts: string[] = [];
  private count = 0;

  /** Appends records (serialised now). */
  add(records: readonly unknown[]): void {
    if (records.length === 0) return;
    this.parts.push(JSON.stringify(records).slice(1, -1));
    this.count += records.length;
  }

  /** Puts one record in front (the `{NextPage}` record, known only once the last page is in). */
  prepend(record: unknown): void {
    this.parts.unshift(JSON.stringify(record));
    this.count += 1;
  }

  get length(): number {
    return this.count;
  }

  /** The list's JSON in pieces, none of which splits a record. */
  *pieces(): Generator<string> {
    yield '[';
    for (let i = 0; i < this.parts.length; i++) yield i === 0 ? (this.parts[i] as string) : `,${this.parts[i]}`;
    yield ']';
  }

  parse(): unknown[] {
    return JSON.parse(`[${this.parts.join(',')}]`) as unknown[];
  }
}

const serialized = new WeakMap<object, Map<string, SerializedList>>();

/** Makes `holder[key]` read as the parsed list, and lets the writer take its text instead. */
export function defineSerialized(holder: object, key: string, list: SerializedList): void {
  Object.defineProperty(holder, key, { enumerable: true, configurable: true, get: () => list.parse() });
  let byKey = serialized.get(holder);
  if (!byKey) serialized.set(holder, (byKey = new Map()));
  byKey.set(key, list);
}

/** The serialised list behind `holder[key]`, if there is one. */
export function serializedAt(holder: object, key: string): SerializedList | undefined {
  return serialized.get(holder)?.get(key);
}
