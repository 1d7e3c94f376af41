// The zod schemas of web-navigation: BrowserGym action strings, the same actions as JSON, and the observation data.
import { z } from 'zod';

const bid = z.string().min(1).max(40).describe('The element id shown in brackets in the page text, e.g. "12"');

export const STRUCTURED_ACTIONS = [
  z.strictObject({ type: z.literal('click'), bid }).describe('Click an element'),
  z.strictObject({ type: z.literal('dblclick'), bid }).describe('Double-click an element'),
  z.strictObject({ type: z.literal('fill'), bid, text: z.string().max(500).describe('Text that replaces the field value') }).describe('Type into a text box'),
  z.strictObject({ type: z.literal('select_option'), bid, option: z.string().max(200).describe('The visible text of the option') }).describe('Choose an option of a combobox'),
  z.strictObject({ type: z.literal('check'), bid }).describe('Tick a checkbox'),
  z.strictObject({ type: z.literal('uncheck'), bid }).describe('Untick a checkbox'),
  z.strictObject({ type: z.literal('press'), bid, key: z.string().min(1).max(40).describe('A key name such as "Enter" or "Escape"') }).describe('Press a key on an element'),
  z.strictObject({ type: z.literal('keyboard_press'), key: z.string().min(1).max(40).describe('A key name such as "Enter"') }).describe('Press a key on the focused element'),
  z.strictObject({ type: z.literal('scroll'), direction: z.enum(['up', 'down']).describe('Which way to scroll the page by one screen') }).describe('Scroll the page'),
  z.strictObject({ type: z.literal('goto'), url: z.string().min(1).max(300).describe('A URL or path of this site') }).describe('Open a page of the site'),
  z.strictObject({ type: z.literal('go_back') }).describe('Go back to the previous page'),
  z.strictObject({ type: z.literal('noop') }).describe('Do nothing this step'),
  z.strictObject({ type: z.literal('send_msg_to_user'), text: z.string().max(500).describe('The message, e.g. the answer to a question') }).describe('Send a message (an answer) to the user'),
] as const;

const actionString = z
  .strictObject({
    type: z.literal('action'),
    action: z.string().min(1).max(1000).describe("One BrowserGym action call, e.g. click('12'), fill('7', 'Oslo'), scroll('down'), noop()"),
  })
  .describe('A BrowserGym action string');

export const actionSchema = z.discriminatedUnion('type', [actionString, ...STRUCTURED_ACTIONS]);

export type WebAction = z.infer<typeof actionSchema>;
export type BrowserAction = Exclude<WebAction, { type: 'action' }>;

const elementSchema = z.object({
  bid: z.string().describe('Element id to use in actions'),
  role: z.string().describe('ARIA-like role: button, link, textbox, combobox, checkbox, tab, option, gridcell ...'),
  name: z.string().describe('Accessible name (label or text)'),
  value: z.string().nullable().describe('Current value of a field'),
  states: z.array(z.string()).describe('disabled, checked, selected, required, invalid, readonly, offscreen, covered'),
  options: z.array(z.string()).nullable().describe('The options of a combobox'),
});

export const observationSchema = z.object({
  goal: z.string(),
  url: z.string(),
  title: z.string(),
  axtree: z.string().describe('The page as accessibility-tree text, one element per line, ids in brackets'),
  elements: z.array(elementSchema).describe('The interactive elements of the page, in document order'),
  notice: z.string().nullable().describe('A status message the page showed after the last action'),
});

export type WebData = z.infer<typeof observationSchema>;
export type PageElement = z.infer<typeof elementSchema>;
