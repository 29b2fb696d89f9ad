import { randomUUID } from 'node:crypto';
import { PlainError, UserInputError } from '../errors';
import { cleanDescription } from '../graph/auth-errors';
import { cloudOf } from '../graph/clouds';
import { HttpClient, type WireRequest, type WireResponse } from '../graph/http';
import { realSleep, Resender, type Sent } from '../graph/resend';
import type { GraphRequest } from '../graph/types';
import { graphPath } from '../graph/url';
import { entryContextKey } from '../results/context';
import { note, textNote } from '../results/entries';
import type { Params } from '../spec/params';
import { dryRunResult, planned } from './dry-run';
import { buildMfaRequest, readMfaResponse } from './mfa-xml';
import type { Command, CommandContext } from './types';

/** The Azure Multi-Factor Auth Client application, whose service principal gets the secret. */
const MFA_APP_ID = '981f26a1-7f43-403b-a875-f8b09b8cd720';
const MFA_URL =
  'https://strongauthenticationservice.auth.microsoft.com/StrongAuthenticationService.svc/Connector//BeginTwoWayAuthentication';
const MFA_RESOURCE = 'https://adnotifications.windowsazure.com/StrongAuthenticationService.svc/Connector';

const GATE =
  '"Allow secret generators commands execution" parameter is not marked, Cannot run this command. For more information please refer to the integration configuration.';

function requireSecretGenerators(params: Params): void {
  if (!params.bool('allow_secret_generators')) throw new PlainError(GATE);
}

/**
 * Sends one request that is not a Graph call (no token attached) through the project's HTTP
 * stack: the instance's proxy and TLS settings, the per-attempt timeout and the retry policy.
 */
async function sendExternal(ctx: CommandContext, req: WireRequest, idempotent: boolean): Promise<Sent> {
  // The instance's auth configuration is checked before any network call, as for every command
  // (SPEC.md §2.3), even though this request carries its own credential.
  void ctx.graph.origin;
  const http = new HttpClient({ insecure: ctx.params.bool('insecure'), useProxy: ctx.params.bool('proxy') });
  try {
    return await new Resender(http, ctx.sleep ?? realSleep).send(req, idempotent);
  } finally {
    http.close();
  }
}

/** A failure message, then why retrying stopped when it did (SPEC.md §1.10: retries exhausted). */
function withRetryNote(message: string, sent: Sent): string {
  return sent.note ? `${message}\n${sent.note}` : message;
}

/** `min(60, timeout)`, where 0 means 60 (SPEC.md §3.7). */
function mfaTimeoutSeconds(timeout: number | undefined): number {
  return !timeout ? 60 : Math.min(60, timeout);
}

/** msgraph-user-request-mfa: push an MFA challenge to the user and wait for the answer. */
export const requestMfa: Command = {
  fail: ({ user_mail }) => `Failed to pop MFA request for user ${user_mail}.`,
  async run(ctx) {
    const user = ctx.args.string('user_mail');
    const accessToken = ctx.args.secret('access_token')?.reveal() ?? '';
    const sent = await sendExternal(
      ctx,
      {
        method: 'POST',
        url: MFA_URL,
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/xml' },
        body: buildMfaRequest(user, randomUUID()),
        timeoutMs: (mfaTimeoutSeconds(ctx.args.int('timeout')) + 10) * 1000,
      },
      false,
    );
    const { response } = sent;
    const failed = (why: string) => new PlainError(`Failed to pop MFA request for user ${user}: ${why}`);
    if (response.status < 200 || response.status >= 300) throw failed(withRetryNote(`Error sending MFA challenge: ${response.status}`, sent));
    const answer = readMfaResponse(response.text);
    if (!answer) throw failed('Error: Could not parse MFA response.');
    if (answer.value === 'Success' && answer.authenticated) return [textNote('Status: User Approved MFA Request')];
    if (answer.value === 'PhoneAppDenied') throw failed('Status: User Denied Request');
    if (answer.value === 'PhoneAppNoResponse') throw failed('Status: MFA Request Timed Out');
    throw failed(`Status: MFA Request Failed - ${answer.message}`);
  },
};

interface PasswordCredential {
  secretText?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
}

/** msgraph-user-create-mfa-client-secret (gated): a new client secret on the MFA app's service principal. */
export const createMfaClientSecret: Command = {
  fail: () => 'Failed to create the MFA client secret.',
  async run({ graph, params, command, dryRun }) {
    requireSecretGenerators(params);
    const lookup: GraphRequest = {
      method: 'GET',
      path: '/servicePrincipals',
      query: { $filter: `appId eq '${MFA_APP_ID}'`, $select: 'id' },
    };
    const addPassword = (path: string): GraphRequest => ({
      method: 'POST',
      path,
      body: { passwordCredential: { displayName: 'MFA App Secret' } },
      idempotent: false,
    });
    if (dryRun) {
      // The service principal's id is read first, so the dry run shows its placeholder.
      return dryRunResult(command, [planned(graph, lookup), planned(graph, addPassword('/servicePrincipals/{servicePrincipalId}/addPassword'))]);
    }
    const { data: found } = await graph.request<{ value?: Array<{ id?: string }> }>(lookup);
    const id = found?.value?.[0]?.id;
    if (!id) throw new PlainError(`Error: Service Principal with appId ${MFA_APP_ID} not found.`);
    const { data } = await graph.request<PasswordCredential | null>(addPassword(graphPath`/servicePrincipals/${id}/addPassword`));
    const secret = { MFAClientSecret: data?.secretText ?? null, ValidFrom: data?.startDateTime ?? null, ValidUntil: data?.endDateTime ?? null };
    return [
      note({
        readable: 'A new client secret has been added. Note you might need to wait 30-60 seconds before the secret will be activated.',
        contents: secret,
        context: { [entryContextKey('MSGraphUser.MFAClientSecret')]: secret },
      }),
    ];
  },
};

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `<error>: <description>` of a token endpoint's refusal, or what the answer was when it is not one. */
function tokenRefusal(response: WireResponse): string {
  const body = parseJson(response.text);
  if (body && typeof body.error === 'string') {
    const description = typeof body.error_description === 'string' ? cleanDescription(body.error_description) : '';
    return description ? `${body.error}: ${description}` : body.error;
  }
  return `HTTP ${response.status}: ${response.text.trim().slice(0, 500) || response.statusText}`;
}

/** msgraph-user-create-mfa-client-access-token (gated): a token for the MFA service, from the MFA client secret. */
export const createMfaAccessToken: Command = {
  fail: () => 'Error obtaining access token.',
  async run(ctx) {
    requireSecretGenerators(ctx.params);
    const tenant = ctx.params.credential('creds_tenant_id', 'tenant_id');
    if (!tenant) throw new UserInputError('The Token / Tenant ID parameter is required.');
    const form = new URLSearchParams({
      resource: MFA_RESOURCE,
      client_id: MFA_APP_ID,
      client_secret: ctx.args.secret('client_secret')?.reveal() ?? '',
      grant_type: 'client_credentials',
      scope: 'openid',
    });
    const sent = await sendExternal(
      ctx,
      {
        method: 'POST',
        url: `${cloudOf(ctx.params).login}${graphPath`/${tenant}/oauth2/token`}`,
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      },
      true,
    );
    const { response } = sent;
    const body = parseJson(response.text);
    if (response.status < 200 || response.status >= 300 || typeof body?.access_token !== 'string') {
      throw new PlainError(withRetryNote(`Error obtaining access token: ${tokenRefusal(response)}`, sent));
    }
    const token = { AccessToken: body.access_token, ValidUntil: body.expires_on ?? null };
    return [
      note({
        readable: 'A new access token has been created.',
        contents: token,
        context: { [entryContextKey('MSGraphUser.MFAAccessToken')]: token },
      }),
    ];
  },
};
