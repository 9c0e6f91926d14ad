"""The tracer's named state: per code object, per running frame, per function and per call.

Both backends and the recorder share these; every slot says what it holds. Hot-path code reads
them as attributes (as fast as indexing a list, on every supported version)."""

# CO_GENERATOR | CO_COROUTINE | CO_ITERABLE_COROUTINE | CO_ASYNC_GENERATOR: frames that suspend
GEN_FLAGS = 0x20 | 0x80 | 0x100 | 0x200
CO_OPTIMIZED = 0x1  # a function's code (not a module or class body)

MISSING = object()


class CodeInfo(object):
    """One code object of a traced file, found by walking the compiled module's constants."""
    __slots__ = (
        "code",          # the code object; kept alive for the run, so `id(code)` keys stay valid
        "function",      # its FunctionRecord (functions and lambdas), or None (module, class
                         # body, comprehension, generator expression)
        "stmts",         # the statements its frames sample: the file's table (line ->
                         # Statement) for the module, functions and class bodies; {} for lambdas
                         # and comprehensions, whose lines belong to an enclosing statement
        "generator",     # its frames suspend and resume (generator, coroutine, async generator)
        "skip_calls",    # set by the recorder once the function has reached its call cap: a
                         # backend gives new frames of it no state and only counts them, in
        "skipped_calls",  # ... this counter (the recorder adds it to the function's calls)
    )

    def __init__(self, code, function, stmts):
        self.code = code
        self.function = function
        self.stmts = stmts
        self.generator = bool(code.co_flags & GEN_FLAGS)
        self.skip_calls = False
        self.skipped_calls = 0


class FrameState(object):
    """A running frame of traced code. Created when the frame starts (or, on sys.monitoring, when
    an event of an unknown frame arrives), finished by `Steps.leave` when it returns or unwinds;
    a suspended generator keeps its state until it resumes."""
    __slots__ = (
        "code",          # the frame's code object (monitoring matches events to states by it)
        "info",          # its CodeInfo
        "stmts",         # info.stmts, read on every line event
        "frame",         # monitoring: the frame itself (its stack of states is checked against
                         # frames); None on settrace, where each frame has its own trace function
                         # (which holds the state: a reference back would keep frames alive)
        "call",          # the Call being recorded, for a function's frame; else None
        "call_path",     # call.path while it is shorter than MAX_CALL_PATH; then None
        "pending",       # first line of the statement whose values are read at the frame's next
                         # line event outside it (0: none)
        "pending_exec",  # which execution of that statement it is (1-based)
        "last_line",     # the frame's latest line event: its return line if it ends without one
        "exc",           # settrace: the exception raised in the frame, until a line event shows
                         # it was caught (a `return` event after it means the frame unwound)
        "read_finals",   # a line of the frame went past a cap: read its lines' final values
                         # when the frame ends
    )

    def __init__(self, info, call):
        self.code = info.code
        self.info = info
        self.stmts = info.stmts
        self.frame = None
        self.call = call
        self.call_path = call.path if call is not None else None
        self.pending = 0
        self.pending_exec = 0
        self.last_line = 0
        self.exc = None
        self.read_finals = False


class Sample(object):
    """Values read from a frame: the names a statement bound, right after one of its executions
    (or, as a line's final values, when its frame ended after the line went past a cap)."""
    __slots__ = (
        "hit",           # which execution of the statement (1-based); 0 for final values
        "values",        # name (or `a.b` chain) -> the object when every one is an immutable
                         # atom (rendered when the trace is built: a hot loop costs no repr),
                         # else -> its rendering
        "raw",           # True: `values` holds the objects themselves
    )

    def __init__(self, hit, values, raw):
        self.hit = hit
        self.values = values
        self.raw = raw

    def rendered(self, render):
        if self.raw:
            return {k: render(v) for k, v in list(self.values.items())}
        return dict(self.values)


class FunctionRecord(object):
    """What the run did with one function (or lambda) code object."""
    __slots__ = (
        "info",          # its CodeInfo (skipped_calls: calls past the cap, only counted)
        "name",          # display name (`Class.method`, `<lambda>`)
        "line",          # the `def` line
        "end",           # last line of the definition
        "calls",         # calls traced so far (the first maxLineHits)
        "first",         # Call of the first CALL_SAMPLES calls
        "last",          # Ring of the last CALL_SAMPLES calls after those
        "paths",         # tuple of lines (one call's own line events) -> calls that took it
        "cut_paths",     # those of the paths that were cut at MAX_CALL_PATH lines or may miss
                         # lines of a line past its cap
        "paths_truncated",  # more distinct paths occurred than were kept
        "arg_names",     # its parameters: positional, keyword-only, *args, **kwargs
    )

    def __init__(self, info, name, line, end, arg_names, call_samples):
        self.info = info
        self.name = name
        self.line = line
        self.end = end
        self.arg_names = arg_names
        self.reset(call_samples)

    def reset(self, call_samples):
        self.calls = 0
        self.first = []
        self.last = Ring(call_samples)
        self.paths = {}
        self.cut_paths = set()
        self.paths_truncated = False

    def total_calls(self):
        return self.calls + self.info.skipped_calls


class Call(object):
    """One traced call of a function: its arguments, how it ended, the lines it ran."""
    __slots__ = (
        "number",        # which call of the function (1-based)
        "args",          # its parameters when it started: name -> object or rendering
        "args_raw",      # True: `args` holds the objects themselves (immutable atoms)
        "value",         # what it returned: the object (immutable atom) or its rendering;
                         # MISSING while it runs and when it raised
        "value_raw",     # True: `value` is the object itself
        "exception",     # {"type", "message"} when it raised, else None
        "return_line",   # the line it left from
        "return_order",  # when it ended among all recorded calls (1 = first; 0: still running)
        "path",          # its own line events, at most MAX_CALL_PATH
        "partial",       # a cap had been hit when it started: its path may miss lines
    )

    def __init__(self, number, args, args_raw, partial):
        self.number = number
        self.args = args
        self.args_raw = args_raw
        self.value = MISSING
        self.value_raw = False
        self.exception = None
        self.return_line = None
        self.return_order = 0
        self.path = []
        self.partial = partial


class Ring(object):
    """The last `maxlen` items appended (a deque without importing collections)."""
    __slots__ = (
        "items",         # at most maxlen items; once full, `appended % maxlen` is the oldest
        "maxlen",        # how many it keeps
        "appended",      # how many items were ever appended
    )

    def __init__(self, maxlen):
        self.items = []
        self.maxlen = maxlen
        self.appended = 0

    def append(self, x):
        m = self.maxlen
        if m <= 0:
            return
        if len(self.items) < m:
            self.items.append(x)
        else:
            self.items[self.appended % m] = x
        self.appended += 1

    def __iter__(self):
        """Oldest first."""
        items = list(self.items)
        if len(items) < self.maxlen:
            return iter(items)
        k = self.appended % self.maxlen
        return iter(items[k:] + items[:k])
