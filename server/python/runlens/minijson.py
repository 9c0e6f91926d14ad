"""Minimal JSON on top of the C helpers in _json (importing json pulls in re; start-up matters)."""
from _json import encode_basestring_ascii as _enc, scanstring as _scan

_WS = " \t\n\r"
_NUM = frozenset("+-0123456789.eE")
_INF = float("inf")


def dumps(obj):
    parts = []
    _write(obj, parts.append)
    return "".join(parts)


def _write(o, a):
    t = type(o)
    if t is str:
        a(_enc(o))
    elif o is None:
        a("null")
    elif o is True:
        a("true")
    elif o is False:
        a("false")
    elif t is int:
        a(int.__repr__(o))
    elif t is float:
        a(float.__repr__(o) if -_INF < o < _INF else "null")
    elif t is dict:
        a("{")
        first = True
        for k, v in o.items():
            if first:
                first = False
            else:
                a(",")
            a(_enc(k if type(k) is str else str(k)))
            a(":")
            _write(v, a)
        a("}")
    elif t is list or t is tuple:
        a("[")
        first = True
        for v in o:
            if first:
                first = False
            else:
                a(",")
            _write(v, a)
        a("]")
    elif isinstance(o, int):
        a(int.__repr__(int(o)))
    elif isinstance(o, str):
        a(_enc(str(o)))
    else:
        a(_enc(repr(o)))


def loads(s):
    value, i = _parse(s, _skip(s, 0))
    if _skip(s, i) != len(s):
        raise ValueError("extra data after JSON value")
    return value


def _skip(s, i):
    n = len(s)
    while i < n and s[i] in _WS:
        i += 1
    return i


def _parse(s, i):
    c = s[i]
    if c == '"':
        return _scan(s, i + 1, True)
    if c == "{":
        out = {}
        i = _skip(s, i + 1)
        if s[i] == "}":
            return out, i + 1
        while True:
            if s[i] != '"':
                raise ValueError("bad JSON object key at %d" % i)
            key, i = _scan(s, i + 1, True)
            i = _skip(s, i)
            if s[i] != ":":
                raise ValueError("expected ':' at %d" % i)
            out[key], i = _parse(s, _skip(s, i + 1))
            i = _skip(s, i)
            if s[i] == ",":
                i = _skip(s, i + 1)
            elif s[i] == "}":
                return out, i + 1
            else:
                raise ValueError("expected ',' or '}' at %d" % i)
    if c == "[":
        out = []
        i = _skip(s, i + 1)
        if s[i] == "]":
            return out, i + 1
        while True:
            v, i = _parse(s, i)
            out.append(v)
            i = _skip(s, i)
            if s[i] == ",":
                i = _skip(s, i + 1)
            elif s[i] == "]":
                return out, i + 1
            else:
                raise ValueError("expected ',' or ']' at %d" % i)
    if s.startswith("null", i):
        return None, i + 4
    if s.startswith("true", i):
        return True, i + 4
    if s.startswith("false", i):
        return False, i + 5
    j = i
    n = len(s)
    while j < n and s[j] in _NUM:
        j += 1
    text = s[i:j]
    if not text:
        raise ValueError("unexpected character at %d" % i)
    if "." in text or "e" in text or "E" in text:
        return float(text), j
    return int(text), j
