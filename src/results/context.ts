/** Key renaming (SPEC.md §1.3), context keys (§1.6) and the Account entity (§1.4). */
type Row = Record<string, unknown>;

function isCased(c: string): boolean {
  return c.toLowerCase() !== c.toUpperCase();
}

/** Python's str.title(): a cased character after a cased one is lowercased, others uppercased. */
function pythonTitle(text: string): string {
  let out = '';
  let previousCased = false;
  for (const c of text) {
    if (isCased(c)) {
      out += previousCased ? c.toLowerCase() : c.toUpperCase();
      previousCased = true;
    } else {
      out += c;
      previousCased = false;
    }
  }
  return out;
}

function renameKey(key: string): string {
  if (key === 'id') return 'ID';
  const spaced = key.replace(/[A-Z]/g, (c) => ` ${c}`);
  const words = spaced.split(/\s+/).filter((w) => w !== '');
  return pythonTitle(words.join(' ').trim());
}

// The same few keys repeat on every record of a listing: rename each once per process.
const readableKeys = new Map<string, string>();
const contextKeys = new Map<string, string>();

/** `businessPhones` → `Business Phones`, `id` → `ID`, `@odata.type` → `@Odata.Type`. */
export function readableKey(key: string): string {
  let renamed = readableKeys.get(key);
  if (renamed === undefined) readableKeys.set(key, (renamed = renameKey(key)));
  return renamed;
}

/** The context key: the readable key without spaces (`BusinessPhones`). */
export function contextKey(key: string): string {
  let renamed = contextKeys.get(key);
  if (renamed === undefined) contextKeys.set(key, (renamed = readableKey(key).replace(/ /g, '')));
  return renamed;
}

function renameTopLevel(record: Row, rename: (key: string) => string): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === '@odata.context') continue;
    out[rename(key)] = value;
  }
  return out;
}

export function toContextRecord(record: Row): Row {
  return renameTopLevel(record, contextKey);
}

export function toReadableRecord(record: Row): Row {
  return renameTopLevel(record, readableKey);
}

/** `Prefix(val.K && val.K == obj.K)`; several keys joined by ` && `; plain `Prefix` with none. */
export function entryContextKey(prefix: string, keys: readonly string[] = []): string {
  if (keys.length === 0) return prefix;
  return `${prefix}(${keys.map((k) => `val.${k} && val.${k} == obj.${k}`).join(' && ')})`;
}

/** The Account entity of one renamed user record. */
export function accountEntity(user: Row): Row {
  const get = (key: string) => (user[key] === undefined ? null : user[key]);
  return {
    Type: 'Azure AD',
    DisplayName: get('DisplayName'),
    Username: get('UserPrincipalName'),
    JobTitle: get('JobTitle'),
    Email: { Address: get('Mail') },
    TelephoneNumber: get('MobilePhone'),
    ID: get('ID'),
    Office: get('OfficeLocation'),
  };
}
