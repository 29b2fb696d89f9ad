import { authReset } from './auth-reset';
import { testConnection, testModule } from './connection';
import { generateLoginUrl } from './login-url';
import type { Command } from './types';

/** The registry: every command the plugin answers. Commands of integration.yml missing here answer "not available yet". */
export const commands = {
  'test-module': testModule,
  'msgraph-user-test': testConnection,
  'msgraph-user-auth-reset': authReset,
  'msgraph-user-generate-login-url': generateLoginUrl,
} satisfies Record<string, Command>;
