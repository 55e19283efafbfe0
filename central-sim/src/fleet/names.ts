/** Word lists for plausible clinic, org and host names. Some carry apostrophes and non-ASCII on purpose. */

export const PLACE_NAMES = [
  'Riverside', 'Lakeview', 'Maple Grove', 'Summit', 'Harbor', 'Cedar Ridge', 'Oak Park', 'Pinecrest', 'Willow Creek',
  'Northgate', 'Bayside', 'Meadowbrook', 'Sunrise', 'Valley', 'Brookside', 'Hillcrest', 'Westside', 'Eastgate',
  'Fairview', 'Greenfield', 'Highland', 'Lakeside', 'Parkside', 'Silver Lake', 'Stonebridge', 'Prairie', 'Canyon',
  'Magnolia', 'Aspen', 'Coastal', 'Bridgeport', 'Elmwood', 'Foxhall', 'Glenview', 'Ironwood', 'Juniper', 'Kingsbury',
  'Linden', 'Mission', 'Newport', 'Orchard', 'Redwood', 'Sandpoint', 'Tidewater', 'Union Square', 'Vista', 'Wexford',
  'St. Mary\'s', 'Santa Fé', 'Mountain View', 'Old Town', 'Heritage', 'Cypress', 'Evergreen', 'Blue Ridge',
];

export const PRACTICE_TYPES = [
  'Family Dental', 'Pediatrics', 'Family Medicine', 'Orthopedics', 'Dermatology', 'Eye Care', 'Physical Therapy',
  'Chiropractic', 'Women\'s Health', 'Internal Medicine', 'Urgent Care', 'Behavioral Health', 'Cardiology',
  'ENT Associates', 'Podiatry', 'Oral Surgery', 'Orthodontics', 'Sleep Center', 'Allergy & Asthma', 'Imaging Center',
  'Endodontics', 'Primary Care', 'Wellness Clinic', 'Surgical Associates', 'Hearing Center',
];

export const SURNAMES = [
  'Patel', 'Nguyen', 'García', 'Okafor', 'Schmidt', 'O\'Brien', 'Kowalski', 'Haddad', 'Yamamoto', 'Núñez', 'Lindqvist',
  'Chen', 'Martinez', 'Johnson', 'Abernathy', 'Delacroix', 'Friedman', 'Gupta', 'Ivanova', 'Mbeki', 'Rossi', 'Søren',
];

export const ORG_PATTERNS: readonly ((parts: { surname: string; place: string }) => string)[] = [
  ({ surname }) => `${surname} Health Partners`,
  ({ place }) => `${place} Medical Group`,
  ({ surname }) => `${surname} Dental Holdings`,
  ({ place }) => `${place} Care Network`,
  ({ surname }) => `${surname} & Associates`,
  ({ place }) => `${place} Healthcare LLC`,
];

export const AGENT_VERSIONS: readonly (readonly [string, number])[] = [
  ['1.0.47', 40], ['1.0.46', 25], ['1.0.45', 15], ['1.0.41', 10], ['0.9.12', 7], ['0.9.8', 3],
];

export const NIXOS_VERSIONS: readonly (readonly [string, number])[] = [['24.11', 60], ['24.05', 30], ['23.11', 10]];

export const APPLIANCE_DISPLAY_NAMES = ['Front desk', 'Server closet', 'Back office', 'Lab', 'Imaging room', 'Billing'];

/** Cities for clinic addresses, spread over the US time zones (and one with no ZIP, as real data has). */
export const CLINIC_CITIES: readonly (readonly [city: string, state: string, zip: string | null])[] = [
  ['Portland', 'OR', '97201'], ['Phoenix', 'AZ', '85004'], ['Denver', 'CO', '80202'], ['Austin', 'TX', '78701'],
  ['Springfield', 'IL', '62701'], ['Columbus', 'OH', '43215'], ['Atlanta', 'GA', '30303'], ['Boston', 'MA', '02110'],
  ['Anchorage', 'AK', '99501'], ['Honolulu', 'HI', '96813'], ['Boise', 'ID', '83702'], ['Tampa', 'FL', null],
];

export const STREET_NAMES = ['Main St', 'Oak Ave', 'Harbor Way', 'Medical Pkwy', 'Elm Rd', 'Center Blvd', 'Mill St', 'Park Dr'];
