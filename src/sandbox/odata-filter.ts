import { badRequest, noProperty } from './odata-error';
import type { PropertyInfo, PropertyType, SchemaProperties } from './openapi-check';
import type { JsonObject, JsonValue } from './types';

/** An entity type as far as queries care: its name and its properties (by lower-cased name). */
export interface EntityType {
  name: string;
  properties: SchemaProperties;
}

type Literal = string | number | boolean | null;
type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
type Test = { kind: 'cmp'; op: Comparison; value: Literal } | { kind: 'fn'; fn: 'startswith' | 'endswith'; value: string } | { kind: 'in'; values: Literal[] };

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; inner: FilterNode }
  | { kind: 'test'; property: string; test: Test }
  | { kind: 'any'; property: string; test: Test };

export interface ParsedFilter {
  node: FilterNode;
  /** Uses what Graph calls advanced query capabilities (needs ConsistencyLevel and $count). */
  advanced: boolean;
  /** The first property an advanced clause touches, for the error message. */
  advancedProperty?: string;
}

const EDM: Record<PropertyType, string> = {
  string: 'Edm.String',
  boolean: 'Edm.Boolean',
  integer: 'Edm.Int32',
  'date-time': 'Edm.DateTimeOffset',
  'array<string>': 'Collection(Edm.String)',
  object: 'Edm.ComplexType',
  'array<object>': 'Collection(Edm.ComplexType)',
};
const OPERATOR_KIND: Record<Comparison, string> = { eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual' };

const TOKEN = /\s*(?:('(?:[^']|'')*')|(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))|(-?\d+(?:\.\d+)?)(?![\w-])|([A-Za-z_$][\w$.]*(?:\/[A-Za-z_$][\w$.]*)*)|([(),:]))/y;

class Parser {
  private readonly tokens: string[] = [];
  private at = 0;
  advancedProperty: string | undefined;

  constructor(
    private readonly text: string,
    private readonly type: EntityType,
  ) {
    let position = 0;
    for (;;) {
      TOKEN.lastIndex = position;
      const match = TOKEN.exec(text);
      if (!match) break;
      this.tokens.push(match[0].trim());
      position = TOKEN.lastIndex;
    }
    const rest = text.slice(position).trim();
    if (rest !== '') throw this.syntax(`unexpected text '${rest}'`);
  }

  parse(): FilterNode {
    const node = this.or();
    if (this.at < this.tokens.length) throw this.syntax(`unexpected '${this.tokens[this.at]}'`);
    return node;
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.acceptWord('or')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): FilterNode {
    let left = this.unary();
    while (this.acceptWord('and')) left = { kind: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): FilterNode {
    if (this.acceptWord('not')) {
      const inner = this.unary();
      this.markAdvanced(firstProperty(inner));
      return { kind: 'not', inner };
    }
    if (this.accept('(')) {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    const word = this.next();
    const fn = word.toLowerCase();
    if (fn === 'startswith' || fn === 'endswith') {
      this.expect('(');
      const property = this.property(this.next());
      this.expect(',');
      const value = this.literal(property, 'Equal');
      this.expect(')');
      if (typeof value !== 'string') throw badRequest(`The '${fn}' function requires a string argument.`);
      if (fn === 'endswith') this.markAdvanced(property.name);
      return { kind: 'test', property: property.name, test: { kind: 'fn', fn, value } };
    }
    const anyAt = word.toLowerCase().lastIndexOf('/any');
    if (anyAt > 0 && word.length === anyAt + 4) return this.lambda(word.slice(0, anyAt));
    const property = this.property(word);
    return { kind: 'test', property: property.name, test: this.test(property) };
  }

  private lambda(name: string): FilterNode {
    const property = this.property(name);
    if (property.type !== 'array<string>') throw badRequest(`The 'any' operator can only be used on collections; '${property.name}' is not one.`);
    const element: PropertyInfo = { name: property.name, type: 'string', readOnly: false };
    this.expect('(');
    const variable = this.next();
    this.expect(':');
    let test: Test;
    if (this.acceptWord('startswith')) {
      this.expect('(');
      if (this.next() !== variable) throw this.syntax(`expected the range variable '${variable}'`);
      this.expect(',');
      const value = this.literal(element, 'Equal');
      this.expect(')');
      test = { kind: 'fn', fn: 'startswith', value: String(value) };
    } else {
      if (this.next() !== variable) throw this.syntax(`expected the range variable '${variable}'`);
      test = this.test(element);
    }
    this.expect(')');
    return { kind: 'any', property: property.name, test };
  }

  private test(property: PropertyInfo): Test {
    const op = this.next().toLowerCase();
    if (op === 'in') {
      this.expect('(');
      const values: Literal[] = [this.literal(property, 'In')];
      while (this.accept(',')) values.push(this.literal(property, 'In'));
      this.expect(')');
      return { kind: 'in', values };
    }
    if (!(op in OPERATOR_KIND)) throw this.syntax(`unknown operator '${op}'`);
    const comparison = op as Comparison;
    const value = this.literal(property, OPERATOR_KIND[comparison]);
    if (comparison !== 'eq' || value === null) this.markAdvanced(property.name);
    return { kind: 'cmp', op: comparison, value };
  }

  private property(name: string): PropertyInfo {
    return requireProperty(this.type, name);
  }

  private literal(property: PropertyInfo, operatorKind: string): Literal {
    const token = this.next();
    let value: Literal;
    let edm: string;
    if (token.startsWith("'")) [value, edm] = [token.slice(1, -1).replace(/''/g, "'"), 'Edm.String'];
    else if (/^(true|false)$/i.test(token)) [value, edm] = [token.toLowerCase() === 'true', 'Edm.Boolean'];
    else if (/^null$/i.test(token)) return null;
    else if (/^\d{4}-/.test(token)) [value, edm] = [token, 'Edm.DateTimeOffset'];
    else if (/^-?\d/.test(token)) [value, edm] = [Number(token), 'Edm.Int32'];
    else throw this.syntax(`expected a literal, found '${token}'`);
    const expected = property.type === 'array<string>' ? 'Edm.String' : EDM[property.type];
    const compatible = expected === edm || (expected === 'Edm.DateTimeOffset' && edm === 'Edm.String' && !Number.isNaN(Date.parse(String(value))));
    if (!compatible) {
      throw badRequest(`A binary operator with incompatible types was detected. Found operand types '${expected}' and '${edm}' for operator kind '${operatorKind}'.`);
    }
    return value;
  }

  private markAdvanced(property: string | undefined): void {
    this.advancedProperty ??= property ?? '';
  }

  private next(): string {
    const token = this.tokens[this.at++];
    if (token === undefined) throw this.syntax('unexpected end of expression');
    return token;
  }

  private accept(token: string): boolean {
    if (this.tokens[this.at] !== token) return false;
    this.at++;
    return true;
  }

  private acceptWord(word: string): boolean {
    if (this.tokens[this.at]?.toLowerCase() !== word) return false;
    this.at++;
    return true;
  }

  private expect(token: string): void {
    if (!this.accept(token)) throw this.syntax(`expected '${token}'`);
  }

  private syntax(detail: string) {
    return badRequest(`Invalid filter clause: ${detail} in '${this.text}'.`);
  }
}

function firstProperty(node: FilterNode): string | undefined {
  if ('left' in node) return firstProperty(node.left);
  if ('inner' in node) return firstProperty(node.inner);
  return node.property;
}

/** A property of the type; with no schema loaded every name is taken as a string property. */
export function requireProperty(type: EntityType, name: string): PropertyInfo {
  if (type.properties.size === 0) return { name, type: 'string', readOnly: false };
  const info = type.properties.get(name.toLowerCase());
  if (!info) throw noProperty(name, type.name);
  return info;
}

export function parseFilter(text: string, type: EntityType): ParsedFilter {
  const parser = new Parser(text, type);
  const node = parser.parse();
  const advanced = parser.advancedProperty !== undefined;
  return advanced ? { node, advanced, advancedProperty: parser.advancedProperty as string } : { node, advanced };
}

export function matchesFilter(node: FilterNode, record: JsonObject): boolean {
  switch (node.kind) {
    case 'and':
      return matchesFilter(node.left, record) && matchesFilter(node.right, record);
    case 'or':
      return matchesFilter(node.left, record) || matchesFilter(node.right, record);
    case 'not':
      return !matchesFilter(node.inner, record);
    case 'test':
      return passes(node.test, record[node.property] ?? null);
    case 'any': {
      const values = record[node.property];
      return Array.isArray(values) && values.some((v) => passes(node.test, v));
    }
  }
}

function passes(test: Test, actual: JsonValue): boolean {
  if (test.kind === 'fn') {
    if (typeof actual !== 'string') return false;
    const a = actual.toLowerCase();
    const v = test.value.toLowerCase();
    return test.fn === 'startswith' ? a.startsWith(v) : a.endsWith(v);
  }
  if (test.kind === 'in') return test.values.some((v) => compare(actual, v) === 0);
  const order = compare(actual, test.value);
  switch (test.op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order !== undefined && order > 0;
    case 'ge':
      return order !== undefined && order >= 0;
    case 'lt':
      return order !== undefined && order < 0;
    case 'le':
      return order !== undefined && order <= 0;
  }
}

/** Directory string comparisons ignore case; undefined means "not comparable" (e.g. null vs a value). */
function compare(actual: JsonValue, expected: Literal): number | undefined {
  if (actual === null || expected === null) return actual === expected ? 0 : undefined;
  if (typeof actual === 'string' && typeof expected === 'string') {
    const a = Date.parse(actual);
    const b = Date.parse(expected);
    if (/^\d{4}-\d{2}-\d{2}T/.test(actual) && !Number.isNaN(a) && !Number.isNaN(b)) return Math.sign(a - b);
    const x = actual.toLowerCase();
    const y = expected.toLowerCase();
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (typeof actual === typeof expected) return actual === expected ? 0 : (actual as number) < (expected as number) ? -1 : 1;
  return undefined;
}
