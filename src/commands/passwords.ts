import { PlainError, UserInputError } from '../errors';
import { failureLines } from '../graph/graph-error';
import { realSleep } from '../graph/resend';
import type { Graph, GraphRequest } from '../graph/types';
import { assertSameOrigin, graphPath, idSegment } from '../graph/url';
import { note } from '../results/entries';
import type { Args } from '../spec/args';
import { Secret, registerSecret } from '../secret';
import { dryRunResult, planned } from './dry-run';
import type { Command, CommandContext, CommandOutput } from './types';

function changePasswordRequest(user: string, password: Secret, nextSignIn: boolean, withMfa: boolean): GraphRequest {
  return {
    method: 'PATCH',
    path: graphPath`/users/${user}`,
    body: {
      passwordProfile: {
        forceChangePasswordNextSignIn: nextSignIn,
        forceChangePasswordNextSignInWithMfa: withMfa,
        password,
      },
    },
  };
}

/** msgraph-user-change-password: set a cloud user's password (and whether it must change at sign-in). */
export const changePassword: Command = {
  fail: ({ user }) => `Failed to change the password of user ${user}.`,
  notFound: { userArg: 'user' },
  async run({ graph, args, command, dryRun }) {
    const user = args.string('user');
    const password = args.secret('password');
    if (!password) throw new UserInputError(`Missing required argument 'password'.`);
    const request = changePasswordRequest(
      user,
      password,
      args.bool('force_change_password_next_sign_in'),
      args.bool('force_change_password_with_mfa'),
    );
    if (dryRun) return dryRunResult(command, [planned(graph, request)]);
    await graph.request(request);
    return [note({ readable: `User ${user} password was changed successfully.` })];
  },
};

function passwordMethodsRequest(user: string): GraphRequest {
  return { method: 'GET', path: graphPath`/users/${user}/authentication/passwordMethods` };
}

/** `methodSegment` is an encoded id, or the `{passwordMethodId}` placeholder of a dry run. */
function resetPasswordRequest(user: string, methodSegment: string, newPassword: Secret): GraphRequest {
  return {
    method: 'POST',
    path: `${graphPath`/users/${user}/authentication/methods/`}${methodSegment}/resetPassword`,
    body: { newPassword },
    // A second resetPassword would start a second operation: never re-sent after a transport error.
    idempotent: false,
  };
}

function pollRequest(pollingUrl: string): GraphRequest {
  return { method: 'GET', path: pollingUrl };
}

/**
 * msgraph-user-change-password-on-premise: reset a synced user's password through its password
 * method, then poll the long-running operation until it ends or the time is up (SPEC.md §3.4).
 */
export const changePasswordOnPremise: Command = {
  fail: ({ user, polling_url }) =>
    polling_url ? `Failed to get the password reset status of user ${user}.` : `Failed to initiate password reset for ${user}.`,
  async run(ctx) {
    const { graph, args, command, dryRun } = ctx;
    const user = args.string('user');
    const givenPollingUrl = args.optionalString('polling_url');
    if (givenPollingUrl !== undefined) {
      const pollingUrl = guardedPollingUrl(givenPollingUrl, graph.origin);
      if (dryRun) return dryRunResult(command, [planned(graph, pollRequest(pollingUrl))]);
      return pollPasswordReset(ctx, user, pollingUrl);
    }
    const newPassword = chosenPassword(args);
    if (dryRun) {
      return dryRunResult(command, [
        planned(graph, passwordMethodsRequest(user)),
        planned(graph, resetPasswordRequest(user, '{passwordMethodId}', newPassword)),
        // The client would put a relative path under the version root; the placeholder stands alone.
        { method: pollRequest('{Location}').method, url: '{Location}' },
      ]);
    }
    const methodId = await firstPasswordMethodId(graph, user);
    const reset = await graph.request(resetPasswordRequest(user, idSegment(methodId), newPassword));
    const location = reset.headers.location;
    if (!location) {
      throw new PlainError(`Failed to get polling URL (Location header) from the API response for user ${user}.`);
    }
    const pollingUrl = guardedPollingUrl(location, graph.origin);
    return pollPasswordReset(ctx, user, pollingUrl).catch((error: unknown) => {
      throw startedButUnchecked(user, pollingUrl, error);
    });
  },
};

/**
 * The reset was accepted, so a later failure must not read as "failed to initiate": the user
 * would start a second reset. It says so, and how to keep checking the one under way.
 */
function startedButUnchecked(user: string, pollingUrl: string, error: unknown): unknown {
  if (error instanceof PlainError || error instanceof UserInputError) return error;
  const lines = failureLines(error);
  if (!lines) return error;
  return new PlainError(
    [
      `The password reset for ${user} was started, but checking its status failed.`,
      ...lines,
      `Run this command again with polling_url=${pollingUrl} to keep checking; do not start another reset.`,
    ].join('\n'),
  );
}

/** `password` and `nonsensitive_password` are two ways to give the same value. */
function chosenPassword(args: Args): Secret {
  const password = args.secret('password');
  const plain = args.optionalString('nonsensitive_password');
  if (plain !== undefined) registerSecret(plain);
  if (!password && plain === undefined) {
    throw new UserInputError(
      `Password is required. Please provide either 'password' (sensitive) or 'nonsensitive_password' argument.`,
    );
  }
  if (password && plain !== undefined && password.reveal() !== plain) {
    throw new UserInputError(
      `Conflicting passwords provided. The 'password' and 'nonsensitive_password' arguments must have the same value, or use only one of them.`,
    );
  }
  return password ?? new Secret(plain ?? '');
}

async function firstPasswordMethodId(graph: Graph, user: string): Promise<string> {
  const { data } = await graph.request<{ value?: Array<{ id?: unknown }> } | null>(passwordMethodsRequest(user));
  const id = data?.value?.[0]?.id;
  if (typeof id !== 'string' || id === '') throw new PlainError('Failed getting passwordMethod id');
  return id;
}

/** A relative Location is resolved against the Graph origin, and then must stay on it. */
function guardedPollingUrl(link: string, graphOrigin: string): string {
  // Left as given when it cannot be resolved: the guard then explains why it is not followed.
  const resolved = URL.canParse(link, graphOrigin) ? new URL(link, graphOrigin).href : link;
  return assertSameOrigin(resolved, graphOrigin, 'a link').href;
}

interface OperationStatus {
  status?: string;
  statusDetail?: string;
  error?: { message?: string };
}

const pendingStatuses = new Set(['notStarted', 'running']);

async function pollPasswordReset(ctx: CommandContext, user: string, pollingUrl: string): Promise<CommandOutput> {
  const sleep = ctx.sleep ?? realSleep;
  const timeoutMs = (ctx.args.int('timeout_in_seconds') ?? 120) * 1000;
  const started = Date.now();
  let sleptMs = 0;
  // An injected sleep returns at once, so time spent is whichever clock moved further.
  const elapsedMs = () => Math.max(Date.now() - started, sleptMs);
  for (;;) {
    const { data, headers } = await ctx.graph.request<OperationStatus | null>(pollRequest(pollingUrl));
    const status = data?.status ?? 'unknown';
    const contents = { user, status, polling_url: pollingUrl };
    if (status === 'succeeded') {
      return [note({ readable: `Password reset **succeeded** for user **${user}**.`, contents })];
    }
    if (!pendingStatuses.has(status)) {
      const details = data?.statusDetail || data?.error?.message || 'No specific error message.';
      throw new PlainError(`Password reset **failed** for user **${user}**. Details: ${details}`);
    }
    const remainingMs = timeoutMs - elapsedMs();
    if (remainingMs <= 0) {
      return [
        note({
          readable: `Password reset status for **${user}** is **${status}**. Still waiting...\nRun this command again with polling_url=${pollingUrl} to keep checking.`,
          contents,
        }),
      ];
    }
    const waitMs = Math.min(retryAfterMs(headers['retry-after']), remainingMs);
    await sleep(waitMs);
    sleptMs += waitMs;
  }
}

/** Graph's Retry-After for the operation, kept within 1–30 s; 5 s when absent or unreadable. */
export function retryAfterMs(header: string | undefined): number {
  let seconds = 5;
  const text = header?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(text)) seconds = Number(text);
  else if (text !== '' && !Number.isNaN(Date.parse(text))) seconds = (Date.parse(text) - Date.now()) / 1000;
  return Math.min(30, Math.max(1, seconds)) * 1000;
}
