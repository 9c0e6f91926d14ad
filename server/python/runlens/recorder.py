"""Recorded state, caps, and building the Trace object (safe to call from the watchdog thread)."""
import sys
import time

from .render import ATOMIC
from .static import code_lines
from .structure import describe

MISSING = object()
CALL_SAMPLES = 10
MAX_PATHS = 20
MAX_CALL_PATH = 300

# frame state slots (a list per traced frame)
S_CODE, S_PEND, S_PEXEC, S_FPATH, S_FUNC, S_CALLNO, S_LAST, S_EXC, S_FRAME, S_FINALS, S_SAMPLE, S_PARTIAL = range(12)
# function record slots
F_NAME, F_LINE, F_END, F_CALLS, F_EXACT, F_FIRST, F_LAST, F_PATHS, F_PTRUNC, F_ARGS = range(10)


class Recorder(object):
    def __init__(self, cfg, static, renderer, output):
        lim = cfg.limits
        self.cfg = cfg
        self.filename = cfg.path
        self.static = static
        self.stmts = static.stmts if static else {}
        for info in self.stmts.values():
            info.append(not any("." in n for n in info[1]))  # [5]: plain names only
        self.renderer = renderer
        self.output = output
        self.K = max(0, int(lim["samples"]))
        self.cap = max(1, int(lim["maxLineHits"]))
        # values are rendered for the first maxSampledHits executions of a statement; past that
        # it is only counted, and its final values are read when its frame ends
        self.sample_cap = max(self.K, int(lim["maxSampledHits"]))
        self.max_path = max(0, int(lim["maxPathLength"]))
        self.backend = "settrace"
        self.codes = []
        self.errors = []
        self.t0 = None
        self.t1 = None
        self._executable = None
        self._structure = None
        # set by the runner: (tree, source) of the traced file, for the structure
        self.parsed = None
        self.guard = None
        self.reset()

    def reset(self):
        for name, kind in (("hits", dict), ("inexact", set), ("execs", dict), ("first", dict),
                           ("last", dict), ("finals", dict), ("path", list), ("funcs", dict),
                           ("func_list", list)):
            cur = getattr(self, name, None)
            if cur is None:
                setattr(self, name, kind())
            else:
                cur.clear()
        self.path_trunc = False
        self.returns_seen = 0
        self.stopped_frames = []
        self.capped_any = False
        self.tracing_stopped = False
        self.all_inexact = False

    # ---- internal errors -------------------------------------------------------------------
    def error(self, where, exc=None):
        try:
            if len(self.errors) < 20:
                self.errors.append("%s: %s: %s" % (where, type(exc).__name__, exc) if exc else where)
        except BaseException:
            pass

    # ---- reading values ----------------------------------------------------------------------
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
        """A sample's values: kept raw when all are immutable atoms, else rendered now."""
        for v in values.values():
            if type(v) not in ATOMIC:
                render = self.renderer.render
                return {k: render(v) for k, v in values.items()}, False
        return values, True

    def flush_pending(self, st, frame, line):
        """The frame's pending statement ended; `line` is the next line (0: frame ended).

        Hot path (every execution of a binding statement, up to maxLineHits): kept inline."""
        p = st[S_PEND]
        st[S_PEND] = 0
        info = self.stmts[p]
        if info[2] and not (info[3] <= line <= info[4]):
            return  # a for header whose iterator was exhausted: not an iteration
        try:
            n = st[S_PEXEC]
            if info[5]:
                loc = frame.f_locals
                vals = {}
                raw = True
                for name in info[1]:
                    v = loc.get(name, MISSING)
                    if v is MISSING:
                        v = frame.f_globals.get(name, MISSING)
                        if v is MISSING:
                            continue
                    vals[name] = v
                    if raw and type(v) not in ATOMIC:
                        raw = False
                if not vals:
                    return
                if not raw:
                    render = self.renderer.render
                    vals = {k: render(v) for k, v in vals.items()}
            else:
                vals, raw = self.snap(self.read(frame, info[1]))
            K = self.K
            if n <= K:
                lst = self.first.get(p)
                if lst is None:
                    lst = self.first[p] = []
                lst.append((n, vals, raw))
            else:
                lst = self.last.get(p)
                if lst is None:
                    lst = self.last[p] = [None] * K
                lst[(n - K - 1) % K] = (n, vals, raw)
        except (MemoryError, RecursionError):
            raise
        except BaseException as e:
            self.error("sample", e)

    def final_values(self, st, frame):
        """Lines whose tracing stopped early: read their names once more as the frame ends."""
        code = st[S_CODE]
        stmts = self.stmts
        for line in code_lines(code):
            # Lines whose tracing stopped while they were hot: capped ones, and, when the global
            # budget ran out, those that had already run more than once (a line that ran once
            # before the budget ended was most likely not in the loop that exhausted it).
            hits = self.hits.get(line, 0)
            if line in stmts and (line in self.inexact or (self.all_inexact and hits > 1)
                                  or self.execs.get(line, 0) > self.sample_cap):
                try:
                    self.finals[line] = self.snap(self.read(frame, stmts[line][1]))
                except BaseException as e:
                    self.error("final", e)

    # ---- calls ---------------------------------------------------------------------------------
    def mark_inexact(self, code):
        """A code object stopped being traced: counts of its lines become lower bounds."""
        for line in code_lines(code):
            if self.hits.get(line):
                self.inexact.add(line)
        self.capped_any = True

    def function_codes(self):
        """Code objects of the functions and lambdas defined in the traced file."""
        return [c for c in self.codes
                if c.co_flags & 1 and (c.co_name == "<lambda>" or not c.co_name.startswith("<"))]

    def function_info(self, code):
        """(display name, def line, end line) of a function code object."""
        st = self.static
        info = st.funcs.get((code.co_firstlineno, code.co_name)) if st else None
        return info if info is not None else (code.co_name, code.co_firstlineno, code.co_firstlineno)

    def executable_lines(self):
        """Lines where a statement starts and that some code object has instructions for."""
        if self._executable is None:
            lines = set()
            for code in self.codes:
                lines.update(code_lines(code))
            starts = self.static.stmt_lines if self.static is not None else lines
            self._executable = sorted(lines & starts)
        return self._executable

    def structure(self):
        """The file's structure (computed once; None without a parse)."""
        if self._structure is None and self.parsed is not None:
            tree, source = self.parsed
            try:
                self._structure = describe(tree, source, self.static, self.executable_lines())
            except (MemoryError, RecursionError):
                raise
            except BaseException as e:
                self.error("structure", e)
                self.parsed = None
        return self._structure

    def func_for(self, code):
        fr = self.funcs.get(code)
        if fr is None:
            info = self.function_info(code)
            n = code.co_argcount + code.co_kwonlyargcount
            flags = code.co_flags
            if flags & 4:
                n += 1
            if flags & 8:
                n += 1
            fr = [info[0], info[1], info[2], 0, True, [], Ring(CALL_SAMPLES), {}, False,
                  code.co_varnames[:n]]
            self.funcs[code] = fr
            self.func_list.append(fr)
        return fr

    def begin_call(self, code, frame, st):
        """A new call of a function code object; fills the frame state's call slots."""
        fr = self.funcs.get(code)
        if fr is None:
            fr = self.func_for(code)
        n = fr[F_CALLS] = fr[F_CALLS] + 1
        st[S_FUNC] = fr
        st[S_CALLNO] = n
        st[S_FPATH] = []
        st[S_PARTIAL] = self.capped_any
        loc = frame.f_locals
        args = {}
        for name in fr[F_ARGS]:
            v = loc.get(name, MISSING)
            if v is not MISSING:
                args[name] = v
        vals, raw = self.snap(args)
        sample = [n, vals, raw, MISSING, False, None, None, 0]
        st[S_SAMPLE] = sample
        if n <= CALL_SAMPLES:
            fr[F_FIRST].append(sample)
        else:
            fr[F_LAST].append(sample)

    def end_call(self, st, value, exc, line):
        fr = st[S_FUNC]
        sample = st[S_SAMPLE]
        if sample is not None:
            self.returns_seen += 1
            sample[7] = self.returns_seen
            sample[5] = line or None
            if exc is not None:
                sample[6] = exc
            else:
                if type(value) in ATOMIC:
                    sample[3] = value
                    sample[4] = True
                else:
                    sample[3] = self.renderer.render(value)
        fp = st[S_FPATH]
        key = tuple(fp)
        paths = fr[F_PATHS]
        rec = paths.get(key)
        if rec is None:
            if len(paths) >= MAX_PATHS:
                fr[F_PTRUNC] = True
                return
            rec = paths[key] = [0, len(fp) >= MAX_CALL_PATH or st[S_PARTIAL] or self.capped_any]
        rec[0] += 1

    # ---- building the trace -----------------------------------------------------------------
    def build(self, status, extra):
        for attempt in range(5):
            try:
                return self._build(status, extra)
            except RuntimeError:
                time.sleep(0.001)
        return self._build(status, extra)

    def _render_vals(self, vals, raw):
        if raw:
            r = self.renderer.render
            return {k: r(v) for k, v in list(vals.items())}
        return dict(vals)

    def _build(self, status, extra):
        hits = dict(self.hits)
        inexact = set(self.inexact)
        first = dict(self.first)
        last = dict(self.last)
        finals = dict(self.finals)
        all_inexact = self.all_inexact
        lines = {}
        for line, n in hits.items():
            samples = [{"hit": h, "values": self._render_vals(v, raw)} for h, v, raw in list(first.get(line, ()))]
            samples += [{"hit": h, "values": self._render_vals(v, raw)}
                        for h, v, raw in sorted(s for s in list(last.get(line, ())) if s is not None)]
            rec = {"hits": n, "exact": not (all_inexact or line in inexact), "samples": samples}
            if line in finals:
                vals, raw = finals[line]
                rec["final"] = self._render_vals(vals, raw)
            lines[str(line)] = rec
        functions = []
        for fr in list(self.func_list):
            samples = []
            returns = []
            for s in list(fr[F_FIRST]) + list(fr[F_LAST]):
                cs = {"call": s[0], "args": self._render_vals(s[1], s[2])}
                if s[7]:
                    cs["returnOrder"] = s[7]
                if s[6] is not None:
                    cs["exception"] = s[6]
                    cs["returnLine"] = s[5]
                elif s[3] is not MISSING:
                    rep = self.renderer.render(s[3]) if s[4] else s[3]
                    cs["return"] = rep
                    cs["returnLine"] = s[5]
                    returns.append({"repr": rep, "call": s[0]})
                samples.append(cs)
            paths = [{"lines": list(k), "count": v[0], "truncated": bool(v[1])}
                     for k, v in list(fr[F_PATHS].items())]
            functions.append({
                "name": fr[F_NAME], "line": fr[F_LINE], "endLine": fr[F_END], "calls": fr[F_CALLS],
                "exact": bool(fr[F_EXACT]) and not all_inexact, "returns": returns,
                "callSamples": samples, "paths": paths, "pathsTruncated": bool(fr[F_PTRUNC]),
            })
        called = set(id(c) for c in list(self.funcs))
        for code in self.function_codes():
            if id(code) not in called:
                info = self.function_info(code)
                functions.append({
                    "name": info[0], "line": info[1], "endLine": info[2], "calls": 0, "exact": not all_inexact,
                    "returns": [], "callSamples": [], "paths": [], "pathsTruncated": False,
                })
        functions.sort(key=lambda f: f["line"])
        loops = []
        if self.static is not None:
            for kind, line, end, body in self.static.loops:
                loops.append({"kind": kind, "line": line, "endLine": end,
                              "iterations": hits.get(body, 0),
                              "exact": not (all_inexact or body in inexact)})
        out = self.output
        chunks = out.chunks_copy()
        lim = self.cfg.limits
        t1 = self.t1 if self.t1 is not None else time.perf_counter()
        trace = {
            "format": "runlens-trace/1",
            "python": "%d.%d.%d" % sys.version_info[:3],
            "backend": self.backend,
            "status": status,
            "durationMs": round((t1 - self.t0) * 1000, 1) if self.t0 is not None else 0,
            "exitCode": None,
            "stoppedBy": None,
            "stdout": "".join(c["text"] for c in chunks if c["stream"] == "stdout"),
            "stderr": "".join(c["text"] for c in chunks if c["stream"] == "stderr"),
            "output": chunks,
            "outputTruncated": out.truncated,
            "result": None,
            "exception": None,
            "syntaxError": None,
            "lines": lines,
            "path": {"lines": list(self.path), "truncated": self.path_trunc},
            "functions": functions,
            "loops": loops,
            "structure": self.structure(),
            "guarded": self.guard is not None,
            "blocked": list(self.guard.blocked) if self.guard is not None else [],
            "tracingStopped": self.tracing_stopped,
            "limits": {k: lim[k] for k in ("timeoutMs", "memoryMb", "maxOutputBytes", "samples",
                                           "maxLineHits", "maxSampledHits", "maxEvents",
                                           "maxPathLength", "maxReprLength")},
            "tracerErrors": list(self.errors),
        }
        trace.update(extra)
        return trace


class Ring(object):
    """The last `maxlen` items appended (a deque without importing collections)."""
    __slots__ = ("items", "maxlen", "n")

    def __init__(self, maxlen):
        self.items = []
        self.maxlen = maxlen
        self.n = 0

    def append(self, x):
        m = self.maxlen
        if m <= 0:
            return
        if len(self.items) < m:
            self.items.append(x)
        else:
            self.items[self.n % m] = x
        self.n += 1

    def __iter__(self):
        items = list(self.items)
        m = self.maxlen
        if len(items) < m:
            return iter(items)
        k = self.n % m
        return iter(items[k:] + items[:k])


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
