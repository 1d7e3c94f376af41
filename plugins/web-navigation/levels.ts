// The difficulty levels of web-navigation, easiest first: from one widget on one page to multi-page flows with distractors.
import type { TaskLevel } from 'openenv-ts';
import type { WebConfig } from './config.js';

export const WEB_LEVELS: readonly TaskLevel<WebConfig>[] = Object.freeze([
  {
    name: 'single-widget',
    description: 'One page, one field to set (text box, combobox, checkbox or date picker) and the right button among look-alikes.',
    config: {},
  },
  {
    name: 'forms',
    description: 'A form or a settings page with tabs: two to four fields, values written in formats the form rejects, a pop-up, a destructive button, a short viewport.',
    config: { min_fields: 2, max_fields: 4, format_trap_rate: 0.5, popup_rate: 0.35, destructive_distractor: true, viewport: 8 },
  },
  {
    name: 'lookup',
    description: 'Search results or a sortable table across pages: answer a question about one record, or save records and confirm the list.',
    config: { app_kinds: ['search', 'table'], rows: 18, page_size: 5, popup_rate: 0.35, destructive_distractor: true, viewport: 10 },
  },
  {
    name: 'workflows',
    description: "A comparison-shopping desk (flights, trains, rooms, courses, ...): three colleagues' requests, each for the cheapest qualifying option among 40 listed by six vendors whose own charges show only at checkout, under one 60-action budget.",
    config: { app_kinds: ['flow'], rows: 40, page_size: 10, popup_rate: 1, destructive_distractor: true, viewport: 200 },
  },
]);
