// The /web play page: play any task in a browser and see why its score is what it is (one self-contained document, no network beyond this server).
import { PLAY_PAGE_SCRIPT } from './play-page-script.js';
import { SESSION_HEADER } from '../contract/wire-schemas.js';

const STYLE = `
  :root { font-family: system-ui, sans-serif; color: #1d232b; background: #f5f6f8; }
  body { margin: 0; }
  header { background: #24324a; color: #fff; padding: 10px 20px; display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0 12px 0 0; }
  header label { font-size: 14px; }
  select, input, textarea, button { font: inherit; }
  main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(340px, 2fr); gap: 16px; padding: 16px 20px; }
  section { background: #fff; border: 1px solid #d9dde3; border-radius: 8px; padding: 12px 16px; margin-bottom: 16px; min-width: 0; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  h3 { font-size: 14px; margin: 14px 0 6px; }
  summary { cursor: pointer; font-weight: 600; font-size: 14px; margin: 8px 0; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; line-height: 1.45; margin: 0; max-height: 45vh; overflow: auto; }
  .field { margin: 8px 0; }
  .field label { display: block; font-size: 13px; font-weight: 600; }
  .field small { display: block; color: #5b6573; }
  .field input, .field select, .field textarea { width: 100%; box-sizing: border-box; padding: 4px 6px; }
  .field input[type=checkbox] { width: auto; }
  button { background: #2f6fde; color: #fff; border: 0; border-radius: 6px; padding: 6px 14px; cursor: pointer; }
  button:disabled { background: #98a4b5; cursor: default; }
  .status { font-size: 14px; margin: 6px 0; }
  .error { color: #b3261e; white-space: pre-wrap; }
  .ok { color: #1b7f3b; }
  .muted { color: #5b6573; }
  .gain { color: #1b7f3b; }
  .loss { color: #b3261e; }
  .num { font-variant-numeric: tabular-nums; white-space: nowrap; }
  .long { white-space: pre-wrap; display: block; min-width: 14em; }
  .caption { font-weight: 600; font-size: 13px; margin: 8px 0 4px; }
  .scroll { max-height: 55vh; overflow: auto; }
  table { border-collapse: collapse; font-size: 13px; }
  td, th { border-bottom: 1px solid #e4e7eb; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
  table.data { width: 100%; }
  table.data thead th { background: #eef1f5; position: sticky; top: 0; }
  table.kv { width: 100%; table-layout: fixed; }
  table.kv > tbody > tr > th { width: 9.5em; }
  #breakdown { overflow-x: auto; }
  header select#task { max-width: 24em; }
  table.kv th { font-weight: 600; padding-right: 12px; }
  table.steps { width: 100%; table-layout: fixed; }
  table.steps td.action { white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, monospace; font-size: 12px; }
  table.steps tr.refused td { background: #fdf0ef; }
  .meter { display: inline-block; width: 90px; height: 9px; background: #f2d7d5; border-radius: 5px; margin-right: 6px; overflow: hidden; vertical-align: middle; }
  .meter .fill { display: block; height: 100%; background: #e0a800; }
  .meter .fill.full { background: #1b7f3b; }
  .headline { font-size: 16px; font-weight: 600; margin: 4px 0; }
  .explanation { margin: 4px 0 8px; }
  iframe { width: 100%; height: 360px; border: 1px solid #d9dde3; border-radius: 6px; background: #fff; }
  svg.chart { width: 100%; max-width: 480px; height: 90px; background: #fafbfc; border: 1px solid #e4e7eb; border-radius: 4px; }
  @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
`;

/** The page; it talks to the same HTTP API as any agent, in its own session, and records its episode for the download. */
export function playPage(title: string): string {
  const safeTitle = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safeTitle}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>${safeTitle}</h1>
  <label>Task <select id="task"></select></label>
  <label>Level <select id="level"></select></label>
  <label>Split <select id="split"></select></label>
  <label>Seed <input id="seed" type="number" min="0" value="0" style="width: 7em"></label>
  <button id="reset">Reset</button>
  <span id="difficulty"></span>
</header>
<main>
  <div>
    <section>
      <h2>Observation</h2>
      <div class="status" id="status">Pick a task and press Reset.</div>
      <div class="status error" id="last-error"></div>
      <div class="status" id="feedback"></div>
      <details open><summary>Data</summary><div class="scroll" id="data"></div></details>
      <details open><summary>Prompt (what an LLM agent reads)</summary><pre id="prompt"></pre></details>
    </section>
    <section id="render-section" hidden>
      <h2>Picture</h2>
      <iframe id="render" sandbox="" title="The task's own rendering of its state"></iframe>
    </section>
  </div>
  <div>
    <section id="breakdown-section" hidden>
      <h2>Why the score is what it is</h2>
      <div id="breakdown"></div>
    </section>
    <section>
      <h2>Action</h2>
      <div class="field"><label for="variant">Kind</label><select id="variant"></select><small id="variant-help"></small></div>
      <form id="fields"></form>
      <button id="step" disabled>Step</button>
      <button id="download" disabled title="The episode you just played, as a trajectory record (JSON)">Download episode</button>
      <div class="status error" id="request-error"></div>
    </section>
    <section>
      <h2>Rewards</h2>
      <svg class="chart" id="chart" viewBox="0 0 320 90" preserveAspectRatio="none" role="img" aria-label="Reward per step"></svg>
      <div class="muted" id="chart-caption"></div>
      <h2 style="margin-top: 12px">Steps</h2>
      <table class="steps"><colgroup><col style="width: 2.5em"><col><col style="width: 5em"></colgroup>
        <thead><tr><th>#</th><th>action</th><th>reward</th></tr></thead><tbody id="history"></tbody></table>
    </section>
  </div>
</main>
<script>
const SESSION_HEADER = '${SESSION_HEADER}';
${PLAY_PAGE_SCRIPT}
</script>
</body>
</html>
`;
}
