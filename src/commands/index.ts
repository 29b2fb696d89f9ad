import { deleteUser, disableAccount, forceResetPassword, revokeSessions, unblockUser } from './account-state';
import { getAuthMethods, getDefaultAuthMethod, methodCommands } from './auth-methods';
import { authReset } from './auth-reset';
import { testConnection, testModule } from './connection';
import { generateLoginUrl } from './login-url';
import { createMfaAccessToken, createMfaClientSecret, requestMfa } from './mfa';
import { changePassword, changePasswordOnPremise } from './passwords';
import { assignManager, getDirectReports, getManager, getUserGroups, listOwnedDevices } from './relations';
import { createTapPolicy, deleteTapPolicy, listTapPolicy } from './tap';
import type { Command } from './types';
import { createUser, getUser, listUsers, updateUser } from './users';

/** The registry: every command the plugin answers. Commands of integration.yml missing here answer "not available yet". */
export const commands = {
  'test-module': testModule,
  'msgraph-user-test': testConnection,
  'msgraph-user-auth-reset': authReset,
  'msgraph-user-generate-login-url': generateLoginUrl,
  'msgraph-user-get': getUser,
  'msgraph-user-list': listUsers,
  'msgraph-user-create': createUser,
  'msgraph-user-update': updateUser,
  'msgraph-user-delete': deleteUser,
  'msgraph-user-account-disable': disableAccount,
  'msgraph-user-unblock': unblockUser,
  'msgraph-user-session-revoke': revokeSessions,
  'msgraph-user-force-reset-password': forceResetPassword,
  'msgraph-user-change-password': changePassword,
  'msgraph-user-change-password-on-premise': changePasswordOnPremise,
  'msgraph-direct-reports': getDirectReports,
  'msgraph-user-get-manager': getManager,
  'msgraph-user-assign-manager': assignManager,
  'msgraph-user-get-groups': getUserGroups,
  'msgraph-user-owned-devices-list': listOwnedDevices,
  'msgraph-user-get-auth-methods': getAuthMethods,
  'msgraph-user-get-user-default-auth-method': getDefaultAuthMethod,
  ...methodCommands,
  'msgraph-user-tap-policy-create': createTapPolicy,
  'msgraph-user-tap-policy-list': listTapPolicy,
  'msgraph-user-tap-policy-delete': deleteTapPolicy,
  'msgraph-user-request-mfa': requestMfa,
  'msgraph-user-create-mfa-client-secret': createMfaClientSecret,
  'msgraph-user-create-mfa-client-access-token': createMfaAccessToken,
  // deprecated aliases last
  'msgraph-user-terminate-session': disableAccount,
} satisfies Record<string, Command>;
