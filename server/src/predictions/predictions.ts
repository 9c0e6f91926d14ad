// Predictions, the user-initiated runs: the output of a function (a call from its doctest or one the
// user gives), of the whole file (from the latest trace), and a predicted value inserted as a
// comment. What the cursor is on comes from the file's structure (features/targets.ts).
import { ApplyWorkspaceEditRequest, type WorkspaceEdit } from 'vscode-languageserver';
import type { DocumentArgs, InsertPredictionArgs, InsertPredictionResult, PredictCallArgs } from '../../../shared/commands';
import { Prediction, type CallPrediction, type FilePrediction, type PredictionTarget } from '../../../shared/protocol';
import type { Documents, OpenDocument } from '../documents/documents';
import { runSummary, terminalOutput } from '../features/format';
import { callPrediction, predictionComment } from '../features/prediction';
import { callTemplate, doctestAt, doctestCallFor, expressionAt, functionAt, structureGap } from '../features/targets';
import type { TraceView } from '../features/traceView';
import type { LspClient } from '../lspClient';
import type { Runs } from '../scheduling/runs';

export interface PredictionDeps {
  client: LspClient;
  documents: Documents;
  runs: Runs;
  view(uri: string): TraceView | null;
  canApplyEdit(): boolean;
}

export class Predictions {
  constructor(private readonly deps: PredictionDeps) {}

  /** The whole file's output, from the latest trace (nothing runs). */
  predictFile({ uri }: DocumentArgs): FilePrediction {
    const latest = this.deps.documents.get(uri)?.latest ?? null;
    const result: FilePrediction = latest
      ? { kind: 'file', uri, version: latest.version, status: latest.index.trace.status, output: terminalOutput(latest.index.trace), summary: runSummary(latest.index.trace) }
      : { kind: 'file', uri, version: null, status: null, output: '', summary: 'Nothing has run yet' };
    this.deps.client.notify(Prediction, result);
    return result;
  }

  /** Run `call`, else the function's doctest example; without either, ask for a call (needsCall). */
  async predictCall({ uri, line, call }: PredictCallArgs): Promise<CallPrediction> {
    const doc = this.deps.documents.get(uri);
    if (!doc) return { ...notRun(uri, 'unknown'), summary: 'The document is not open' };
    const view = this.deps.view(uri);
    const target = functionAt(view, line);
    const gap = target ? null : structureGap(view, line);
    const where: PredictionTarget = target ? 'function' : gap ? 'unknown' : 'module';
    const base: CallPrediction = { ...notRun(uri, where), function: target?.fn.name ?? null };
    const expression = call?.trim() || (view && target ? doctestCallFor(view, target.fn) : null);
    if (expression) {
      const result = await this.run(doc, expression, base, target ? target.defLine + 1 : null);
      this.deps.client.notify(Prediction, result);
      return result;
    }
    if (!target) return { ...base, summary: gap ?? `Line ${line + 1} is not inside a function: give a call to predict` };
    const template = callTemplate(target.fn);
    return { ...base, needsCall: true, callTemplate: template, summary: `${target.fn.name} has no doctest example: give a call to predict, e.g. ${template.text}` };
  }

  /** Evaluate the doctest example or expression statement at the line and append `# → value` to it. */
  async insertPrediction({ uri, line }: InsertPredictionArgs): Promise<InsertPredictionResult> {
    const doc = this.deps.documents.get(uri);
    if (!doc) return { applied: false, value: null, message: 'The document is not open' };
    const view = this.deps.view(uri);
    const target = doctestAt(view, line) ?? expressionAt(view, line);
    if (!target) return { applied: false, value: null, message: structureGap(view, line) ?? 'Not a doctest example or an expression statement' };
    // The expression runs in call mode: after the module's top level, so it sees the module's
    // final state (the tracer does not record the values of expression statements).
    const fn = functionAt(view, line);
    const prediction = await this.run(doc, target.source, { ...notRun(uri, fn ? 'function' : 'module'), function: fn?.fn.name ?? null }, fn ? fn.defLine + 1 : null);
    let value: string;
    if (prediction.exception) value = `${prediction.exception.type}: ${prediction.exception.message}`;
    else if (prediction.returnValue !== null) value = prediction.returnValue;
    else return { applied: false, value: null, message: prediction.summary };
    if (!this.deps.canApplyEdit()) return { applied: false, value, message: 'The client cannot apply edits' };
    const text = doc.lines[target.endLine] ?? '';
    const comment = predictionComment(text, value);
    const edit: WorkspaceEdit = {
      changes: { [uri]: [{ range: { start: { line: target.endLine, character: comment.start }, end: { line: target.endLine, character: text.length } }, newText: comment.text }] },
    };
    try {
      const result = await this.deps.client.request(ApplyWorkspaceEditRequest.type, { label: 'Insert predicted output', edit });
      return { applied: result.applied, value, message: result.applied ? `Inserted → ${value}` : 'The client did not apply the edit' };
    } catch (error) {
      return { applied: false, value, message: error instanceof Error ? error.message : String(error) };
    }
  }

  private async run(doc: OpenDocument, call: string, base: CallPrediction, fnLine: number | null): Promise<CallPrediction> {
    const outcome = await this.deps.runs.runCall(doc, call);
    if ('failure' in outcome) return { ...base, call, summary: outcome.failure };
    return callPrediction({ ...base, call }, outcome.trace, call, fnLine);
  }
}

function notRun(uri: string, target: PredictionTarget): CallPrediction {
  return {
    kind: 'call', uri, target, function: null, call: '', needsCall: false, callTemplate: null, status: null, returnValue: null,
    output: '', exception: null, path: null, summary: '',
  };
}
