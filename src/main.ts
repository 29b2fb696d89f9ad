import { readFile } from 'node:fs/promises';
import { runEnvelope } from './run';
import { errorEntry } from './results/entries';
import { jsonPieces, writePieces } from './results/json-stream';
import { scrubSecrets } from './secret';

async function readInput(file: string | undefined): Promise<string> {
  if (file && file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes one block to standard output; resolves once the pipe can take more. */
function writeOut(block: string): boolean | Promise<void> {
  if (process.stdout.write(block)) return true;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

/** The result on standard output, written in blocks, each scrubbed of any known secret. */
async function print(result: unknown): Promise<void> {
  function* lines(): Generator<string> {
    yield* jsonPieces(result);
    yield '\n';
  }
  await writePieces(lines(), writeOut, scrubSecrets);
}

/** `run [FILE|-]`: one envelope in, one result out (CONTRACT.md). */
async function runCommand(file: string | undefined): Promise<number> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readInput(file));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'the input is not valid JSON' : `cannot read ${file ?? 'standard input'}`;
    await print({ entries: [errorEntry(`Invalid envelope: ${reason}.`)], integrationContext: {} });
    return 2;
  }
  const { result, exitCode } = await runEnvelope(raw);
  await print(result);
  return exitCode;
}

const usage = `Usage:
  entra-users run [FILE|-]      run one command envelope (JSON) and print the result
  entra-users exec [OPTIONS] '!command key=value ...'
                                run one command typed as in a war room (exec --help)
  entra-users help [COMMAND]    list the commands, or show one command's arguments and outputs
  entra-users sandbox [--port N] [--users N]
                                start the local Microsoft Graph sandbox`;

async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'run':
      return runCommand(rest[0]);
    case 'exec': {
      const { execMain } = await import('./cli/exec');
      return execMain(rest);
    }
    case 'help': {
      const { helpMain } = await import('./cli/help');
      return helpMain(rest);
    }
    case 'sandbox': {
      const { sandboxMain } = await import('./sandbox/cli');
      return sandboxMain(rest);
    }
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(`${usage}\n`);
      return sub === undefined ? 2 : 0;
    default:
      process.stderr.write(`entra-users: unknown sub-command '${sub}'.\n${usage}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Last resort: one line, never a stack trace on standard output.
    const message = error instanceof Error ? error.message : String(error);
    if (process.argv[2] === 'run') void print({ entries: [errorEntry(`Internal error: ${message}`)], integrationContext: {} });
    else process.stderr.write(`entra-users: ${scrubSecrets(message)}\n`);
    process.exitCode = process.argv[2] === 'run' ? 1 : 2;
  },
);
