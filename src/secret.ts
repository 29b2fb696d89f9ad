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
let pattern: RegExp | undefined;

/** Registers a secret value; values shorter than 4 characters are too common to scrub. */
export function registerSecret(value: string): void {
  if (value.length < 4 || known.has(value)) return;
  known.add(value);
  pattern = undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces every registered secret in `text` (also as JSON-escaped) with `***`, in one pass. */
export function scrubSecrets(text: string): string {
  if (known.size === 0) return text;
  if (!pattern) {
    const forms = new Set<string>();
    for (const value of known) {
      forms.add(value);
      forms.add(JSON.stringify(value).slice(1, -1));
    }
    // Longest first, so a secret that contains another is replaced whole.
    pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  }
  return text.replace(pattern, '***');
}

/** Compact JSON for the wire: Secret values are revealed here and nowhere else. */
export function wireJson(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) => (value instanceof Secret ? value.reveal() : value));
}

/** Compact JSON for people (dry runs, logs): Secret values show as `********`. */
export function maskedJson(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) => (value instanceof Secret ? '********' : value));
}
