/** The fixed cast of the sandbox tenant: named people, groups and the word lists for generated users. */

export const TENANT_DOMAIN = 'contoso.com';
export const VERIFIED_DOMAINS = ['contoso.com', 'contoso.onmicrosoft.com'];

export interface Person {
  key: string;
  givenName: string;
  surname: string;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  city: string;
  manager?: string;
  accountEnabled?: boolean;
  /** Holds a privileged directory role: an app may not reset its password or disable it. */
  privileged?: boolean;
  preferredLanguage?: string;
}

export const PEOPLE: readonly Person[] = [
  { key: 'admin', givenName: 'MOD', surname: 'Administrator', jobTitle: null, department: null, officeLocation: null, city: 'Redmond', privileged: true },
  { key: 'patti', givenName: 'Patti', surname: 'Fernandez', jobTitle: 'President', department: 'Executive Management', officeLocation: '15/1102', city: 'Louisville' },
  { key: 'miriam', givenName: 'Miriam', surname: 'Graham', jobTitle: 'Director', department: 'Sales & Marketing', officeLocation: '131/2103', city: 'San Diego', manager: 'patti' },
  { key: 'lee', givenName: 'Lee', surname: 'Gu', jobTitle: 'Director', department: 'Manufacturing', officeLocation: '23/3101', city: 'Birmingham', manager: 'patti' },
  { key: 'nestor', givenName: 'Nestor', surname: 'Wilke', jobTitle: 'Director', department: 'Operations', officeLocation: '36/2121', city: 'Seattle', manager: 'patti' },
  { key: 'diego', givenName: 'Diego', surname: 'Siciliani', jobTitle: 'HR Manager', department: 'HR', officeLocation: '14/1108', city: 'Birmingham', manager: 'patti' },
  { key: 'megan', givenName: 'Megan', surname: 'Bowen', jobTitle: 'Marketing Manager', department: 'Marketing', officeLocation: '12/1110', city: 'Pittsburgh', manager: 'miriam' },
  { key: 'adele', givenName: 'Adele', surname: 'Vance', jobTitle: 'Retail Manager', department: 'Retail', officeLocation: '18/2111', city: 'Bellevue', manager: 'miriam' },
  { key: 'alex', givenName: 'Alex', surname: 'Wilber', jobTitle: 'Marketing Assistant', department: 'Marketing', officeLocation: '131/1104', city: 'San Diego', manager: 'megan', preferredLanguage: 'en-GB' },
  { key: 'lidia', givenName: 'Lidia', surname: 'Holloway', jobTitle: 'Product Manager', department: 'Engineering', officeLocation: '20/1101', city: 'Tulsa', manager: 'miriam' },
  { key: 'lynne', givenName: 'Lynne', surname: 'Robbins', jobTitle: 'Planner', department: 'Retail', officeLocation: '20/1104', city: 'Tulsa', manager: 'megan' },
  { key: 'pradeep', givenName: 'Pradeep', surname: 'Gupta', jobTitle: 'Accountant', department: 'Finance', officeLocation: '98/2202', city: 'Cairo', manager: 'lee' },
  { key: 'johanna', givenName: 'Johanna', surname: 'Lorenz', jobTitle: 'Senior Engineer', department: 'Engineering', officeLocation: '23/2102', city: 'Louisville', manager: 'lee', preferredLanguage: 'de-DE' },
  { key: 'isaiah', givenName: 'Isaiah', surname: 'Langer', jobTitle: 'Sales Rep', department: 'Sales', officeLocation: '20/1101', city: 'Tulsa', manager: 'nestor' },
  { key: 'joni', givenName: 'Joni', surname: 'Sherman', jobTitle: 'Paralegal', department: 'Legal', officeLocation: '20/1109', city: 'Charlotte', manager: 'nestor', accountEnabled: false },
  { key: 'grady', givenName: 'Grady', surname: 'Archie', jobTitle: 'Designer', department: 'R&D', officeLocation: '19/2109', city: 'Bloomington', manager: 'miriam' },
  { key: 'henrietta', givenName: 'Henrietta', surname: 'Mueller', jobTitle: 'Developer', department: 'R&D', officeLocation: '18/1106', city: 'Bellevue', manager: 'lee' },
];

/** Generated users report (through a tree of eight reports each) to this person. */
export const GENERATED_ROOT_MANAGER = 'nestor';

export interface GroupSeed {
  displayName: string;
  description: string;
  unified: boolean;
  members: readonly string[];
}

export const GROUPS: readonly GroupSeed[] = [
  { displayName: 'All Company', description: 'This is the default group for everyone in the network', unified: true, members: ['*'] },
  { displayName: 'Sales and Marketing', description: 'Marketing campaigns and sales pipeline', unified: true, members: ['miriam', 'megan', 'alex', 'isaiah', 'adele'] },
  { displayName: 'Retail', description: 'Retail stores and merchandising', unified: true, members: ['adele', 'lynne', 'megan'] },
  { displayName: 'Finance', description: 'Finance team', unified: false, members: ['pradeep', 'patti'] },
  { displayName: 'Engineering', description: 'Engineering and product development', unified: false, members: ['lee', 'johanna', 'lidia', 'henrietta', 'grady'] },
  { displayName: 'Legal', description: 'Legal department', unified: false, members: ['joni', 'nestor'] },
  { displayName: 'HR Taskforce', description: 'Human resources initiatives', unified: true, members: ['diego', 'patti'] },
  { displayName: 'Mark 8 Project Team', description: 'Mark 8 product launch', unified: true, members: ['adele', 'alex', 'lidia', 'johanna', 'grady'] },
  { displayName: 'U.S. Sales', description: 'Sales in the United States', unified: false, members: ['isaiah', 'nestor', 'adele'] },
  { displayName: 'Contoso Team', description: 'Contoso Team site', unified: true, members: [] },
];

export const GIVEN_NAMES = [
  'Aaron', 'Abigail', 'Adrian', 'Aisha', 'Alan', 'Alice', 'Amara', 'Andre', 'Anna', 'Arjun', 'Ben', 'Bianca', 'Carlos', 'Chen',
  'Chloe', 'Daniel', 'Dana', 'Elena', 'Emma', 'Ethan', 'Fatima', 'Felix', 'Grace', 'Hana', 'Hugo', 'Ines', 'Ivan', 'Jamal',
  'Julia', 'Kai', 'Kenji', 'Laura', 'Liam', 'Lucia', 'Mateo', 'Maya', 'Mei', 'Mohammed', 'Nadia', 'Noah', 'Olivia', 'Omar',
  'Priya', 'Quinn', 'Rafael', 'Rosa', 'Sam', 'Sofia', 'Tariq', 'Uma', 'Victor', 'Wei', 'Yara', 'Zoe',
];

export const SURNAMES = [
  'Abbott', 'Alvarez', 'Bauer', 'Becker', 'Brooks', 'Castillo', 'Chen', 'Clarke', 'Costa', 'Dubois', 'Evans', 'Fischer',
  'Garcia', 'Hansen', 'Hughes', 'Ibrahim', 'Ito', 'Jensen', 'Kaur', 'Khan', 'Kowalski', 'Larsen', 'Lopez', 'Martin',
  'Meyer', 'Moreau', 'Nakamura', 'Nguyen', 'Novak', 'Okafor', 'Olsen', 'Patel', 'Pereira', 'Quinn', 'Reyes', 'Rossi',
  'Schmidt', 'Silva', 'Singh', 'Sato', 'Tanaka', 'Torres', 'Ueda', 'Vargas', 'Weber', 'Wong', 'Yilmaz', 'Zimmerman',
];

export const JOB_TITLES = [
  'Account Manager', 'Analyst', 'Buyer', 'Consultant', 'Customer Success Manager', 'Data Scientist', 'Designer',
  'Engineer', 'Financial Analyst', 'Marketing Specialist', 'Office Manager', 'Product Owner', 'Recruiter',
  'Sales Representative', 'Senior Engineer', 'Support Engineer', 'Technician', 'Team Lead',
];

export const DEPARTMENTS = ['Engineering', 'Finance', 'HR', 'Legal', 'Marketing', 'Operations', 'R&D', 'Retail', 'Sales', 'Support'];

export const OFFICES: ReadonlyArray<readonly [office: string, city: string]> = [
  ['12/1110', 'Pittsburgh'], ['18/2111', 'Bellevue'], ['20/1101', 'Tulsa'], ['23/3101', 'Birmingham'], ['36/2121', 'Seattle'],
  ['98/2202', 'Cairo'], ['131/2103', 'San Diego'], ['15/1102', 'Louisville'], ['19/2109', 'Bloomington'], ['14/1108', 'Charlotte'],
];

export const LANGUAGES = ['en-US', 'en-US', 'en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'];

export const DEVICE_MODELS: ReadonlyArray<readonly [os: string, version: string, manufacturer: string, model: string, trustType: string]> = [
  ['Windows', '10.0.22631.3296', 'Microsoft Corporation', 'Surface Laptop 5', 'AzureAd'],
  ['Windows', '10.0.19045.4170', 'Dell Inc.', 'Latitude 7440', 'ServerAd'],
  ['iOS', '17.4.1', 'Apple', 'iPhone 15', 'Workplace'],
  ['Android', '14.0', 'Samsung', 'Galaxy S23', 'Workplace'],
  ['MacMDM', '14.4', 'Apple', 'MacBook Pro', 'Workplace'],
];

/** Well-known authenticator models (AAGUIDs as published by their vendors). */
export const FIDO2_MODELS: ReadonlyArray<readonly [model: string, aaGuid: string]> = [
  ['YubiKey 5 Series with NFC', 'cb69481e-8ff7-4039-93ec-0a2729a154a8'],
  ['YubiKey 5Ci', 'c5ef55ff-ad9a-4b9f-b580-adebafe026d0'],
  ['Feitian BioPass FIDO2', '77010bd7-212a-4fc9-b236-d2ca5e9d4084'],
];
