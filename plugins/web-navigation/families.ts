// Family ids of web-navigation: one per application ("kind/app"); splits get disjoint applications of every kind.
import type { AppKind } from './config.js';
import { DESK_THEMES } from './desk-themes.js';
import { FORM_THEMES, SETTINGS_THEMES } from './form-apps.js';
import { SEARCH_THEMES, TABLE_THEMES } from './lookup-apps.js';

export const WEB_FAMILIES: readonly string[] = Object.freeze([
  ...Object.keys(FORM_THEMES),
  ...Object.keys(SETTINGS_THEMES),
  ...Object.keys(SEARCH_THEMES),
  ...Object.keys(TABLE_THEMES),
  ...Object.keys(DESK_THEMES),
]);

export function kindOf(family: string): AppKind {
  return family.split('/')[0] as AppKind;
}
