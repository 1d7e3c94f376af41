// The difficulty knobs of web-navigation; every field has a default (the single-widget level).
import { z } from 'zod';

export const APP_KINDS = ['form', 'settings', 'search', 'table', 'flow'] as const;
export type AppKind = (typeof APP_KINDS)[number];

export const configSchema = z.strictObject({
  app_kinds: z.array(z.enum(APP_KINDS)).min(1).default(['form', 'settings']).describe('Which kinds of application a scenario may be: single-page forms, settings with tabs, search, tables, multi-page flows'),
  min_fields: z.number().int().min(1).max(6).default(1).describe('Fewest form fields the goal asks to set'),
  max_fields: z.number().int().min(1).max(6).default(1).describe('Most form fields the goal asks to set'),
  format_trap_rate: z.number().min(0).max(1).default(0).describe('Share of fields whose goal writes the value in a format the form rejects (recover from the validation message)'),
  popup_rate: z.number().min(0).max(1).default(0).describe('Chance a pop-up covers the first page until dismissed'),
  destructive_distractor: z.boolean().default(false).describe('Add a look-alike button that deletes something (penalised)'),
  viewport: z.number().int().min(6).max(200).default(200).describe('Interactive elements one screen shows; the rest need scrolling'),
  rows: z.number().int().min(4).max(40).default(8).describe('Records in a list or table'),
  page_size: z.number().int().min(2).max(40).default(8).describe('Records a list shows per page'),
});

export type WebConfig = z.infer<typeof configSchema>;
