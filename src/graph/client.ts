import type { RunState } from '../commands/types';
import type { Params } from '../spec/params';
import type { Graph } from './types';

export interface GraphFactoryOptions {
  params: Params;
  /** The run's state: the token cache lives in `state.integrationContext`. */
  state: RunState;
  /** Waits between retries (injected in tests). */
  sleep?: (ms: number) => Promise<void>;
}

export type GraphFactory = (options: GraphFactoryOptions) => Graph;

export const createGraph: GraphFactory = () => {
  throw new Error('The Graph client is not built yet.');
};
