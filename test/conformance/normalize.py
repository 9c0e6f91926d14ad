"""Compare values Runlens showed (Python reprs) with CodeMind's recorded values (JSON).

Reads [{"key", "shown", "expected"}] as JSON on stdin; prints a verdict per key: "same",
"different" or "opaque". Tuples are compared as lists (JSON has no tuples). A container Runlens
cut (`[1, 2, … +8]`) must agree on the items it shows and on how many it left out. A shown value
that is not a literal (an object rendered as <Foo object>) cannot be compared: "opaque".
"""
import ast
import json
import math
import re
import sys

CUT_TAIL = re.compile(r", \u2026 \+(\d+)([\]\)}])$")


def as_json_like(value):
    if isinstance(value, (list, tuple)):
        return [as_json_like(v) for v in value]
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: as_json_like(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((as_json_like(v) for v in value), key=repr)
    return value


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-9) or (math.isnan(float(a)) and math.isnan(float(b)))
        except (TypeError, ValueError):
            return False
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def main():
    items = json.load(sys.stdin)
    verdicts = {}
    for item in items:
        text, left_out = item["shown"], 0
        cut = CUT_TAIL.search(text)
        if cut:
            text, left_out = text[:cut.start()] + cut.group(2), int(cut.group(1))
        try:
            shown = as_json_like(ast.literal_eval(text))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            verdicts[item["key"]] = "opaque"
            continue
        expected = item["expected"]
        if left_out and isinstance(shown, list) and isinstance(expected, list):
            agrees = len(expected) == len(shown) + left_out and same(shown, expected[:len(shown)])
        elif left_out and isinstance(shown, dict) and isinstance(expected, dict):
            agrees = len(expected) == len(shown) + left_out and all(
                k in expected and same(v, expected[k]) for k, v in shown.items())
        else:
            agrees = same(shown, expected)
        verdicts[item["key"]] = "same" if agrees else "different"
    json.dump(verdicts, sys.stdout)


main()
