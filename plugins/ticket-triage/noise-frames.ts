// The wording around the deciding content, as grammar frames per role; every role's frames are dealt to splits too.
export interface NoiseFrame {
  readonly id: string;
  readonly text: string;
}

/**
 * Roles of the material around a ticket's problem. Each frame is a family "noise-<role>/<id>", so test inboxes
 * are written with openers, distractors, deadlines and follow-ups that no train inbox uses. `{h}` / `{d}` are a
 * deadline in hours / days, `{n}` a number that is not one.
 */
export const NOISE: Readonly<Record<string, readonly NoiseFrame[]>> = {
  angry: [
    { id: 'furious', text: '[I am|We are] [honestly|frankly] [furious|livid] [about this|right now].' },
    { id: 'unacceptable', text: 'This is [UNACCEPTABLE|not acceptable] for a [paid|professional] [product|service].' },
    { id: 'what-going-on', text: '[Seriously|Honestly], what is going on [over there|with your product]?!' },
    { id: 'fed-up', text: '[Our team is|I am] [fed up|sick and tired] of [chasing you|problems like this].' },
    { id: 'escalate', text: '[Escalate this|Put this to a manager] [ASAP|NOW] [or we walk|and fix it TODAY].' },
  ],
  calm: [
    { id: 'good-week', text: '[Hope|I hope] [you are having|you have] a [good|pleasant] week!' },
    { id: 'small-thing', text: '[Probably|Likely] [not a big deal|nothing major], [but|though] [here goes|thought I would mention it].' },
    { id: 'all-well', text: '[Hope all is well|I trust all is well] [on your side|over there].' },
    { id: 'whenever', text: '[Whenever|Any time] [you get a chance|it suits you] [is fine|works for us].' },
    { id: 'thanks-ahead', text: '[Thanks in advance|Many thanks ahead], [no stress|no pressure] [at all|whatsoever]!' },
  ],
  distractor: [
    { id: 'not-outage', text: '[To be clear|Just so you know], this is [not|no] [an outage|a full outage] [as far as we can tell|on our side].' },
    { id: 'login-fine', text: '[I can|We can] log in [fine|without trouble]; [the problem|the issue] is [only|just] what I describe [here|below].' },
    { id: 'invoice-paid', text: '[Our invoices|Our bills] are [paid up|up to date], [in case|if] [that matters|you wondered].' },
    { id: 'not-bug', text: '[I would not call this|I am not sure this is|I doubt this counts as] a bug [in the usual sense|exactly].' },
    { id: 'not-hacked', text: '[Nobody|No one] [broke in|hacked us] [or anything like that|as far as I know].' },
    { id: 'not-wish', text: '[This is|It is] [not a wish list item|not a feature request], [we just|I just] [report|describe] what [happens|we see].' },
  ],
  duration: [
    { id: 'days-ago', text: '[This|It] [started|began] {n} days ago [and has not changed|and is still the same].' },
    { id: 'hours-now', text: '[It has been|We have been] like this for {n} hours [now|already].' },
  ],
  tenure: [
    { id: 'years-customer', text: 'We have been {vendor} customers for {n} years [now|already].' },
    { id: 'team-size', text: '[Around|About] {n}0 people [on our team|here] use {vendor} [every day|daily].' },
    { id: 'offices', text: '[We run|Our company runs] {n} offices [on|with] {vendor}.' },
    { id: 'renewed', text: 'We [renewed|extended] [our contract|the contract] {n} months ago.' },
  ],
  deadline_hours: [
    { id: 'board', text: '[We have|There is] a board meeting in {h} hours and [need|want] this [sorted|fixed] [before then|by then].' },
    { id: 'payroll', text: '[Please|Kindly] [deal with|handle] this within {h} hours: our payroll run [depends on it|needs it].' },
    { id: 'go-live', text: 'Our own customers go live in {h} hours, so [we need this handled|this must be handled] by then.' },
    { id: 'audit', text: '[An external|A regulator\'s] audit starts in {h} hours [and this must be|and we need this] [resolved|settled] [first|beforehand].' },
  ],
  deadline_days: [
    { id: 'launch', text: 'Our launch is in {d} days, so [we need|this must be] [this resolved|resolved] by then.' },
    { id: 'quarter', text: 'We need this [sorted|settled] within {d} days, before [our quarterly|the quarterly] [close|audit].' },
    { id: 'renewal', text: 'Our [contract|licence] renewal is in {d} days and we [need|want] an answer [before it|first].' },
    { id: 'migration', text: '[We migrate|Our migration moves] [the rest of the company|all our teams] in {d} days, [so|and] [this needs|we need this] [fixed|answered] by then.' },
  ],
  quoted: [
    { id: 'refund-done', text: 'your refund has been processed and [should arrive|will reach you] within 5 days.' },
    { id: 'mfa-reset', text: 'we have reset two-factor authentication on your account [as requested|as you asked].' },
    { id: 'api-outage-over', text: 'we had a short outage yesterday; it is [fully resolved|over] now.' },
    { id: 'passed-on', text: 'thanks for the suggestion, I have passed it on to [the product team|our product managers].' },
    { id: 'fix-soon', text: 'we found the bug you reported and expect a fix in {n} days.' },
  ],
  support_reply: [
    { id: 'looking', text: 'thanks for the report, [we are looking into it|I am checking with the team]; [can you|could you] [tell us|confirm] whether it still happens?' },
    { id: 'details', text: 'could you [send|share] [a screenshot|more details] and [the time it happened|when it started]?' },
    { id: 'received', text: '[we received|we have your] [message|ticket] and will [come back to you|get back to you] [shortly|soon].' },
    { id: 'try-again', text: '[please|could you] [clear your cache|try again] and [let us know|tell us] [if it helps|how it goes]?' },
  ],
  follow_ease: [
    { id: 'found-way', text: '[Update|Quick update]: we found a workaround [for now|meanwhile], [slow|clumsy] but [it lets us continue|we can keep working].' },
    { id: 'other-route', text: '[Update|A follow-up]: [a colleague|someone here] found [another route|a way around it], so we are [no longer stuck|not blocked any more], [just slower|only slowed down].' },
    { id: 'partly-back', text: '[Small update|Update]: it [partly works again|works again some of the time], [so we can get by|so we manage for now].' },
  ],
  follow_worse: [
    { id: 'every-time-now', text: '[Update|Follow-up]: [it now fails|now it fails] every [single|] time and [our workaround stopped working|the workaround no longer works]; we are [completely stuck|fully blocked].' },
    { id: 'no-way-left', text: '[It got worse|Worse now]: [nothing|no retry] [gets through|works] [any more|anymore], and we have no [other way|workaround] left.' },
    { id: 'stopped-entirely', text: '[Update|One more thing]: since [this morning|{time}] it [does not work at all|has stopped entirely]; [there is no|we have no] workaround [any more|left].' },
  ],
  follow_deadline: [
    { id: 'now-by', text: '[Update|Follow-up]: [our deadline has moved|the date moved]: we now need this within {h} hours of my first message.' },
    { id: 'new-date', text: '[Correction|Update] on [timing|the deadline]: [it is now|make that] within {h} hours [from my first message|of my first note].' },
    { id: 'earlier', text: '[Also|And], [things changed|plans changed]: it has to be [done|resolved] within {h} hours of [my first message|when I first wrote].' },
  ],
  follow_no_deadline: [
    { id: 'no-rush-now', text: '[Update|Good news]: [the event was postponed|our deadline is gone], so there is [no fixed date|no deadline] [any more|now].' },
    { id: 'cancelled', text: '[Update|Follow-up]: [the meeting|that date] was cancelled, [forget the deadline|no deadline applies now].' },
    { id: 'no-date', text: '[Please ignore|Disregard] the [date|deadline] I [gave|mentioned]: [there is none now|nothing depends on it any more].' },
  ],
  retract: [
    { id: 'my-mistake', text: '[Sorry|Apologies], [please ignore|disregard] what I wrote [before|earlier]: that was our [own|] mistake. [The real problem is this|What is really wrong is this]:' },
    { id: 'sorted-ourselves', text: '[Forget|Never mind] my [first|earlier] message, we sorted that [ourselves|out internally]. [However|But] [there is something else|another thing is wrong]:' },
    { id: 'wrong-ticket', text: '[Oops|Sorry], [my first message|the first part] [was meant for|belonged to] [another vendor|someone else], please [ignore|drop] it. [Our actual issue|What we need help with]:' },
  ],
  also: [
    { id: 'while-here', text: '[While I am here|While I have you|Also],' },
    { id: 'separately', text: '[Separately|On another note|A second thing],' },
    { id: 'and-one-more', text: '[And one more thing|Another matter|One more point]:' },
  ],
  ref_same: [
    { id: 'back-again', text: '[We reported exactly this before|This exact problem was reported before] [as|in ticket] {ref}, and [it is back|it has come back].' },
    { id: 'same-as', text: '[This is|It is] the same [problem|issue] as [our earlier ticket|ticket] {ref}[, nothing has changed| again].' },
    { id: 'still', text: '[Still|Once more] the [same|very same] [trouble|issue] we [raised|filed] [as|under] {ref}; [please|kindly] [link them|treat them together].' },
    { id: 'see-ticket', text: '[See|Please see] {ref} [for the history|for background]: [same problem|this is the same problem], [still unsolved|again today].' },
  ],
  ref_other: [
    { id: 'unrelated', text: '[This has nothing to do with|This is unrelated to] [our earlier ticket|ticket] {ref}, which was [a separate matter|about something else].' },
    { id: 'not-same', text: '[Not to be confused with|This is not the same as] {ref}[; that one was a different question|, which was another topic].' },
    { id: 'new-one', text: '[A new problem|Something new this time], [not|and not] [a follow-up to|the issue from] {ref}.' },
    { id: 'other-topic', text: '[Our last ticket|The ticket we filed before], {ref}, [was about|concerned] [something else entirely|another topic]; [this one is new|this is a fresh issue].' },
  ],
  deadline_local: [
    { id: 'by-clock', text: 'We need this [fixed|sorted] by {clock} {when}, our time.' },
    { id: 'before-local', text: '[Please|Kindly] have it [resolved|handled] before {clock} {when} (our local time).' },
    { id: 'office-closes', text: 'It must be [done|settled] by {clock} {when} our time, [when the office closes|when our shift ends].' },
    { id: 'cutoff', text: '[Our cut-off is|The cut-off for us is] {clock} {when}, local time, [so please hurry|so it has to be done by then].' },
  ],
  tier_claim: [
    { id: 'we-are', text: '[As|Being] [a|an] {claimed} customer, we [expect|count on] a [quick|fast] [answer|response].' },
    { id: 'plan-says', text: '[Our|We are on the] {claimed} plan [says|promises] [faster|priority] support, [I believe|as far as I know].' },
    { id: 'paying-for', text: 'We [pay|are paying] for {claimed}, so [please|kindly] treat this [accordingly|that way].' },
  ],
};

/** Which distractor frames may go on a ticket: none that would contradict one of its concepts or situations. */
export const DISTRACTORS_AGAINST: Readonly<Record<string, readonly string[]>> = {
  'not-outage': ['outage'],
  'login-fine': ['access', 'security', 'suspended-though-paid'],
  'invoice-paid': ['billing', 'refund'],
  'not-bug': ['bug', 'performance', 'integration'],
  'not-hacked': ['security', 'privacy'],
  'not-wish': ['feature'],
};

export const NOISE_FAMILIES: readonly string[] = Object.entries(NOISE).flatMap(([role, frames]) => frames.map((f) => `noise-${role}/${f.id}`));
