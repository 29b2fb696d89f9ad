import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { printEntries, progressLine, saveFiles } from '../../src/cli/exec-output';
import type { Entry } from '../../src/envelope';
import { errorEntry, textNote } from '../../src/results/entries';

function sink(isTTY: boolean, columns = 40): Writable & { text: string; isTTY: boolean; columns: number } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { text: string; isTTY: boolean; columns: number };
  Object.assign(stream, { text: '', isTTY, columns });
  return stream;
}

const folders: string[] = [];
function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'entra-users-out-'));
  folders.push(path);
  return path;
}
afterEach(() => {
  for (const path of folders.splice(0)) rmSync(path, { recursive: true, force: true });
});

describe('progress', () => {
  it('replaces one status line on a terminal and clears it at the end', () => {
    const stderr = sink(true, 30);
    const progress = progressLine(stderr);
    progress.report('Fetched page 1');
    progress.report('Fetched page 2 of a rather long listing of users');
    progress.clear();
    expect(stderr.text).toBe('\r\u001b[2KFetched page 1\r\u001b[2KFetched page 2 of a rather l…\r\u001b[2K');
  });

  it('is silent when standard error is not a terminal', () => {
    const stderr = sink(false);
    const progress = progressLine(stderr);
    progress.report('Fetched page 1');
    progress.clear();
    expect(stderr.text).toBe('');
  });
});

describe('printEntries', () => {
  it('prints raw markdown when standard output is not a terminal, errors on standard error', () => {
    const stdout = sink(false);
    const stderr = sink(false);
    printEntries({ entries: [textNote('### Title\n|a|\n|---|\n| 1 |\n'), errorEntry('Failed.\nline 2'), textNote('two')], integrationContext: {} }, { stdout, stderr, env: {} });
    expect(stdout.text).toBe('### Title\n|a|\n|---|\n| 1 |\n\ntwo\n');
    expect(stderr.text).toBe('Error: Failed.\nline 2\n');
  });

  it('renders markdown on a terminal, plain under NO_COLOR', () => {
    const stdout = sink(true);
    printEntries({ entries: [textNote('### Title\n|a|b|\n|---|---|\n| 1 | 22 |\n')], integrationContext: {} }, { stdout, stderr: sink(true), env: { NO_COLOR: '1' } });
    expect(stdout.text).toBe('Title\na  b\n─  ──\n1  22\n');
  });
});

describe('saveFiles', () => {
  it('names files after File, adds a number instead of overwriting, and keeps them private', async () => {
    const staging = folder();
    const out = folder();
    writeFileSync(join(out, 'report.zip'), 'already here');
    const entries: Entry[] = [];
    for (const [id, name] of [['id-1', 'report.zip'], ['id-2', 'report.zip'], ['id-3', '../../escape.txt'], ['id-4', '..']]) {
      writeFileSync(join(staging, id), `bytes of ${id}`, { mode: 0o600 });
      entries.push({ Type: 3, ContentsFormat: 'text', Contents: '', File: name ?? '', FileID: id ?? '' });
    }
    const lines = await saveFiles(entries, staging, out);
    expect(lines).toEqual([
      `Saved file: ${join(out, 'report-1.zip')}`,
      `Saved file: ${join(out, 'report-2.zip')}`,
      `Saved file: ${join(out, 'escape.txt')}`,
      `Saved file: ${join(out, 'id-4')}`,
    ]);
    expect(readFileSync(join(out, 'report.zip'), 'utf8')).toBe('already here');
    expect(readFileSync(join(out, 'report-2.zip'), 'utf8')).toBe('bytes of id-2');
    expect(readdirSync(out).sort()).toEqual(['escape.txt', 'id-4', 'report-1.zip', 'report-2.zip', 'report.zip']);
    expect(statSync(join(out, 'report-1.zip')).mode & 0o777).toBe(0o600);
  });

  it('reports a file it could not save as an error line', async () => {
    const lines = await saveFiles([{ Type: 3, ContentsFormat: 'text', Contents: '', File: 'a.zip', FileID: 'missing' }], folder(), folder());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Error: could not save the file a\.zip in .+ \(ENOENT\)\.$/);
  });
});
