"""Recorded state, caps, and building the Trace object (safe to call from the watchdog thread).

The policy half of the tracer: what is recorded, the caps, rendering. The per-event steps are in
`steps.py`; the backends only deliver events to them."""
import sys
import time

from .render import ATOMIC
from .state import CO_OPTIMIZED, MISSING, CodeInfo, FunctionRecord, Sample
from .static import FunctionInfo, code_lines
from .steps import CALL_SAMPLES, make_steps
from .structure import describe

TRACE_FORMAT = "runlens-trace/1"
LIMIT_NAMES = ("timeoutMs", "memoryMb", "maxOutputBytes", "samples", "maxLineHits",
               "maxSampledHits", "maxEvents", "maxPathLength", "maxReprLength")
EMPTY = {}


def blank_trace(status, limits, backend, errors):
    """A complete trace of a run that recorded nothing: every field there, each empty. Used as
    the base of every trace, and alone when the tracer itself failed (a broken config): `limits`
    may lack some limits then, shown as 0."""
    return {
        "format": TRACE_FORMAT,
        "python": "%d.%d.%d" % sys.version_info[:3],
        "backend": backend,
        "status": status,
        "durationMs": 0,
        "exitCode": None,
        "stoppedBy": None,
        "stdout": "",
        "stderr": "",
        "output": [],
        "outputTruncated": False,
        "result": None,
        "exception": None,
        "syntaxError": None,
        "lines": {},
        "path": {"lines": [], "truncated": False},
        "functions": [],
        "loops": [],
        "structure": None,
        "guarded": False,
        "blocked": [],
        "tracingStopped": False,
        "limits": {k: limits.get(k, 0) for k in LIMIT_NAMES},
        "tracerErrors": list(errors),
    }


class Recorder(object):
    def __init__(self, limits, filename, static, renderer, output):
        self.limits = limits
        self.filename = filename
        self.static = static
        self.stmts = static.stmts if static else {}
        self.renderer = renderer
        self.output = output
        self.samples = max(0, int(limits["samples"]))
        self.cap = max(1, int(limits["maxLineHits"]))
        # values are rendered for the first maxSampledHits executions of a statement; past that
        # it is only counted, and its final values are read when its frame ends
        self.sample_cap = max(self.samples, int(limits["maxSampledHits"]))
        self.max_path = max(0, int(limits["maxPathLength"]))
        self.backend = "settrace"
        self.infos = {}  # id(code) -> CodeInfo, for every code object of the traced file
        self.errors = []
        self.t0 = None
        self.t1 = None
        self.structure = None
        self.guard = None
        # the recorded tables; cleared in place by reset(), the steps hold them
        self.hits = {}      # line -> line events counted (at most maxLineHits)
        self.inexact = set()  # lines whose count is a lower bound
        self.execs = {}     # line -> executions of the statement starting there (sampled ones)
        self.first = {}     # line -> [Sample] of its first `samples` executions
        self.last = {}      # line -> Ring of Samples of its last `samples` executions
        self.finals = {}    # line -> Sample (hit 0) read when its frame ended after it went
                            # past a cap
        self.path = []      # every line event, at most maxPathLength
        self.called = []    # FunctionRecords, in the order of their first calls
        self.steps = None
        self.reset()
        self.steps = make_steps(self)

    def reset(self):
        """Forget everything recorded (call mode: the module's top level before the call)."""
        for table in (self.hits, self.inexact, self.execs, self.first, self.last, self.finals,
                      self.path, self.called):
            table.clear()
        for info in self.infos.values():
            info.skip_calls = False
            info.skipped_calls = 0
            if info.function is not None:
                info.function.reset(CALL_SAMPLES)
        if self.steps is not None:
            self.steps.reset()
        self.path_truncated = False
        self.returns_seen = 0
        self.frames_at_stop = []  # frames running when tracing stopped (settrace's budget)
        self.capped_any = False
        self.tracing_stopped = False
        self.all_inexact = False

    # ---- the traced code -----------------------------------------------------------------------
    def track(self, codes):
        """The code objects of the traced file: their per-code state and function records."""
        owners_stmts = self.stmts
        for code in codes:
            name = code.co_name
            is_function = bool(code.co_flags & CO_OPTIMIZED) and (
                name == "<lambda>" or not name.startswith("<"))
            # statements belong to the module, functions and class bodies, not to lambdas or
            # comprehensions (whose lines are part of an enclosing statement)
            stmts = owners_stmts if name == "<module>" or not name.startswith("<") else EMPTY
            info = CodeInfo(code, None, stmts)
            if is_function:
                where = self.function_info(code)
                info.function = FunctionRecord(info, where.name, where.line, where.end,
                                               _arg_names(code), CALL_SAMPLES)
            self.infos[id(code)] = info

    def info_for_unknown(self, code):
        """A code object of the traced file that was not compiled from its source (`exec` of
        text with the same file name): its lines are counted, nothing else."""
        return CodeInfo(code, None, EMPTY)

    def function_info(self, code):
        """Where a function code object is written: its FunctionInfo."""
        st = self.static
        info = st.funcs.get((code.co_firstlineno, code.co_name)) if st else None
        if info is None:
            info = FunctionInfo(code.co_name, code.co_firstlineno, code.co_firstlineno)
        return info

    def executable_lines(self):
        """Lines where a statement starts and that some code object has instructions for."""
        lines = set()
        for info in self.infos.values():
            lines.update(code_lines(info.code))
        starts = self.static.stmt_lines if self.static is not None else lines
        return sorted(lines & starts)

    def describe(self, tree, source):
        """The file's structure, computed once before the program runs (a deep tree may exhaust
        the recursion limit or memory: then the trace has none)."""
        try:
            self.structure = describe(tree, source, self.static, self.executable_lines())
        except BaseException as e:
            self.error("structure", e)

    # ---- internal errors -----------------------------------------------------------------------
    def error(self, where, exc=None):
        try:
            if len(self.errors) < 20:
                self.errors.append("%s: %s: %s" % (where, type(exc).__name__, exc) if exc else where)
        except BaseException:
            pass

    # ---- reading values ------------------------------------------------------------------------
    def read(self, frame, names):
        """name -> object for the bound names (missing ones omitted), without running user code."""
        out = {}
        try:
            loc = frame.f_locals
        except BaseException:
            loc = {}
        glb = frame.f_globals
        for name in names:
            if "." in name:
                parts = name.split(".")
                obj = loc.get(parts[0], MISSING)
                if obj is MISSING:
                    obj = glb.get(parts[0], MISSING)
                for attr in parts[1:]:
                    if obj is MISSING:
                        break
                    obj = _attr(obj, attr)
            else:
                obj = loc.get(name, MISSING)
                if obj is MISSING:
                    obj = glb.get(name, MISSING)
            if obj is not MISSING:
                out[name] = obj
        return out

    def snap(self, values):
        """A sample's values and whether they are raw: kept raw when all are immutable atoms,
        else rendered now."""
        for v in values.values():
            if type(v) not in ATOMIC:
                render = self.renderer.render
                return {k: render(v) for k, v in values.items()}, False
        return values, True

    def final_values(self, code, frame):
        """Lines whose tracing stopped early: read their names once more as the frame ends."""
        stmts = self.stmts
        for line in code_lines(code):
            # Lines whose tracing stopped while they were hot: capped ones, and, when the global
            # budget ran out, those that had already run more than once (a line that ran once
            # before the budget ended was most likely not in the loop that exhausted it).
            hits = self.hits.get(line, 0)
            if line in stmts and (line in self.inexact or (self.all_inexact and hits > 1)
                                  or self.execs.get(line, 0) > self.sample_cap):
                try:
                    values, raw = self.snap(self.read(frame, stmts[line].names))
                    self.finals[line] = Sample(0, values, raw)
                except BaseException as e:
                    self.error("final", e)

    def read_final_values(self, frames):
        """The final values of frames still running when the run ended or tracing stopped."""
        for frame in frames:
            try:
                self.final_values(frame.f_code, frame)
            except BaseException as e:
                self.error("final", e)

    # ---- caps ----------------------------------------------------------------------------------
    def mark_inexact(self, code):
        """A code object stopped being traced: counts of its lines become lower bounds."""
        for line in code_lines(code):
            if self.hits.get(line):
                self.inexact.add(line)
        self.capped_any = True

    def stop_tracing(self):
        """Tracing stopped for the rest of the run (settrace's budget ran out, or CPython removed
        the trace function): every count from then on is a lower bound."""
        self.tracing_stopped = True
        self.all_inexact = True

    # ---- building the trace --------------------------------------------------------------------
    def build(self, status, extra):
        for attempt in range(5):
            try:
                return self._build(status, extra)
            except RuntimeError:  # a table changed size while the main thread ran on
                time.sleep(0.001)
        return self._build(status, extra)

    def _build(self, status, extra):
        render = self.renderer.render
        hits = dict(self.hits)
        inexact = set(self.inexact)
        first = dict(self.first)
        last = dict(self.last)
        finals = dict(self.finals)
        all_inexact = self.all_inexact
        lines = {}
        for line, n in hits.items():
            if line < 1:
                continue  # 3.11+ give an empty module one event at the artificial line 0
            kept = list(first.get(line, ())) + list(last.get(line, ()))
            rec = {"hits": n, "exact": not (all_inexact or line in inexact),
                   "samples": [{"hit": s.hit, "values": s.rendered(render)} for s in kept]}
            if line in finals:
                rec["final"] = finals[line].rendered(render)
            lines[str(line)] = rec
        called = list(self.called)
        functions = [self._function(fn, all_inexact) for fn in called]
        called_ids = set(id(fn) for fn in called)
        for info in list(self.infos.values()):
            fn = info.function
            if fn is not None and id(fn) not in called_ids:
                functions.append({
                    "name": fn.name, "line": fn.line, "endLine": fn.end, "calls": 0,
                    "exact": not all_inexact, "returns": [], "callSamples": [], "paths": [],
                    "pathsTruncated": False,
                })
        functions.sort(key=lambda f: f["line"])
        loops = []
        if self.static is not None:
            for loop in self.static.loops:
                loops.append({"kind": loop.kind, "line": loop.line, "endLine": loop.end,
                              "iterations": hits.get(loop.body_line, 0),
                              "exact": not (all_inexact or loop.body_line in inexact)})
        out = self.output
        chunks = out.chunks_copy()
        t1 = self.t1 if self.t1 is not None else time.perf_counter()
        trace = blank_trace(status, self.limits, self.backend, self.errors)
        trace.update({
            "durationMs": round((t1 - self.t0) * 1000, 1) if self.t0 is not None else 0,
            "stdout": "".join(c["text"] for c in chunks if c["stream"] == "stdout"),
            "stderr": "".join(c["text"] for c in chunks if c["stream"] == "stderr"),
            "output": chunks,
            "outputTruncated": out.truncated,
            "lines": lines,
            "path": {"lines": [line for line in self.path if line > 0],
                     "truncated": self.path_truncated},
            "functions": functions,
            "loops": loops,
            "structure": self.structure,
            "guarded": self.guard is not None,
            "blocked": list(self.guard.blocked) if self.guard is not None else [],
            "tracingStopped": self.tracing_stopped,
        })
        trace.update(extra)
        return trace

    def _function(self, fn, all_inexact):
        render = self.renderer.render
        samples = []
        returns = []
        for call in list(fn.first) + list(fn.last):
            args = call.args
            if call.args_raw:
                args = {k: render(v) for k, v in list(args.items())}
            sample = {"call": call.number, "args": dict(args)}
            if call.return_order:
                sample["returnOrder"] = call.return_order
            if call.exception is not None:
                sample["exception"] = call.exception
                sample["returnLine"] = call.return_line
            elif call.value is not MISSING:
                shown = render(call.value) if call.value_raw else call.value
                sample["return"] = shown
                sample["returnLine"] = call.return_line
                returns.append({"repr": shown, "call": call.number})
            samples.append(sample)
        cut = fn.cut_paths
        paths = [{"lines": list(lines), "count": count, "truncated": lines in cut}
                 for lines, count in list(fn.paths.items())]
        return {
            "name": fn.name, "line": fn.line, "endLine": fn.end, "calls": fn.total_calls(),
            "exact": not all_inexact, "returns": returns, "callSamples": samples, "paths": paths,
            "pathsTruncated": bool(fn.paths_truncated),
        }


def _arg_names(code):
    n = code.co_argcount + code.co_kwonlyargcount
    if code.co_flags & 4:  # *args
        n += 1
    if code.co_flags & 8:  # **kwargs
        n += 1
    return code.co_varnames[:n]


def _attr(obj, attr):
    """obj.attr from the object's own __dict__ only (no descriptors, no __getattr__)."""
    try:
        d = object.__getattribute__(obj, "__dict__")
    except BaseException:
        return MISSING
    try:
        if type(d) is dict:
            return d.get(attr, MISSING)
        return d[attr]
    except BaseException:
        return MISSING
