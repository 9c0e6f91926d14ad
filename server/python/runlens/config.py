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
    cfg = Config()
    cfg.source = raw.get("source")
    cfg.path = raw.get("path") or "<string>"
    cfg.cwd = raw.get("cwd")
    cfg.argv = [str(a) for a in (raw.get("argv") or [])]
    cfg.call = raw.get("call") or None
    cfg.guard = raw.get("guard") is True
    limits = dict(DEFAULT_LIMITS)
    for k, v in (raw.get("limits") or {}).items():
        if k in limits and isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0:
            limits[k] = int(v)
    cfg.limits = limits
    return cfg
