/**
 * A secret value. It prints as `***` in strings and util.inspect and as `{}` in plain JSON, so a
 * secret reaches the wire only through an explicit `reveal()` or `wireJson`.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value === '';
  }

  toString(): string {
    return '***';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret(***)';
  }
}

/** Every secret value seen in this process, so the output writer can prove none escaped. */
const known = new Set<string>();

/** Registers a secret value; values shorter than 4 characters are too common to scrub. */
export function registerSecret(value: string): void {
  if (value.length >= 4) known.add(value);
}

export function knownSecrets(): ReadonlySet<string> {
  return known;
}

/** Replaces every registered secret in `text` with `***` (the last line of defence). */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const value of known) {
    if (out.includes(value)) out = out.split(value).join('***');
    const json = JSON.stringify(value).slice(1, -1);
    if (json !== value && out.includes(json)) out = out.split(json).join('***');
  }
  return out;
}

/** Compact JSON for the wire: Secret values are revealed here and nowhere else. */
export function wireJson(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) => (value instanceof Secret ? value.reveal() : value));
}

/** Compact JSON for people (dry runs, logs): Secret values show as `********`. */
export function maskedJson(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) => (value instanceof Secret ? '********' : value));
}
