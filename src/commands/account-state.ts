import { UserInputError } from '../errors';
import { failureLines } from '../graph/graph-error';
import type { GraphRequest, HttpMethod } from '../graph/types';
import { graphPath } from '../graph/url';
import { errorEntry, note } from '../results/entries';
import { splitList } from '../spec/args';
import { applyToManyUsers } from './bulk';
import { dryRunResult, planned } from './dry-run';
import type { Command, CommandContext, CommandOutput } from './types';

/**
 * One account-state action as data (SPEC.md §3.1). A single user and a bulk `$batch` run read
 * the same description: `path` is relative to the version root, as a batch item's `url` is too.
 */
export interface AccountAction {
  /** The `Action` column of bulk results. */
  action: 'disable' | 'unblock' | 'revoke-sessions' | 'force-reset-password' | 'delete';
  /** Completes "Failed to <verb> <c> of <n> users" in bulk runs. */
  verb: string;
  method: HttpMethod;
  path: (user: string) => string;
  body?: Record<string, unknown>;
  /** The human-readable line of a success. */
  sentence: (user: string) => string;
  /** Line 1 of the error (SPEC.md §1.10). */
  fail: (user: string) => string;
}

export const disableAction: AccountAction = {
  action: 'disable',
  verb: 'disable',
  method: 'PATCH',
  path: (user) => graphPath`/users/${user}`,
  body: { accountEnabled: false },
  sentence: (user) => `user: "${user}" account has been disabled successfully.`,
  fail: (user) => `Failed to disable user ${user}.`,
};

export const unblockAction: AccountAction = {
  action: 'unblock',
  verb: 'unblock',
  method: 'PATCH',
  path: (user) => graphPath`/users/${user}`,
  body: { accountEnabled: true },
  sentence: (user) =>
    `"${user}" unblocked. It might take several minutes for the changes to take effect across all applications.`,
  fail: (user) => `Failed to unblock user ${user}.`,
};

export const revokeSessionsAction: AccountAction = {
  action: 'revoke-sessions',
  verb: 'revoke the sessions of',
  method: 'POST',
  path: (user) => graphPath`/users/${user}/revokeSignInSessions`,
  sentence: (user) => `User: "${user}" sessions have been revoked successfully.`,
  fail: (user) => `Failed to revoke the sessions of user ${user}.`,
};

export const forceResetPasswordAction: AccountAction = {
  action: 'force-reset-password',
  verb: 'force a password reset for',
  method: 'PATCH',
  path: (user) => graphPath`/users/${user}`,
  body: { passwordProfile: { forceChangePasswordNextSignIn: true } },
  sentence: (user) => `User ${user} will be required to change his password.`,
  fail: (user) => `Failed to force a password reset for user ${user}.`,
};

export const deleteAction: AccountAction = {
  action: 'delete',
  verb: 'delete',
  method: 'DELETE',
  path: (user) => graphPath`/users/${user}`,
  sentence: (user) => `user: "${user}" was deleted successfully.`,
  fail: (user) => `Failed to delete user ${user}.`,
};

function actionRequest(action: AccountAction, user: string): GraphRequest {
  return {
    method: action.method,
    path: action.path(user),
    ...(action.body ? { body: action.body } : {}),
  };
}

/** The users of a bulk-capable `user` argument, without case-insensitive repeats (SPEC.md §4.1). */
function distinctUsers(users: readonly string[]): string[] {
  const seen = new Set<string>();
  return users.filter((user) => {
    const key = user.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A `user` list that comes down to one user is that user, in the Fail line and 404 notes too. */
function shownUser(values: Record<string, string>): Record<string, string> {
  const users = distinctUsers(splitList(values.user ?? ''));
  return users.length === 1 ? { ...values, user: users[0] as string } : values;
}

/** An action sent after the main one succeeded, with line 1 of its error should it fail. */
interface FollowUp {
  action: AccountAction;
  failedAfterSuccess: (user: string) => string;
}

const revokeAfterDisable: FollowUp = {
  action: revokeSessionsAction,
  failedAfterSuccess: (user) => `User ${user} was disabled, but revoking the sessions failed.`,
};

/** A command that applies one account action to a user, e.g. msgraph-user-unblock. */
export function accountStateCommand(action: AccountAction): Command {
  return {
    fail: ({ user }) => action.fail(user ?? ''),
    notFound: { userArg: 'user' },
    shownArgs: shownUser,
    run: (ctx) => applyToUsers(ctx, action, []),
  };
}

/** msgraph-user-account-disable (and its alias): with revoke_sessions, the sessions go too (SPEC.md §4.3). */
export const disableAccount: Command = {
  ...accountStateCommand(disableAction),
  run: (ctx) => applyToUsers(ctx, disableAction, ctx.args.bool('revoke_sessions') ? [revokeAfterDisable] : []),
};

/**
 * Sends the action, then each follow-up once the action succeeded. A failed follow-up does not
 * undo the action, so the success note stays and an error entry follows it.
 */
async function applyToUsers(ctx: CommandContext, action: AccountAction, followUps: readonly FollowUp[]): Promise<CommandOutput> {
  const users = distinctUsers(ctx.args.list('user'));
  // One user behaves exactly as the reference did; two or more go through $batch (SPEC.md §4.1).
  if (users.length > 1) return applyToManyUsers(ctx, users, action, followUps[0]?.action);
  const { graph, command, dryRun } = ctx;
  const user = users[0];
  if (user === undefined) throw new UserInputError(`Missing required argument 'user'.`);
  const request = actionRequest(action, user);
  const followUpRequests = followUps.map((next) => ({ ...next, request: actionRequest(next.action, user) }));
  if (dryRun) return dryRunResult(command, [request, ...followUpRequests.map((f) => f.request)].map((r) => planned(graph, r)));
  await graph.request(request);
  const sentences = [action.sentence(user)];
  for (const next of followUpRequests) {
    const failure = await failureOf(graph.request(next.request));
    if (failure) return [note({ readable: sentences.join('\n') }), errorEntry([next.failedAfterSuccess(user), ...failure].join('\n'))];
    sentences.push(next.action.sentence(user));
  }
  return [note({ readable: sentences.join('\n') })];
}

/** Resolves to the lines explaining a failed request, or undefined; errors we cannot explain still throw. */
async function failureOf(request: Promise<unknown>): Promise<string[] | undefined> {
  try {
    await request;
    return undefined;
  } catch (error) {
    const lines = failureLines(error);
    if (lines) return lines;
    throw error;
  }
}

export const unblockUser = accountStateCommand(unblockAction);
export const revokeSessions = accountStateCommand(revokeSessionsAction);
export const forceResetPassword = accountStateCommand(forceResetPasswordAction);
export const deleteUser = accountStateCommand(deleteAction);
