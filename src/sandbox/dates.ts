/** Directory timestamps as Graph writes them: UTC, whole seconds, `Z` (e.g. `2024-05-01T10:00:00Z`). */
export function directoryDateTime(at: Date | number = new Date()): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const DAY_MS = 86_400_000;
