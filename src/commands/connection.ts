import { PlainError } from '../errors';
import { chooseFlow } from '../graph/auth-flow';
import { textNote } from '../results/entries';
import type { Command, CommandContext } from './types';

export const TEST_MODULE_AUTH_CODE =
  'When using a self-deployed configuration with authorization code and redirect uri, Please enable the integration and run the !msgraph-user-test command in order to test it';

const fail = () => 'Failed to connect to Microsoft Graph.';

/** Gets a token, then reads one user id: proof that the app can reach and read the directory. */
async function probe({ graph }: CommandContext): Promise<void> {
  await graph.request({ method: 'GET', path: '/users', query: { $top: 1, $select: 'id' } });
}

/** test-module: the instance's Test button (SPEC.md §2.7). */
export const testModule: Command = {
  async run(ctx) {
    // A Test run keeps no integrationContext, so the one-time code would be spent for nothing.
    if (chooseFlow(ctx.params).flow === 'authorization code') throw new PlainError(TEST_MODULE_AUTH_CODE);
    await probe(ctx);
    return [textNote('ok')];
  },
  fail,
};

/** msgraph-user-test: the same check, for every flow (SPEC.md §2.7). */
export const testConnection: Command = {
  async run(ctx) {
    await probe(ctx);
    return [textNote('```✅ Success!```')];
  },
  fail,
};
