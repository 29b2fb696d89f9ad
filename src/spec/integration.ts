import integration from '../generated/integration.json';

/** The parts of integration.yml the runtime reads. */
export interface ArgumentSpec {
  name: string;
  description: string;
  required?: boolean;
  defaultValue?: unknown;
  predefined?: string[];
  isArray?: boolean;
  secret?: boolean;
  /** `number` or `boolean` where the argument is typed; absent for strings. */
  type?: string;
  hidden?: boolean;
}

export interface OutputSpec {
  contextPath?: string;
  description: string;
  type?: string;
}

export interface CommandSpec {
  name: string;
  description: string;
  arguments?: ArgumentSpec[];
  outputs?: OutputSpec[];
  deprecated?: boolean;
  hidden?: boolean;
  execution?: boolean;
}

export interface ParamSpec {
  name: string;
  display?: string;
  type: number;
  required?: boolean;
  defaultvalue?: unknown;
  options?: string[];
  hidden?: boolean;
}

export interface IntegrationSpec {
  name: string;
  display: string;
  description: string;
  configuration: ParamSpec[];
  script: { commands: CommandSpec[] };
}

export const spec = integration as unknown as IntegrationSpec;

const byName = new Map(spec.script.commands.map((c) => [c.name, c]));

export function commandSpec(name: string): CommandSpec | undefined {
  return byName.get(name);
}

export function paramSpec(name: string): ParamSpec | undefined {
  return spec.configuration.find((p) => p.name === name);
}
