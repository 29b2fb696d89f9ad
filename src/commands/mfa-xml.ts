/**
 * The XML of the strong-authentication service call (SPEC.md §3.7): the request body, and a small
 * reader for the three answers we need. Names are matched by local name, so namespaces and
 * prefixes do not matter.
 */

const arraysNamespace = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The BeginTwoWayAuthenticationRequest body for one user. */
export function buildMfaRequest(userPrincipalName: string, contextId: string): string {
  return [
    '<BeginTwoWayAuthenticationRequest>',
    '<Version>1.0</Version>',
    `<UserPrincipalName>${escapeXml(userPrincipalName)}</UserPrincipalName>`,
    '<Lcid>en-us</Lcid>',
    `<AuthenticationMethodProperties xmlns:a="${arraysNamespace}">`,
    '<a:KeyValueOfstringstring><a:Key>OverrideVoiceOtp</a:Key><a:Value>false</a:Value></a:KeyValueOfstringstring>',
    '</AuthenticationMethodProperties>',
    `<ContextId>${escapeXml(contextId)}</ContextId>`,
    '<SyncCall>true</SyncCall>',
    '<RequireUserMatch>true</RequireUserMatch>',
    '<CallerName>radius</CallerName>',
    '<CallerIP>UNKNOWN:</CallerIP>',
    '</BeginTwoWayAuthenticationRequest>',
  ].join('');
}

export interface MfaResponse {
  /** `Result/Value`, e.g. `Success`, `PhoneAppDenied`, `PhoneAppNoResponse`. */
  value: string;
  /** `AuthenticationResult` is `true`. */
  authenticated: boolean;
  /** `Result/Message`; `No specific message` when it is nil, empty or absent. */
  message: string;
}

/** Reads the service's answer; undefined when it is not XML or lacks `Result/Value` or `AuthenticationResult`. */
export function readMfaResponse(xml: string): MfaResponse | undefined {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return undefined;
    throw error;
  }
  const result = findFirst(root, 'Result');
  const value = result && childNamed(result, 'Value');
  const authentication = findFirst(root, 'AuthenticationResult');
  if (!value || !authentication) return undefined;
  const message = result && childNamed(result, 'Message');
  const messageText = message && !isNil(message) ? textOf(message) : '';
  return {
    value: textOf(value),
    authenticated: ['true', '1'].includes(textOf(authentication).toLowerCase()),
    message: messageText === '' ? 'No specific message' : messageText,
  };
}

export interface XmlElement {
  /** The local name: `a:Key` is `Key`. */
  name: string;
  /** Attributes by local name; namespace declarations are left out. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA), not its children's. */
  text: string;
}

export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

function findFirst(element: XmlElement, name: string): XmlElement | undefined {
  if (element.name === name) return element;
  for (const child of element.children) {
    const found = findFirst(child, name);
    if (found) return found;
  }
  return undefined;
}

function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

function isNil(element: XmlElement): boolean {
  return ['true', '1'].includes((element.attributes.nil ?? '').trim().toLowerCase());
}

function textOf(element: XmlElement): string {
  return element.text.trim();
}

const predefinedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlSyntaxError(`Unterminated entity '${whole}'.`);
    const predefined = predefinedEntities[name];
    if (predefined !== undefined) return predefined;
    const numeric = /^#(?:x([0-9a-f]+)|(\d+))$/i.exec(name);
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
      if (code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    }
    throw new XmlSyntaxError(`Unknown entity '${whole}'.`);
  });
}

const namePattern = /[^\s/>=<"']+/y;
const spacePattern = /\s*/y;

/**
 * A deliberately small XML reader: elements, attributes, text, CDATA, comments and processing
 * instructions. A DOCTYPE is refused, so no entity can be declared or expanded.
 */
export function parseXml(source: string): XmlElement {
  const text = source.replace(/^\uFEFF/, '');
  const stack: XmlElement[] = [];
  const openTags: string[] = [];
  let root: XmlElement | undefined;
  let i = 0;

  const fail = (why: string): never => {
    throw new XmlSyntaxError(`${why} at offset ${i}.`);
  };
  const skipTo = (end: string): string => {
    const at = text.indexOf(end, i);
    if (at === -1) fail(`Missing '${end}'`);
    const inner = text.slice(i, at);
    i = at + end.length;
    return inner;
  };
  const readName = (): string => {
    namePattern.lastIndex = i;
    const match = namePattern.exec(text);
    if (!match) return fail('Expected a name');
    i += match[0].length;
    return match[0];
  };
  const skipSpace = (): void => {
    spacePattern.lastIndex = i;
    i += (spacePattern.exec(text)?.[0] ?? '').length;
  };
  const addText = (chunk: string): void => {
    const current = stack[stack.length - 1];
    if (current) current.text += chunk;
    else if (chunk.trim() !== '') fail('Text outside the root element');
  };

  while (i < text.length) {
    if (text[i] !== '<') {
      const end = text.indexOf('<', i);
      const chunk = text.slice(i, end === -1 ? text.length : end);
      i += chunk.length;
      addText(decodeEntities(chunk));
      continue;
    }
    if (text.startsWith('<?', i)) {
      i += 2;
      skipTo('?>');
    } else if (text.startsWith('<!--', i)) {
      i += 4;
      skipTo('-->');
    } else if (text.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      i += 9;
      addText(skipTo(']]>'));
    } else if (text.startsWith('<!', i)) {
      fail('Unsupported declaration');
    } else if (text.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (text[i] !== '>') fail('Expected >');
      i += 1;
      if (openTags.pop() !== name) fail(`Unexpected closing tag '${name}'`);
      stack.pop();
    } else {
      i += 1;
      const qualified = readName();
      const element: XmlElement = { name: localName(qualified), attributes: {}, children: [], text: '' };
      for (;;) {
        skipSpace();
        if (text.startsWith('/>', i) || text[i] === '>') break;
        if (i >= text.length) fail('Unterminated tag');
        const attribute = readName();
        skipSpace();
        if (text[i] !== '=') fail('Expected =');
        i += 1;
        skipSpace();
        const quote = text[i];
        if (quote !== '"' && quote !== "'") return fail('Expected a quoted value');
        i += 1;
        const value = decodeEntities(skipTo(quote));
        if (attribute !== 'xmlns' && !attribute.startsWith('xmlns:')) element.attributes[localName(attribute)] = value;
      }
      const selfClosing = text.startsWith('/>', i);
      i += selfClosing ? 2 : 1;
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) fail('A second root element');
      else root = element;
      if (!selfClosing) {
        stack.push(element);
        openTags.push(qualified);
      }
    }
  }
  if (stack.length > 0) fail(`Unclosed element '${stack[stack.length - 1]?.name}'`);
  if (!root) return fail('No root element');
  return root;
}
