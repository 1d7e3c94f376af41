// The play page's browser script (plain JavaScript, no dependencies): forms from the action schema, data as tables, the reward chart, the grade breakdown and the download.
export const PLAY_PAGE_SCRIPT = String.raw`
const $ = (id) => document.getElementById(id);
let tasks = [];
let bounds = { min: 0, max: 1 };
let sessionId = null;
let variants = [];
let stepRewards = [];
let refusedSteps = 0;
// Requests go beside the page, so a page opened under /orchestrator/<token>/web keeps its credential.
const BASE = location.pathname.replace(/\/web\/?$/, '');

async function api(path, options = {}) {
  const headers = { 'content-type': 'application/json' };
  if (sessionId) headers[SESSION_HEADER] = sessionId;
  if (options.newSession) headers[SESSION_HEADER] = 'new';
  const response = await fetch(BASE + path, { method: options.body === undefined ? 'GET' : 'POST', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const returned = response.headers.get(SESSION_HEADER);
  if (returned) sessionId = returned;
  const body = await response.json();
  if (!response.ok) {
    const detail = Array.isArray(body.detail) ? body.detail.map((d) => (d.loc || []).join('.') + ': ' + d.msg).join('\n') : body.detail;
    throw new Error(detail || response.statusText);
  }
  return body;
}

/** Builds an element; text goes in as text, never as HTML. */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function words(key) {
  return String(key).replace(/_/g, ' ');
}

function num(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

function signed(value) {
  return (value > 0 ? '+' : value < 0 ? '-' : '') + Math.abs(value).toFixed(3);
}

function isRecord(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const MAX_TABLE_ROWS = 300;

/** A table from [label, record] pairs: one column per key seen (the label column first when labels are given). */
function recordTable(entries, labelHeader, depth) {
  const columns = [];
  for (const [, record] of entries) for (const key of Object.keys(record)) if (!columns.includes(key) && columns.length < 40) columns.push(key);
  const table = el('table', 'data');
  const head = table.createTHead().insertRow();
  if (labelHeader !== null) head.appendChild(el('th', '', labelHeader));
  for (const c of columns) head.appendChild(el('th', '', c));
  const body = table.createTBody();
  for (const [label, record] of entries.slice(0, MAX_TABLE_ROWS)) {
    const row = body.insertRow();
    if (labelHeader !== null) row.appendChild(el('th', '', label));
    for (const c of columns) row.insertCell().appendChild(renderValue(record[c], depth + 1));
  }
  return withOverflow(table, entries.length);
}

/** A table from column names and rows of values. */
function rowsTable(columns, rows, depth) {
  const table = el('table', 'data');
  const head = table.createTHead().insertRow();
  for (const c of columns) head.appendChild(el('th', '', isRecord(c) ? c.name : c));
  const body = table.createTBody();
  for (const values of rows.slice(0, MAX_TABLE_ROWS)) {
    const row = body.insertRow();
    for (const v of values) row.insertCell().appendChild(renderValue(v, depth + 1));
  }
  return withOverflow(table, rows.length);
}

function withOverflow(table, count) {
  if (count <= MAX_TABLE_ROWS) return table;
  const wrap = el('div');
  wrap.appendChild(table);
  wrap.appendChild(el('small', 'muted', (count - MAX_TABLE_ROWS) + ' more rows not shown'));
  return wrap;
}

/** Any JSON value as HTML: records and lists of records become tables, text stays text. */
function renderValue(value, depth = 0) {
  if (value === null || value === undefined) return el('span', 'muted', 'none');
  if (typeof value === 'number') return el('span', 'num', num(value));
  if (typeof value === 'boolean') return el('span', '', value ? 'yes' : 'no');
  if (typeof value === 'string') return el('span', value.length > 120 ? 'long' : '', value);
  if (depth > 4) return el('code', '', JSON.stringify(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return el('span', 'muted', '(empty)');
    if (value.every((v) => isRecord(v) && Array.isArray(v.columns) && Array.isArray(v.rows))) {
      const wrap = el('div');
      for (const t of value) {
        wrap.appendChild(el('div', 'caption', (t.name || '') + (t.description ? ': ' + t.description : '')));
        wrap.appendChild(rowsTable(t.columns, t.rows, depth));
      }
      return wrap;
    }
    if (value.every(isRecord)) return recordTable(value.map((v, i) => [i + 1, v]), null, depth);
    if (value.every(Array.isArray)) return rowsTable(value[0].map((_, i) => '#' + (i + 1)), value, depth);
    if (value.every((v) => v === null || typeof v !== 'object')) return el('span', '', value.map((v) => (v === null ? 'null' : String(v))).join(', '));
    const list = el('ol');
    for (const v of value) list.appendChild(el('li')).appendChild(renderValue(v, depth + 1));
    return list;
  }
  if (Array.isArray(value.columns) && Array.isArray(value.rows) && value.rows.every(Array.isArray)) return rowsTable(value.columns, value.rows, depth);
  const entries = Object.entries(value);
  if (entries.length > 1 && entries.every(([, v]) => isRecord(v))) return recordTable(entries, '', depth);
  const table = el('table', 'kv');
  for (const [key, v] of entries) {
    const row = table.insertRow();
    row.appendChild(el('th', '', words(key)));
    row.insertCell().appendChild(renderValue(v, depth + 1));
  }
  return table;
}

function variantsOf(schema) {
  const options = schema.oneOf || schema.anyOf || [schema];
  return options.map((option) => ({
    name: option.properties && option.properties.type ? option.properties.type.const : 'action',
    description: option.description || '',
    schema: option,
  }));
}

function inputFor(name, spec, required) {
  const wrap = el('div', 'field');
  const label = el('label', '', name + (required ? '' : ' (optional)'));
  wrap.appendChild(label);
  let input;
  const type = Array.isArray(spec.type) ? spec.type.find((t) => t !== 'null') : spec.type;
  if (Array.isArray(spec.enum)) {
    input = document.createElement('select');
    if (!required) input.appendChild(new Option('', ''));
    for (const value of spec.enum) input.appendChild(new Option(String(value), String(value)));
  } else if (type === 'boolean') {
    input = document.createElement('input');
    input.type = 'checkbox';
  } else if (type === 'integer' || type === 'number') {
    input = document.createElement('input');
    input.type = 'number';
    input.step = type === 'integer' ? '1' : 'any';
  } else if (type === 'string') {
    input = document.createElement('textarea');
    input.rows = (spec.maxLength || 0) > 200 || /sql|text|value/i.test(name) ? 3 : 1;
  } else {
    input = document.createElement('textarea');
    input.rows = 3;
    input.placeholder = 'JSON';
    input.dataset.json = '1';
  }
  input.name = name;
  input.id = 'field-' + name;
  label.htmlFor = input.id;
  input.dataset.kind = type || 'json';
  wrap.appendChild(input);
  if (spec.description) wrap.appendChild(el('small', '', spec.description));
  return wrap;
}

function renderFields() {
  const variant = variants[$('variant').selectedIndex];
  if (!variant) return;
  $('variant-help').textContent = variant.description;
  const form = $('fields');
  form.innerHTML = '';
  const props = variant.schema.properties || {};
  const required = new Set(variant.schema.required || []);
  for (const [name, spec] of Object.entries(props)) {
    if (name === 'type') continue;
    form.appendChild(inputFor(name, spec, required.has(name)));
  }
}

function readAction() {
  const variant = variants[$('variant').selectedIndex];
  // A discriminated variant carries its type (even one named "action", as web-navigation's BrowserGym string is);
  // a task whose action is a single object schema has no type to add.
  const discriminated = Boolean(variant.schema.properties && variant.schema.properties.type);
  const action = discriminated ? { type: variant.name } : {};
  for (const input of $('fields').querySelectorAll('input, select, textarea')) {
    const kind = input.dataset.kind;
    if (kind === 'boolean') { action[input.name] = input.checked; continue; }
    if (input.value === '') continue;
    if (kind === 'integer' || kind === 'number') action[input.name] = Number(input.value);
    else if (input.dataset.json) action[input.name] = JSON.parse(input.value);
    else action[input.name] = input.value;
  }
  return action;
}

/** The score as the status and the breakdown both say it: reported score, and the raw grade when bounds moved it. */
function scoreText(score, raw) {
  let text = 'final score ' + score.toFixed(3);
  if (typeof raw === 'number' && raw.toFixed(3) !== score.toFixed(3)) text += ' (raw grade ' + raw.toFixed(3) + ', reported within [' + bounds.min + ', ' + bounds.max + '])';
  return text;
}

function drawChart() {
  const svg = $('chart');
  const width = 320, height = 90, pad = 6;
  if (stepRewards.length === 0) { svg.innerHTML = ''; return; }
  let total = 0;
  const running = stepRewards.map((r) => (total += r));
  const values = stepRewards.concat(running, [0]);
  const top = Math.max.apply(null, values), bottom = Math.min.apply(null, values);
  const span = top - bottom || 1;
  const y = (v) => pad + (height - 2 * pad) * (top - v) / span;
  const slot = (width - 2 * pad) / stepRewards.length;
  let out = '<line x1="0" x2="' + width + '" y1="' + y(0).toFixed(1) + '" y2="' + y(0).toFixed(1) + '" stroke="#98a4b5" stroke-width="1"/>';
  stepRewards.forEach((r, i) => {
    const x = pad + i * slot + slot * 0.15;
    const y0 = y(Math.max(r, 0)), y1 = y(Math.min(r, 0));
    out += '<rect x="' + x.toFixed(1) + '" y="' + y0.toFixed(1) + '" width="' + (slot * 0.7).toFixed(1) + '" height="' + Math.max(1, y1 - y0).toFixed(1) + '" fill="' + (r < 0 ? '#c0392b' : '#2f6fde') + '"><title>step ' + (i + 1) + ': ' + r.toFixed(3) + '</title></rect>';
  });
  const points = running.map((v, i) => (pad + (i + 0.5) * slot).toFixed(1) + ',' + y(v).toFixed(1)).join(' ');
  out += '<polyline points="' + points + '" fill="none" stroke="#1b7f3b" stroke-width="2"/>';
  svg.innerHTML = out;
  $('chart-caption').textContent = 'Bars: reward per step; line: running return ' + total.toFixed(3) + ' after ' + stepRewards.length + ' step(s).';
}

async function showRender() {
  try {
    const rendered = await api('/render');
    const frame = $('render');
    if (!rendered.content) { $('render-section').hidden = true; return; }
    frame.srcdoc = '<!doctype html><meta charset="utf-8"><body style="margin:0;font-family:system-ui,sans-serif">' + rendered.content + '</body>';
    $('render-section').hidden = false;
  } catch (err) {
    $('render-section').hidden = true;
  }
}

function show(result) {
  const o = result.observation;
  $('prompt').textContent = o.prompt;
  const data = $('data');
  data.innerHTML = '';
  if (o.data !== null && o.data !== undefined) data.appendChild(renderValue(o.data));
  $('feedback').textContent = o.feedback || '';
  $('last-error').textContent = o.last_action_error ? 'Last action refused: ' + o.last_action_error : '';
  const score = o.score === null ? '' : ' | ' + scoreText(o.score, null);
  $('status').textContent = 'Step ' + o.step_count + ' of ' + o.max_steps + (result.done ? ' | episode over' : '') + score;
  $('status').className = 'status' + (result.done ? ' ok' : '');
  $('step').disabled = result.done;
}

/** Where the points came from: the reward components in words, then the grader's own breakdown. */
function showBreakdown(report, state) {
  const box = $('breakdown');
  box.innerHTML = '';
  $('status').textContent = 'Step ' + state.step_count + ' of ' + state.max_steps + ' | episode over | ' + scoreText(report.score, report.raw_score);
  box.appendChild(el('p', 'headline', 'Final score ' + report.score.toFixed(3) + (report.raw_score.toFixed(3) !== report.score.toFixed(3) ? ' (raw grade ' + report.raw_score.toFixed(3) + '; scores are reported within [' + bounds.min + ', ' + bounds.max + '])' : '')));
  $('breakdown-section').dataset.score = report.score.toFixed(3);
  if (report.explanation) box.appendChild(el('p', 'explanation', report.explanation));
  const totals = state.reward_totals;
  if (totals) {
    box.appendChild(el('h3', '', 'Where the reward came from'));
    const table = el('table', 'kv totals');
    const line = (label, value, note) => {
      const row = table.insertRow();
      row.appendChild(el('th', '', label));
      row.insertCell().appendChild(el('span', 'num ' + (value > 0 ? 'gain' : value < 0 ? 'loss' : ''), signed(value)));
      row.insertCell().appendChild(el('small', 'muted', note));
    };
    line('earned by the grade', totals.grade, 'the grade of the final state, paid as it changed step by step');
    if (totals.shaping !== 0) line('shaping', totals.shaping, 'hints paid along the way and taken back by the end');
    line('lost to refused actions', totals.invalid_action, refusedSteps + ' step(s) the task refused');
    line('lost to repeated actions', totals.repeated_action, 'actions that repeated an earlier one exactly');
    line('return', totals.return, 'the sum of all rewards');
    box.appendChild(table);
  }
  box.appendChild(el('h3', '', "The grader's breakdown"));
  const table = el('table', 'kv breakdown');
  for (const [key, value] of Object.entries(report.breakdown || {})) {
    const row = table.insertRow();
    row.appendChild(el('th', '', words(key)));
    const cell = row.insertCell();
    if (typeof value === 'number' && value >= 0 && value <= 1 && !Number.isInteger(value) || ((value === 1 || value === 0) && /score|recall|precision|rate|share|ratio|jaccard/.test(key))) {
      const meter = el('span', 'meter');
      const fill = el('span', value >= 0.999 ? 'fill full' : 'fill');
      fill.style.width = (value * 100).toFixed(1) + '%';
      meter.appendChild(fill);
      cell.appendChild(meter);
      cell.appendChild(el('span', 'num', value.toFixed(3)));
      cell.appendChild(el('small', value >= 0.999 ? 'gain' : 'loss', value >= 0.999 ? ' full marks' : ' lost ' + ((1 - value) * 100).toFixed(1) + '%'));
    } else {
      cell.appendChild(renderValue(value, 1));
    }
  }
  box.appendChild(table);
  $('breakdown-section').hidden = false;
  $('download').disabled = false;
}

async function finish() {
  const [report, state] = await Promise.all([api('/grader', { body: {} }), api('/state')]);
  showBreakdown(report, state);
}

async function reset() {
  $('request-error').textContent = '';
  const task = tasks[$('task').selectedIndex];
  sessionId = null;
  const body = { task: task.id, seed: Number($('seed').value) || 0, level: $('level').value, split: $('split').value, record: true };
  try {
    const result = await api('/reset', { body, newSession: true });
    $('history').innerHTML = '';
    stepRewards = [];
    refusedSteps = 0;
    drawChart();
    $('breakdown-section').hidden = true;
    $('download').disabled = true;
    show(result);
    await showRender();
  } catch (err) {
    $('request-error').textContent = err.message;
  }
}

async function step() {
  $('request-error').textContent = '';
  let action;
  try {
    action = readAction();
  } catch (err) {
    $('request-error').textContent = 'Bad JSON in a field: ' + err.message;
    return;
  }
  try {
    const result = await api('/step', { body: { action } });
    const row = $('history').insertRow();
    row.insertCell().textContent = String(result.observation.step_count);
    const actionCell = row.insertCell();
    actionCell.className = 'action';
    actionCell.textContent = JSON.stringify(action);
    if (result.observation.last_action_error) {
      refusedSteps += 1;
      row.className = 'refused';
      actionCell.appendChild(el('div', 'error', 'refused: ' + result.observation.last_action_error));
    }
    const reward = result.reward === null ? 0 : result.reward;
    row.insertCell().appendChild(el('span', 'num ' + (reward < 0 ? 'loss' : ''), reward.toFixed(3)));
    stepRewards.push(reward);
    drawChart();
    show(result);
    await showRender();
    if (result.done) await finish();
  } catch (err) {
    $('request-error').textContent = err.message;
  }
}

async function download() {
  try {
    const record = await api('/trajectory');
    const blob = new Blob([JSON.stringify(record, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = record.task_id + '-' + record.episode_id + '.json';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  } catch (err) {
    $('request-error').textContent = 'Download failed: ' + err.message;
  }
}

function fillSelect(select, options) {
  select.innerHTML = '';
  for (const [value, label] of options) select.appendChild(new Option(label, value));
}

function selectTask() {
  const task = tasks[$('task').selectedIndex];
  $('difficulty').textContent = task.difficulty + ' | up to ' + task.max_steps + ' steps';
  fillSelect($('level'), (task.levels || [{ name: 'default', number: 1 }]).map((l) => [l.name, l.number + '. ' + l.name]));
  fillSelect($('split'), (task.splits || [{ name: 'train' }]).map((s) => [s.name, s.name]));
  variants = variantsOf(task.action_schema);
  fillSelect($('variant'), variants.map((v) => [v.name, v.name]));
  renderFields();
}

async function start() {
  const listing = await api('/tasks');
  tasks = listing.tasks;
  if (listing.score_bounds) bounds = listing.score_bounds;
  for (const task of tasks) $('task').appendChild(new Option(task.title + ' (' + task.id + ')', task.id));
  $('task').selectedIndex = Math.max(0, tasks.findIndex((t) => t.id === listing.default_task));
  selectTask();
  document.body.dataset.ready = 'true';
}

$('task').addEventListener('change', selectTask);
$('variant').addEventListener('change', renderFields);
$('reset').addEventListener('click', reset);
$('step').addEventListener('click', (e) => { e.preventDefault(); step(); });
$('download').addEventListener('click', download);
start().catch((err) => { $('status').textContent = 'Cannot load tasks: ' + err.message; });
`;
