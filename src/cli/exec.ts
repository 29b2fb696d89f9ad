import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ParamValue } from '../envelope';
import { setLogSink } from '../log';
import { runEnvelope } from '../run';
import { scrubSecrets } from '../secret';
import { commandSpec } from '../spec/integration';
import { makeStagingDir, printEntries, progressLine, saveFiles, type Terminal } from './exec-output';
import { InvocationError, paramsFromEnv, readConfigFile } from './instance-config';
import { defaultStatePath, readState, writeState } from './state-file';
import { fromWords, parseWarRoom, WarRoomSyntaxError, type WarRoomCommand } from './war-room';

export const execUsage = `Usage: entra-users exec [OPTIONS] '!command key=value key="a value" ...'
       entra-users exec [OPTIONS] command key=value ...

Runs one command and prints its human-readable output.

Options:
  --config FILE  instance parameters, a map of name to value (JSON, or YAML; '-' reads
                 standard input). Without it: ENTRA_USERS_<PARAM_NAME> variables, e.g.
                 ENTRA_USERS_CREDS_AUTH_ID (credentials: ENTRA_USERS_<NAME>_IDENTIFIER too)
  --state FILE   where the integration context (token cache) is kept between runs
                 (default: $XDG_CONFIG_HOME/entra-users/state.json, or ~/.config/...)
  --no-state     neither read nor write a state file
  --out DIR      where file entries are saved, under their own names (default: .)
  --json         print the whole result as JSON instead
  --sandbox      run against a local Microsoft Graph sandbox started for this command`;

interface ExecOptions {
  config?: string;
  state?: string;
  noState: boolean;
  out: string;
  json: boolean;
  sandbox: boolean;
  words: string[];
}

const valued = new Set(['--config', '--state', '--out']);

function parseOptions(argv: readonly string[]): ExecOptions | 'help' {
  const options: ExecOptions = { noState: false, out: '.', json: false, sandbox: false, words: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      options.words.push(...argv.slice(i + 1));
      break;
    }
    // Options may follow the command too: no war-room word starts with `--`.
    if (!arg.startsWith('--')) {
      options.words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (valued.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new InvocationError(`${name} needs a value.`);
      if (name === '--config') options.config = value;
      else if (name === '--state') options.state = value;
      else options.out = value;
    } else if (name === '--no-state') options.noState = true;
    else if (name === '--json') options.json = true;
    else if (name === '--sandbox') options.sandbox = true;
    else if (name === '--help') return 'help';
    else throw new InvocationError(`Unknown option '${arg}'. Run 'entra-users exec --help'.`);
  }
  if (options.state && options.noState) throw new InvocationError('--state and --no-state cannot be used together.');
  if (options.sandbox && options.config) throw new InvocationError('--sandbox brings its own instance parameters: leave out --config.');
  return options;
}

function parseCommand(words: readonly string[]): WarRoomCommand {
  if (words.length === 0) throw new InvocationError("No command given. Run 'entra-users exec --help'.");
  const parsed = words.length === 1 ? parseWarRoom(words[0] ?? '') : fromWords(words);
  if (parsed.command !== 'test-module' && !commandSpec(parsed.command)) {
    throw new InvocationError(`Unknown command '${parsed.command}'. Run 'entra-users help' for the list.`);
  }
  return parsed;
}

/** Checked before the run: a command that creates something must not lose its file afterwards. */
async function checkOutDir(dir: string): Promise<string> {
  const path = resolve(dir);
  try {
    if (!(await stat(path)).isDirectory()) throw new InvocationError(`--out ${dir} is not a folder.`);
    await access(path, constants.W_OK);
  } catch (error) {
    if (error instanceof InvocationError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvocationError(`--out ${dir}: ${code === 'ENOENT' ? 'no such folder' : `not writable (${code ?? 'error'})`}.`);
  }
  return path;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function loadParams(options: ExecOptions, env: NodeJS.ProcessEnv): Promise<Record<string, ParamValue>> {
  return options.config ? readConfigFile(options.config, readStdin) : paramsFromEnv(env);
}

async function runOnce(options: ExecOptions, parsed: WarRoomCommand, terminal: Terminal): Promise<number> {
  const outDir = await checkOutDir(options.out);
  const params = await loadParams(options, terminal.env);
  const statePath = options.noState ? undefined : resolve(options.state ?? defaultStatePath(terminal.env));
  const integrationContext = statePath ? await readState(statePath) : {};

  const progress = progressLine(terminal.stderr);
  setLogSink((line) => {
    progress.clear();
    terminal.stderr.write(`${line}\n`);
  });
  const staging = await makeStagingDir();
  try {
    const envelope = { command: parsed.command, params, args: parsed.args, integrationContext, outputDir: staging.path };
    const { result, exitCode } = await runEnvelope(envelope, { progress: progress.report });
    progress.clear();
    const saved = await saveFiles(result.entries, staging.path, outDir);
    if (options.json) terminal.stdout.write(`${scrubSecrets(JSON.stringify(result, null, 2))}\n`);
    else printEntries(result, terminal);
    for (const line of saved) terminal.stderr.write(`${line}\n`);
    if (statePath) await saveState(statePath, result.integrationContext, terminal);
    return saved.some((line) => line.startsWith('Error:')) ? Math.max(exitCode, 1) : exitCode;
  } finally {
    progress.clear();
    await staging.remove();
  }
}

async function saveState(path: string, context: Record<string, unknown>, terminal: Terminal): Promise<void> {
  try {
    await writeState(path, context);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    terminal.stderr.write(`Warning: could not save the state file ${path} (${code}); tokens will be fetched again next time.\n`);
  }
}

/**
 * `--sandbox`: the sandbox runs in this process and the command in a child that trusts the
 * sandbox's CA through NODE_EXTRA_CA_CERTS. Node reads that variable only at start-up, and the
 * Graph client builds its own TLS agents, so there is no sound way to add a CA in-process
 * short of switching verification off; the child keeps verification on, as in production.
 */
const SANDBOX_PORT = 47443;

async function runInSandbox(options: ExecOptions, terminal: Terminal): Promise<number> {
  await checkOutDir(options.out);
  const { startSandbox } = await import('../sandbox/server');
  // A steady port keeps the sandbox's origin, so a --state file's token is reused by the next
  // run (the sandbox accepts tokens signed by an earlier one); any free port if it is taken.
  const sandbox = await startSandbox({ port: SANDBOX_PORT })
    .catch(() => startSandbox())
    .catch((error: unknown) => {
      throw new InvocationError(`Cannot start the sandbox: ${error instanceof Error ? error.message : String(error)}`);
    });
  try {
    const script = process.argv[1] ?? '';
    const args = [script, 'exec', '--config', '-', '--out', options.out];
    // The sandbox's tokens are worthless elsewhere: keep them out of the real state file.
    args.push(...(options.state ? ['--state', options.state] : ['--no-state']));
    if (options.json) args.push('--json');
    args.push('--', ...options.words);
    const child = spawn(process.execPath, args, {
      stdio: ['pipe', 'inherit', 'inherit'],
      env: { ...terminal.env, NODE_EXTRA_CA_CERTS: sandbox.caCertPath },
    });
    child.stdin.end(JSON.stringify(sandbox.params));
    return await new Promise<number>((done) => {
      child.on('error', (error) => {
        terminal.stderr.write(`entra-users: could not start the command: ${error.message}\n`);
        done(2);
      });
      child.on('close', (code) => done(code ?? 2));
    });
  } finally {
    await sandbox.close();
  }
}

/** `exec`: one war-room command from the terminal. Returns the exit status (CONTRACT.md). */
export async function execMain(argv: readonly string[], terminal: Terminal = process): Promise<number> {
  try {
    const options = parseOptions(argv);
    if (options === 'help') {
      terminal.stdout.write(`${execUsage}\n`);
      return 0;
    }
    const parsed = parseCommand(options.words);
    return options.sandbox ? await runInSandbox(options, terminal) : await runOnce(options, parsed, terminal);
  } catch (error) {
    if (error instanceof InvocationError || error instanceof WarRoomSyntaxError) {
      terminal.stderr.write(`${scrubSecrets(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}
