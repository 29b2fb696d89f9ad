/** Bad input from the war room or the instance configuration: shown as is. */
export class UserInputError extends Error {
  override name = 'UserInputError';
}

/** A failure to get an access token; `message` is already safe to show. */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    message: string,
    /** AADSTS error codes returned by the token endpoint, when there were any. */
    readonly errorCodes: readonly number[] = [],
    /** The OAuth `error` value (`invalid_grant`, ...). */
    readonly oauthError?: string,
  ) {
    super(message);
  }
}

/** A request that failed on the way (timeout, reset, TLS, proxy); `message` names the host only. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    message: string,
    readonly code: string,
    /** True when the request may have reached Graph and was deliberately not re-sent. */
    readonly mayHaveBeenProcessed = false,
  ) {
    super(message);
  }
}

/**
 * An error whose message is complete and must not be prefixed with the command's Fail line
 * (gate messages, guards, SPEC-quoted sentences that stand alone).
 */
export class PlainError extends Error {
  override name = 'PlainError';
}
