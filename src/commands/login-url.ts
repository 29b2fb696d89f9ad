import { PlainError } from '../errors';
import { cloudOf } from '../graph/clouds';
import { textNote } from '../results/entries';
import type { Command } from './types';

/** msgraph-user-generate-login-url: the authorize URL of the configured cloud (SPEC.md §2.8). */
export const generateLoginUrl: Command = {
  async run({ params }) {
    const clientId = params.credential('creds_auth_id', 'auth_id');
    const tenant = params.credential('creds_tenant_id', 'tenant_id');
    const redirectUri = params.text('redirect_uri');
    const missing = [
      clientId ? undefined : 'client_id',
      tenant ? undefined : 'tenant_id',
      redirectUri ? undefined : 'redirect_uri',
    ].filter((m): m is string => m !== undefined);
    if (missing.length || !clientId || !tenant || !redirectUri) {
      throw new PlainError(
        `Please make sure you entered the Authorization configuration correctly. Missing: ${missing.join(', ')}`,
      );
    }
    const { login, graph } = cloudOf(params);
    const e = encodeURIComponent;
    const url =
      `${login}/${e(tenant)}/oauth2/v2.0/authorize?response_type=code` +
      `&scope=${e(`offline_access ${graph}/.default`)}&client_id=${e(clientId)}&redirect_uri=${e(redirectUri)}`;
    return [
      textNote(
        [
          '### Authorization instructions',
          `1. Click on the [login URL](${url}) to sign in and grant Cortex XSOAR permissions for Microsoft Graph.`,
          'You will be automatically redirected to a link with the following structure:',
          '```REDIRECT_URI?code=AUTH_CODE&session_state=SESSION_STATE```',
          '2. Copy the `AUTH_CODE` (without the `code=` prefix, and the `session_state` parameter)',
          'and paste it in your instance configuration under the **Authorization code** parameter.',
        ].join('\n'),
      ),
    ];
  },
};
