import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobReader, configure, TextWriter, ZipReader } from '@zip.js/zip.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entry, FileEntry, NoteEntry } from '../../src/envelope';
import { setLogSink } from '../../src/log';
import { GRAPH, graph, onlyError, onlyNote, runCommand, secretParams, useNock } from '../helpers/harness';

type GraphRecord = Record<string, unknown>;

const USER = 'adele@contoso.com';
const U = 'adele%40contoso.com';
const TAPS = `/v1.0/users/${U}/authentication/temporaryAccessPassMethods`;
const ZIP_PASSWORD = 'Zip-Pa55word!';
const NOW = '2025-05-01T10:00:00.456Z';

function fixture(name: string): GraphRecord {
  return JSON.parse(readFileSync(new URL(`../../test_data/graph/methods/${name}.json`, import.meta.url), 'utf8')) as GraphRecord;
}

const created = fixture('tap-created');
const PASS = String(created.temporaryAccessPass);
const policyKey = 'MSGraphUser.TAPPolicy(val.ID && val.ID == obj.ID)';
const policyRecord = {
  ID: '6f1d2ce8-4b83-4b0a-9c8e-2a1c1b8a6f3e',
  IsUsable: false,
  IsUsableOnce: false,
  CreatedDateTime: '2025-05-01T10:00:00.1234567Z',
  MethodUsabilityReason: 'NotYetValid',
  LifetimeInMinutes: 60,
  StartDateTime: '2025-05-01T10:00:00Z',
};
const createdSentence = `Temporary Access Pass Authentication methods policy for user: ${USER} was successfully created.`;
const userMissing = {
  error: { code: 'Request_ResourceNotFound', message: `Resource '${USER}' does not exist or one of its queried reference-property objects are not present.` },
};

let outputDir: string;
let logs: string[];

beforeEach(() => {
  outputDir = mkdtempSync(join(tmpdir(), 'tap-test-'));
  logs = [];
  setLogSink((line) => logs.push(line));
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
});

afterEach(() => {
  vi.useRealTimers();
  setLogSink((line) => process.stderr.write(`${line}\n`));
  rmSync(outputDir, { recursive: true, force: true });
});

async function readZip(bytes: Uint8Array, password: string): Promise<Array<{ name: string; text: string }>> {
  configure({ useWebWorkers: false });
  const reader = new ZipReader(new BlobReader(new Blob([bytes])));
  try {
    const entries = await reader.getEntries();
    const out: Array<{ name: string; text: string }> = [];
    for (const entry of entries) {
      if (entry.directory) continue;
      out.push({ name: entry.filename, text: await entry.getData(new TextWriter(), { password }) });
    }
    return out;
  } finally {
    await reader.close();
  }
}

const has7z = spawnSync('7z', ['i'], { stdio: 'ignore' }).status === 0;

function expectNoPass(outcome: unknown): void {
  expect(JSON.stringify(outcome)).not.toContain(PASS);
  expect(JSON.stringify(outcome)).not.toContain(ZIP_PASSWORD);
  expect(logs.join('\n')).not.toContain(PASS);
}

describe('msgraph-user-tap-policy-create', () => {
  useNock();

  it('posts the pass request, writes the zip first, then the note without the pass', async () => {
    graph()
      .post(TAPS, { lifetimeInMinutes: 60, isUsableOnce: false, startDateTime: '2025-05-01T10:00:00.000Z' })
      .reply(201, created);
    const outcome = await runCommand('msgraph-user-tap-policy-create', { user_id: USER, zip_password: ZIP_PASSWORD }, { outputDir });
    expect(outcome.exitCode).toBe(0);
    const [file, note, ...rest] = outcome.result.entries as [FileEntry, NoteEntry, ...Entry[]];
    expect(rest).toEqual([]);
    expect(file).toEqual({ Type: 3, ContentsFormat: 'text', Contents: '', File: 'TAPPolicyInfo.zip', FileID: expect.any(String) });
    expect(file.FileID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(note.Type).toBe(1);
    expect(note.HumanReadable).toBe(createdSentence);
    expect(note.EntryContext).toEqual({ [policyKey]: policyRecord });
    const { ['@odata.context']: _context, temporaryAccessPass: _pass, ...contents } = created;
    expect(note.Contents).toEqual(contents);
    expectNoPass(outcome);

    const path = join(outputDir, file.FileID);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(path);
    expect(bytes.includes(Buffer.from(PASS))).toBe(false);
    expect(await readZip(bytes, ZIP_PASSWORD)).toEqual([{ name: 'TAPPolicyPass.txt', text: PASS }]);
    await expect(readZip(bytes, 'wrong-password')).rejects.toThrow();
  });

  it.skipIf(!has7z)('the zip opens in 7-Zip with the password (AES-256, deflate) and not without it', async () => {
    graph().post(TAPS).reply(201, created);
    const outcome = await runCommand('msgraph-user-tap-policy-create', { user_id: USER, zip_password: ZIP_PASSWORD }, { outputDir });
    const file = outcome.result.entries[0] as FileEntry;
    const zip = join(outputDir, file.FileID);
    const listing = execFileSync('7z', ['l', '-slt', `-p${ZIP_PASSWORD}`, zip], { encoding: 'utf8' });
    expect(listing).toMatch(/Method = AES-256 Deflate/);
    expect(listing.match(/^Path = TAPPolicyPass\.txt$/gm)).toHaveLength(1);
    const out = join(outputDir, 'x');
    execFileSync('7z', ['x', `-p${ZIP_PASSWORD}`, `-o${out}`, zip], { stdio: 'ignore' });
    expect(readFileSync(join(out, 'TAPPolicyPass.txt'), 'utf8')).toBe(PASS);
    const wrong = spawnSync('7z', ['x', '-pwrong', `-o${join(outputDir, 'y')}`, '-y', zip], { encoding: 'utf8' });
    expect(wrong.status).not.toBe(0);
  });

  it('sends lifetime_in_minutes, is_usable_once and a relative start_time', async () => {
    graph()
      .post(TAPS, { lifetimeInMinutes: 43200, isUsableOnce: true, startDateTime: '2025-05-03T10:00:00.000Z' })
      .reply(201, created);
    const outcome = await runCommand(
      'msgraph-user-tap-policy-create',
      { user_id: USER, zip_password: ZIP_PASSWORD, lifetime_in_minutes: '43200', is_usable_once: 'True', start_time: 'In 2 Days' },
      { outputDir },
    );
    expect(outcome.result.entries.map((e) => e.Type)).toEqual([3, 1]);
  });

  it('sends an ISO start_time with an offset in UTC', async () => {
    graph()
      .post(TAPS, { lifetimeInMinutes: 10, isUsableOnce: false, startDateTime: '2025-03-25T22:00:00.000Z' })
      .reply(201, created);
    const outcome = await runCommand(
      'msgraph-user-tap-policy-create',
      { user_id: USER, zip_password: ZIP_PASSWORD, lifetime_in_minutes: 10, start_time: '2025-03-26T00:00:00+02:00' },
      { outputDir },
    );
    expect(outcome.exitCode).toBe(0);
  });

  it.each([
    [{ lifetime_in_minutes: '9' }, 'lifetime_in_minutes must be between 10 and 43200.'],
    [{ lifetime_in_minutes: '43201' }, 'lifetime_in_minutes must be between 10 and 43200.'],
    [{ lifetime_in_minutes: '0' }, 'lifetime_in_minutes must be between 10 and 43200.'],
    [{ lifetime_in_minutes: 'an hour' }, "Argument 'lifetime_in_minutes' must be a whole number, got 'an hour'."],
    [
      { start_time: 'tomorrow' },
      `Invalid start_time 'tomorrow'. Use ISO 8601 (2025-03-26T00:00:00Z) or a relative time such as "now" or "in 2 days".`,
    ],
    [
      { start_time: '2025-02-30T00:00:00Z' },
      `Invalid start_time '2025-02-30T00:00:00Z'. Use ISO 8601 (2025-03-26T00:00:00Z) or a relative time such as "now" or "in 2 days".`,
    ],
    [
      { start_time: 'tomorrow', lifetime_in_minutes: '5', dry_run: 'true' },
      'lifetime_in_minutes must be between 10 and 43200.',
    ],
  ])('refuses %j before any request', async (args, message) => {
    const outcome = await runCommand('msgraph-user-tap-policy-create', { user_id: USER, zip_password: ZIP_PASSWORD, ...args }, { outputDir });
    expect(onlyError(outcome)).toBe(message);
  });

  it('a dry run sends nothing, shows the POST and writes no zip', async () => {
    const outcome = await runCommand(
      'msgraph-user-tap-policy-create',
      { user_id: USER, zip_password: ZIP_PASSWORD, dry_run: 'true' },
      { outputDir },
    );
    const note = onlyNote(outcome);
    const body = '{"lifetimeInMinutes":60,"isUsableOnce":false,"startDateTime":"2025-05-01T10:00:00.000Z"}';
    expect(note.EntryContext).toEqual({
      'MSGraphUser.DryRun': {
        Command: 'msgraph-user-tap-policy-create',
        Requests: [{ Method: 'POST', URL: `${GRAPH}${TAPS}`, Body: body }],
      },
    });
    expect(note.HumanReadable).toContain('No request was sent. These requests would be sent:');
    expect(JSON.stringify(outcome)).not.toContain(ZIP_PASSWORD);
  });

  it('without a pass in the answer: no zip, and the note says why', async () => {
    const { temporaryAccessPass: _pass, ...withoutPass } = created;
    graph().post(TAPS).reply(201, withoutPass);
    const outcome = await runCommand('msgraph-user-tap-policy-create', { user_id: USER, zip_password: ZIP_PASSWORD }, { outputDir });
    const note = onlyNote(outcome);
    expect(note.HumanReadable).toBe(
      `${createdSentence}\nGraph did not return the Temporary Access Pass, so no zip file was created.`,
    );
    expect(note.EntryContext).toEqual({ [policyKey]: policyRecord });
  });

  it('an empty answer is the "Failed to create" note', async () => {
    graph().post(TAPS).reply(201, '');
    const note = onlyNote(await runCommand('msgraph-user-tap-policy-create', { user_id: USER, zip_password: ZIP_PASSWORD }, { outputDir }));
    expect(note.HumanReadable).toBe(`Failed to create TAP policy for user: ${USER}.`);
    expect(note.EntryContext).toEqual({});
  });

  it('a zip failure keeps the note and adds the error after it', async () => {
    vi.doMock('@zip.js/zip.js', () => ({
      configure: () => {},
      TextReader: class {},
      Uint8ArrayWriter: class {},
      ZipWriter: class {
        add(): Promise<never> {
          return Promise.reject(new Error('disk full'));
        }
      },
    }));
    try {
      graph().post(TAPS).reply(201, created);
      const outcome = await runCommand('msgraph-user-tap-policy-create', { user_id: USER, zip_password: ZIP_PASSWORD }, { outputDir });
      expect(outcome.exitCode).toBe(1);
      const [note, error, ...rest] = outcome.result.entries;
      expect(rest).toEqual([]);
      expect(note).toMatchObject({ Type: 1, HumanReadable: createdSentence, EntryContext: { [policyKey]: policyRecord } });
      expect(error).toEqual({ Type: 4, ContentsFormat: 'text', Contents: 'Could not generate zip file. Error:\ndisk full', EntryContext: null });
      expectNoPass(outcome);
    } finally {
      vi.doUnmock('@zip.js/zip.js');
    }
  });

  it('a missing user is a note; handle_error=false gives the Fail line', async () => {
    graph().post(TAPS).twice().reply(404, userMissing);
    const note = onlyNote(await runCommand('msgraph-user-tap-policy-create', { user_id: USER, zip_password: ZIP_PASSWORD }, { outputDir }));
    expect(note.HumanReadable).toBe(`#### User -> ${USER} does not exist`);
    const error = onlyError(
      await runCommand(
        'msgraph-user-tap-policy-create',
        { user_id: USER, zip_password: ZIP_PASSWORD },
        { outputDir, params: { ...secretParams, handle_error: 'false' } },
      ),
    );
    expect(error.split('\n').slice(0, 2)).toEqual([
      `Failed to create a Temporary Access Pass for user ${USER}.`,
      `Graph error 404 Request_ResourceNotFound: ${userMissing.error.message}`,
    ]);
  });

  it('the POST is never repeated: a 504 is the answer', async () => {
    graph().post(TAPS).once().reply(504, { error: { code: 'GatewayTimeout', message: 'Gateway timeout.' } });
    const error = onlyError(await runCommand('msgraph-user-tap-policy-create', { user_id: USER, zip_password: ZIP_PASSWORD }, { outputDir }));
    expect(error.split('\n').slice(0, 2)).toEqual([
      `Failed to create a Temporary Access Pass for user ${USER}.`,
      'Graph error 504 GatewayTimeout: Gateway timeout.',
    ]);
  });
});

describe('msgraph-user-tap-policy-list', () => {
  useNock();

  it('shows the one pass policy, never the pass', async () => {
    const list = fixture('temp-access-pass');
    (list.value as GraphRecord[])[0]!.temporaryAccessPass = 'Should#Never#Show1';
    graph().get(TAPS).reply(200, list);
    const outcome = await runCommand('msgraph-user-tap-policy-list', { user_id: USER });
    const note = onlyNote(outcome);
    expect(note.HumanReadable).toBe(
      [
        `### TAP Policy for User ID ${USER}:`,
        '|Policy ID|Start Date Time|Lifetime In Minutes|Is Usable Once|Is Usable|Method Usability Reason|',
        '|---|---|---|---|---|---|',
        '| 6f1d2ce8-4b83-4b0a-9c8e-2a1c1b8a6f3e | 2025-05-01T10:00:00.0000000Z | 60 | false | true | EnabledByPolicy |',
        '',
      ].join('\n'),
    );
    expect(note.EntryContext).toEqual({
      [policyKey]: {
        ID: '6f1d2ce8-4b83-4b0a-9c8e-2a1c1b8a6f3e',
        IsUsable: true,
        IsUsableOnce: false,
        CreatedDateTime: '2025-05-01T10:00:00.0000000Z',
        MethodUsabilityReason: 'EnabledByPolicy',
        LifetimeInMinutes: 60,
        StartDateTime: '2025-05-01T10:00:00.0000000Z',
      },
    });
    expect(JSON.stringify(outcome)).not.toContain('Should#Never#Show1');
  });

  it('with no pass it says so', async () => {
    graph().get(TAPS).reply(200, { value: [] });
    const note = onlyNote(await runCommand('msgraph-user-tap-policy-list', { user_id: USER }));
    expect(note.HumanReadable).toBe(`Failed to get TAP policy for the user ${USER}.`);
    expect(note.EntryContext).toEqual({});
  });

  it('404 for the user is a note, or an error with its Fail line', async () => {
    graph().get(TAPS).twice().reply(404, userMissing);
    expect(onlyNote(await runCommand('msgraph-user-tap-policy-list', { user_id: USER })).HumanReadable).toBe(
      `#### User -> ${USER} does not exist`,
    );
    const error = onlyError(await runCommand('msgraph-user-tap-policy-list', { user_id: USER }, { params: { ...secretParams, handle_error: false } }));
    expect(error.split('\n')[0]).toBe(`Failed to list the TAP policy of user ${USER}.`);
  });
});

describe('msgraph-user-tap-policy-delete', () => {
  useNock();

  it('deletes the policy', async () => {
    graph().delete(`${TAPS}/p%2F1`).reply(204);
    const note = onlyNote(await runCommand('msgraph-user-tap-policy-delete', { user_id: USER, policy_id: 'p/1' }));
    expect(note.HumanReadable).toBe('Temporary Access Pass Authentication methods policy p/1 was successfully deleted.');
    expect(note.Contents).toBeNull();
    expect(note.EntryContext).toEqual({});
  });

  it('a dry run sends nothing', async () => {
    const note = onlyNote(await runCommand('msgraph-user-tap-policy-delete', { user_id: USER, policy_id: 'p1', dry_run: 'true' }));
    expect(note.EntryContext).toEqual({
      'MSGraphUser.DryRun': {
        Command: 'msgraph-user-tap-policy-delete',
        Requests: [{ Method: 'DELETE', URL: `${GRAPH}${TAPS}/p1`, Body: '' }],
      },
    });
  });

  it('an unknown policy is a note naming it; handle_error=false gives the Fail line', async () => {
    const gone = { error: { code: 'itemNotFound', message: 'Resource not found.' } };
    graph().delete(`${TAPS}/p1`).twice().reply(404, gone);
    expect(onlyNote(await runCommand('msgraph-user-tap-policy-delete', { user_id: USER, policy_id: 'p1' })).HumanReadable).toBe(
      `#### Did not find the method_id p1 for user ${USER}`,
    );
    const error = onlyError(
      await runCommand('msgraph-user-tap-policy-delete', { user_id: USER, policy_id: 'p1' }, { params: { ...secretParams, handle_error: 'false' } }),
    );
    expect(error.split('\n')[0]).toBe(`Failed to delete TAP policy p1 of user ${USER}.`);
  });
});
