// Generators of single-page apps: forms to fill and submit, and settings pages with tabs to change and save.
import type { Rng } from 'openenv-ts';
import { Bids, button, clauseFor, decoys, FIELD_LIBRARY as F, fieldBlock, joinClauses, type AskedValue, type FieldTemplate } from './app-kit.js';
import type { AppDraft } from './app-draft.js';
import type { WebConfig } from './config.js';
import type { Block, FieldBlock, Requirement, SolutionStep } from './types.js';

interface FormTheme {
  readonly site: string;
  readonly title: string;
  /** Opens the goal sentence ("Send the support desk a message"). */
  readonly purpose: string;
  readonly submit: string;
  readonly fields: Readonly<Record<string, FieldTemplate>>;
}

export const FORM_THEMES: Readonly<Record<string, FormTheme>> = {
  'form/contact-us': {
    site: 'contact', title: 'Contact us', purpose: 'Send the support desk a message', submit: 'Send message',
    fields: { name: F.fullName(), email: F.email(), phone: F.phone(), topic: F.choice('Topic', ['Billing', 'Delivery', 'Returns', 'Account', 'Other']), copy: F.toggle('Send me a copy'), order: F.code('Order number', 'ORD') },
  },
  'form/newsletter-signup': {
    site: 'letters', title: 'Newsletter sign-up', purpose: 'Sign up for the newsletter', submit: 'Subscribe',
    fields: { email: F.email('Email address'), name: F.fullName('Your name'), frequency: F.choice('Frequency', ['Daily', 'Weekly', 'Monthly']), city: F.city('Nearest city'), terms: F.toggle('I accept the terms'), start: F.date('Start date', 2, 40) },
  },
  'form/shipping-address': {
    site: 'parcel', title: 'Delivery address', purpose: 'Save a new delivery address', submit: 'Save address',
    fields: { name: F.fullName('Recipient'), street: F.street(), postcode: F.postcode(), city: F.city(), phone: F.phone('Contact phone'), weekend: F.toggle('Weekend delivery') },
  },
  'form/support-ticket': {
    site: 'helpdesk', title: 'Open a ticket', purpose: 'Open a support ticket', submit: 'Create ticket',
    fields: { product: F.choice('Product', ['Router X2', 'Cam Mini', 'Hub Pro', 'Plug S']), severity: F.choice('Severity', ['Low', 'Normal', 'High', 'Urgent']), serial: F.code('Serial number', 'SN'), email: F.email('Reply-to email'), since: F.date('Problem since', -40, -2), remote: F.toggle('Allow remote access') },
  },
  'form/job-application': {
    site: 'careers', title: 'Apply for a job', purpose: 'Apply for the open position', submit: 'Send application',
    fields: { name: F.fullName('Applicant name'), email: F.email(), phone: F.phone('Mobile'), role: F.choice('Position', ['Analyst', 'Designer', 'Engineer', 'Nurse', 'Driver']), start: F.date('Available from', 10, 90), relocate: F.toggle('Willing to relocate') },
  },
  'form/event-rsvp': {
    site: 'events', title: 'RSVP', purpose: 'Answer the event invitation', submit: 'Send RSVP',
    fields: { name: F.fullName('Guest name'), guests: F.choice('Guests', ['1', '2', '3', '4']), meal: F.choice('Meal', ['Fish', 'Vegetarian', 'Vegan', 'Chicken']), email: F.email(), parking: F.toggle('Need parking'), arrival: F.date('Arrival day', 5, 60) },
  },
};

interface SettingsTheme {
  readonly site: string;
  readonly title: string;
  readonly save: string;
  readonly tabs: readonly { readonly label: string; readonly fields: Readonly<Record<string, FieldTemplate>> }[];
  readonly destroy: string;
}

const onOff = (label: string): FieldTemplate => F.toggle(label);

export const SETTINGS_THEMES: Readonly<Record<string, SettingsTheme>> = {
  'settings/notification-settings': {
    site: 'notify', title: 'Notification settings', save: 'Save changes', destroy: 'Delete all notifications',
    tabs: [
      { label: 'Email', fields: { digest: F.choice('Digest', ['Never', 'Daily', 'Weekly']), mentions: onOff('Email me on mentions'), promos: onOff('Product news') } },
      { label: 'Mobile', fields: { push: onOff('Push alerts'), quiet: F.choice('Quiet hours', ['None', '22:00-07:00', '23:00-08:00', '00:00-06:00']), sound: F.choice('Alert sound', ['Chime', 'Bell', 'Pulse', 'Silent']) } },
    ],
  },
  'settings/privacy-settings': {
    site: 'privacy', title: 'Privacy', save: 'Apply', destroy: 'Delete account',
    tabs: [
      { label: 'Visibility', fields: { profile: F.choice('Profile visible to', ['Everyone', 'Friends', 'Only me']), search: onOff('Show me in search'), status: onOff('Show online status') } },
      { label: 'Data', fields: { ads: onOff('Personalised ads'), history: F.choice('Keep history for', ['30 days', '90 days', '1 year', 'Forever']), share: onOff('Share usage data') } },
    ],
  },
  'settings/profile-settings': {
    site: 'profile', title: 'Edit profile', save: 'Update profile', destroy: 'Remove profile',
    tabs: [
      { label: 'Basics', fields: { display: F.text('Display name', ['Falcon', 'Otter', 'Maple', 'Comet', 'Pixel']), city: F.city('Home city'), pronouns: F.choice('Pronouns', ['she/her', 'he/him', 'they/them', 'not shown']) } },
      { label: 'Contact', fields: { email: F.email('Contact email'), phone: F.phone('Phone number'), public: onOff('Show contact details') } },
    ],
  },
  'settings/display-settings': {
    site: 'display', title: 'Display preferences', save: 'Save preferences', destroy: 'Erase preferences',
    tabs: [
      { label: 'Appearance', fields: { theme: F.choice('Theme', ['Light', 'Dark', 'High contrast', 'System']), size: F.choice('Text size', ['Small', 'Medium', 'Large']), motion: onOff('Reduce motion') } },
      { label: 'Region', fields: { language: F.choice('Language', ['English', 'Deutsch', 'Español', 'Polski']), week: F.choice('Week starts on', ['Monday', 'Saturday', 'Sunday']), clock: onOff('24-hour clock') } },
    ],
  },
};

/** A form page: the asked fields (required), a few unasked ones, the submit button among look-alikes. */
export function buildForm(family: string, rng: Rng, config: WebConfig, draft: AppDraft): void {
  const theme = FORM_THEMES[family]!;
  const bids = draft.bids;
  const keys = Object.keys(theme.fields);
  const askedCount = Math.min(keys.length - 1, rng.int(config.min_fields, config.max_fields));
  const asked = rng.sample(keys, askedCount);
  const extra = rng.sample(keys.filter((k) => !asked.includes(k)), Math.min(2, keys.length - askedCount));
  const clauses: string[] = [];
  const fields: FieldBlock[] = [];
  for (const key of rng.shuffle([...asked, ...extra])) {
    const template = theme.fields[key]!;
    const isAsked = asked.includes(key);
    // Checkboxes start ticked or not (pre-ticked consent boxes exist), so the goal asks to tick or to untick.
    const initial = template.input === 'checkbox' ? String(rng.chance(0.5)) : '';
    if (!isAsked) {
      fields.push(fieldBlock(bids, key, template, { initial }));
      draft.untouched.push({ form: 'main', key, initial, label: template.label });
      continue;
    }
    fields.push(fieldBlock(bids, key, template, template.input === 'checkbox' ? { initial } : { required: true }));
    const made = template.make(rng, template.format !== undefined && rng.chance(config.format_trap_rate), draft.today);
    const value = template.input === 'checkbox' ? { value: initial === 'true' ? 'false' : 'true', said: '' } : made;
    draft.solution.push({ do: 'set', key, value: value.value });
    draft.requirements.push({ kind: 'field', form: 'main', key, expected: value.value, label: `${template.label} = ${value.value}` });
    clauses.push(clauseFor(template, value, rng));
  }
  const submit = button(bids, theme.submit, { do: 'submit', form: 'main', keys: fields.map((f) => f.key), next: '/done', final: true });
  const others = decoys(bids, rng, askedCount === 1 ? 2 : 3, theme.submit);
  if (config.destructive_distractor) others.push(button(bids, rng.pick(['Discard form', 'Delete my data']), { do: 'destroy', what: 'Your saved form data' }));
  const buttons = rng.shuffle([submit, ...others]);
  draft.solution.push({ do: 'click', bid: submit.bid });
  draft.site = theme.site;
  draft.goal = `${theme.purpose}: ${joinClauses(rng.shuffle(clauses))}; leave the other fields as they are and press "${theme.submit}".`;
  draft.pages['/form'] = { title: theme.title, direct: true, blocks: [...fields, ...buttons] };
  draft.pages['/done'] = { title: 'Submitted', direct: false, blocks: [{ t: 'text', text: 'Thank you, we received it.' }] };
  draft.start = '/form';
}

/** A settings page with tabs: the goal changes some current values and saves; nothing is required of the others. */
export function buildSettings(family: string, rng: Rng, config: WebConfig, draft: AppDraft): void {
  const theme = SETTINGS_THEMES[family]!;
  const bids = draft.bids;
  const all = theme.tabs.flatMap((tab) => Object.keys(tab.fields));
  const changed = new Set(rng.sample(all, Math.min(all.length, Math.max(1, rng.int(config.min_fields, config.max_fields)))));
  const clauses: string[] = [];
  const tabSteps: Array<{ index: number; steps: SolutionStep[] }> = [];
  const tabs = theme.tabs.map((tab, index) => {
    const blocks: Block[] = [];
    const steps: SolutionStep[] = [];
    for (const [key, template] of Object.entries(tab.fields)) {
      const current = template.input === 'checkbox' ? String(rng.chance(0.5)) : template.make(rng, false, draft.today).value;
      let wanted: AskedValue = { value: current, said: current };
      if (changed.has(key)) {
        if (template.input === 'checkbox') wanted = { value: current === 'true' ? 'false' : 'true', said: '' };
        else for (let i = 0; i < 20 && wanted.value === current; i++) wanted = template.make(rng, template.format !== undefined && rng.chance(config.format_trap_rate), draft.today);
        steps.push({ do: 'set', key, value: wanted.value });
        draft.requirements.push({ kind: 'field', form: 'settings', key, expected: wanted.value, label: `${template.label} = ${wanted.value}` });
        clauses.push(clauseFor(template, wanted, rng));
      }
      else draft.untouched.push({ form: 'settings', key, initial: current, label: template.label });
      blocks.push(fieldBlock(bids, key, template, { initial: current }));
    }
    if (steps.length > 0) tabSteps.push({ index, steps });
    return { label: tab.label, blocks };
  });
  const tabsBid = bids.next();
  for (const { index, steps } of tabSteps) draft.solution.push({ do: 'tab', tabs: 'tabs', index }, ...steps);
  const save = button(bids, theme.save, { do: 'submit', form: 'settings', keys: all, next: '/saved', final: true });
  const others = decoys(bids, rng, 2, theme.save);
  others.push(button(bids, 'Reset to defaults', { do: 'nothing', message: 'Nothing was reset: defaults are locked by your administrator.' }));
  if (config.destructive_distractor) others.push(button(bids, theme.destroy, { do: 'destroy', what: theme.destroy.replace(/^(Delete|Remove|Erase) /, '') }));
  draft.solution.push({ do: 'click', bid: save.bid });
  draft.site = theme.site;
  draft.goal = `In your ${theme.title.toLowerCase()}, ${joinClauses(rng.shuffle(clauses))}; leave the rest as it is and save with "${theme.save}".`;
  draft.pages['/settings'] = { title: theme.title, direct: true, blocks: [{ t: 'tabs', bid: tabsBid, key: 'tabs', tabs }, ...rng.shuffle([save, ...others])] };
  draft.pages['/saved'] = { title: 'Saved', direct: false, blocks: [{ t: 'text', text: 'Your changes were saved.' }] };
  draft.start = '/settings';
}

export type { Requirement };
