"""Compare values Runlens showed (Python reprs) with CodeMind's recorded values (JSON).

Reads [{"key", "shown", "expected"}] as JSON on stdin; prints the keys that differ. Tuples are
compared as lists (JSON has no tuples); a shown value that is not a literal (an object Runlens
rendered as <Foo object>) cannot be compared and is reported as "opaque".
"""
import ast
import json
import math
import sys


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
        try:
            shown = as_json_like(ast.literal_eval(item["shown"]))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            verdicts[item["key"]] = "opaque"
            continue
        verdicts[item["key"]] = "same" if same(shown, item["expected"]) else "different"
    json.dump(verdicts, sys.stdout)


main()
