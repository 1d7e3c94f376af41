// What a ticket can be about: the situations (facts) and, per situation, the phrase-grammar frames that say it.
import type { Impact } from './taxonomy.js';

/**
 * The kinds of problem the policy sorts. A seed's policy decides which concepts are categories of their own and
 * which fold into a parent (refund -> billing, performance -> bug, integration -> bug, privacy -> security).
 */
export const CONCEPTS = ['billing', 'refund', 'bug', 'performance', 'integration', 'outage', 'access', 'security', 'privacy', 'feature'] as const;
export type Concept = (typeof CONCEPTS)[number];

/** Concepts a policy may fold into a parent category, and that parent. */
export const FOLDABLE: Readonly<Partial<Record<Concept, Concept>>> = {
  refund: 'billing',
  performance: 'bug',
  integration: 'bug',
  privacy: 'security',
};

/** One way of saying a situation; `[a|b]` alternations and `{slot}` fills are expanded per ticket. */
export interface Frame {
  readonly id: string;
  readonly body: string;
  readonly subjects: readonly string[];
}

export interface Situation {
  readonly id: string;
  readonly concept: Concept;
  readonly impact: Impact;
  /** A follow-up can say a workaround was found (blocked -> degraded) or that it got worse (degraded -> blocked). */
  readonly canEase?: boolean;
  readonly canWorsen?: boolean;
  readonly frames: readonly Frame[];
}

// Rules the frames keep: no frame states a deadline ("in/within N hours|days" is how deadlines are written), a
// blocked frame says there is no workaround, a degraded one says it works partly, intermittently or with a
// workaround (or that money was charged wrongly), and every bug-like frame names a {feature}.
export const SITUATIONS: readonly Situation[] = [
  {
    id: 'double-charge', concept: 'billing', impact: 'degraded',
    frames: [
      { id: 'two-lines', subjects: ['Charged twice', 'Duplicate charge on our card'], body: '[Our card statement|The bank statement|Our finance team] [shows|lists] [two identical charges|the same charge twice] of ${amount} for {invoice}; we [only ever|obviously] [bought|ordered] one subscription.' },
      { id: 'paid-again', subjects: ['Billed again for {invoice}', 'Second payment taken'], body: 'You [took|collected] payment for {invoice} [a second time|again] [this month|yesterday], ${amount} [each time|both times], [even though|although] the first payment [had already cleared|went through fine].' },
      { id: 'reconcile', subjects: ['Payment mismatch', 'Overcharged'], body: 'When [reconciling|closing] [the month|our books] we [noticed|found] that ${amount} was [debited|charged] twice for the same [invoice|period] ({invoice}).' },
      { id: 'seats-overbilled', subjects: ['Wrong seat count billed', 'Invoice for too many seats'], body: 'We have {seats} [active users|seats in use] but [were billed|you charged us] for {seatsBilled} on {invoice}, [so we paid|which means we paid] for [seats nobody uses|people we do not have].' },
    ],
  },
  {
    id: 'invoice-details', concept: 'billing', impact: 'minor',
    frames: [
      { id: 'vat-missing', subjects: ['VAT number missing on invoice', 'Invoice correction'], body: '[Could you|Please] [add|put] our VAT number {vat} [on|to] invoice {invoice}? [The amount is right|The total is fine], [only|just] the [tax details are|VAT line is] missing.' },
      { id: 'address-old', subjects: ['Old address on invoices', 'Billing address update'], body: '[Our invoices|Invoice {invoice}] still [show|carry] our old [office|billing] address; [please|kindly] [update|correct] it [for future invoices|going forward]. [Payments are fine|Nothing is wrong with the charges].' },
      { id: 'po-number', subjects: ['PO number on invoice', 'Purchase order reference'], body: '[Our accounts team|Finance] [needs|asks for] purchase order number PO-{n}44 [printed on|added to] {invoice} [before they file it|for their records]; [the charge itself is correct|nothing else needs changing].' },
      { id: 'currency-label', subjects: ['Invoice currency question', 'Which currency is this invoice in?'], body: '[Invoice|The invoice] {invoice} does not [say|state] [which currency|the currency] the ${amount} is in; [could you|can you] [reissue it with|add] the currency [code|label]?' },
    ],
  },
  {
    id: 'suspended-though-paid', concept: 'billing', impact: 'blocked',
    frames: [
      { id: 'locked-for-nonpayment', subjects: ['Account suspended for non-payment?', 'Suspended although paid'], body: 'Our [whole|entire] account [was suspended|got suspended] for [non-payment|an unpaid invoice] although {invoice} [was paid|was settled] [last week|on time]; [nobody|none of us] can [use|open] anything [until it is lifted|at all] and there is [no other way in|no way around it].' },
      { id: 'card-declined-lockout', subjects: ['Card declined, workspace frozen', 'Frozen workspace'], body: 'Your system [says|claims] our card was declined and [froze|locked] the workspace, but the bank [confirms|shows] the ${amount} [went through|was paid]; [the whole team|everyone] is [stuck|locked out] and we [have no workaround|cannot work around it].' },
      { id: 'plan-downgraded', subjects: ['Plan cancelled by mistake', 'Subscription stopped'], body: 'Our subscription [was cancelled|was stopped] [for a failed payment|because of a payment error] that never [happened|failed] (reference {ref}), and [since then|now] [every user is|all of us are] [shut out|locked out] with no [workaround|alternative].' },
      { id: 'billing-hold', subjects: ['Billing hold on our account', 'Account on hold'], body: 'A billing hold [was put|landed] on our account [because of|over] {invoice}, which [is marked paid|shows as paid] on your own portal; [until|while] the hold [stays|remains], [no one|nobody] here can [sign in|get any work done], [full stop|and nothing else works around it].' },
    ],
  },
  {
    id: 'refund-request', concept: 'refund', impact: 'minor',
    frames: [
      { id: 'unused-seats', subjects: ['Refund for unused seats', 'Refund request'], body: 'We [removed|dropped] {n} seats [early in the term|at the start of the month] and [would like|are asking for] a refund [of|for] the [unused|remaining] part; [no rush on the amount|the exact amount is up to you].' },
      { id: 'after-cancel', subjects: ['Refund after cancelling', 'Money back for annual plan'], body: '[We cancelled|Having cancelled] our annual plan [after two months|early], [we would like|we ask for] a [pro-rata|partial] refund of [the rest|the remainder] of {invoice}.' },
      { id: 'goodwill', subjects: ['Credit for last month?', 'Service credit request'], body: '[Given|Because of] the problems we had [last month|earlier this quarter], [could we get|we would appreciate] a [credit|partial refund] [on|against] {invoice}? [It is|This is] [a request, not a complaint|not urgent].' },
      { id: 'smaller-plan', subjects: ['Refund the price difference?', 'Moved to a smaller plan'], body: 'We [moved|switched] to a smaller plan [this week|a few days ago]; [could you|would you] refund the price difference for the rest of [the month|this billing period]? [No hurry on our side|It is a request, nothing is wrong].' },
    ],
  },
  {
    id: 'locked-out', concept: 'access', impact: 'blocked',
    frames: [
      { id: 'reset-never-arrives', subjects: ['Password reset email never arrives', 'Cannot log in'], body: 'I [cannot|can\'t] log in: the password reset email [never arrives|does not arrive], [not even in spam|in no folder at all], and [without it|until then] I [have no way into|cannot reach] my account.' },
      { id: 'account-locked', subjects: ['Account locked', 'Locked out after failed logins'], body: 'My [login|account] [got|was] locked after [a few|three] failed [attempts|sign-ins] and the unlock link [says it has expired|does nothing]; I [am completely locked out|cannot get in at all] and [there is|I have] no [other way|workaround].' },
      { id: 'sso-loop', subjects: ['SSO login loop', 'Stuck in a sign-in loop'], body: 'Signing in [through|with] our company SSO [sends me back|returns me] to the login page [every time|in an endless loop], so I [never get in|cannot get in at all]; [no|there is no] [other sign-in method|password login] [works|is available] [for us|either].' },
      { id: 'email-changed', subjects: ['Login email changed', 'Cannot sign in with new address'], body: 'After [changing|updating] my login email to {otherEmail}, [neither|none of] [the old nor the new address|my addresses] [works|is accepted] at sign-in, so I am [shut out|locked out] [entirely|completely] with [no workaround|nothing else to try].' },
    ],
  },
  {
    id: 'mfa-flaky', concept: 'access', impact: 'degraded', canWorsen: true,
    frames: [
      { id: 'codes-sometimes', subjects: ['2FA codes rejected sometimes', 'Two-factor trouble'], body: 'My two-factor codes are [rejected|refused] [about half the time|every other try]; [after a few tries|on the third or fourth attempt] one [works|goes through], so I [get in eventually|can still get in, slowly].' },
      { id: 'backup-codes', subjects: ['Authenticator app stopped working', '2FA problem'], body: 'The authenticator app [no longer|stopped to] [produce|producing] [valid|working] codes for [my login|your site]; [for now|so far] I [sign in|get in] with [my|the] backup codes, [but only a few are left|which are running out].' },
      { id: 'sso-some-users', subjects: ['SSO fails for some of us', 'Single sign-on problems'], body: '[Some|A few] of our [users|staff] [fail|cannot sign in] [through|with] SSO [while others get in|while the rest are fine]; [those affected|they] [use|fall back to] passwords [for now|in the meantime].' },
      { id: 'slow-login', subjects: ['Login takes several tries', 'Sign-in unreliable'], body: 'Signing in [takes|needs] [two or three|several] attempts [these days|lately]: the first [usually|normally] [times out|hangs], [the next one|a later one] [works|goes through].' },
    ],
  },
  {
    id: 'stranger-login', concept: 'security', impact: 'blocked',
    frames: [
      { id: 'unknown-session', subjects: ['Login from {country}?', 'Session we do not recognise'], body: '[Our audit log|The sessions page] shows [a login|someone signed in] [to my account|as me] from {country} [at|around] {time}; [none of us|nobody here] [was there|has been there], and [since then|now] my password [no longer works|is rejected].' },
      { id: 'settings-changed', subjects: ['Someone changed our settings', 'Unauthorised changes'], body: '[Someone|A person] [outside our company|we do not know] [changed|edited] our [payout|bank] details and [added|invited] a new admin ({otherEmail}) [overnight|this morning]; [we did not do this|none of us did this], and that admin [has locked|locked] [the rest of us|all of us] out, with no way back in.' },
      { id: 'hijacked-admin', subjects: ['Admin account taken over?', 'Our admin login was hijacked'], body: 'Our admin [account|login] [appears to have been|was] taken over: [the recovery email|its email] was [changed|switched] to {otherEmail}, [which is not ours|an address we do not own], and we [cannot|can no longer] [get back in|recover it].' },
      { id: 'data-downloaded', subjects: ['Unexpected export of our data', 'Data exported by someone unknown'], body: '[We got|An email arrived with] a notice that [all our customer records|our full contact list] [were exported|was downloaded] at {time} by [a user|an account] [none of us knows|we never created], and [since then|ever since] our own admin login is refused, [so we cannot get in at all|leaving us no way in].' },
    ],
  },
  {
    id: 'leaked-key', concept: 'security', impact: 'minor',
    frames: [
      { id: 'pasted-public', subjects: ['API key posted publicly', 'Exposed key'], body: '[A developer|One of our engineers] [pasted|committed] our [live|production] API key into a public [repository|forum post] [this morning|at {time}]; we [rotated it|replaced it] [but want you to check|and need you to check] whether [anyone|someone] used it.' },
      { id: 'phishing-mail', subjects: ['Phishing email in your name', 'Suspicious email from "{vendor}"'], body: '[Several|Two] of our staff [received|got] an email [pretending to be|posing as] {vendor} [asking|that asks] them to [re-enter|confirm] their password on a [strange|look-alike] site; [one of them|a colleague] [may have|might have] [typed it in|entered it].' },
      { id: 'vuln-report', subjects: ['Possible vulnerability', 'Security issue to report'], body: '[While testing|During our own testing] we [found|noticed] that [changing|editing] the id in the address bar [shows|opens] [another company\'s|someone else\'s] records; [we have not shared this|we told no one else].' },
      { id: 'shared-password', subjects: ['Password shared by mistake', 'Credentials leaked in chat'], body: 'An admin password [for our account|of ours] was [posted|sent] [by mistake|accidentally] to a [public|shared] channel [that outsiders can read|with outside members]; [we changed it|it was changed] [within minutes|right away] but [ask you to|want you to] [check the logs|review the access logs].' },
    ],
  },
  {
    id: 'erasure-request', concept: 'privacy', impact: 'minor',
    frames: [
      { id: 'gdpr-delete', subjects: ['Data deletion request', 'Please erase my data'], body: '[Under|In line with] GDPR [I ask you to|I request that you] [delete|erase] [all personal data|everything] you [hold|keep] about me, [including|and] [old|past] support [conversations|messages].' },
      { id: 'former-employee', subjects: ['Remove a former employee\'s data', 'Erasure for ex-staff'], body: '[A former employee|An ex-colleague] [asked us|has asked] to have [their|her] personal data [removed|erased] from [our workspace|your systems]; [please|could you] [confirm how|tell us how] we [do that|arrange it] [with you|properly].' },
      { id: 'data-copy', subjects: ['Copy of our personal data', 'Subject access request'], body: '[I would like|Please send me] a [copy|full export] of the personal data {vendor} [stores|keeps] about me, [as|which] [data protection law allows|the privacy law entitles me to].' },
      { id: 'retention-question', subjects: ['How long do you keep our data?', 'Data retention'], body: '[Our DPO|Our privacy officer] [asks|wants to know] how long {vendor} [keeps|retains] [deleted|removed] records and [backups|logs] [before they are purged|before they are gone for good].' },
    ],
  },
  {
    id: 'area-down', concept: 'outage', impact: 'blocked',
    frames: [
      { id: 'nothing-loads', subjects: ['{areaName} not loading', 'Is the {areaName} down?'], body: '[The|Your] {areaName} [does not load|will not load] [at all|whatsoever] for [anyone|any of us] [since|from] {time}: [every attempt|each request] [ends with|returns] "{outageError}", [for every user|whoever tries].' },
      { id: 'whole-area', subjects: ['Whole {areaName} down', '{areaName} unavailable'], body: '[It is not|This is not] one feature [and not one user|or one person]: [the entire|all of the] {areaName} [answers|responds with] "{outageError}" [for all of us|for everybody] [since|starting] {time}.' },
      { id: 'status-page', subjects: ['Status page says green', '{areaName} completely unavailable'], body: '[Your status page|The status page] [says|claims] all is [fine|operational], [yet|but] the {areaName} [has been|is] [completely|totally] [unavailable|unreachable] [for us|for our whole company] since {time}, [every user|all users], [every request|all requests].' },
      { id: 'all-devices', subjects: ['Cannot reach the {areaName}', '{areaName} unreachable everywhere'], body: '[From|On] every [device|machine] and [every|each] [network|office] we [tried|use], the {areaName} [fails|is failing] [completely|entirely] with "{outageError}" [since|after] {time}; [no part of it|nothing in it] works.' },
    ],
  },
  {
    id: 'feature-broken', concept: 'bug', impact: 'blocked', canEase: true,
    frames: [
      { id: 'errors-every-time', subjects: ['{Feature} fails every time', 'Error with {feature}'], body: '[Every|Each] [attempt|try] to use {feature} [ends with|returns] "{error}" [since|from] {time}; [the rest of|everything else in] {areaPhrase} [works|is fine], but [we found no workaround|there is no other way to do this job].' },
      { id: 'does-nothing', subjects: ['{Feature} does nothing', '{Feature} stopped working'], body: '{Feature} [does nothing|has gone dead] [when we use it|on click], [not even|without even] an error; [other parts of|the rest of] {areaPhrase} [behave|are fine], [yet|but] [this task|that work] [has stopped|is at a standstill] [with no workaround|since there is no other route].' },
      { id: 'never-finishes', subjects: ['{Feature} never finishes', '{Feature} stuck'], body: '{Feature} [spins|keeps loading] [forever|endlessly] and never [completes|finishes], for [every one of us|all of us], [each time|every time]; [nothing else|no other way] [gets|will get] [that job|this work] done.' },
      { id: 'not-saved', subjects: ['{Feature} will not save', 'Work lost in {feature}'], body: '[Nothing|No change] we [make|enter] in {feature} is saved [any more|anymore]: it [shows|throws] "{error}" and [drops|discards] the work [every time|each time], [and we have no workaround|with no way around it].' },
    ],
  },
  {
    id: 'feature-flaky', concept: 'bug', impact: 'degraded', canWorsen: true,
    frames: [
      { id: 'sometimes-fails', subjects: ['{Feature} fails now and then', 'Intermittent errors in {feature}'], body: '{Feature} [fails|errors out] [now and then|about one time in three] with "{error}"; [trying again|a retry] [usually|mostly] [works|gets it through], [so we limp along|so work continues, slowly].' },
      { id: 'workaround-known', subjects: ['Workaround needed for {feature}', '{Feature} half broken'], body: '{Feature} [no longer|has stopped to] [work|working] [the normal way|from the usual screen], [but|though] [we can|we are able to] [get the same result|do the same thing] [the long way round|by a slower route] [for now|meanwhile].' },
      { id: 'some-records', subjects: ['{Feature} wrong for some records', 'Partial failure in {feature}'], body: '{Feature} [works for most|is fine for most] of our records [but|yet] [skips|mangles] [a few|some] of them with "{error}"; [we fix those|those we redo] by hand [for now|until there is a fix].' },
      { id: 'slow-feature', subjects: ['{Feature} very slow', '{Feature} takes ages'], body: '{Feature} [takes|now needs] [minutes|several minutes] [instead of|rather than] seconds [and sometimes|and now and then] [times out|gives up]; [it gets there|the job gets done] in the end, [just slowly|only much slower].' },
    ],
  },
  {
    id: 'cosmetic', concept: 'bug', impact: 'minor',
    frames: [
      { id: 'noticed', subjects: ['Small display glitch', 'Cosmetic issue'], body: '[Just|Only] a [small|minor] thing: {cosmetic}. [It does not stop|Nothing is stopping] us [from working|doing our work].' },
      { id: 'report-only', subjects: ['Visual bug', 'Typo in the interface'], body: '[For what it is worth|In case nobody mentioned it], {cosmetic}; [everything|the feature] still [works|does its job] [fine|normally].' },
      { id: 'screenshot', subjects: ['Layout problem', 'Looks odd'], body: '[We noticed|A colleague spotted] that {cosmetic} ([screenshot attached|see the screenshot]); [purely cosmetic|only the looks are affected].' },
      { id: 'tidy', subjects: ['Tidy-up suggestion', 'Small UI fix'], body: '[When you have a moment|Some day], [please|could you] [fix|tidy up] this: {cosmetic}. [No effect on|It does not affect] our work.' },
    ],
  },
  {
    id: 'area-slow', concept: 'performance', impact: 'degraded',
    frames: [
      { id: 'crawling', subjects: ['{areaName} very slow', 'Everything slow in the {areaName}'], body: '[Everything|Every page] in the {areaName} [is crawling|loads very slowly] [since|from] {time}: [pages|requests] take [half a minute|20-30 seconds], [but|yet] they do [load|finish] [in the end|eventually].' },
      { id: 'latency', subjects: ['High latency on the {areaName}', 'Slow responses'], body: '[Response times|Responses] [of|from] the {areaName} [went up|jumped] [tenfold|from under a second to ten seconds] [today|since {time}]; [nothing fails|no request fails], it is [just|only] [slow|very slow].' },
      { id: 'peak-hours', subjects: ['{areaName} sluggish at peak hours', 'Slowness every morning'], body: '[Every morning|At peak hours] the {areaName} [becomes|gets] [sluggish|painfully slow] for [all|every one] of us; [work continues|we still get through the work], [only|just] [at half speed|much slower].' },
      { id: 'timeouts-some', subjects: ['Occasional timeouts in the {areaName}', 'The {areaName} is slow and times out'], body: 'The {areaName} [is slow|drags] [across the board|for everyone] and [some|a few] [requests|actions] time out, [though|but] [a retry|trying again] [gets them through|usually works].' },
    ],
  },
  {
    id: 'sync-failing', concept: 'integration', impact: 'degraded', canWorsen: true,
    frames: [
      { id: 'partial-sync', subjects: ['{Feature} only syncs part of the data', 'Sync incomplete'], body: '{Feature} [only|now only] [syncs|copies] [part of|some of] our [records|data]; [the rest|the others] we [copy|move] [by hand|manually] [for now|in the meantime].' },
      { id: 'delayed-sync', subjects: ['{Feature} hours behind', 'Delayed sync'], body: '{Feature} [runs|is running] [hours|several hours] behind [since|from] {time}, so [the other system|the connected tool] [shows|has] [stale|old] data until it [catches up|finally syncs].' },
      { id: 'reconnect', subjects: ['{Feature} keeps disconnecting', 'Connector drops'], body: '{Feature} [keeps disconnecting|drops its connection] [every few hours|several times a day]; [reconnecting it|a manual reconnect] [fixes it|gets it going] [for a while|until the next drop].' },
      { id: 'duplicates', subjects: ['{Feature} creates duplicates', 'Duplicate records from sync'], body: '{Feature} [creates|is creating] duplicate records [on the other side|in the connected system] [now and then|with every few runs], which we [clean up|merge] by hand [for now|afterwards].' },
    ],
  },
  {
    id: 'new-capability', concept: 'feature', impact: 'minor',
    frames: [
      { id: 'could-you', subjects: ['Feature request', 'Idea for {areaName}'], body: '[Could you|Would you consider] [please|perhaps] {ask}? [It would save us|That would save our team] [a lot of|plenty of] [time|clicks].' },
      { id: 'wish', subjects: ['Wishlist item', 'Suggestion'], body: '[It would be great|We would love it] if you could {ask}; [today|right now] the product [does not do this|has no way to do this].' },
      { id: 'competitor', subjects: ['Missing feature', 'Can you add this?'], body: '[Another tool we use|A competitor] [lets us|can] do this, [and we miss it|so we miss it here]: [please|kindly] {ask}.' },
      { id: 'roadmap', subjects: ['Roadmap question', 'Is this planned?'], body: '[Is it on your roadmap to|Do you plan to] {ask}? [We would use it|Our team would use it] [daily|every week].' },
    ],
  },
];

/** Every situation frame as a family id, "situation/frame": the framework deals each situation's frames to splits. */
export const SITUATION_FAMILIES: readonly string[] = SITUATIONS.flatMap((s) => s.frames.map((f) => `sit-${s.id}/${f.id}`));
