import { getAuthMethods, getDefaultAuthMethod, methodCommands } from './auth-methods';
import { authReset } from './auth-reset';
import { testConnection, testModule } from './connection';
import { generateLoginUrl } from './login-url';
import { createTapPolicy, deleteTapPolicy, listTapPolicy } from './tap';
import type { Command } from './types';

/** The registry: every command the plugin answers. Commands of integration.yml missing here answer "not available yet". */
export const commands = {
  'test-module': testModule,
  'msgraph-user-test': testConnection,
  'msgraph-user-auth-reset': authReset,
  'msgraph-user-generate-login-url': generateLoginUrl,
  'msgraph-user-get-auth-methods': getAuthMethods,
  'msgraph-user-get-user-default-auth-method': getDefaultAuthMethod,
  ...methodCommands,
  'msgraph-user-tap-policy-create': createTapPolicy,
  'msgraph-user-tap-policy-list': listTapPolicy,
  'msgraph-user-tap-policy-delete': deleteTapPolicy,
} satisfies Record<string, Command>;
