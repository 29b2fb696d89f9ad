import { scrubSecrets } from './secret';

/** Logs go to standard error only; `run` keeps standard output for the result. */
export type LogSink = (line: string) => void;

let sink: LogSink = (line) => process.stderr.write(`${line}\n`);
let debugEnabled = process.env.ENTRA_USERS_DEBUG === '1';

export function setLogSink(next: LogSink): void {
  sink = next;
}

export function setDebug(enabled: boolean): void {
  debugEnabled = enabled;
}

function write(level: string, message: string): void {
  sink(scrubSecrets(`[entra-users] ${level}: ${message}`));
}

export const log = {
  info: (message: string) => write('info', message),
  warn: (message: string) => write('warn', message),
  debug: (message: string) => {
    if (debugEnabled) write('debug', message);
  },
};
