import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServerStateParams, TraceFinishedParams } from '../../shared/protocol';
import { formatDuration } from '../../shared/duration';
import { finishedText, onRunStarted, onTraceFinished, statusView, type StatusInputs } from '../../client/src/statusModel';

const ready: ServerStateParams = { state: 'ready', python: { executable: '/usr/bin/python3.11', version: '3.11.7', source: 'PATH' }, message: '' };
const uri = 'file:///w/tour.py';
const done = (over: Partial<TraceFinishedParams>): TraceFinishedParams => ({ uri, version: 1, status: 'ok', durationMs: 42, summary: 'Ran in 42 ms · no output', ...over });
const base: StatusInputs = { phase: 'running', trusted: true, server: ready, document: null, uri, runOn: 'type', clientInterpreter: 'none' };

describe('status text', () => {
  test('finished runs: time, exception, limit', () => {
    assert.equal(finishedText(done({})), 'finished in 42 ms');
    assert.equal(finishedText(done({ durationMs: 2345 })), 'finished in 2.3 s', 'the format the server\'s summaries use');
    assert.equal(finishedText(done({ status: 'exception', summary: 'Raised ValueError at line 9' })), 'raised ValueError at line 9');
    assert.equal(finishedText(done({ status: 'timeout', summary: 'Stopped after 5 s at line 12' })), 'stopped after 5 s at line 12');
    assert.equal(finishedText(done({ status: 'exception', summary: '' })), 'raised an exception');
  });

  test('the item follows the active document and says which interpreter', () => {
    const running = statusView({ ...base, document: { running: 2, last: null } });
    assert.equal(running.text, 'Runlens: running…');
    assert.ok(running.busy);
    assert.match(running.detail, /Python 3\.11\.7 · \/usr\/bin\/python3\.11 \(from PATH\)/);
    const finished = statusView({ ...base, document: { running: null, last: done({}) } });
    assert.equal(finished.text, 'Runlens: finished in 42 ms');
    assert.deepEqual(finished.command, { title: 'Show Output', command: 'runlens.showOutput', arguments: [uri] });
    const timedOut = statusView({ ...base, document: { running: null, last: done({ status: 'timeout', summary: 'Stopped after 5 s at line 12' }) } });
    assert.equal(timedOut.severity, 'warning');
  });

  test('untrusted, no Python, paused, crashed', () => {
    const untrusted = statusView({ ...base, trusted: false });
    assert.match(untrusted.text, /untrusted/);
    assert.equal(untrusted.command?.command, 'workbench.trust.manage');
    const noPython = statusView({ ...base, server: { state: 'noPython', python: null, message: 'Tried python3, python' } });
    assert.equal(noPython.text, 'Runlens: no Python found');
    assert.equal(noPython.severity, 'error');
    assert.deepEqual(noPython.command, { title: 'Set Python Path', command: 'workbench.action.openSettings', arguments: ['runlens.pythonPath'] });
    assert.equal(statusView({ ...base, server: { ...ready, state: 'paused' } }).command?.command, 'runlens.resume');
    assert.equal(statusView({ ...base, phase: 'crashed' }).command?.command, 'runlens.restartServer');
    assert.equal(statusView({ ...base, phase: 'starting', server: null }).text, 'Runlens: starting…');
  });

  test('before the first run, the text depends on runlens.runOn', () => {
    assert.equal(statusView(base).text, 'Runlens: ready');
    assert.match(statusView({ ...base, runOn: 'manual' }).text, /Run Now/);
  });
});

describe('run state', () => {
  test('a stale result never replaces a newer one, and a newer run keeps "running"', () => {
    let state = onRunStarted(undefined, 1);
    state = onRunStarted(state, 2);
    state = onTraceFinished(state, done({ version: 1 }));
    assert.equal(state.running, 2, 'version 2 still runs');
    assert.equal(state.last?.version, 1);
    state = onTraceFinished(state, done({ version: 2, durationMs: 7 }));
    assert.equal(state.running, null);
    state = onTraceFinished(state, done({ version: 1, durationMs: 99 }));
    assert.equal(state.last?.durationMs, 7);
  });
});

test('one duration format for the server, the CLI and the status item', () => {
  assert.deepEqual([420, 999.4, 999.6, 1000, 2345, 1960, 5000, 75_000, 600_000].map(formatDuration),
    ['420 ms', '999 ms', '1 s', '1 s', '2.3 s', '2 s', '5 s', '75 s', '600 s']);
  assert.equal(formatDuration(Number.NaN), '? ms');
  assert.equal(formatDuration(-1), '? ms');
});

describe('which protection the last run had', () => {
  test('the tooltip says it when the server does; older servers say nothing', () => {
    const run = (sandbox?: TraceFinishedParams['sandbox']) => statusView({ ...base, document: { running: null, last: done(sandbox ? { sandbox } : {}) } }).detail;
    assert.match(run({ kind: 'landlock', landlockAbi: 7 }), / · last run sandboxed by Landlock \(ABI 7\)$/);
    assert.match(run({ kind: 'audit-hook', landlockAbi: null }), / · last run guarded by the audit hook only \(no kernel sandbox\)$/);
    assert.match(run({ kind: 'none', landlockAbi: null }), / · last run not guarded$/);
    assert.doesNotMatch(run(), /last run/);
  });
});
