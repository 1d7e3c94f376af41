// The deciding sentences: per category and impact class, the problem statements that fix a ticket's label (the task's families).
import type { Category, Impact } from './taxonomy.js';

/**
 * A problem statement and the subjects that fit it. `{slot}` marks are filled by the ticket writer. The `id`
 * names the template inside its class; with the class it makes the template's family id.
 */
export interface CoreTemplate {
  readonly id: string;
  readonly subjects: readonly string[];
  readonly body: string;
}

export type CoreKey = `${Category}:${Impact}`;

/**
 * Problem statements for every category and impact combination the generator uses (CATEGORY_IMPACTS below). Each class needs at least
 * five, so that after a quarter goes to test and one to validation, train still has several to vary over.
 * Rules the texts keep (tests check them): bugs name a {feature} (or a {cosmetic}, which does), feature
 * requests hold an {ask}, outages name the area ({areaName}); no statement says "in/within N hours|days"
 * (that is how deadlines are written), and a statement dated "today"/"{time}"/"ago" says so in those words.
 */
export const CORE_TEMPLATES: Partial<Record<CoreKey, readonly CoreTemplate[]>> = {
  'outage:blocked': [
    {
      id: 'blank-for-everyone',
      subjects: ['{areaName} not loading', '{areaName} down for the whole company', 'Is the {areaName} down?'],
      body: 'The {areaName} does not load at all for anyone in our company: every attempt ends with "{outageError}". This started at {time} and no part of it works.',
    },
    {
      id: 'nothing-works',
      subjects: ['{areaName} completely unavailable', 'Nothing works', 'Service down for us?'],
      body: 'Nothing in the {areaName} works for us right now: every page and every request fails with an error, for every user, since {time}.',
    },
    {
      id: 'unreachable-everywhere',
      subjects: ['{areaName} unreachable', 'Cannot reach the {areaName}'],
      body: 'Since {time} the {areaName} has been completely unreachable for all of our users, from every location and every device; all we get is "{outageError}".',
    },
    {
      id: 'not-one-success',
      subjects: ['Every attempt failing: {areaName}', '{areaName} fails for all of us'],
      body: 'Not one thing in the {areaName} has worked since {time}: each attempt by each of our users fails with "{outageError}", whatever we try.',
    },
    {
      id: 'status-page-green',
      subjects: ['Your status page is wrong', '{areaName} unavailable, status page says fine'],
      body: 'Your status page says all systems are operational, but the {areaName} has been completely unavailable for us since {time}: every user, every request, "{outageError}" each time.',
    },
    {
      id: 'whole-area-not-one-feature',
      subjects: ['Whole {areaName} down', 'All of the {areaName} is failing'],
      body: 'We cannot use any part of the {areaName} since {time}. It is not one feature and not one user: the entire area answers "{outageError}" for all of us.',
    },
  ],
  'bug:blocked': [
    {
      id: 'error-every-attempt',
      subjects: ['Can\'t use {feature} at all', 'Error every time with {feature}', '{Feature} broken'],
      body: 'Since {time} today, every attempt to use {feature} ends with the error "{error}". We tried other users and other machines and found no workaround, so this part of our work has stopped. The rest of {areaPhrase} works normally.',
    },
    {
      id: 'does-nothing',
      subjects: ['{Feature} stopped working', 'Problem with {feature}', '{Feature} does nothing'],
      body: '{Feature} has stopped working for us entirely: nothing happens when we use it, not even an error. Everything else in {areaPhrase} is fine, but we cannot get this job done any other way.',
    },
    {
      id: 'broken-since-update',
      subjects: ['{Feature} fails after the update', 'Broken since the update: {feature}'],
      body: 'Since yesterday\'s update we can\'t use {feature} at all: it fails with "{error}" every single time, and there is no other way for us to do this. Other parts of {areaPhrase} are OK.',
    },
    {
      id: 'spins-forever',
      subjects: ['{Feature} stuck loading', '{Feature} never finishes'],
      body: '{Feature} just spins forever and never completes, for every one of us, every time we try it. There is no other way to do this job, so it is simply not getting done; the rest of {areaPhrase} behaves.',
    },
    {
      id: 'work-not-saved',
      subjects: ['{Feature} won\'t save', 'Work lost in {feature}'],
      body: 'Nothing we do in {feature} is saved any more: it shows "{error}" and throws the work away, every time. We have found no workaround, so that task is at a standstill, although {areaPhrase} is otherwise fine.',
    },
  ],
  'bug:degraded': [
    {
      id: 'fails-one-in-n',
      subjects: ['{Feature} flaky', 'Intermittent errors in {feature}'],
      body: '{Feature} fails about one time out of {n} with "{error}". When we retry it usually goes through, so we are getting by, but it is annoying.',
    },
    {
      id: 'minutes-not-seconds',
      subjects: ['{Feature} very slow', 'Slowness with {feature}'],
      body: '{Feature} has become really slow: it takes around {n} minutes instead of a few seconds. It does finish in the end and the result is correct.',
    },
    {
      id: 'records-go-missing',
      subjects: ['Missing records in {feature}', 'Data problem with {feature}'],
      body: 'Some records go missing when we use {feature}. We have been adding them back by hand afterwards as a workaround, which costs us time every day.',
    },
    {
      id: 'totals-slightly-off',
      subjects: ['Wrong numbers in {feature}', '{Feature} totals off'],
      body: 'The numbers in {feature} are sometimes a few percent off what they should be. We check them against a spreadsheet for now, which works but eats into our week.',
    },
    {
      id: 'some-devices-only',
      subjects: ['{Feature} fails on some machines', '{Feature} only works for some of us'],
      body: '{Feature} fails with "{error}" on some of our machines but works on others, so people borrow a colleague\'s computer to get it done. It slows us down.',
    },
  ],
  'bug:minor': [
    {
      id: 'cosmetic-issue',
      subjects: ['Cosmetic issue in {areaName}', 'Small display glitch'],
      body: 'Minor cosmetic issue: {cosmetic}. Everything still works as it should.',
    },
    {
      id: 'looks-sloppy',
      subjects: ['Layout issue', 'Visual glitch with {feature}'],
      body: 'I noticed that {cosmetic}. It does not stop us doing anything, it just looks sloppy.',
    },
    {
      id: 'thought-you-should-know',
      subjects: ['Tiny thing in {areaName}', 'Minor visual bug'],
      body: 'Something small I spotted: {cosmetic}. It has no effect on our work, I just thought you would want to know.',
    },
    {
      id: 'purely-how-it-looks',
      subjects: ['Small one about {feature}', 'Display nit'],
      body: 'A small one: {cosmetic}. Everything behaves correctly, it is purely how it looks.',
    },
    {
      id: 'colleague-spotted',
      subjects: ['Polish item for {areaName}', 'Noticed a glitch'],
      body: 'A colleague pointed out that {cosmetic}. All the functions work, so it is only a matter of polish.',
    },
  ],
  'billing:blocked': [
    {
      id: 'suspended-though-paid',
      subjects: ['Account suspended but invoice paid', 'Suspended for non-payment?!'],
      body: 'Our account was suspended for non-payment this morning, but we paid invoice {invoice} on time (bank reference {ref}). Nobody on our team can use anything until it is reactivated.',
    },
    {
      id: 'card-declined-read-only',
      subjects: ['Can\'t pay invoice {invoice}', 'Payment declined, account read-only'],
      body: 'Every time we try to pay the overdue invoice {invoice}, your payment page rejects our card with "payment method declined", although our bank says nothing was blocked. The account is now read-only and we cannot work at all.',
    },
    {
      id: 'new-card-still-suspended',
      subjects: ['Still suspended after updating card', 'New card added, account still locked'],
      body: 'We replaced our expired card yesterday, yet the account is still suspended as unpaid and nobody on our team can use anything at all. Our bank shows no failed charge.',
    },
    {
      id: 'dropped-to-free-plan',
      subjects: ['Moved to free plan by mistake', 'Subscription payment "failed"?'],
      body: 'Your system moved us to the free plan this morning saying our subscription payment failed, but the payment of ${amount} left our bank on time. Everything we rely on is switched off and we cannot work.',
    },
    {
      id: 'renewal-frozen',
      subjects: ['Renewal failed, account frozen', 'Cannot renew subscription'],
      body: 'Renewing our subscription fails at checkout with "invoice {invoice} could not be processed", and the account was frozen straight away. None of us can do any work until the renewal goes through.',
    },
  ],
  'billing:degraded': [
    {
      id: 'charged-twice',
      subjects: ['Double charge', 'Charged twice this month'],
      body: 'We were charged twice this month: two identical charges of ${amount} on the same day. Please refund the duplicate one.',
    },
    {
      id: 'too-many-seats',
      subjects: ['Wrong seat count on invoice {invoice}', 'Invoice {invoice} is wrong'],
      body: 'Invoice {invoice} bills us for {seatsBilled} seats, but we only have {seats} users. Please correct it and refund the difference.',
    },
    {
      id: 'old-price-after-downgrade',
      subjects: ['Still charged the old price', 'Downgrade not reflected in charge'],
      body: 'We downgraded to the smaller plan last month but were still charged the old price of ${amount}. Please refund the difference.',
    },
    {
      id: 'tax-though-exempt',
      subjects: ['Sales tax charged in error', 'We are tax-exempt'],
      body: 'You charged us ${amount} of sales tax on invoice {invoice}, although we are tax-exempt and sent you our certificate. Please issue a corrected invoice and refund the tax.',
    },
    {
      id: 'charged-after-cancelling',
      subjects: ['Charged after cancelling', 'Why were we billed again?'],
      body: 'We cancelled our subscription last month, yet our card was charged ${amount} again this month. Please refund that charge.',
    },
  ],
  'billing:minor': [
    {
      id: 'add-vat-number',
      subjects: ['VAT number on invoices', 'Invoice details'],
      body: 'Could you add our VAT number {vat} to future invoices? Nothing is wrong with the current ones otherwise.',
    },
    {
      id: 'where-are-old-invoices',
      subjects: ['Invoice question', 'Where are old invoices?'],
      body: 'Quick question: where can I download our past invoices as PDFs for our accountant?',
    },
    {
      id: 'change-billing-contact',
      subjects: ['Billing contact change', 'New billing contact'],
      body: 'Please change the billing contact on our account to {otherEmail}. Everything else about billing is fine.',
    },
    {
      id: 'annual-billing-price',
      subjects: ['Annual billing?', 'Monthly vs yearly'],
      body: 'We are thinking of moving from monthly to annual billing. What would that cost us, and does it change anything else about our plan?',
    },
    {
      id: 'purchase-order-number',
      subjects: ['PO number on invoices', 'Purchase order reference'],
      body: 'Our finance team asks that purchase order number {ref} appear on our invoices from now on. The invoices are correct otherwise.',
    },
  ],
  'account_access:blocked': [
    {
      id: 'locked-no-reset-email',
      subjects: ['Locked out', 'Account locked, reset email missing'],
      body: 'I am locked out of my account: after a few wrong password attempts it says "account locked", and the password reset email never arrives. I cannot get in at all.',
    },
    {
      id: 'sso-saml-invalid',
      subjects: ['SSO login broken for me', 'Can\'t sign in with SSO'],
      body: 'Since our IT team rotated our SSO certificate, my SSO login ends with "SAML response invalid", and there is no other way for me to sign in.',
    },
    {
      id: 'lost-phone-no-2fa',
      subjects: ['Lost phone, no 2FA codes', 'Can\'t log in without my phone'],
      body: 'I lost my phone, so I no longer get my 2FA codes, and I never saved backup codes. I can\'t log in at all.',
    },
    {
      id: 'invite-link-expired',
      subjects: ['Invitation link expired', 'Can\'t join our company account'],
      body: 'I was added to our company account, but the invitation link says "expired" and a new one never comes, so I have no way to sign in at all.',
    },
    {
      id: 'sign-in-link-invalid',
      subjects: ['Sign-in link does not work', 'Magic link invalid'],
      body: 'The sign-in link you email me opens a page saying "this link is invalid", every time, and I have no password to fall back on. I have not been able to log in since yesterday.',
    },
  ],
  'account_access:degraded': [
    {
      id: 'slow-sms-codes',
      subjects: ['2FA codes slow', 'SMS codes take forever'],
      body: 'Two-factor codes take about {n} minutes to arrive by SMS. I do get in eventually, it is just slow.',
    },
    {
      id: 'logged-out-constantly',
      subjects: ['Keep getting logged out', 'Session keeps expiring'],
      body: 'I keep getting logged out every few minutes and have to sign in again. I can still work, but it is disruptive.',
    },
    {
      id: 'second-try-login',
      subjects: ['Login only works on second try', 'Login flaky'],
      body: 'Logging in only works on the second or third try; the first attempt always says "session expired". Once in, everything is fine.',
    },
    {
      id: 'remember-me-ignored',
      subjects: ['"Remember me" does nothing', 'Asked to log in on every tab'],
      body: '"Remember me" on the login page does nothing: I have to type my password and 2FA code every time I open a new tab. I get in, it just wastes time.',
    },
    {
      id: 'sso-half-the-time',
      subjects: ['SSO unreliable', 'SSO login fails now and then'],
      body: 'Our SSO login fails about half the time, so I fall back to my password, which still works. Annoying, but I can get in.',
    },
  ],
  'account_access:minor': [
    {
      id: 'change-login-email',
      subjects: ['Change login email', 'New email address for login'],
      body: 'How do I change the email address I log in with? I have moved to {otherEmail}. Nothing is broken.',
    },
    {
      id: 'where-change-password',
      subjects: ['How to change password', 'Password settings question'],
      body: 'I would like to change my password but cannot find where to do it in the settings. I can log in fine, it is just a question.',
    },
    {
      id: 'switch-to-authenticator',
      subjects: ['2FA by app instead of SMS?', 'Authenticator app question'],
      body: 'How do I switch my two-factor codes from SMS to an authenticator app? I can sign in fine; I just cannot find the setting.',
    },
    {
      id: 'session-length-setting',
      subjects: ['Session length setting', 'How long do logins last?'],
      body: 'Where do I set how long I stay signed in before I am asked to log in again? It is only a settings question, login works.',
    },
    {
      id: 'new-backup-codes',
      subjects: ['Backup codes question', 'Regenerating 2FA backup codes'],
      body: 'Can I generate new 2FA backup codes myself, or does an admin have to do it? I still have my current codes and log in without trouble.',
    },
  ],
  'security:blocked': [
    {
      id: 'hacked-2fa-off',
      subjects: ['Account hacked', 'Someone else is in my account'],
      body: 'Someone logged into my account from {country} last night, changed my password and turned off 2FA. I cannot get back in, and they can see all of our customer data.',
    },
    {
      id: 'admin-taken-over',
      subjects: ['Admin account taken over', 'Locked out after takeover'],
      body: 'Our admin account was taken over: its email address was changed to one we do not own, the password no longer works, and we are locked out while someone else is in.',
    },
    {
      id: 'recovery-email-changed',
      subjects: ['Password changed, not by me', 'Recovery email hijacked'],
      body: 'My password was changed last night, not by me, and the recovery email now goes to an address I have never seen. I cannot get into my account and someone else clearly can.',
    },
    {
      id: 'stranger-made-owner',
      subjects: ['Unknown user took over our workspace', 'Admin rights removed by a stranger'],
      body: 'An unknown user appeared in our workspace last night, made themselves owner and removed admin rights from all of us. We cannot manage or lock down our own account any more.',
    },
    {
      id: 'intruder-kicks-us-out',
      subjects: ['Intruder in our admin login', 'Someone keeps signing us out'],
      body: 'Someone from {country} is signed in to our shared admin login and keeps ending our sessions: each time we sign in we are thrown out within a minute, so we cannot work or change anything.',
    },
  ],
  'security:minor': [
    {
      id: 'unknown-ip-audit-log',
      subjects: ['Suspicious logins in audit log', 'Unknown IP in audit log'],
      body: 'Our audit log shows successful logins from an IP address in {country} that none of us recognise. Everything works normally for us, but we are worried someone has our credentials.',
    },
    {
      id: 'key-pushed-to-github',
      subjects: ['Leaked API key', 'API key pushed to GitHub'],
      body: 'One of our developers accidentally pushed a {vendor} API key to a public GitHub repository an hour ago. Nothing has broken, but we cannot find how to revoke that key.',
    },
    {
      id: 'phishing-lookalike',
      subjects: ['Phishing email pretending to be you', 'Fake password email'],
      body: 'Several of our staff received an email that looks like it is from {vendor}, asking them to "confirm their password" on a strange website. Nobody has clicked it as far as we know.',
    },
    {
      id: 'reset-no-rate-limit',
      subjects: ['Possible vulnerability', 'Responsible disclosure'],
      body: 'I think your password reset page has a vulnerability: it lets anyone request unlimited reset codes with no rate limit. I am reporting it responsibly; it has not affected our own use.',
    },
    {
      id: 'password-in-plain-email',
      subjects: ['Password sent in plain text', 'Welcome email shows password'],
      body: 'Your welcome email sent my new colleague\'s password in plain text. No harm done that we know of, but anyone reading that mailbox now has it.',
    },
  ],
  'feature_request:minor': [
    {
      id: 'would-be-great',
      subjects: ['Feature request', 'Idea for {areaName}'],
      body: 'It would be great if you could {ask}. Our team would use that every week.',
    },
    {
      id: 'any-plan-to',
      subjects: ['Any plans for this?', 'Suggestion'],
      body: 'Is there any plan to {ask}? The product does not do it today and we would really like it.',
    },
    {
      id: 'feature-idea',
      subjects: ['Feature idea', 'Wish list item'],
      body: 'Feature idea: please {ask}. Nothing is broken today, it is just something we would like to have.',
    },
    {
      id: 'other-tool-has-it',
      subjects: ['Something another tool does', 'Request for {areaName}'],
      body: 'Another tool we use can do this, so I wonder: could you {ask}? It would save us a fair amount of clicking.',
    },
    {
      id: 'roadmap-vote',
      subjects: ['Roadmap vote', 'Adding my vote'],
      body: 'Putting in a vote for your roadmap: we would love it if you would {ask}. We manage without it today.',
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
