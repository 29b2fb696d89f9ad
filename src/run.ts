import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commands } from './commands';
import type { Command, CommandContext, CommandOutput, RunState } from './commands/types';
import type { Entry, Result } from './envelope';
import { parseEnvelope } from './envelope';
import { PlainError, UserInputError } from './errors';
import { createGraph, type GraphFactory } from './graph/client';
import { failureLines, GraphError } from './graph/graph-error';
import type { Graph } from './graph/types';
import { errorEntry, newFileId, textNote } from './results/entries';
import { parseArgs, type Args } from './spec/args';
import { commandSpec } from './spec/integration';
import { Params } from './spec/params';
import { scrubSecrets } from './secret';

export interface RunDeps {
  /** Builds the Graph client; tests inject one with a fake transport or token. */
  createGraph?: GraphFactory;
  /** Where long work reports progress; silent by default. */
  progress?: (message: string) => void;
  /** How the client waits between retries; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RunOutcome {
  result: Result;
  exitCode: 0 | 1 | 2;
}

const notAvailable: Command = {
  async run(ctx) {
    throw new PlainError(`The command ${ctx.command} is not available yet in this version of the integration.`);
  },
};

function outcome(entries: Entry[], integrationContext: Record<string, unknown>, invalid = false): RunOutcome {
  const exitCode = invalid ? 2 : entries.some((e) => e.Type === 4) ? 1 : 0;
  return { result: { entries, integrationContext }, exitCode };
}

/** Runs one envelope (already parsed from JSON) and never throws. */
export async function runEnvelope(raw: unknown, deps: RunDeps = {}): Promise<RunOutcome> {
  const parsed = parseEnvelope(raw);
  if ('problem' in parsed) {
    const context = raw && typeof raw === 'object' && 'integrationContext' in raw ? (raw as { integrationContext: unknown }).integrationContext : {};
    const kept = context && typeof context === 'object' && !Array.isArray(context) ? (context as Record<string, unknown>) : {};
    return outcome([errorEntry(parsed.problem)], kept, true);
  }
  const { envelope } = parsed;
  const state: RunState = { integrationContext: envelope.integrationContext };
  const name = envelope.command;
  const spec = name === 'test-module' ? { name, description: '', arguments: [] } : commandSpec(name);
  const handler: Command | undefined = spec ? ((commands as Record<string, Command>)[name] ?? notAvailable) : undefined;
  if (!spec || !handler) return outcome([errorEntry(`Unknown command '${name}'.`)], state.integrationContext);

  let args: Args | undefined;
  try {
    args = parseArgs(spec, envelope.args);
    const params = new Params(envelope.params);
    let graph: Graph | undefined;
    const factory = deps.createGraph ?? createGraph;
    const lazyGraph = lazy(() => (graph ??= factory({ params, state, sleep: deps.sleep })));
    const ctx: CommandContext = {
      command: name,
      args,
      params,
      graph: lazyGraph,
      dryRun: (spec.arguments ?? []).some((a) => a.name === 'dry_run') && args.bool('dry_run'),
      state,
      progress: deps.progress ?? (() => {}),
      sleep: deps.sleep,
    };
    const output = await handler.run(ctx);
    const entries = await materialize(output, envelope.outputDir);
    return outcome(args.hasSecrets() ? scrubEntries(entries) : entries, state.integrationContext);
  } catch (error) {
    const entry = errorToEntry(error, handler, args, envelope.params.handle_error);
    return outcome(args?.hasSecrets() ? scrubEntries([entry]) : [entry], state.integrationContext);
  }
}

/**
 * A command given a secret argument (a password, a zip password, a token) may find it echoed back
 * by Graph, in a body or an error message: its entries are scrubbed here, before anything reads
 * them. Others are scrubbed as they are written (their output can be a whole tenant).
 */
function scrubEntries(entries: Entry[]): Entry[] {
  return JSON.parse(scrubSecrets(JSON.stringify(entries))) as Entry[];
}

/** A Graph whose real client is built on first use, so a run that sends nothing builds nothing. */
function lazy(build: () => Graph): Graph {
  return {
    get origin() {
      return build().origin;
    },
    request: (req) => build().request(req),
    pages: (req) => build().pages(req),
    batch: (items) => build().batch(items),
    urlOf: (req) => build().urlOf(req),
  };
}

async function materialize(output: CommandOutput, outputDir: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const item of output) {
    if ('kind' in item) {
      const fileId = newFileId();
      const path = join(outputDir, fileId);
      await writeFile(path, item.data, { mode: 0o600 });
      await chmod(path, 0o600);
      entries.push({ Type: 3, ContentsFormat: 'text', Contents: '', File: item.name, FileID: fileId });
    } else {
      entries.push(item);
    }
  }
  return entries;
}

function handleErrorParam(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  return String(value).trim().toLowerCase() !== 'false';
}

/** The one place where any error becomes an entry (SPEC.md §1.9, §1.10). */
export function errorToEntry(error: unknown, command: Command, args: Args | undefined, handleError: unknown): Entry {
  const given = args?.display() ?? {};
  const values = command.shownArgs?.(given) ?? given;
  if (error instanceof GraphError && error.status === 404 && command.notFound) {
    const text = notFoundNote(error, command, values, handleErrorParam(handleError));
    if (text) return textNote(text);
  }
  if (error instanceof UserInputError || error instanceof PlainError) return errorEntry(error.message);
  const fail = command.fail?.(values);
  const lines = failureLines(error) ?? [`Unexpected error: ${error instanceof Error ? error.message : String(error)}`];
  return errorEntry([...(fail ? [fail] : []), ...lines].join('\n'));
}

function notFoundNote(
  error: GraphError,
  command: Command,
  args: Record<string, string>,
  handleError: boolean,
): string | undefined {
  const rule = command.notFound;
  if (!rule) return undefined;
  const message = (error.graphMessage ?? '').toLowerCase();
  const user = args[rule.userArg] ?? '';
  const methodId = args.method_id;
  const otherId = methodId ?? args.policy_id;
  const manager = args.manager;
  let text: string | undefined;
  if (message.includes('a key with identifier') && methodId) text = `#### Did not find the method_id ${methodId} for user ${user}`;
  else if ((user && message.includes(user.toLowerCase())) || message.includes('the specified user could not be found.')) {
    text = `#### User -> ${user} does not exist`;
  } else if (manager && message.includes(manager.toLowerCase())) text = `#### Manager -> ${manager} does not exist`;
  else if (otherId) text = `#### Did not find the method_id ${otherId} for user ${user}`;
  // Rule 5 is not an error at all, so it holds whatever handle_error says.
  else if (rule.noManagerNote) return `#### User ${user} has no manager.`;
  return handleError ? text : undefined;
}
