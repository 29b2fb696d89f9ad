import { describe, expect, it } from 'vitest';
import { buildMfaRequest, escapeXml, parseXml, readMfaResponse, XmlSyntaxError } from '../../src/commands/mfa-xml';

function response(inner: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<BeginTwoWayAuthenticationResponse xmlns="http://schemas.microsoft.com/2003/10/Serialization/"',
    ' xmlns:i="http://www.w3.org/2001/XMLSchema-instance">',
    inner,
    '</BeginTwoWayAuthenticationResponse>',
  ].join('\n');
}

describe('buildMfaRequest', () => {
  it('builds the BeginTwoWayAuthenticationRequest with every fixed child, in order', () => {
    const xml = buildMfaRequest('adele@contoso.com', '0b6f2c1e-1d2a-4a7b-9c3d-5e6f7a8b9c0d');
    expect(xml).toBe(
      '<BeginTwoWayAuthenticationRequest><Version>1.0</Version>' +
        '<UserPrincipalName>adele@contoso.com</UserPrincipalName><Lcid>en-us</Lcid>' +
        '<AuthenticationMethodProperties xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays">' +
        '<a:KeyValueOfstringstring><a:Key>OverrideVoiceOtp</a:Key><a:Value>false</a:Value></a:KeyValueOfstringstring>' +
        '</AuthenticationMethodProperties>' +
        '<ContextId>0b6f2c1e-1d2a-4a7b-9c3d-5e6f7a8b9c0d</ContextId><SyncCall>true</SyncCall>' +
        '<RequireUserMatch>true</RequireUserMatch><CallerName>radius</CallerName><CallerIP>UNKNOWN:</CallerIP>' +
        '</BeginTwoWayAuthenticationRequest>',
    );
  });

  it('escapes the user so it cannot change the document', () => {
    const xml = buildMfaRequest(`a<b>&"c'</UserPrincipalName><x>`, 'id');
    expect(xml).toContain('<UserPrincipalName>a&lt;b&gt;&amp;&quot;c&apos;&lt;/UserPrincipalName&gt;&lt;x&gt;</UserPrincipalName>');
    const parsed = parseXml(xml);
    expect(parsed.children.map((c) => c.name)).toEqual([
      'Version',
      'UserPrincipalName',
      'Lcid',
      'AuthenticationMethodProperties',
      'ContextId',
      'SyncCall',
      'RequireUserMatch',
      'CallerName',
      'CallerIP',
    ]);
    expect(parsed.children[1]?.text).toBe(`a<b>&"c'</UserPrincipalName><x>`);
  });

  it('escapeXml leaves plain text alone', () => {
    expect(escapeXml('adele.vance@contoso.com')).toBe('adele.vance@contoso.com');
  });
});

describe('readMfaResponse', () => {
  it('reads an approval', () => {
    const xml = response(
      '<Result><Value>Success</Value><Message i:nil="true"/></Result><SessionId>abc</SessionId>' +
        '<AuthenticationResult>true</AuthenticationResult>',
    );
    expect(readMfaResponse(xml)).toEqual({ value: 'Success', authenticated: true, message: 'No specific message' });
  });

  it('ignores namespace prefixes on elements and on xsi:nil', () => {
    const xml =
      '<s:Envelope xmlns:s="urn:s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><s:Body>' +
      '<b:BeginTwoWayAuthenticationResponse xmlns:b="urn:b"><b:Result><b:Value>PhoneAppDenied</b:Value>' +
      '<b:Message xsi:nil="true"></b:Message></b:Result><b:AuthenticationResult>false</b:AuthenticationResult>' +
      '</b:BeginTwoWayAuthenticationResponse></s:Body></s:Envelope>';
    expect(readMfaResponse(xml)).toEqual({ value: 'PhoneAppDenied', authenticated: false, message: 'No specific message' });
  });

  it('reads a message with entities and CDATA, trimmed', () => {
    const xml = response(
      '<Result>\n  <Value> UserNotFound </Value>\n  <Message>User &quot;x&quot; &amp; <![CDATA[<not a tag>]]> &#x263A;&#65;</Message>\n</Result>' +
        '<AuthenticationResult>false</AuthenticationResult>',
    );
    expect(readMfaResponse(xml)).toEqual({
      value: 'UserNotFound',
      authenticated: false,
      message: 'User "x" & <not a tag> ☺A',
    });
  });

  it('treats an empty or absent message as no specific message', () => {
    expect(readMfaResponse(response('<Result><Value>Failed</Value><Message/></Result><AuthenticationResult>false</AuthenticationResult>'))?.message).toBe(
      'No specific message',
    );
    expect(readMfaResponse(response('<Result><Value>Failed</Value></Result><AuthenticationResult>false</AuthenticationResult>'))?.message).toBe(
      'No specific message',
    );
  });

  it('needs Value inside Result, not anywhere', () => {
    const xml = response('<Result/><Value>Success</Value><AuthenticationResult>true</AuthenticationResult>');
    expect(readMfaResponse(xml)).toBeUndefined();
  });

  it.each([
    ['not XML at all', 'Service Unavailable'],
    ['empty', ''],
    ['no AuthenticationResult', response('<Result><Value>Success</Value></Result>')],
    ['no Result', response('<AuthenticationResult>true</AuthenticationResult>')],
    ['unclosed', '<Response><Result><Value>Success</Value></Result>'],
    ['mismatched tags', '<a:Response xmlns:a="x"><a:Result></b:Result></a:Response>'],
    ['two roots', '<a/><b/>'],
    ['text after root', '<a/>junk'],
    ['bare ampersand', '<a>x & y</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['doctype', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['attribute without quotes', '<a b=c/>'],
    ['unterminated comment', '<a><!-- </a>'],
  ])('is undefined for %s', (_why, xml) => {
    expect(readMfaResponse(xml)).toBeUndefined();
  });

  it('parseXml reports syntax errors as XmlSyntaxError', () => {
    expect(() => parseXml('<a>')).toThrow(XmlSyntaxError);
  });

  it('keeps attributes by local name and leaves out namespace declarations', () => {
    const root = parseXml(`<r xmlns="u" xmlns:p="v" p:one='1' two="&lt;2&gt;"/>`);
    expect(root.attributes).toEqual({ one: '1', two: '<2>' });
  });
});
