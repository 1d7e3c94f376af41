// The /web page: play any task in a browser (pick a task and seed, read the prompt, fill a form built from the action schema).
import { SESSION_HEADER } from '../contract/wire-schemas.js';

/** One self-contained HTML document; it talks to the same HTTP API as any agent, in its own session. */
export function webPage(title: string): string {
  const safeTitle = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safeTitle}</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #1d232b; background: #f5f6f8; }
  body { margin: 0; }
  header { background: #24324a; color: #fff; padding: 12px 20px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0 12px 0 0; }
  header label { font-size: 14px; }
  select, input, textarea, button { font: inherit; }
  main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(320px, 2fr); gap: 16px; padding: 16px 20px; }
  section { background: #fff; border: 1px solid #d9dde3; border-radius: 8px; padding: 12px 16px; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  pre { white-space: pre-wrap; word-break: break-word; font-size: 13px; line-height: 1.45; margin: 0; max-height: 70vh; overflow: auto; }
  .field { margin: 8px 0; }
  .field label { display: block; font-size: 13px; font-weight: 600; }
  .field small { display: block; color: #5b6573; }
  .field input, .field select, .field textarea { width: 100%; box-sizing: border-box; padding: 4px 6px; }
  button { background: #2f6fde; color: #fff; border: 0; border-radius: 6px; padding: 6px 14px; cursor: pointer; }
  button:disabled { background: #98a4b5; cursor: default; }
  .status { font-size: 14px; margin: 6px 0; }
  .error { color: #b3261e; white-space: pre-wrap; }
  .ok { color: #1b7f3b; }
  table { border-collapse: collapse; font-size: 13px; width: 100%; }
  td, th { border-bottom: 1px solid #e4e7eb; padding: 3px 6px; text-align: left; vertical-align: top; }
  @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<header>
  <h1>${safeTitle}</h1>
  <label>Task <select id="task"></select></label>
  <label>Seed <input id="seed" type="number" min="0" value="0" style="width: 7em"></label>
  <button id="reset">Reset</button>
  <span id="difficulty"></span>
</header>
<main>
  <section>
    <h2>Observation</h2>
    <div class="status" id="status">Pick a task and press Reset.</div>
    <div class="status error" id="last-error"></div>
    <div class="status" id="feedback"></div>
    <pre id="prompt"></pre>
  </section>
  <section>
    <h2>Action</h2>
    <div class="field"><label for="variant">Kind</label><select id="variant"></select><small id="variant-help"></small></div>
    <form id="fields"></form>
    <button id="step" disabled>Step</button>
    <div class="status error" id="request-error"></div>
    <h2 style="margin-top: 16px">Steps</h2>
    <table><thead><tr><th>#</th><th>action</th><th>reward</th></tr></thead><tbody id="history"></tbody></table>
  </section>
</main>
<script>
const SESSION_HEADER = '${SESSION_HEADER}';
const $ = (id) => document.getElementById(id);
let tasks = [];
let sessionId = null;
let variants = [];
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
    const detail = Array.isArray(body.detail) ? body.detail.map((d) => (d.loc || []).join('.') + ': ' + d.msg).join('\\n') : body.detail;
    throw new Error(detail || response.statusText);
  }
  return body;
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
  const wrap = document.createElement('div');
  wrap.className = 'field';
  const label = document.createElement('label');
  label.textContent = name + (required ? '' : ' (optional)');
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
    if (type === 'integer') input.step = '1';
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
  input.dataset.kind = type || 'json';
  wrap.appendChild(input);
  if (spec.description) {
    const help = document.createElement('small');
    help.textContent = spec.description;
    wrap.appendChild(help);
  }
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
  const action = variant.name === 'action' ? {} : { type: variant.name };
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

function show(result) {
  const o = result.observation;
  $('prompt').textContent = o.prompt;
  $('feedback').textContent = o.feedback || '';
  $('last-error').textContent = o.last_action_error ? 'Last action refused: ' + o.last_action_error : '';
  const score = o.score === null ? '' : ' | final score ' + o.score.toFixed(3);
  $('status').innerHTML = '';
  $('status').textContent = 'Step ' + o.step_count + ' of ' + o.max_steps + (result.done ? ' | episode over' : '') + score;
  $('status').className = 'status' + (result.done ? ' ok' : '');
  $('step').disabled = result.done;
}

async function reset() {
  $('request-error').textContent = '';
  const task = tasks[$('task').selectedIndex];
  sessionId = null;
  try {
    const result = await api('/reset', { body: { task: task.id, seed: Number($('seed').value) || 0 }, newSession: true });
    $('history').innerHTML = '';
    show(result);
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
    const row = document.createElement('tr');
    for (const text of [String(result.observation.step_count), JSON.stringify(action), result.reward === null ? '' : result.reward.toFixed(2)]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.appendChild(cell);
    }
    $('history').appendChild(row);
    show(result);
  } catch (err) {
    $('request-error').textContent = err.message;
  }
}

function selectTask() {
  const task = tasks[$('task').selectedIndex];
  $('difficulty').textContent = task.difficulty + ' | up to ' + task.max_steps + ' steps';
  variants = variantsOf(task.action_schema);
  $('variant').innerHTML = '';
  for (const v of variants) $('variant').appendChild(new Option(v.name, v.name));
  renderFields();
}

async function start() {
  const listing = await api('/tasks');
  tasks = listing.tasks;
  for (const task of tasks) $('task').appendChild(new Option(task.title + ' (' + task.id + ')', task.id));
  $('task').selectedIndex = Math.max(0, tasks.findIndex((t) => t.id === listing.default_task));
  selectTask();
}

$('task').addEventListener('change', selectTask);
$('variant').addEventListener('change', renderFields);
$('reset').addEventListener('click', reset);
$('step').addEventListener('click', (e) => { e.preventDefault(); step(); });
start().catch((err) => { $('status').textContent = 'Cannot load tasks: ' + err.message; });
</script>
</body>
</html>
`;
}
