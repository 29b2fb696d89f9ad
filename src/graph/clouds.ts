import { UserInputError } from '../errors';
import type { Params } from '../spec/params';

export interface Cloud {
  /** Login (authority host) origin, e.g. `https://login.microsoftonline.com`. */
  login: string;
  /** Graph origin, e.g. `https://graph.microsoft.com`. */
  graph: string;
}

const worldwide: Cloud = { login: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' };

const clouds: Record<string, Cloud> = {
  Worldwide: worldwide,
  'US GCC': { login: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.us' },
  'US GCC-High': { login: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us' },
  DoD: { login: 'https://login.microsoftonline.us', graph: 'https://dod-graph.microsoft.us' },
  Germany: { login: 'https://login.microsoftonline.de', graph: 'https://graph.microsoft.de' },
  China: { login: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn' },
};

function origin(param: string, value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  try {
    return new URL(value).origin;
  } catch {
    throw new UserInputError(`The ${param} parameter is not a valid URL: '${value}'.`);
  }
}

/** The login and Graph origins of the instance (SPEC.md §2.2). */
export function cloudOf(params: Params): Cloud {
  const name = params.explicitText('azure_cloud');
  if (name === undefined || name === 'Custom') {
    const login = origin('azure_ad_endpoint', params.explicitText('azure_ad_endpoint'), worldwide.login);
    if (!login.startsWith('https://')) throw new UserInputError(`The Azure AD endpoint must be an https URL, got '${login}'.`);
    return { login, graph: origin('host', params.explicitText('host'), worldwide.graph) };
  }
  const cloud = clouds[name];
  if (!cloud) throw new UserInputError(`Unknown Azure Cloud '${name}'.`);
  return cloud;
}
