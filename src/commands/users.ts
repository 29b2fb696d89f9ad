import { PlainError, UserInputError } from '../errors';
import { GraphError } from '../graph/graph-error';
import { collectPages } from '../graph/paginate';
import type { GraphRequest } from '../graph/types';
import { graphPath } from '../graph/url';
import { note } from '../results/entries';
import { UserListBuilder, userNote } from '../results/users';
import type { Args } from '../spec/args';
import { parseUserKeyValues, setIgnoringCase } from '../spec/key-values';
import type { Secret } from '../secret';
import { dryRunResult, planned } from './dry-run';
import { directoryPaging, eventualConsistency, nextPageMetadata } from './list-paging';
import type { Command, CommandOutput } from './types';

type GraphRecord = Record<string, unknown>;

/** The read behind msgraph-user-get, also done after an update. */
function readUserRequest(user: string, properties: readonly string[]): GraphRequest {
  return { method: 'GET', path: graphPath`/users/${user}`, query: { $select: properties.join(',') } };
}

function updateUserRequest(user: string, fields: GraphRecord): GraphRequest {
  return { method: 'PATCH', path: graphPath`/users/${user}`, body: fields };
}

function createUserRequest(args: Args): GraphRequest {
  const body: GraphRecord = {
    accountEnabled: args.bool('account_enabled'),
    displayName: args.string('display_name'),
    mailNickname: args.string('mail_nickname'),
    passwordProfile: { forceChangePasswordNextSignIn: true, password: requiredSecret(args, 'password') },
    userPrincipalName: args.string('user_principal_name'),
  };
  const immutableId = args.optionalString('on_premises_immutable_id');
  if (immutableId !== undefined) body.onPremisesImmutableId = immutableId;
  const otherProperties = args.optionalString('other_properties');
  if (otherProperties !== undefined) {
    const extra = parseUserKeyValues(otherProperties, args.string('other_properties_delimiter'), 'other_properties');
    for (const [key, value] of Object.entries(extra)) setIgnoringCase(body, key, value);
  }
  // Creating is not idempotent: a transport error must not send a second POST /users.
  return { method: 'POST', path: '/users', body, idempotent: false };
}

function requiredSecret(args: Args, name: string): Secret {
  const secret = args.secret(name);
  if (!secret) throw new UserInputError(`Missing required argument '${name}'.`);
  return secret;
}

// A 400 for a user containing these is Graph rejecting the characters, not the user (SPEC.md §3.2).
const unsupportedUserCharacters = ['%', '&', '*', '+', '/', '=', '?', '`', '{', '|', '}'];

/** msgraph-user-get: one user, or a note when Graph does not know it (whatever handle_error says). */
export const getUser: Command = {
  fail: ({ user }) => `Failed to get user ${user}.`,
  async run({ graph, args }) {
    const user = args.string('user');
    try {
      const { data } = await graph.request<GraphRecord>(readUserRequest(user, args.list('properties')));
      return [userNote(`${user} data`, data)];
    } catch (error) {
      return explainGetFailure(error, user);
    }
  },
};

function explainGetFailure(error: unknown, user: string): CommandOutput {
  if (!(error instanceof GraphError)) throw error;
  if (error.status === 404) {
    const graphSaid = error.code !== undefined ? `${error.code}: ${error.graphMessage ?? ''}` : 'Not Found - 404 Response';
    const contents = error.code !== undefined ? error.body : graphSaid;
    return [note({ readable: `### User ${user} was not found.\nMicrosoft Graph Response: ${graphSaid}`, contents })];
  }
  const unsupported = unsupportedUserCharacters
    .filter((c) => user.includes(c))
    .sort((a, b) => user.indexOf(a) - user.indexOf(b));
  if (error.status === 400 && unsupported.length > 0) {
    throw new PlainError(
      [
        `Failed to get user ${user}.`,
        `Request failed because the user contains unsupported characters: ${unsupported.join(', ')}`,
        ...error.lines(),
      ].join('\n'),
    );
  }
  throw error;
}

/** msgraph-user-list: users of the directory, one page unless limit or all_results asks for more. */
export const listUsers: Command = {
  fail: () => 'Failed to list users.',
  async run(ctx) {
    const { graph, args } = ctx;
    const request: GraphRequest = {
      method: 'GET',
      path: '/users',
      query: { $filter: args.optionalString('filter'), $select: args.list('properties').join(','), $count: 'true' },
      headers: eventualConsistency,
    };
    const users = new UserListBuilder();
    const { nextLink } = await collectPages<GraphRecord>(graph, request, directoryPaging(ctx), (page) => users.add(page));
    return [users.note('All Graph Users', nextLink, nextPageMetadata(nextLink, 'parameter'))];
  },
};

/** msgraph-user-create: the output is the 201 body, since a new user can briefly read as 404. */
export const createUser: Command = {
  fail: ({ user_principal_name }) => `Failed to create user ${user_principal_name}.`,
  async run({ graph, args, command, dryRun }) {
    const request = createUserRequest(args);
    if (dryRun) return dryRunResult(command, [planned(graph, request)]);
    const { data } = await graph.request<GraphRecord>(request);
    return [userNote(`${args.string('user_principal_name')} was created successfully:`, data)];
  },
};

/** msgraph-user-update: patch the fields, then show the user as msgraph-user-get would. */
export const updateUser: Command = {
  fail: ({ user }) => `Failed to update user ${user}.`,
  notFound: { userArg: 'user' },
  async run({ graph, args, command, dryRun }) {
    const user = args.string('user');
    const fields = parseUserKeyValues(args.string('updated_fields'), args.string('updated_fields_delimiter'), 'updated_fields');
    const update = updateUserRequest(user, fields);
    const read = readUserRequest(user, ['*']);
    if (dryRun) return dryRunResult(command, [planned(graph, update), planned(graph, read)]);
    await graph.request(update);
    const { data } = await graph.request<GraphRecord>(read);
    return [userNote(`${user} data`, data)];
  },
};
