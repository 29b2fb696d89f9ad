import type { Entry } from '../envelope';
import type { Graph } from '../graph/types';
import type { FileOutput } from '../results/entries';
import type { Args } from '../spec/args';
import type { Params } from '../spec/params';

/** Mutable state of one run that a command may change (auth-reset clears the context). */
export interface RunState {
  integrationContext: Record<string, unknown>;
}

export interface CommandContext {
  command: string;
  args: Args;
  params: Params;
  /** Created lazily: no token is requested until the first Graph request. */
  graph: Graph;
  /** `dry_run=true` was given: the command must send nothing (SPEC.md §4.2). */
  dryRun: boolean;
  state: RunState;
  /** Reports progress of long work (pages, users done, waits); silent unless a terminal watches. */
  progress: (message: string) => void;
  /** Waits between polls of a long-running operation; tests inject one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
}

export type CommandOutput = Array<Entry | FileOutput>;

/** How a 404 is turned into a note (SPEC.md §1.9). */
export interface NotFoundRule {
  /** The argument that names the user (`user` or `user_id`). */
  userArg: string;
  /** msgraph-user-get-manager: a 404 with no other match means "has no manager" (rule 5). */
  noManagerNote?: boolean;
}

export interface Command {
  run(ctx: CommandContext): Promise<CommandOutput>;
  /** Line 1 of an error (SPEC.md §1.10), from the plain (non-secret) argument values. */
  fail?: (args: Record<string, string>) => string;
  /** Present on 404-aware commands. */
  notFound?: NotFoundRule;
  /**
   * The argument values that the Fail line and a 404 note name, when they differ from the text
   * given: a bulk `user` list that comes down to one user names that user (SPEC.md §4.1).
   */
  shownArgs?: (values: Record<string, string>) => Record<string, string>;
}
