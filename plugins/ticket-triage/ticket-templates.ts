// The vocabulary the grammar fills slots with: area features and errors, names, companies, greetings and sign-offs.
import type { ProductArea } from './taxonomy.js';

/** Area-specific vocabulary, so a bug in the API reads like an API bug. */
export interface AreaDetails {
  /** How a customer refers to the area inside a sentence. */
  readonly phrase: string;
  readonly features: readonly string[];
  readonly errors: readonly string[];
  readonly cosmetics: readonly string[];
  /** Feature requests, as verb phrases that follow "could you". */
  readonly asks: readonly string[];
  /** What the area shows when it is down for everyone, quoted in outage statements. */
  readonly outage_error: string;
}

export const AREA_DETAILS: Record<ProductArea, AreaDetails> = {
  web_dashboard: {
    phrase: 'the dashboard',
    features: ['the CSV export', 'saved views', 'bulk edit', 'the search bar', 'the user invite page'],
    errors: ['Something went wrong (code 500)', 'Request timed out', 'Unexpected error, please try again'],
    cosmetics: [
      'the button text on {feature} overlaps its icon on narrow screens',
      'the tooltip on {feature} has a spelling mistake ("recieve")',
      'the column headers in {feature} are misaligned by a few pixels',
    ],
    asks: ['add filtering of saved views by custom fields', 'add an export straight to Excel', 'let us pin favourite pages to the sidebar'],
    outage_error: '502 Bad Gateway',
  },
  mobile_app: {
    phrase: 'the app',
    features: ['push notifications', 'offline sync', 'photo upload', 'the barcode scanner'],
    errors: ['Sync failed (E-1042)', 'Upload error, try again later', 'Unknown error 0x1f'],
    cosmetics: [
      'the icon for {feature} is blurry on my phone',
      'the settings screen for {feature} cuts off the last letter of "Notifications"',
      'the dark mode colours on the {feature} screen are hard to read',
    ],
    asks: ['make the app work in landscape on tablets', 'add unlocking with Face ID', 'let us scan several barcodes in a row'],
    outage_error: 'Unable to connect',
  },
  public_api: {
    phrase: 'the API',
    features: ['the /v2/orders endpoint', 'webhook delivery', 'pagination on /v2/customers', 'OAuth token refresh'],
    errors: ['HTTP 500 Internal Server Error', '422 Unprocessable Entity', 'HTTP 504 Gateway Timeout'],
    cosmetics: [
      'the docs page for {feature} has a broken example link',
      'the error text returned by {feature} says "Unprocessible" instead of "Unprocessable"',
      'the code sample for {feature} in your docs uses the wrong indentation',
    ],
    asks: ['add a bulk endpoint for creating orders', 'send webhook events for deleted records', 'return total counts in list responses'],
    outage_error: '503 Service Unavailable',
  },
  integrations: {
    phrase: 'our integrations',
    features: ['the Salesforce sync', 'the Slack integration', 'the Zapier connector', 'the HubSpot import'],
    errors: ['Connector error: token rejected', 'Sync aborted (code 17)', 'Field mapping failed'],
    cosmetics: [
      'the logo next to {feature} on the settings page is the old one',
      'a checkbox on the {feature} settings page is misaligned',
      'the help text for {feature} still mentions a menu that no longer exists',
    ],
    asks: ['add a Microsoft Teams integration', 'make the Salesforce sync two-way', 'add an import from Pipedrive'],
    outage_error: 'connection failed',
  },
  reporting: {
    phrase: 'reporting',
    features: ['scheduled reports', 'the PDF report export', 'the revenue chart', 'custom dashboards'],
    errors: ['Report generation failed', 'Chart data unavailable (code 9)', 'Export error: timeout'],
    cosmetics: [
      'the legend on {feature} overlaps the title when printed',
      '{feature} shows dates in US format although our account is set to UK',
      'the font in {feature} changes size halfway down the page',
    ],
    asks: ['let us schedule reports every hour', 'add a funnel chart', 'email reports as Excel files'],
    outage_error: 'Service temporarily unavailable',
  },
};

export const GREETINGS = ['Hi,', 'Hello,', 'Hi team,', 'Hello support,', 'Good morning,', 'Dear {vendor} Support,', 'Hey there,'];
export const CLOSINGS = ['Thanks,', 'Best regards,', 'Cheers,', 'Thank you,', 'Kind regards,', 'Regards,', 'Many thanks,'];
export const JOB_TITLES = ['Operations Manager', 'CTO', 'Head of Finance', 'IT admin', 'Founder', 'Customer Success Lead', 'Office Manager'];

export const FIRST_NAMES = [
  'Priya', 'Tomasz', 'Aisha', 'Daniel', 'Mei', 'Carlos', 'Fatima', 'Jonas', 'Olga', 'Kwame', 'Sofia', 'Liam',
  'Yuki', 'Rahul', 'Chiara', 'Mateo', 'Hannah', 'Oluwaseun', 'Ines', 'Erik', 'Nadia', 'Ben', 'Leila', 'Marco',
];
export const LAST_NAMES = [
  'Natarajan', 'Kowalski', 'Bello', 'Fischer', 'Chen', 'Ortega', 'Haddad', 'Lindqvist', 'Petrova', 'Mensah',
  'Rossi', 'O\'Brien', 'Tanaka', 'Iyer', 'Moretti', 'Garcia', 'Schmidt', 'Adeyemi', 'Dubois', 'Nilsen', 'Karimi',
];
export const CUSTOMERS = [
  { name: 'Harbor Logistics', domain: 'harborlogistics.com' },
  { name: 'Greenleaf Clinics', domain: 'greenleafclinics.org' },
  { name: 'Northwind Traders', domain: 'northwind.co' },
  { name: 'Pixel & Pine Studio', domain: 'pixelpine.design' },
  { name: 'Quantum Bakery', domain: 'quantumbakery.com' },
  { name: 'Atlas Freight', domain: 'atlasfreight.eu' },
  { name: 'Bluebird Schools', domain: 'bluebird.edu' },
  { name: 'Cobalt Fintech', domain: 'cobaltfin.io' },
  { name: 'Maple Street Dental', domain: 'maplestreetdental.ca' },
  { name: 'Sunrise Hotels', domain: 'sunrisehotels.com' },
  { name: 'Ironclad Security', domain: 'ironclad.net' },
  { name: 'Fernhill Farms', domain: 'fernhillfarms.co.uk' },
  { name: 'Orbit Robotics', domain: 'orbitrobotics.ai' },
  { name: 'Tidewater Legal', domain: 'tidewaterlegal.com' },
  { name: 'Kestrel Media', domain: 'kestrelmedia.tv' },
  { name: 'Juniper Health', domain: 'juniperhealth.org' },
];
export const VENDORS = [
  { name: 'Brightdesk', domain: 'brightdesk.com' },
  { name: 'Nimbus Works', domain: 'nimbusworks.io' },
  { name: 'Larkspur', domain: 'larkspur.app' },
  { name: 'Tallyhive', domain: 'tallyhive.com' },
  { name: 'Corvid Cloud', domain: 'corvid.cloud' },
];
export const COUNTRIES = ['Brazil', 'Vietnam', 'Romania', 'Nigeria', 'Russia', 'Indonesia', 'Ukraine', 'Peru'];
