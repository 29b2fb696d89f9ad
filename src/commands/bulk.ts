import type { Entry } from '../envelope';
import { UserInputError } from '../errors';
import type { BatchItem, BatchItemResult } from '../graph/types';
import { entryContextKey } from '../results/context';
import { errorEntry, note } from '../results/entries';
import { tableToMarkdown } from '../results/markdown';
import { dryRunResult } from './dry-run';
import type { AccountAction } from './account-state';
import type { CommandContext, CommandOutput } from './types';

export const MAX_BULK_USERS = 10_000;

type Status = 'Succeeded' | 'Not found' | 'Failed';

/** One row of a bulk run: a user and one action (SPEC.md §4.1). */
export interface ActionResult {
  User: string;
  Action: AccountAction['action'];
  Status: Status;
  HTTPStatus: number | null;
  ErrorCode: string | null;
  ErrorMessage: string | null;
  RequestId: string | null;
}

interface Round {
  action: AccountAction;
  /** 1-based positions of the users this round acts on. */
  positions: number[];
}

function item(action: AccountAction, users: readonly string[], position: number): BatchItem {
  return {
    id: String(position),
    method: action.method,
    url: action.path(users[position - 1] as string),
    ...(action.body ? { body: action.body } : {}),
  };
}

function graphErrorOf(body: unknown): { code?: string; message?: string; innerError?: Record<string, unknown> } {
  const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  return error && typeof error === 'object' ? (error as { code?: string; message?: string }) : {};
}

function toResult(user: string, action: AccountAction, answer: BatchItemResult, handleError: boolean): ActionResult {
  const status = answer.status;
  const error = graphErrorOf(answer.body);
  const inner = (error.innerError ?? {}) as Record<string, unknown>;
  const requestId = answer.headers['request-id'] ?? (typeof inner['request-id'] === 'string' ? inner['request-id'] : null);
  let outcome: Status = 'Failed';
  if (status !== null && status >= 200 && status < 300) outcome = 'Succeeded';
  else if (status === 404 && handleError) outcome = 'Not found';
  const succeeded = outcome === 'Succeeded';
  return {
    User: user,
    Action: action.action,
    Status: outcome,
    HTTPStatus: status,
    ErrorCode: succeeded ? null : (error.code ?? null),
    ErrorMessage: succeeded ? null : (answer.transportMessage ?? error.message ?? null),
    RequestId: requestId ?? null,
  };
}

/**
 * Applies `action` (then `followUp`, for the users whose action succeeded) to many users through
 * `$batch`, and reports every user's outcome without hiding the successes behind a failure.
 */
export async function applyToManyUsers(
  ctx: CommandContext,
  users: readonly string[],
  action: AccountAction,
  followUp?: AccountAction,
): Promise<CommandOutput> {
  if (users.length > MAX_BULK_USERS) throw new UserInputError(`At most ${MAX_BULK_USERS} users per run.`);
  const all = users.map((_, i) => i + 1);
  if (ctx.dryRun) return dryRun(ctx, users, [{ action, positions: all }, ...(followUp ? [{ action: followUp, positions: all }] : [])]);

  const handleError = ctx.params.bool('handle_error');
  const byAction = new Map<AccountAction, Map<number, ActionResult>>();
  let round: Round | undefined = { action, positions: all };
  while (round) {
    const current: Round = round;
    ctx.progress(`${current.action.action}: sending ${current.positions.length} user(s) through $batch`);
    const answers = await ctx.graph.batch(current.positions.map((p) => item(current.action, users, p)));
    const results = new Map<number, ActionResult>();
    answers.forEach((answer, i) => {
      const position = current.positions[i] as number;
      results.set(position, toResult(users[position - 1] as string, current.action, answer, handleError));
    });
    byAction.set(current.action, results);
    ctx.progress(`${current.action.action}: ${results.size} of ${current.positions.length} user(s) done`);
    round =
      followUp && current.action === action
        ? { action: followUp, positions: all.filter((p) => results.get(p)?.Status === 'Succeeded') }
        : undefined;
    if (round && round.positions.length === 0) round = undefined;
  }

  // Rows follow user order, each user's action before its follow-up.
  const rows = all.flatMap((p) => [...byAction.values()].map((m) => m.get(p)).filter((r): r is ActionResult => !!r));
  return [summaryNote(ctx.command, rows), ...failureEntries(rows, users.length, [action, ...(followUp ? [followUp] : [])])];
}

function summaryNote(command: string, rows: ActionResult[]): Entry {
  const count = (status: Status) => rows.filter((r) => r.Status === status).length;
  const table = rows.map((r) => ({
    User: r.User,
    Action: r.Action,
    Status: r.Status,
    'HTTP Status': r.HTTPStatus,
    Error: r.ErrorCode || r.ErrorMessage ? `${r.ErrorCode ?? ''}${r.ErrorCode ? ': ' : ''}${r.ErrorMessage ?? ''}` : '',
  }));
  return note({
    readable: tableToMarkdown(`Bulk results for ${command}`, table, {
      headers: ['User', 'Action', 'Status', 'HTTP Status', 'Error'],
      metadata: `Succeeded: ${count('Succeeded')}, Not found: ${count('Not found')}, Failed: ${count('Failed')}.`,
    }),
    contents: rows,
    context: { [entryContextKey('MSGraphUser.ActionResult', ['User', 'Action'])]: rows },
  });
}

function failureEntries(rows: ActionResult[], userCount: number, actions: AccountAction[]): Entry[] {
  const lines = actions.flatMap((action) => {
    const failed = rows.filter((r) => r.Action === action.action && r.Status === 'Failed');
    if (failed.length === 0) return [];
    const listed = failed
      .slice(0, 10)
      .map((r) => `${r.User} (${r.HTTPStatus === null ? 'no response' : `${r.HTTPStatus}${r.ErrorCode ? ` ${r.ErrorCode}` : ''}`})`);
    const more = failed.length > 10 ? `, and ${failed.length - 10} more` : '';
    return [`Failed to ${action.verb} ${failed.length} of ${userCount} users: ${listed.join(', ')}${more}`];
  });
  return lines.length ? [errorEntry(lines.join('\n'))] : [];
}

function dryRun(ctx: CommandContext, users: readonly string[], rounds: Round[]): CommandOutput {
  const requests = rounds.flatMap(({ action, positions }) =>
    positions.map((p) => {
      const batchItem = item(action, users, p);
      return { method: batchItem.method, url: `$batch#${batchItem.id}: ${batchItem.method} ${batchItem.url}`, body: batchItem.body };
    }),
  );
  return dryRunResult(ctx.command, requests);
}
