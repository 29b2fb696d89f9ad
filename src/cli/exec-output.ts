import { chmod, constants, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { Entry, Result } from '../envelope';
import { scrubSecrets } from '../secret';
import { renderMarkdown } from './terminal-markdown';

/** Where the output of `exec` goes, and how it looks there. */
export interface Terminal {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** A private folder for `run` to write file entries into before they get their real names. */
export async function makeStagingDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'entra-users-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A file name from an entry, reduced to one path segment so it cannot leave the folder. */
function safeName(name: string, fallback: string): string {
  const base = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f]/g, '');
  return base === '' || base === '.' || base === '..' ? fallback : base;
}

/** Copies without ever replacing a file: `a.zip`, then `a-1.zip`, `a-2.zip`, ... */
export async function saveWithoutOverwrite(source: string, folder: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 0; n < 10_000; n++) {
    const target = join(folder, n === 0 ? name : `${stem}-${n}${ext}`);
    try {
      await copyFile(source, target, constants.COPYFILE_EXCL);
      await chmod(target, 0o600);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`too many files named ${name} in ${folder}`);
}

/** Saves each file entry under its File name; returns a message per file for standard error. */
export async function saveFiles(entries: readonly Entry[], stagingDir: string, outDir: string): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of entries) {
    if (entry.Type !== 3) continue;
    try {
      const saved = await saveWithoutOverwrite(join(stagingDir, entry.FileID), outDir, safeName(entry.File, entry.FileID));
      lines.push(`Saved file: ${saved}`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      lines.push(`Error: could not save the file ${entry.File} in ${outDir} (${code}).`);
    }
  }
  return lines;
}

/** Prints the entries for a person: markdown on stdout (rendered on a terminal), errors on stderr. */
export function printEntries(result: Result, terminal: Terminal): void {
  const rendered = terminal.stdout.isTTY === true;
  const style = { bold: rendered && !terminal.env.NO_COLOR, columns: terminal.stdout.columns };
  let first = true;
  for (const entry of result.entries) {
    if (entry.Type === 1) {
      const text = scrubSecrets(entry.HumanReadable).replace(/\n+$/, '');
      terminal.stdout.write(`${first ? '' : '\n'}${rendered ? renderMarkdown(text, style) : text}\n`);
      first = false;
    } else if (entry.Type === 4) {
      terminal.stderr.write(`Error: ${scrubSecrets(entry.Contents)}\n`);
    }
  }
}

/** A one-line status on a terminal's standard error that each message replaces; silent elsewhere. */
export function progressLine(stderr: Terminal['stderr']): { report: (message: string) => void; clear: () => void } {
  if (stderr.isTTY !== true) return { report: () => {}, clear: () => {} };
  let shown = false;
  return {
    report(message) {
      const width = Math.max(20, (stderr.columns ?? 80) - 1);
      const line = scrubSecrets(message).replace(/\s+/g, ' ');
      stderr.write(`\r\u001b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
      shown = true;
    },
    clear() {
      if (shown) stderr.write('\r\u001b[2K');
      shown = false;
    },
  };
}
