"""The run's configuration, read from fd 4 (one JSON object, then EOF)."""
import os

from .jsonio import loads

DEFAULT_LIMITS = {
    "timeoutMs": 5000,
    "memoryMb": 1024,
    "maxOutputBytes": 1048576,
    "samples": 3,
    "maxLineHits": 10000,
    "maxSampledHits": 200,
    "maxEvents": 100000,
    "maxPathLength": 10000,
    "maxReprLength": 120,
}


class Config(object):
    pass


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
    raw = loads(b"".join(chunks).decode("utf-8"))
    # The run plan's twin (server/src/run/plan.ts): mode, entry, call, traced, texts, cwd, argv,
    # guard, limits.
    cfg = Config()
    cfg.mode = raw.get("mode") or "script"
    cfg.path = raw.get("entry") or "<string>"
    texts = raw.get("texts") or {}
    cfg.texts = texts
    cfg.source = texts.get(cfg.path)
    cfg.traced = [str(p) for p in (raw.get("traced") or [cfg.path])]
    cfg.cwd = raw.get("cwd")
    cfg.argv = [str(a) for a in (raw.get("argv") or [])]
    cfg.call = (raw.get("call") or None) if cfg.mode == "call" else None
    cfg.guard = raw.get("guard") is True
    limits = dict(DEFAULT_LIMITS)
    for k, v in (raw.get("limits") or {}).items():
        if k in limits and isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0:
            limits[k] = int(v)
    cfg.limits = limits
    return cfg
