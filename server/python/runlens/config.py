"""The run's configuration, read from fd 4 (one JSON object, then EOF): the run plan's twin
(server/src/run/plan.ts; docs/trace-format.md, "Run plan").

The tracer has no defaults of its own: the run layer sends every limit. A config it cannot use
raises ConfigError naming every problem, and the run ends with a trace that says so."""
import os

from .jsonio import loads

LIMITS = ("timeoutMs", "memoryMb", "maxOutputBytes", "samples", "maxLineHits", "maxSampledHits",
          "maxEvents", "maxPathLength", "maxReprLength")
MODES = ("script", "call")


class ConfigError(Exception):
    def __init__(self, problems, limits):
        Exception.__init__(self, "; ".join(problems))
        self.problems = problems
        self.limits = limits  # the limits that were given (for the trace that reports it)


class Config(object):
    __slots__ = (
        "mode",          # "script": run `path` as __main__; "call": import it, then evaluate `call`
        "path",          # the entry file (absolute): __file__, co_filename, sys.path[0]
        "call",          # call mode: the expression to evaluate, e.g. "f(1, 2)"; else None
        "traced",        # paths whose code is traced (today: the entry only)
        "texts",         # path -> text to run instead of the file on disk (unsaved buffers)
        "source",        # texts[path]: the entry's text (None: read the file)
        "cwd",           # working directory of the program (None: the tracer's own)
        "argv",          # sys.argv[1:]
        "guard",         # block destructive side effects (guard.py)
        "limits",        # every limit (LIMITS), each a positive int
    )


def read_config(fd=4):
    chunks = []
    try:
        while True:
            b = os.read(fd, 1 << 16)
            if not b:
                break
            chunks.append(b)
    finally:
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        raw = loads(b"".join(chunks).decode("utf-8"))
    except ValueError as e:
        raise ConfigError(["config: %s" % e], {})
    if not isinstance(raw, dict):
        raise ConfigError(["config: not a JSON object"], {})
    return parse_config(raw)


def parse_config(raw):
    problems = []
    cfg = Config()
    cfg.mode = raw.get("mode")
    if cfg.mode not in MODES:
        problems.append("config: mode must be one of %s (got %r)" % (", ".join(MODES), cfg.mode))
    cfg.path = raw.get("entry")
    if not isinstance(cfg.path, str) or not cfg.path:
        problems.append("config: entry (the file to run) is missing")
        cfg.path = "<string>"
    texts = raw.get("texts")
    cfg.texts = texts if isinstance(texts, dict) else {}
    cfg.source = cfg.texts.get(cfg.path)
    cfg.traced = [str(p) for p in (raw.get("traced") or [cfg.path])]
    cfg.cwd = raw.get("cwd") or None
    cfg.argv = [str(a) for a in (raw.get("argv") or [])]
    cfg.call = raw.get("call") or None
    if cfg.mode == "call" and not isinstance(cfg.call, str):
        problems.append("config: call mode needs a call expression")
    if cfg.mode != "call":
        cfg.call = None
    cfg.guard = raw.get("guard") is True
    given = raw.get("limits")
    given = given if isinstance(given, dict) else {}
    limits = {}
    for name in LIMITS:
        value = given.get(name)
        if value is None:
            problems.append("config: limits.%s is missing" % name)
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 1:
            problems.append("config: limits.%s must be a positive number (got %r)" % (name, value))
        else:
            limits[name] = int(value)
    cfg.limits = limits
    if problems:
        raise ConfigError(problems, limits)
    return cfg
