import { badRequest } from './odata-error';
import { requireProperty, type EntityType } from './odata-filter';
import type { JsonObject } from './types';

/** `$search="displayName:adele" AND "mail:contoso"`: clauses joined by AND / OR (AND binds tighter). */
export type SearchNode = Array<Array<{ property: string; words: string[] }>>;

const CLAUSE = /\s*"([^"]*)"\s*/y;

export function parseSearch(text: string, type: EntityType): SearchNode {
  const groups: SearchNode = [[]];
  let at = 0;
  for (;;) {
    CLAUSE.lastIndex = at;
    const match = CLAUSE.exec(text);
    if (!match) throw badRequest(`Syntax error: the $search value must be one or more "property:text" clauses, got '${text}'.`);
    at = CLAUSE.lastIndex;
    const body = match[1] as string;
    const colon = body.indexOf(':');
    if (colon <= 0) throw badRequest(`Syntax error: character ':' is expected in the $search clause "${body}".`);
    const name = body.slice(0, colon).trim();
    const info = requireProperty(type, name);
    (groups[groups.length - 1] as Array<{ property: string; words: string[] }>).push({ property: info.name, words: tokens(body.slice(colon + 1)) });
    if (at >= text.length) return groups;
    const operator = /^(AND|OR)\b/.exec(text.slice(at));
    if (!operator) throw badRequest(`Syntax error: expected AND or OR after "${body}" in $search.`);
    at += (operator[0] as string).length;
    if (operator[0] === 'OR') groups.push([]);
  }
}

/** Directory search matches word prefixes, ignoring case. */
export function matchesSearch(node: SearchNode, record: JsonObject): boolean {
  return node.some((group) =>
    group.every((clause) => {
      const value = record[clause.property];
      const haystack = tokens(Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '');
      return clause.words.every((word) => haystack.some((token) => token.startsWith(word)));
    }),
  );
}

function tokens(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s.@_\-,;/]+/)
    .filter(Boolean);
}
