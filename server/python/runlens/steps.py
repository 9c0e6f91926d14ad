"""What happens at each event of a traced frame, written once for both backends.

A backend (mechanism) turns CPython's events into calls of these steps; the steps (policy) decide
what is recorded. They are closures over the recorder's tables, built by one factory: a closure
reads its variables from cells, cheaper than attribute lookups on the hottest path of the tracer
(`line` runs for every line event until the line reaches its cap)."""
from .render import ATOMIC
from .state import MISSING, Call, FrameState, Ring, Sample

CALL_SAMPLES = 10
MAX_PATHS = 20
MAX_CALL_PATH = 300


class Steps(object):
    """The steps a backend calls (see `make_steps`)."""
    __slots__ = (
        "enter",         # enter(info, frame) -> FrameState: a frame of traced code starts
                         # (the state does not keep the frame: see FrameState.frame)
        "line",          # line(state, frame, line) -> bool: a line event; False once the line
                         # is past its cap (sys.monitoring then disables it)
        "count_line",    # count_line(line) -> bool: a line event of a call that gets no state
        "leave",         # leave(state, frame, value, exc): the frame returned value, or raised exc
        "calls_skipped",  # calls_skipped(info): the first call of info's code the backend skipped
        "reset",         # reset(): the recorder's tables were cleared
    )


def exception_summary(value, max_len=500):
    try:
        msg = str(value)
    except BaseException:
        msg = "<str() failed>"
    if len(msg) > max_len:
        msg = msg[:max_len - 1] + "\u2026"
    return {"type": type(value).__name__, "message": msg}


def make_steps(rec):
    steps = Steps()
    hits = rec.hits
    hits_get = hits.get
    inexact = rec.inexact
    execs = rec.execs
    execs_get = execs.get
    path = rec.path
    path_append = path.append
    stmts = rec.stmts
    first = rec.first
    last = rec.last
    cap = rec.cap
    sample_cap = rec.sample_cap
    samples = rec.samples
    max_path = rec.max_path
    render = rec.renderer.render
    read = rec.read
    snap = rec.snap
    atomic = ATOMIC
    max_call_path = MAX_CALL_PATH
    length = len
    path_room = max_path  # line events `path` still takes

    def line(st, frame, line):
        """A line event of a traced frame: count it, extend the paths, read the values of the
        statement the frame leaves, start the one it begins. False once the line is past its
        cap. The hottest path of the tracer: measure any change (docs/tracer-internals.md)."""
        nonlocal path_room
        n = hits_get(line, 0)
        if n < cap:
            hits[line] = n + 1
            counted = True
        else:
            counted = False
            if line not in inexact:
                inexact.add(line)
                rec.capped_any = True
            st.read_finals = True
        path_room -= 1
        if path_room >= 0:
            path_append(line)
        else:
            rec.path_truncated = True
        call_path = st.call_path
        if call_path is not None:
            call_path.append(line)
            if length(call_path) >= max_call_path:
                st.call_path = None
        st.last_line = line
        p = st.pending
        if p:
            end = stmts[p].end
            if line < p or line > end or (line == p and p == end):
                flush(st, frame, line)
            else:
                return counted  # still inside the pending (multi-line) statement
        if counted and line in st.stmts:
            e = execs_get(line, 0) + 1
            execs[line] = e
            if e <= sample_cap:
                st.pending = line
                st.pending_exec = e
            else:
                st.read_finals = True
        return counted

    def flush(st, frame, line):
        """The frame's pending statement ended; `line` is the next line (0: the frame ended).
        Runs after every execution of a binding statement up to maxSampledHits: kept inline."""
        p = st.pending
        st.pending = 0
        stmt = stmts[p]
        if stmt.is_for and not (stmt.body_first <= line <= stmt.body_last):
            return  # a for header whose iterator was exhausted: not an iteration
        try:
            n = st.pending_exec
            if stmt.plain:
                loc = frame.f_locals
                vals = {}
                raw = True
                for name in stmt.names:
                    v = loc.get(name, MISSING)
                    if v is MISSING:
                        v = frame.f_globals.get(name, MISSING)
                        if v is MISSING:
                            continue
                    vals[name] = v
                    if raw and type(v) not in atomic:
                        raw = False
                if not vals:
                    return
                if not raw:
                    vals = {k: render(v) for k, v in vals.items()}
            else:
                vals, raw = snap(read(frame, stmt.names))
            if n <= samples:
                kept = first.get(p)
                if kept is None:
                    kept = first[p] = []
                kept.append(Sample(n, vals, raw))
            else:
                ring = last.get(p)
                if ring is None:
                    ring = last[p] = Ring(samples)
                ring.append(Sample(n, vals, raw))
        except (MemoryError, RecursionError):
            raise
        except BaseException as e:
            rec.error("sample", e)

    def count_line(line):
        n = hits_get(line, 0)
        if n >= cap:
            return False
        hits[line] = n + 1
        return True

    def enter(info, frame):
        """A frame of traced code starts: its state, with a Call for a function's frame."""
        fn = info.function
        if fn is None:
            return FrameState(info, None)
        n = fn.calls = fn.calls + 1
        if n == 1:
            rec.called.append(fn)
        if n >= cap and not info.generator:
            # past maxLineHits calls a function is only counted, like a hot line (a generator
            # is not: its frames suspend, and a backend could not tell its events apart)
            info.skip_calls = True
        loc = frame.f_locals
        args = {}
        for name in fn.arg_names:
            v = loc.get(name, MISSING)
            if v is not MISSING:
                args[name] = v
        vals, raw = snap(args)
        call = Call(n, vals, raw, rec.capped_any)
        if n <= CALL_SAMPLES:
            fn.first.append(call)
        else:
            fn.last.append(call)
        return FrameState(info, call)

    def leave(st, frame, value, exc):
        """The frame ended: it returned `value`, or raised `exc` (not None)."""
        if st.pending and exc is None:  # a statement that raised bound nothing
            flush(st, frame, 0)
        if st.read_finals:
            rec.final_values(st.code, frame)
        call = st.call
        if call is None:
            return
        rec.returns_seen += 1
        call.return_order = rec.returns_seen
        call.return_line = frame.f_lineno or st.last_line or None
        if exc is not None:
            call.exception = exception_summary(exc)
        elif type(value) in atomic:
            call.value = value
            call.value_raw = True
        else:
            call.value = render(value)
        fn = st.info.function
        key = tuple(call.path)
        paths = fn.paths
        count = paths.get(key)
        if count is None:
            if len(paths) >= MAX_PATHS:
                fn.paths_truncated = True
                return
            count = 0
            if len(key) >= MAX_CALL_PATH or call.partial or rec.capped_any:
                fn.cut_paths.add(key)
        paths[key] = count + 1

    def calls_skipped(info):
        rec.mark_inexact(info.code)

    def reset():
        nonlocal path_room
        path_room = max_path

    steps.enter = enter
    steps.line = line
    steps.count_line = count_line
    steps.leave = leave
    steps.calls_skipped = calls_skipped
    steps.reset = reset
    return steps

