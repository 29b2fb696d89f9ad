/** The seven per-type authentication-method collections of SPEC.md §3.6, as data. */
export interface MethodType {
  /** The command stem: `msgraph-user-<stem>-method-list` and `-delete`. */
  stem: string;
  /** The collection under `/users/{user}/authentication/`. */
  collection: string;
  /** Table titles: `<noun> {id} for User {user}:` for one, `<noun>s for User {user}:` for all. */
  noun: string;
  /** The words in "No <kind> authentication methods found" and the Fail lines. */
  kind: string;
  /** Table columns in order: header ← Graph key. */
  columns: ReadonlyArray<readonly [header: string, key: string]>;
  /** The context path the records go to, keyed by `ID`. */
  contextPrefix: string;
  /** The delete command's sentence; `{id}` is the method ID, `{user}` the user argument. */
  deleted: string;
}

export const methodTypes: readonly MethodType[] = [
  {
    stem: 'fido2',
    collection: 'fido2Methods',
    noun: 'FIDO2 Authentication Method',
    kind: 'FIDO2',
    columns: [
      ['Authentication method ID', 'id'],
      ['The display name of the key', 'displayName'],
      ['Authenticator Attestation GUID', 'aaGuid'],
    ],
    contextPrefix: 'MSGraphUser.FIDO2Method',
    deleted: "The user's FIDO2 Security Key Authentication Method {id} has been successfully deleted.",
  },
  {
    stem: 'email',
    collection: 'emailMethods',
    noun: 'Email Authentication Method',
    kind: 'email',
    columns: [
      ['ID', 'id'],
      ['Email Address', 'emailAddress'],
    ],
    contextPrefix: 'MSGraphUser.EmailAuthMethod',
    deleted: "The user's Email Authentication Method object {id} has been successfully deleted.",
  },
  {
    stem: 'authenticator',
    collection: 'microsoftAuthenticatorMethods',
    noun: 'Microsoft Authenticator Authentication Method',
    kind: 'Microsoft Authenticator',
    columns: [
      ['Authentication method ID', 'id'],
      ['Device Name', 'displayName'],
      ['Version of the Authenticator app', 'phoneAppVersion'],
    ],
    contextPrefix: 'MSGraphUser.UserAuthMethod',
    deleted: 'Microsoft Authenticator authentication method {id} was successfully deleted for user {user}.',
  },
  {
    stem: 'phone',
    collection: 'phoneMethods',
    noun: 'Phone Authentication Method',
    kind: 'phone',
    columns: [
      ['Phone ID', 'id'],
      ['Phone Number', 'phoneNumber'],
      ['Phone Type', 'phoneType'],
      ['Sms SignIn State', 'smsSignInState'],
    ],
    contextPrefix: 'MSGraphUser.PhoneAuthMethod',
    deleted: "The user's phone authentication method object id {id} has been successfully deleted.",
  },
  {
    stem: 'software-oath',
    collection: 'softwareOathMethods',
    noun: 'Software OATH Authentication Method',
    kind: 'software OATH',
    columns: [['Authentication method ID', 'id']],
    contextPrefix: 'MSGraphUser.SoftOathAuthMethod',
    deleted: "The user's Software OATH token authentication method object id {id} has been successfully deleted.",
  },
  {
    stem: 'windows-hello',
    collection: 'windowsHelloForBusinessMethods',
    noun: 'Windows Hello for Business Authentication Method',
    kind: 'Windows Hello for Business',
    columns: [
      ['Windows Hello Method ID', 'id'],
      ['Display Name', 'displayName'],
      ['Method Key Strength', 'keyStrength'],
    ],
    contextPrefix: 'MSGraphUser.WindowsHelloAuthMethod',
    deleted: 'The Windows Hello For Business Authentication Method object id {id} has been successfully deleted.',
  },
  {
    stem: 'temp-access-pass',
    collection: 'temporaryAccessPassMethods',
    noun: 'Temporary Access Pass Method',
    kind: 'Temporary Access Pass',
    columns: [
      ['Temporary Access Pass ID', 'id'],
      ['Authentication method state', 'isUsable'],
    ],
    contextPrefix: 'MSGraphUser.TempAccessPassAuthMethod',
    deleted: "The user's Temporary Access Pass Authentication Method object id {id} has been successfully deleted.",
  },
];
