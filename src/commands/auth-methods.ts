import type { CollectOptions } from '../graph/paginate';
import { collect } from '../graph/paginate';
import type { GraphRequest } from '../graph/types';
import { graphPath } from '../graph/url';
import { entryContextKey, toContextRecord } from '../results/context';
import { note } from '../results/entries';
import { tableToMarkdown } from '../results/markdown';
import { wrappedListNote } from '../results/wrapped-list';
import { dryRunResult, planned } from './dry-run';
import { listPaging, nextPageMetadata } from './list-paging';
import { methodTypes, type MethodType } from './method-types';
import type { Command, CommandContext } from './types';

type GraphRecord = Record<string, unknown>;

/** A method as `Contents` and context may hold it: no `@odata.context`, and never a pass (SPEC.md §1.1, §5.6). */
export function withoutPass(record: GraphRecord): GraphRecord {
  const { ['@odata.context']: _context, temporaryAccessPass: _pass, ...rest } = record;
  return rest;
}

/**
 * The paging arguments of a method collection (SPEC.md §1.7): never `$top`. A given `next_page`
 * passes the same-origin guard before anything is sent.
 */
const methodPaging = (ctx: CommandContext): CollectOptions => listPaging(ctx, false);

/** msgraph-user-get-auth-methods: every method a user has registered, under one wrapper record. */
export const getAuthMethods: Command = {
  fail: ({ user }) => `Failed to get the authentication methods of user ${user}.`,
  notFound: { userArg: 'user' },
  async run(ctx) {
    const user = ctx.args.string('user');
    const request: GraphRequest = { method: 'GET', path: graphPath`/users/${user}/authentication/methods` };
    const { items, nextLink } = await collect<GraphRecord>(ctx.graph, request, methodPaging(ctx));
    const methods = items.map(withoutPass);
    const wrapper = { prefix: 'MSGraphUserAuthMethods', keyField: 'ID', key: user, listField: 'Methods' };
    return [wrappedListNote(`${user} - auth methods`, methods, nextLink, nextPageMetadata(nextLink), wrapper)];
  },
};

interface SignInPreferences {
  isSystemPreferredAuthenticationMethodEnabled?: boolean | null;
  userPreferredMethodForSecondaryAuthentication?: string | null;
  systemPreferredAuthenticationMethod?: string | null;
}

/** msgraph-user-get-user-default-auth-method: the user's sign-in preferences (beta) and the method they lead to. */
export const getDefaultAuthMethod: Command = {
  fail: ({ user }) => `Failed to get the authentication preferences of user ${user}.`,
  notFound: { userArg: 'user' },
  async run({ graph, args }) {
    const user = args.string('user');
    const { data } = await graph.request<SignInPreferences & GraphRecord>({
      method: 'GET',
      path: graphPath`/users/${user}/authentication/signInPreferences`,
      version: 'beta',
    });
    const preferences = withoutPass(data ?? {}) as SignInPreferences;
    const record = {
      User: user,
      DefaultMethod:
        preferences.userPreferredMethodForSecondaryAuthentication || preferences.systemPreferredAuthenticationMethod || 'Unknown',
      IsSystemPreferredAuthenticationMethodEnabled: preferences.isSystemPreferredAuthenticationMethodEnabled ?? null,
      UserPreferredMethodForSecondaryAuthentication: preferences.userPreferredMethodForSecondaryAuthentication ?? null,
      SystemPreferredAuthenticationMethod: preferences.systemPreferredAuthenticationMethod ?? null,
    };
    return [
      note({
        readable:
          tableToMarkdown(`Authentication Preferences for ${user}`, record, { removeNull: true }) +
          `\n**Default Auth Method:** ${record.DefaultMethod}`,
        contents: preferences,
        context: { [entryContextKey('MSGraphUser.AuthMethod', ['User'])]: record },
      }),
    ];
  },
};

function collectionPath(type: MethodType, user: string): string {
  return graphPath`/users/${user}/authentication/${type.collection}`;
}

function methodPath(type: MethodType, user: string, methodId: string): string {
  return graphPath`/users/${user}/authentication/${type.collection}/${methodId}`;
}

/** One table row: the type's headers filled from the Graph keys. */
function methodRow(type: MethodType, method: GraphRecord): GraphRecord {
  return Object.fromEntries(type.columns.map(([header, key]) => [header, method[key]]));
}

function methodTable(type: MethodType, title: string, methods: GraphRecord[], nextLink?: string): string {
  return tableToMarkdown(
    title,
    methods.map((m) => methodRow(type, m)),
    { headers: type.columns.map(([header]) => header), metadata: nextPageMetadata(nextLink) },
  );
}

/** `msgraph-user-<stem>-method-list`: one method by `method_id`, or the user's methods of that type, paged. */
function listMethods(type: MethodType): Command {
  const contextKey = entryContextKey(type.contextPrefix, ['ID']);
  return {
    fail: ({ user }) => `Failed to list ${type.kind} authentication methods of user ${user}.`,
    notFound: { userArg: 'user' },
    async run(ctx) {
      const user = ctx.args.string('user');
      const methodId = ctx.args.optionalString('method_id');
      if (methodId !== undefined) {
        const { data } = await ctx.graph.request<GraphRecord>({ method: 'GET', path: methodPath(type, user, methodId) });
        const method = withoutPass(data ?? {});
        return [
          note({
            readable: methodTable(type, `${type.noun} ${methodId} for User ${user}:`, [method]),
            contents: method,
            context: { [contextKey]: toContextRecord(method) },
          }),
        ];
      }
      const request: GraphRequest = { method: 'GET', path: collectionPath(type, user) };
      const { items, nextLink } = await collect<GraphRecord>(ctx.graph, request, methodPaging(ctx));
      if (items.length === 0) {
        return [note({ readable: `No ${type.kind} authentication methods found for user ${user}.`, contents: items })];
      }
      const methods = items.map(withoutPass);
      return [
        note({
          readable: methodTable(type, `${type.noun}s for User ${user}:`, methods, nextLink),
          contents: methods,
          context: { [contextKey]: [...(nextLink ? [{ NextPage: nextLink }] : []), ...methods.map(toContextRecord)] },
        }),
      ];
    },
  };
}

/** `msgraph-user-<stem>-method-delete`: remove one method of that type from the user. */
function deleteMethod(type: MethodType): Command {
  return {
    fail: ({ user, method_id }) => `Failed to delete ${type.kind} authentication method ${method_id} of user ${user}.`,
    notFound: { userArg: 'user' },
    async run({ graph, args, command, dryRun }) {
      const user = args.string('user');
      const methodId = args.string('method_id');
      const request: GraphRequest = { method: 'DELETE', path: methodPath(type, user, methodId) };
      if (dryRun) return dryRunResult(command, [planned(graph, request)]);
      await graph.request(request);
      return [note({ readable: type.deleted.replace('{id}', () => methodId).replace('{user}', () => user) })];
    },
  };
}

/** The fourteen per-type commands, by name. */
export const methodCommands: Record<string, Command> = Object.fromEntries(
  methodTypes.flatMap((type) => [
    [`msgraph-user-${type.stem}-method-list`, listMethods(type)],
    [`msgraph-user-${type.stem}-method-delete`, deleteMethod(type)],
  ]),
);
