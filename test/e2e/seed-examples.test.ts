import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWarRoom } from '../../src/cli/war-room';
import type { NoteEntry } from '../../src/envelope';
import { EndToEnd } from './harness';

/**
 * The seed document's own `Command example` lines, played against the sandbox: the context they
 * produce carries the seed's context paths. The seed's placeholder ids are mapped to sandbox
 * objects; nothing else in a line is changed.
 */
const seed = readFileSync(new URL('../../../shared/seed/entra-id-users-integration.md', import.meta.url), 'utf8');

interface SeedCommand {
  name: string;
  examples: string[];
  paths: string[];
}

function seedCommands(): SeedCommand[] {
  const out: SeedCommand[] = [];
  let current: SeedCommand | undefined;
  let inOutputs = false;
  for (const line of seed.split('\n')) {
    const heading = /^(msgraph-[a-z0-9-]+)#$/.exec(line);
    if (heading) {
      current = { name: heading[1] as string, examples: [], paths: [] };
      out.push(current);
      inOutputs = false;
    } else if (current && line.startsWith('Context Output#')) inOutputs = true;
    else if (current && /^[A-Z][a-zA-Z ]+#$/.test(line)) inOutputs = false;
    else if (current && inOutputs && /^\| [A-Z]/.test(line) && !line.startsWith('| Path')) current.paths.push(line.split('|')[1]!.trim());
    else if (current && line.startsWith('!msgraph')) current.examples.push(line.replace(/"$/, line.split('"').length % 2 === 0 ? '' : '"'));
  }
  return out;
}

const played = seedCommands().filter((c) => c.examples.length > 0);
let e2e: EndToEnd;
let ids: Record<string, string>;

beforeAll(async () => {
  e2e = await EndToEnd.start();
  const tenant = e2e.sandbox.tenant;
  const adele = tenant.findUser('adele.vance@contoso.com')!;
  const tap = tenant.methodsOf(adele).find((m) => m.collection === 'temporaryAccessPassMethods');
  ids = {
    '123456-abcd-7890-erty-987qwe987': adele.id,
    '9627hp-sq12-b65m-4256h6h': tenant.findUser('miriam.graham@contoso.com')!.id,
    'r4y67u4-69nh-h671-a4bj8922': String(tap?.record.id),
  };
});
afterAll(async () => {
  await e2e?.close();
});

/** Every context path an entry writes, down to the first field of each record. */
function producedPaths(entry: NoteEntry): Set<string> {
  const paths = new Set<string>();
  const walk = (prefix: string, value: unknown): void => {
    for (const record of Array.isArray(value) ? value : [value]) {
      if (!record || typeof record !== 'object') continue;
      for (const [key, inner] of Object.entries(record as Record<string, unknown>)) {
        paths.add(`${prefix}.${key}`);
        if (inner && typeof inner === 'object') walk(`${prefix}.${key}`, inner);
      }
    }
  };
  for (const [key, value] of Object.entries(entry.EntryContext)) walk(key.replace(/\(.*$/, ''), value);
  return paths;
}

describe("the seed's examples against the sandbox", () => {
  it.each(played.map((c) => [c.name, c] as const))('%s', async (_name, command) => {
    for (const example of command.examples) {
      e2e.sandbox.reset();
      const { command: name, args } = parseWarRoom(example);
      // The seed's placeholder user has reports only where the command is about reports.
      const mapping = name === 'msgraph-direct-reports' ? { ...ids, '123456-abcd-7890-erty-987qwe987': ids['9627hp-sq12-b65m-4256h6h'] as string } : ids;
      const mapped = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, mapping[v] ?? v]));
      const run = await e2e.run(name, mapped);
      // The seed's on-premise example resets to "123456", which the tenant's password policy refuses.
      const expectedExit = name === 'msgraph-user-change-password-on-premise' ? 1 : 0;
      expect(run.status, `${example}\n${run.stdout.slice(0, 600)}`).toBe(expectedExit);
      const notes = run.result.entries.filter((e): e is NoteEntry => e.Type === 1);
      const produced = new Set(notes.flatMap((n) => [...producedPaths(n)]));
      // NextPage appears only when there are more pages than one; msgraph-user-list selects
      // id,displayName,jobTitle,mobilePhone,mail unless `properties` asks for more (SPEC.md §3.2).
      const listDefaults = ['ID', 'DisplayName', 'JobTitle', 'MobilePhone', 'Mail'].map((f) => `MSGraphUser.${f}`);
      const expected = command.paths.filter(
        (p) => !p.endsWith('.NextPage') && (name !== 'msgraph-user-list' || !p.startsWith('MSGraphUser.') || listDefaults.includes(p)),
      );
      expect(expected.filter((p) => !produced.has(p)), `seed paths missing from ${example}`).toEqual([]);
    }
  });
});
