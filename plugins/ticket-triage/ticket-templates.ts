// The wording tickets are written from: core problem statements per category and impact, plus the surrounding noise.
import type { Category, Impact, ProductArea } from './taxonomy.js';

/** A problem statement and the subjects that fit it. `{slot}` marks are filled by the ticket writer. */
export interface CoreTemplate {
  readonly subjects: readonly string[];
  readonly body: string;
}

/** Area-specific vocabulary, so a bug in the API reads like an API bug. */
export interface AreaDetails {
  /** How a customer refers to the area inside a sentence. */
  readonly phrase: string;
  readonly features: readonly string[];
  readonly errors: readonly string[];
  readonly cosmetics: readonly string[];
  /** Feature requests, as verb phrases that follow "could you". */
  readonly asks: readonly string[];
  readonly outage: CoreTemplate;
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
    outage: {
      subjects: ['Dashboard not loading', 'Blank page on login', 'Is the dashboard down?'],
      body: 'The web dashboard does not load at all for anyone in our company: we get a blank page and then "502 Bad Gateway". This started at {time} and no page of it works.',
    },
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
    outage: {
      subjects: ['App cannot connect', 'Mobile app dead for all our users', 'App not working'],
      body: 'The mobile app cannot reach your servers at all: every screen shows "Unable to connect" for all of our users, on Wi-Fi and on mobile data, since {time}.',
    },
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
    outage: {
      subjects: ['API returning 503', 'All API calls failing', 'API availability'],
      body: 'Every request to your API has returned "503 Service Unavailable" since {time}. Not a single call has succeeded, on any endpoint, from any of our servers.',
    },
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
    outage: {
      subjects: ['All integrations stopped', 'Nothing syncing', 'Integrations down?'],
      body: 'All of our integrations stopped at the same moment: Salesforce, Slack and HubSpot all show "connection failed" and nothing at all has synced since {time}.',
    },
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
    outage: {
      subjects: ['Reports section down', 'No reports loading', 'Reporting unavailable'],
      body: 'The whole reports section is down for us: every report, chart and export shows "Service temporarily unavailable" and nothing in it loads since {time}.',
    },
  },
};

/** Outage statements that fit any area (the area-specific ones above are used too). */
export const GENERIC_OUTAGES: readonly CoreTemplate[] = [
  {
    subjects: ['{areaName} completely unavailable', 'Nothing works', 'Service down for us?'],
    body: 'Nothing in the {areaLower} works for us right now: every page and every request fails with an error, for every user, since {time}.',
  },
];

type CoreKey = `${Category}:${Impact}`;

/** Problem statements for every category and impact combination the generator uses (outage is per area). */
export const CORE_TEMPLATES: Partial<Record<CoreKey, readonly CoreTemplate[]>> = {
  'bug:blocked': [
    {
      subjects: ['Can\'t use {feature} at all', 'Error every time with {feature}', '{Feature} broken'],
      body: 'Since {time} today, every attempt to use {feature} ends with the error "{error}". We tried other users and other machines and found no workaround, so this part of our work has stopped. The rest of {areaPhrase} works normally.',
    },
    {
      subjects: ['{Feature} stopped working', 'Problem with {feature}', '{Feature} does nothing'],
      body: '{Feature} has stopped working for us entirely: nothing happens when we use it, not even an error. Everything else in {areaPhrase} is fine, but we cannot get this job done any other way.',
    },
    {
      subjects: ['{Feature} fails after the update', 'Broken since the update: {feature}'],
      body: 'Since yesterday\'s update we can\'t use {feature} at all: it fails with "{error}" every single time, and there is no other way for us to do this. Other parts of {areaPhrase} are OK.',
    },
  ],
  'bug:degraded': [
    {
      subjects: ['{Feature} flaky', 'Intermittent errors in {feature}'],
      body: '{Feature} fails about one time out of {n} with "{error}". When we retry it usually goes through, so we are getting by, but it is annoying.',
    },
    {
      subjects: ['{Feature} very slow', 'Slowness with {feature}'],
      body: '{Feature} has become really slow: it takes around {n} minutes instead of a few seconds. It does finish in the end and the result is correct.',
    },
    {
      subjects: ['Missing records in {feature}', 'Data problem with {feature}'],
      body: 'Some records go missing when we use {feature}. We have been adding them back by hand afterwards as a workaround, which costs us time every day.',
    },
  ],
  'bug:minor': [
    {
      subjects: ['Cosmetic issue in {areaName}', 'Small display glitch'],
      body: 'Minor cosmetic issue: {cosmetic}. Everything still works as it should.',
    },
    {
      subjects: ['Layout issue', 'Visual glitch with {feature}'],
      body: 'I noticed that {cosmetic}. It does not stop us doing anything, it just looks sloppy.',
    },
  ],
  'billing:blocked': [
    {
      subjects: ['Account suspended but invoice paid', 'Suspended for non-payment?!'],
      body: 'Our account was suspended for non-payment this morning, but we paid invoice {invoice} on time (bank reference {ref}). Nobody on our team can use anything until it is reactivated.',
    },
    {
      subjects: ['Can\'t pay invoice {invoice}', 'Payment declined, account read-only'],
      body: 'Every time we try to pay the overdue invoice {invoice}, your payment page rejects our card with "payment method declined", although our bank says nothing was blocked. The account is now read-only and we cannot work at all.',
    },
  ],
  'billing:degraded': [
    {
      subjects: ['Double charge', 'Charged twice this month'],
      body: 'We were charged twice this month: two identical charges of ${amount} on the same day. Please refund the duplicate one.',
    },
    {
      subjects: ['Wrong seat count on invoice {invoice}', 'Invoice {invoice} is wrong'],
      body: 'Invoice {invoice} bills us for {seatsBilled} seats, but we only have {seats} users. Please correct it and refund the difference.',
    },
    {
      subjects: ['Still charged the old price', 'Downgrade not reflected in charge'],
      body: 'We downgraded to the smaller plan last month but were still charged the old price of ${amount}. Please refund the difference.',
    },
  ],
  'billing:minor': [
    {
      subjects: ['VAT number on invoices', 'Invoice details'],
      body: 'Could you add our VAT number {vat} to future invoices? Nothing is wrong with the current ones otherwise.',
    },
    {
      subjects: ['Invoice question', 'Where are old invoices?'],
      body: 'Quick question: where can I download our past invoices as PDFs for our accountant?',
    },
    {
      subjects: ['Billing contact change', 'New billing contact'],
      body: 'Please change the billing contact on our account to {otherEmail}. Everything else about billing is fine.',
    },
  ],
  'account_access:blocked': [
    {
      subjects: ['Locked out', 'Account locked, reset email missing'],
      body: 'I am locked out of my account: after a few wrong password attempts it says "account locked", and the password reset email never arrives. I cannot get in at all.',
    },
    {
      subjects: ['SSO login broken for me', 'Can\'t sign in with SSO'],
      body: 'Since our IT team rotated our SSO certificate, my SSO login ends with "SAML response invalid", and there is no other way for me to sign in.',
    },
    {
      subjects: ['Lost phone, no 2FA codes', 'Can\'t log in without my phone'],
      body: 'I lost my phone, so I no longer get my 2FA codes, and I never saved backup codes. I can\'t log in at all.',
    },
  ],
  'account_access:degraded': [
    {
      subjects: ['2FA codes slow', 'SMS codes take forever'],
      body: 'Two-factor codes take about {n} minutes to arrive by SMS. I do get in eventually, it is just slow.',
    },
    {
      subjects: ['Keep getting logged out', 'Session keeps expiring'],
      body: 'I keep getting logged out every few minutes and have to sign in again. I can still work, but it is disruptive.',
    },
    {
      subjects: ['Login only works on second try', 'Login flaky'],
      body: 'Logging in only works on the second or third try; the first attempt always says "session expired". Once in, everything is fine.',
    },
  ],
  'account_access:minor': [
    {
      subjects: ['Change login email', 'New email address for login'],
      body: 'How do I change the email address I log in with? I have moved to {otherEmail}. Nothing is broken.',
    },
    {
      subjects: ['How to change password', 'Password settings question'],
      body: 'I would like to change my password but cannot find where to do it in the settings. I can log in fine, it is just a question.',
    },
  ],
  'security:blocked': [
    {
      subjects: ['Account hacked', 'Someone else is in my account'],
      body: 'Someone logged into my account from {country} last night, changed my password and turned off 2FA. I cannot get back in, and they can see all of our customer data.',
    },
    {
      subjects: ['Admin account taken over', 'Locked out after takeover'],
      body: 'Our admin account was taken over: its email address was changed to one we do not own, the password no longer works, and we are locked out while someone else is in.',
    },
  ],
  'security:minor': [
    {
      subjects: ['Suspicious logins in audit log', 'Unknown IP in audit log'],
      body: 'Our audit log shows successful logins from an IP address in {country} that none of us recognise. Everything works normally for us, but we are worried someone has our credentials.',
    },
    {
      subjects: ['Leaked API key', 'API key pushed to GitHub'],
      body: 'One of our developers accidentally pushed a {vendor} API key to a public GitHub repository an hour ago. Nothing has broken, but we cannot find how to revoke that key.',
    },
    {
      subjects: ['Phishing email pretending to be you', 'Fake password email'],
      body: 'Several of our staff received an email that looks like it is from {vendor}, asking them to "confirm their password" on a strange website. Nobody has clicked it as far as we know.',
    },
    {
      subjects: ['Possible vulnerability', 'Responsible disclosure'],
      body: 'I think your password reset page has a vulnerability: it lets anyone request unlimited reset codes with no rate limit. I am reporting it responsibly; it has not affected our own use.',
    },
  ],
  'feature_request:minor': [
    {
      subjects: ['Feature request', 'Idea for {areaName}'],
      body: 'It would be great if you could {ask}. Our team would use that every week.',
    },
    {
      subjects: ['Any plans for this?', 'Suggestion'],
      body: 'Is there any plan to {ask}? The product does not do it today and we would really like it.',
    },
    {
      subjects: ['Feature idea', 'Wish list item'],
      body: 'Feature idea: please {ask}. Nothing is broken today, it is just something we would like to have.',
    },
  ],
};

/** Which impacts each category is written with (outage is always a full stop; requests are never urgent by nature). */
export const CATEGORY_IMPACTS: Record<Category, readonly Impact[]> = {
  bug: ['blocked', 'degraded', 'minor'],
  billing: ['blocked', 'degraded', 'minor'],
  account_access: ['blocked', 'degraded', 'minor'],
  security: ['blocked', 'minor'],
  outage: ['blocked'],
  feature_request: ['minor'],
};

/** Sentences that use another category's words without changing what the ticket is about. */
export const DISTRACTORS: Record<Category, readonly string[]> = {
  bug: ['To be clear, this is not an outage.', 'I can log in fine, it is only this one thing.', 'Our invoice is paid up, in case that matters.'],
  outage: ['At first we thought it was a bug in our own code, but nothing changed on our side.', 'Our billing is up to date, so it is not that.'],
  billing: ['I can log in fine; the problem is only the money.', 'This is not a bug report.'],
  account_access: ['I need to get in to download our latest invoice for the accountant.', 'It is not an outage: my colleagues can log in normally.'],
  feature_request: ['Not a bug, just a wish.', 'This has nothing to do with last month\'s outage.'],
  security: ['I am not sure this is the right place, it is not a normal login problem.', 'This is not about our bill.'],
};

export const ANGRY_OPENERS = [
  'I am honestly furious right now.',
  'This is UNACCEPTABLE.',
  'Seriously, what is going on with your product?!',
  'I am extremely disappointed and frankly angry.',
];
export const ANGRY_CLOSERS = ['Fix it NOW!!!', 'I expect an answer IMMEDIATELY.', 'Worst service I have ever had. URGENT!', 'Escalate this ASAP.'];
export const ANGRY_SUBJECT_PREFIXES = ['URGENT!!! ', 'UNACCEPTABLE: ', 'CRITICAL - ', 'ASAP: '];

export const CALM_OPENERS = [
  'Hope you are having a good week!',
  'No rush on this one, just letting you know.',
  'Probably not a big deal, but here goes.',
  'Hope all is well on your side.',
];
export const CALM_CLOSERS = ['Whenever you get a chance is fine.', 'No urgency from our side.', 'Thanks, and no stress!'];
export const CALM_SUBJECTS = ['Small heads-up', 'Quick question', 'When you have a minute', 'FYI'];

/** Future deadlines, in hours or days from receipt ({h} hours, {d} days). */
export const DEADLINES_HOURS = [
  'We have a board meeting in {h} hours and need this sorted before then.',
  'Please deal with this within {h} hours: our payroll run depends on it.',
  'Our own customers go live in {h} hours, so we need this handled by then.',
];
export const DEADLINES_DAYS = [
  'Our launch is in {d} days, so we need this resolved by then.',
  'We need this sorted within {d} days, before our quarterly audit.',
  'Our contract renewal is in {d} days and we need an answer before it.',
];
/** Deadlines as someone asking for a new feature would put them. */
export const FEATURE_DEADLINES_HOURS = [
  'We would need it within {h} hours for a client demo.',
  'Our pilot with a big client starts in {h} hours and they asked for exactly this.',
];
export const FEATURE_DEADLINES_DAYS = [
  'We would need it within {d} days, before our contract renewal.',
  'Our rollout to the whole company is in {d} days and this would really help.',
];
export const DEADLINE_HOUR_CHOICES = [2, 3, 4, 5, 6, 10, 16, 20, 30, 36, 40] as const;
export const DEADLINE_DAY_CHOICES = [1, 2, 3, 5] as const;

/** Past durations and other numbers that look like deadlines but are not. */
export const DURATIONS = ['This started {n} days ago.', 'It has been like this for {n} hours now.'];
/** Numbers that look like deadlines but are not, safe beside a problem that started today. */
export const TENURES = ['We have been {vendor} customers for {n} years.', 'Around {n}0 people on our team use {vendor} every day.'];

export const GREETINGS = ['Hi,', 'Hello,', 'Hi team,', 'Hello support,', 'Good morning,', 'Dear {vendor} Support,', 'Hey there,'];
export const CLOSINGS = ['Thanks,', 'Best regards,', 'Cheers,', 'Thank you,', 'Kind regards,', 'Regards,', 'Many thanks,'];
export const JOB_TITLES = ['Operations Manager', 'CTO', 'Head of Finance', 'IT admin', 'Founder', 'Customer Success Lead', 'Office Manager'];

/** Earlier support replies quoted under a new ticket; policy says to ignore them. */
export const QUOTED_MESSAGES = [
  'your refund of ${amount} has been processed and should reach your account within 5 days.',
  'we have reset two-factor authentication on your account as requested.',
  'we had a short outage of the API yesterday; it is fully resolved now.',
  'thanks for the suggestion! I have passed it on to our product team.',
  'we found the bug you reported and expect to ship a fix in 3 days.',
  'your password was reset; please log in with the new one.',
];

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
