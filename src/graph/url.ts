import { UserInputError } from '../errors';

/** encodeURIComponent plus `!'()*` (SPEC.md §1.8). */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One path segment for a user, manager, method or policy id. */
export function idSegment(value: string): string {
  if (value === '.' || value === '..') throw new UserInputError(`Invalid user '${value}'.`);
  return encodeSegment(value);
}

/**
 * The `/users/{user}` segment: a value starting with `$` uses the key-predicate form
 * `users('<value>')`, where only the value (its quotes doubled) is encoded (SPEC.md §1.8).
 */
export function userSegment(user: string): string {
  if (user.startsWith('$')) return `users('${encodeSegment(user.replace(/'/g, "''"))}')`;
  return `users/${idSegment(user)}`;
}

/**
 * A Graph path from a template: every interpolated value is encoded as one segment, so user
 * input never meets a URL by concatenation. `graphPath\`/users/${u}/manager\`` also applies the
 * `$`-prefix rule to a value that directly follows `/users/`.
 */
export function graphPath(strings: TemplateStringsArray, ...values: string[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    if (out.endsWith('/users/') && value.startsWith('$')) out = `${out.slice(0, -'users/'.length)}${userSegment(value)}`;
    else out += idSegment(value);
    out += strings[i + 1] ?? '';
  });
  return out;
}

export type Query = Record<string, string | number | boolean | undefined>;

/** `?a=b&c=d` with names and values through encodeURIComponent; undefined values are left out. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The origin (scheme, host, port) of a URL, as `https://host[:port]`. */
export function originOf(url: string): string {
  return new URL(url).origin;
}

/**
 * The same-origin guard (SPEC.md §1.7): a link is followed only when it is an absolute http(s)
 * URL on the configured Graph origin. `what` is `next_page` or `a link`.
 */
export function assertSameOrigin(link: string, graphOrigin: string, what: 'next_page' | 'a link'): URL {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    if (what === 'next_page') throw new UserInputError(`Argument 'next_page' is not a valid URL.`);
    throw new UserInputError(`Refusing to follow a link to ${link}: it is not the configured Graph host ${graphOrigin}.`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== originOf(graphOrigin)) {
    const origin = url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : `${url.protocol}//${url.host}`;
    throw new UserInputError(
      `Refusing to follow ${what} to ${origin}: it is not the configured Graph host ${originOf(graphOrigin)}.`,
    );
  }
  return url;
}
