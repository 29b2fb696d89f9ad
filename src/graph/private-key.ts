import { createPrivateKey, type KeyObject } from 'node:crypto';
import { UserInputError } from '../errors';

const pemBlocks = /-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----/gs;

/**
 * A credential field may flatten a PEM onto one line with spaces: put the line breaks back. A
 * bundle (a certificate and its key, as a .pfx export gives them) yields its private-key block.
 */
export function rebuildPem(text: string): string {
  const trimmed = text.trim();
  const blocks = [...trimmed.matchAll(pemBlocks)];
  const match = blocks.find((b) => (b[1] ?? '').endsWith('PRIVATE KEY')) ?? blocks[0];
  if (!match) return trimmed;
  const label = match[1] ?? '';
  const inner = match[2] ?? '';
  // Encrypted PKCS#1 keys carry `Proc-Type:` / `DEK-Info:` lines that must stay as they are.
  if (/Proc-Type:|DEK-Info:/.test(inner)) return match[0].replace(/\r\n/g, '\n');
  const base64 = inner.replace(/\s+/g, '');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/[\s.]+$/, '');
}

/** The private key as PKCS#8 PEM, as msal needs it; PKCS#1 and SEC1 keys are converted. */
export function toPkcs8Pem(text: string): string {
  const pem = rebuildPem(text);
  if (/ENCRYPTED/.test(pem) || /Proc-Type:\s*4,ENCRYPTED/.test(pem)) {
    throw new UserInputError('The Private Key could not be read: the key is encrypted; provide it without a passphrase.');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new UserInputError(`The Private Key could not be read: ${reason(error)}.`);
  }
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}
