import { textNote } from '../results/entries';
import type { Command } from './types';

/** msgraph-user-auth-reset: forget every stored token (SPEC.md §2.9). */
export const authReset: Command = {
  async run(ctx) {
    ctx.state.integrationContext = {};
    return [
      textNote(
        'Authorization was reset successfully. Please regenerate the credentials, and then click **Test** to validate the credentials and connection.',
      ),
    ];
  },
};
