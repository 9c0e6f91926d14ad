// Through the real server over the protocol: edit → hints latency, hover while another document
// runs, and the server's memory with 20 open documents.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchClient, fileUri } from '../lib/lspClient.mjs';
import { processMemory, timeProcess } from '../lib/processes.mjs';
import { busyScript, generatedScript, lineCount, readWorkload } from '../lib/workloads.mjs';

const EDIT_LINE_PREFIX = 'edit_count = ';

/** A script with a last line the edits rewrite (`edit_count = N`), as a user changing a value. */
function editableScript(source) {
  return `${source.endsWith('\n') ? source : `${source}\n`}${EDIT_LINE_PREFIX}0\n`;
}

function settingsFor(python) {
  return { pythonPath: python.executable, debounceMs: 0 };
}

const elapsedMs = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Edit the last line `edits` times (after `warmup` edits not counted); each time, the wall time
 * from sending didChange until traceFinished of the new version has come and textDocument/inlayHint
 * has answered; and, after each edit, one plain `python FILE` of the same script.
 */
async function editLatency(client, python, path, source, { edits, warmup }) {
  const uri = fileUri(path);
  const text = editableScript(source);
  writeFileSync(path, text);
  const lines = lineCount(text);
  const editLine = lines - 1;
  client.open(uri, text);
  const first = await client.traced(uri, 1);
  if (first.status !== 'ok') throw new Error(`${path} on ${python.version}: first run ended ${first.status}: ${first.summary}`);
  let current = `${EDIT_LINE_PREFIX}0`;
  const hintsMs = [];
  const plainMs = [];
  for (let i = 1; i <= warmup + edits; i++) {
    const next = `${EDIT_LINE_PREFIX}${i}`;
    const start = process.hrtime.bigint();
    const version = client.replaceLine(uri, editLine, current.length, next);
    const finished = await client.traced(uri, version);
    const hints = await client.inlayHints(uri, lines);
    const ms = elapsedMs(start);
    current = next;
    if (finished.status !== 'ok') throw new Error(`edit ${i} of ${path} on ${python.version} ended ${finished.status}: ${finished.summary}`);
    if (!Array.isArray(hints) || !hints.some((hint) => hint.position.line === editLine)) {
      throw new Error(`edit ${i} of ${path} on ${python.version}: no hint on the edited line`);
    }
    if (i <= warmup) continue;
    hintsMs.push(ms);
    plainMs.push(timeProcess(python.executable, [path]).ms);
  }
  return { hintsMs, plainMs, lines };
}

/**
 * Hover over a traced line of one document, every 20 ms, while a second document runs a loop of
 * `seconds`; only hovers sent and answered while that run was in progress count. Then as many
 * hovers with nothing running, for comparison.
 */
async function hoverWhileRunning(client, python, dir, seconds) {
  const quietPath = join(dir, 'hover_target.py');
  const quietText = readWorkload('everyday.py');
  writeFileSync(quietPath, quietText);
  const quietUri = fileUri(quietPath);
  const hoverLine = quietText.split('\n').findIndex((line) => line.startsWith('total, low_stock, lines = report('));
  client.open(quietUri, quietText);
  await client.traced(quietUri, 1);

  const busyPath = join(dir, 'busy.py');
  const busyText = busyScript(seconds);
  writeFileSync(busyPath, busyText);
  const busyUri = fileUri(busyPath);
  client.open(busyUri, busyText);
  await client.runStarted(busyUri, 1);
  const duringMs = [];
  while (!client.hasFinished(busyUri, 1)) {
    const start = process.hrtime.bigint();
    const hover = await client.hover(quietUri, hoverLine, 0);
    const ms = elapsedMs(start);
    if (!hover) throw new Error(`hover on ${python.version}: no hover on line ${hoverLine + 1}`);
    if (!client.hasFinished(busyUri, 1)) duringMs.push(ms);
    await sleep(20);
  }
  const busy = await client.traced(busyUri, 1);
  if (busy.status !== 'ok') throw new Error(`the ${seconds} s run on ${python.version} ended ${busy.status}: ${busy.summary}`);
  const idleMs = [];
  for (let i = 0; i < Math.max(20, duringMs.length); i++) {
    const start = process.hrtime.bigint();
    await client.hover(quietUri, hoverLine, 0);
    idleMs.push(elapsedMs(start));
  }
  return { duringMs, idleMs };
}

/** RSS of a fresh server before any document, and after `documents` documents of `lines` lines have run and answered hints. */
async function serverMemory(python, dir, documents, lines) {
  const client = await BenchClient.start(settingsFor(python), dir);
  try {
    const before = processMemory(client.pid);
    const source = generatedScript(lines);
    const uris = [];
    for (let k = 0; k < documents; k++) {
      const path = join(dir, `document_${k}.py`);
      const text = source.replace(/^# .*/, `# Document ${k} of ${documents}.`);
      writeFileSync(path, text);
      const uri = fileUri(path);
      uris.push(uri);
      client.open(uri, text);
    }
    for (const uri of uris) {
      const finished = await client.traced(uri, 1);
      if (finished.status !== 'ok') throw new Error(`${uri} on ${python.version} ended ${finished.status}: ${finished.summary}`);
      await client.inlayHints(uri, lines);
    }
    const after = processMemory(client.pid);
    return { beforeRss: before.rss, rss: after.rss, peakRss: after.peak };
  } finally {
    await client.stop();
  }
}

/** Every protocol measurement on one Python. */
export async function measureLatency(python, dir, options) {
  const log = options.log;
  const client = await BenchClient.start(settingsFor(python), dir);
  let small;
  let large;
  let hover;
  try {
    small = await editLatency(client, python, join(dir, 'edit_50.py'), readWorkload('everyday.py'), options);
    log(`  edit → hints, 50-line script: done`);
    large = await editLatency(client, python, join(dir, 'edit_1000.py'), generatedScript(999), options);
    log(`  edit → hints, 1,000-line script: done`);
    hover = await hoverWhileRunning(client, python, dir, options.busySeconds);
    log(`  hover while a ${options.busySeconds} s run is in progress: ${hover.duringMs.length} hovers`);
  } finally {
    await client.stop();
  }
  const memory = await serverMemory(python, dir, options.documents, 1000);
  log(`  server memory with ${options.documents} documents: done`);
  return { python: python.version, minor: python.minor, small, large, hover, memory };
}
