/** Redaction for log lines (SPEC.md §1.11): what must never reach stderr is replaced by `***`. */

const secretFields = /^(client_secret|client_assertion|code|refresh_token|access_token|id_token|password|newPassword|nonsensitive_password|currentPassword|assertion)$/i;

/** A form body (token requests) with secret fields masked. */
export function redactForm(body: string): string {
  const form = new URLSearchParams(body);
  const parts: string[] = [];
  for (const [name, value] of form) parts.push(`${name}=${secretFields.test(name) ? '***' : value}`);
  return parts.join('&');
}

/** Headers with `Authorization` (and anything cookie-like) masked. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = /^(authorization|proxy-authorization|cookie|set-cookie)$/i.test(name) ? '***' : value;
  }
  return out;
}

/** Free text from a library: bearer tokens, JWTs and `name=value` secret pairs are masked. */
export function redactText(text: string): string {
  return text
    .replace(/Bearer\s+[\w.~+/-]+=*/gi, 'Bearer ***')
    .replace(/eyJ[\w-]+\.[\w-]+(?:\.[\w-]*)?/g, '***')
    .replace(
      /\b(client_secret|client_assertion|code|refresh_token|access_token|password)(["']?\s*[=:]\s*["']?)([^&\s"',}]+)/gi,
      '$1$2***',
    );
}
