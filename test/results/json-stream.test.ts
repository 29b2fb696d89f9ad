import { describe, expect, it } from 'vitest';
import { jsonPieces, writePieces } from '../../src/results/json-stream';
import { defineSerialized, SerializedList } from '../../src/results/serialized';

const values: Array<[string, unknown]> = [
  ['a result', { entries: [{ Type: 1, Contents: [{ a: 1 }, { b: 'x' }], EntryContext: { 'K(val.ID)': [{ ID: '1', N: null }] } }], integrationContext: {} }],
  ['undefined and functions in objects and arrays', { a: undefined, b: () => 1, c: [undefined, () => 1, 2], d: null }],
  ['dates and nested depth', { a: { b: { c: { d: { e: { f: new Date(0) } } } } } }],
  ['strings that need escaping', { 'k"ey': 'line\nbreak "quoted" \\ \u2028' }],
  ['empty containers', { a: [], b: {}, c: [[]] }],
  ['scalars', 'text'],
];

describe('jsonPieces', () => {
  it.each(values)('%s concatenates to JSON.stringify', (_name, value) => {
    expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value));
  });

  it('never splits a string value between pieces', () => {
    const big = Array.from({ length: 100 }, (_, i) => ({ id: String(i), secret: `s3cr3t-${i}` }));
    const pieces = [...jsonPieces({ entries: [{ Contents: big }] })];
    for (let i = 0; i < 100; i++) expect(pieces.some((p) => p.includes(`"s3cr3t-${i}"`))).toBe(true);
  });
});

describe('writePieces', () => {
  it('writes blocks of about the block size through the filter, waiting when the sink asks', async () => {
    const blocks: string[] = [];
    const write = (b: string) => (blocks.push(b) % 2 === 0 ? true : new Promise<void>((resolve) => setTimeout(resolve, 1)));
    await writePieces(['aaaa', 'bb', 'cccc', 'd', 'ee'], write, (b) => b.toUpperCase(), 5);
    expect(blocks).toEqual(['AAAABB', 'CCCCD', 'EE']);
  });
});

describe('jsonPieces on long lists', () => {
  it('pieces of a thousand records concatenate to JSON.stringify', () => {
    const records = Array.from({ length: 2500 }, (_, i) => (i % 7 === 0 ? undefined : { ID: String(i), n: i }));
    const value = { entries: [{ Contents: records, EntryContext: { 'X(val.ID && val.ID == obj.ID)': records } }] };
    const pieces = [...jsonPieces(value)];
    expect(pieces.join('')).toBe(JSON.stringify(value));
    expect(pieces.length).toBeLessThan(40);
  });
});

describe('serialised lists', () => {
  it('read as the parsed list, and are written from their text', () => {
    const list = new SerializedList();
    list.add([{ ID: '1' }, { ID: '2' }]);
    list.add([]);
    list.add([{ ID: '3', text: 'a "quoted" | value' }]);
    list.prepend({ NextPage: 'https://graph.microsoft.com/v1.0/users?$skiptoken=x' });
    const entry: Record<string, unknown> = { Type: 1 };
    defineSerialized(entry, 'Contents', list);
    const context: Record<string, unknown> = {};
    defineSerialized(context, 'MSGraphUser(val.ID && val.ID == obj.ID)', list);
    entry.EntryContext = context;
    const expected = [{ NextPage: 'https://graph.microsoft.com/v1.0/users?$skiptoken=x' }, { ID: '1' }, { ID: '2' }, { ID: '3', text: 'a "quoted" | value' }];
    expect(entry.Contents).toEqual(expected);
    expect(list.length).toBe(4);
    const written = [...jsonPieces({ entries: [entry] })].join('');
    expect(written).toBe(JSON.stringify({ entries: [entry] }));
    expect(JSON.parse(written)).toEqual({ entries: [{ Type: 1, Contents: expected, EntryContext: { 'MSGraphUser(val.ID && val.ID == obj.ID)': expected } }] });
  });

  it('an empty list is []', () => {
    const holder = {};
    defineSerialized(holder, 'Contents', new SerializedList());
    expect([...jsonPieces(holder)].join('')).toBe('{"Contents":[]}');
  });
});
