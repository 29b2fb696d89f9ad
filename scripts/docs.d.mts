import type { IntegrationSpec } from '../src/spec/integration';

export interface CommandPermissions {
  application: string[];
  delegated?: string[];
  note?: string;
}

export declare const docsPath: string;
export declare function exampleOf(command: IntegrationSpec['script']['commands'][number]): string;
export declare function renderCommandsDoc(integration: IntegrationSpec, permissions: Record<string, CommandPermissions>): string;
export declare function loadInputs(): { integration: IntegrationSpec; permissions: Record<string, CommandPermissions> };
