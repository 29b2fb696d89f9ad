import type { Entry } from '../envelope';
import { UserInputError } from '../errors';
import { collect } from '../graph/paginate';
import type { GraphRequest } from '../graph/types';
import { graphPath } from '../graph/url';
import { contextKey, entryContextKey, toReadableRecord } from '../results/context';
import { errorEntry, fileOutput, note } from '../results/entries';
import { tableToMarkdown } from '../results/markdown';
import { registerSecret, type Secret } from '../secret';
import type { Args } from '../spec/args';
import { withoutPass } from './auth-methods';
import { dryRunResult, planned } from './dry-run';
import type { Command } from './types';

type GraphRecord = Record<string, unknown>;

const tapPolicyKey = entryContextKey('MSGraphUser.TAPPolicy', ['ID']);

/** The fields of MSGraphUser.TAPPolicy, in the seed's order. */
const tapPolicyFields = [
  'id',
  'isUsable',
  'isUsableOnce',
  'createdDateTime',
  'methodUsabilityReason',
  'lifetimeInMinutes',
  'startDateTime',
] as const;

function tapPolicyRecord(policy: GraphRecord): GraphRecord {
  return Object.fromEntries(tapPolicyFields.map((field) => [contextKey(field), policy[field] ?? null]));
}

function tapCollection(userId: string): string {
  return graphPath`/users/${userId}/authentication/temporaryAccessPassMethods`;
}

/** The POST that creates a pass, after checking lifetime_in_minutes and start_time (SPEC.md §3.5). */
async function createTapRequest(args: Args, now: Date): Promise<GraphRequest> {
  const lifetime = args.int('lifetime_in_minutes') ?? 60;
  if (lifetime < 10 || lifetime > 43200) throw new UserInputError('lifetime_in_minutes must be between 10 and 43200.');
  // Loaded here only: its UTC date support builds Intl formatters when it loads (~10 ms of start-up).
  const { formatStartTime, parseStartTime } = await import('../spec/start-time');
  const startTime = parseStartTime(args.optionalString('start_time') ?? 'now', now);
  return {
    method: 'POST',
    path: tapCollection(args.string('user_id')),
    body: { lifetimeInMinutes: lifetime, isUsableOnce: args.bool('is_usable_once'), startDateTime: formatStartTime(startTime) },
    idempotent: false,
  };
}

/** An AES-256 zip holding one file, TAPPolicyPass.txt, with the pass and no newline. */
async function zipPass(pass: string, password: Secret): Promise<Uint8Array> {
  const { configure, TextReader, Uint8ArrayWriter, ZipWriter } = await import('@zip.js/zip.js');
  configure({ useWebWorkers: false });
  const writer = new ZipWriter(new Uint8ArrayWriter(), { password: password.reveal(), encryptionStrength: 3 });
  // Level 6 is deflate (0 would store the pass uncompressed, still encrypted).
  await writer.add('TAPPolicyPass.txt', new TextReader(pass), { level: 6 });
  return writer.close();
}

/** The zip's bytes, or the entry that says why it could not be made. */
async function zipOrError(pass: string, password: Secret): Promise<Uint8Array | Entry> {
  try {
    return await zipPass(pass, password);
  } catch (error) {
    return errorEntry(`Could not generate zip file. Error:\n${error instanceof Error ? error.message : String(error)}`);
  }
}

/** msgraph-user-tap-policy-create: a new Temporary Access Pass, handed over only inside a password-protected zip. */
export const createTapPolicy: Command = {
  fail: ({ user_id }) => `Failed to create a Temporary Access Pass for user ${user_id}.`,
  notFound: { userArg: 'user_id' },
  async run({ graph, args, command, dryRun }) {
    const userId = args.string('user_id');
    const request = await createTapRequest(args, new Date());
    if (dryRun) return dryRunResult(command, [planned(graph, request)]);
    const { data } = await graph.request<GraphRecord | null>(request);
    if (!data || Object.keys(data).length === 0) return [note({ readable: `Failed to create TAP policy for user: ${userId}.` })];
    const pass = data.temporaryAccessPass;
    const policy = withoutPass(data);
    const created = `Temporary Access Pass Authentication methods policy for user: ${userId} was successfully created.`;
    const policyNote = (readable: string) =>
      note({ readable, contents: policy, context: { [tapPolicyKey]: tapPolicyRecord(policy) } });
    if (typeof pass !== 'string' || pass === '') {
      return [policyNote(`${created}\nGraph did not return the Temporary Access Pass, so no zip file was created.`)];
    }
    // A last line of defence: any stray copy of the pass is scrubbed from the output and the logs.
    registerSecret(pass);
    const zip = await zipOrError(pass, args.secret('zip_password') as Secret);
    if (!(zip instanceof Uint8Array)) return [policyNote(created), zip];
    return [fileOutput('TAPPolicyInfo.zip', zip), policyNote(created)];
  },
};

const tapListHeaders = ['Policy ID', 'Start Date Time', 'Lifetime In Minutes', 'Is Usable Once', 'Is Usable', 'Method Usability Reason'];

/** msgraph-user-tap-policy-list: the user's Temporary Access Pass (a user has at most one), without the pass. */
export const listTapPolicy: Command = {
  fail: ({ user_id }) => `Failed to list the TAP policy of user ${user_id}.`,
  notFound: { userArg: 'user_id' },
  async run({ graph, args }) {
    const userId = args.string('user_id');
    const { items } = await collect<GraphRecord>(graph, { method: 'GET', path: tapCollection(userId) }, { sendTop: false });
    const policies = items.map(withoutPass);
    const [policy] = policies;
    if (!policy) return [note({ readable: `Failed to get TAP policy for the user ${userId}.`, contents: policies })];
    const row = { 'Policy ID': policy.id, ...toReadableRecord(policy) };
    return [
      note({
        readable: tableToMarkdown(`TAP Policy for User ID ${userId}:`, row, { headers: tapListHeaders }),
        contents: policies,
        context: { [tapPolicyKey]: tapPolicyRecord(policy) },
      }),
    ];
  },
};

/** msgraph-user-tap-policy-delete: remove the user's Temporary Access Pass. */
export const deleteTapPolicy: Command = {
  fail: ({ user_id, policy_id }) => `Failed to delete TAP policy ${policy_id} of user ${user_id}.`,
  notFound: { userArg: 'user_id' },
  async run({ graph, args, command, dryRun }) {
    const policyId = args.string('policy_id');
    const request: GraphRequest = {
      method: 'DELETE',
      path: graphPath`/users/${args.string('user_id')}/authentication/temporaryAccessPassMethods/${policyId}`,
    };
    if (dryRun) return dryRunResult(command, [planned(graph, request)]);
    await graph.request(request);
    return [note({ readable: `Temporary Access Pass Authentication methods policy ${policyId} was successfully deleted.` })];
  },
};
