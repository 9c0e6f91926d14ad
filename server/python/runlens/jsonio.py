"""JSON through CPython's own C scanner and encoder in `_json`: importing `json` pulls in `re`
(about 3-5 ms of start-up, paid by every run)."""
import _json


class _Context(object):
    """What `_json.make_scanner` reads from a `json.JSONDecoder`."""
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    memo = {}

    @staticmethod
    def parse_constant(name):
        raise ValueError("not JSON: %s" % name)


_scan = _json.make_scanner(_Context())
# markers, default, encoder, indent, key separator, item separator, sort keys, skip keys, allow NaN
_encode = _json.make_encoder(None, repr, _json.encode_basestring_ascii, None, ":", ",", False, False, False)


def loads(text):
    start = len(text) - len(text.lstrip())
    try:
        value, end = _scan(text, start)
    except (StopIteration, ValueError, SystemError):
        # the scanner reports a syntax error through json.decoder's JSONDecodeError; without
        # json imported, 3.10+ give a bare SystemError instead
        raise ValueError("not a JSON document")
    finally:
        _Context.memo.clear()
    if text[end:].strip():
        raise ValueError("not a JSON document (extra data at %d)" % end)
    return value


def dumps(obj):
    """Compact JSON; a value JSON cannot hold is written as its repr()."""
    return "".join(_encode(obj, 0))
