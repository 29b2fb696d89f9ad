import { collect } from '../graph/paginate';
import type { GraphRequest } from '../graph/types';
import { graphPath } from '../graph/url';
import { entryContextKey, toContextRecord, toReadableRecord } from '../results/context';
import { note } from '../results/entries';
import { tableToMarkdown } from '../results/markdown';
import { withoutODataContext } from '../results/users';
import { wrappedListNote } from '../results/wrapped-list';
import { dryRunResult, planned } from './dry-run';
import { directoryPaging, eventualConsistency, nextPageMetadata } from './list-paging';
import type { Command, CommandContext } from './types';

type GraphRecord = Record<string, unknown>;

/** The `{user}` directory objects of one relation, paged (SPEC.md §1.7). */
async function relatedObjects(ctx: CommandContext, pathOf: (user: string) => string) {
  const user = ctx.args.string('user');
  const request: GraphRequest = { method: 'GET', path: pathOf(user) };
  return { user, ...(await collect<GraphRecord>(ctx.graph, request, directoryPaging(ctx))) };
}

/** msgraph-user-get-groups: the groups (and roles) a user is a direct member of. */
export const getUserGroups: Command = {
  fail: ({ user }) => `Failed to get the groups of user ${user}.`,
  notFound: { userArg: 'user' },
  async run(ctx) {
    const { user, items, nextLink } = await relatedObjects(ctx, (user) => graphPath`/users/${user}/memberOf`);
    const wrapper = { prefix: 'MSGraphUserGroups', keyField: 'ID', key: user, listField: 'Groups' };
    return [wrappedListNote(`${user} group data`, items, nextLink, nextPageMetadata(nextLink), wrapper)];
  },
};

/** msgraph-direct-reports: the people who have this user as their manager. */
export const getDirectReports: Command = {
  fail: ({ user }) => `Failed to get the direct reports of user ${user}.`,
  notFound: { userArg: 'user' },
  async run(ctx) {
    const { user, items, nextLink } = await relatedObjects(ctx, (user) => graphPath`/users/${user}/directReports`);
    const wrapper = { prefix: 'MSGraphUserDirectReports', keyField: 'Manager', key: user, listField: 'Reports' };
    return [wrappedListNote(`${user} - direct reports`, items, nextLink, nextPageMetadata(nextLink), wrapper)];
  },
};

/** msgraph-user-get-manager: a 404 without a better match means the user has no manager. */
export const getManager: Command = {
  fail: ({ user }) => `Failed to get the manager of user ${user}.`,
  notFound: { userArg: 'user', noManagerNote: true },
  async run({ graph, args }) {
    const user = args.string('user');
    const { data } = await graph.request<GraphRecord>({ method: 'GET', path: graphPath`/users/${user}/manager` });
    const { ['@odata.type']: _type, ...manager } = withoutODataContext(data);
    return [
      note({
        readable: tableToMarkdown(`${user} - manager`, toReadableRecord(manager), { removeNull: true }),
        contents: manager,
        context: { [entryContextKey('MSGraphUserManager', ['ID'])]: { ID: user, Manager: toContextRecord(manager) } },
      }),
    ];
  },
};

function assignManagerRequest(graphOrigin: string, user: string, manager: string): GraphRequest {
  return {
    method: 'PUT',
    path: graphPath`/users/${user}/manager/$ref`,
    body: { '@odata.id': `${graphOrigin}/v1.0${graphPath`/users/${manager}`}` },
  };
}

/** msgraph-user-assign-manager: point the user's manager reference at another user. */
export const assignManager: Command = {
  fail: ({ user, manager }) => `Failed to assign manager ${manager} to user ${user}.`,
  notFound: { userArg: 'user' },
  async run({ graph, args, command, dryRun }) {
    const user = args.string('user');
    const request = assignManagerRequest(graph.origin, user, args.string('manager'));
    if (dryRun) return dryRunResult(command, [planned(graph, request)]);
    await graph.request(request);
    return [
      note({
        readable: `A manager was assigned to user "${user}". It might take several minutes for the changes to take effect across all applications.`,
      }),
    ];
  },
};

/** msgraph-user-owned-devices-list: the devices a user owns, 50 a page unless asked otherwise. */
export const listOwnedDevices: Command = {
  fail: ({ user }) => `Failed to list the owned devices of user ${user}.`,
  notFound: { userArg: 'user' },
  async run(ctx) {
    const user = ctx.args.string('user');
    const request: GraphRequest = {
      method: 'GET',
      path: graphPath`/users/${user}/ownedDevices`,
      // An empty $filter is an error in Graph, so it is sent only when given.
      query: { $filter: ctx.args.optionalString('filter'), $count: 'true' },
      headers: eventualConsistency,
    };
    const { items, nextLink } = await collect<GraphRecord>(ctx.graph, request, directoryPaging(ctx));
    if (items.length === 0) return [note({ readable: `No owned devices found for user ${user}.`, contents: items })];
    const rows = items.map((device) => ({
      'Device Id': device.id,
      'Azure Device Registration Id': device.deviceId,
      'Device Display Name': device.displayName,
    }));
    const owned = { ID: user, OwnedDevice: [...(nextLink ? [{ NextPage: nextLink }] : []), ...items.map(toContextRecord)] };
    return [
      note({
        readable: tableToMarkdown(`Owned Devices for User ${user}:`, rows, {
          headers: ['Device Id', 'Azure Device Registration Id', 'Device Display Name'],
          removeNull: true,
          metadata: nextPageMetadata(nextLink),
        }),
        contents: items,
        context: { [entryContextKey('MSGraphUser', ['ID'])]: owned },
      }),
    ];
  },
};
