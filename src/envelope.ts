import { validateEnvelope } from './generated/envelope-validator';

export type ParamValue = string | boolean | number | null | { identifier?: string | null; password?: string | null };
export type ArgValue = string | boolean | number | null | Array<string | number | boolean>;

export interface Envelope {
  command: string;
  params: Record<string, ParamValue>;
  args: Record<string, ArgValue>;
  integrationContext: Record<string, unknown>;
  outputDir: string;
}

export interface NoteEntry {
  Type: 1;
  ContentsFormat: 'json' | 'text';
  Contents: unknown;
  HumanReadable: string;
  ReadableContentsFormat: 'markdown';
  EntryContext: Record<string, unknown>;
  IgnoreAutoExtract: false;
  Note: false;
  Relationships: [];
  IndicatorTimeline: [];
}

export interface ErrorEntry {
  Type: 4;
  ContentsFormat: 'text';
  Contents: string;
  EntryContext: null;
}

export interface FileEntry {
  Type: 3;
  ContentsFormat: 'text';
  Contents: '';
  File: string;
  FileID: string;
}

export type Entry = NoteEntry | ErrorEntry | FileEntry;

export interface Result {
  entries: Entry[];
  integrationContext: Record<string, unknown>;
}

/** Checks the parsed JSON against CONTRACT.md; returns the envelope with defaults, or a reason. */
export function parseEnvelope(raw: unknown): { envelope: Envelope } | { problem: string } {
  if (!validateEnvelope(raw)) {
    const first = validateEnvelope.errors?.[0];
    const where = first?.instancePath ? `'${first.instancePath.slice(1).replace(/\//g, '.')}'` : 'the envelope';
    const what =
      first?.keyword === 'additionalProperties'
        ? `has an unknown key '${String((first.params as { additionalProperty?: string }).additionalProperty)}'`
        : (first?.message ?? 'is not valid');
    return { problem: `Invalid envelope: ${where} ${what}.` };
  }
  const env = raw as Partial<Envelope> & { command: string };
  return {
    envelope: {
      command: env.command,
      params: env.params ?? {},
      args: env.args ?? {},
      integrationContext: env.integrationContext ?? {},
      outputDir: env.outputDir ?? process.cwd(),
    },
  };
}
