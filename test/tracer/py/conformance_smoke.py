"""Quick Python-level smoke check of the tracer against the shared conformance data.

    python test/tracer/py/conformance_smoke.py [PYTHON] [N]
Call mode: coconut-humaneval-paths (path.lines == executed_lines; meaningful on 3.11) and
cruxeval (result.repr == output)."""
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "server", "python"))
from dev_run import run  # noqa: E402

PY = sys.argv[1] if len(sys.argv) > 1 else sys.executable
N = int(sys.argv[2]) if len(sys.argv) > 2 else 50
CONF = os.path.join(os.path.dirname(ROOT), "shared", "conformance")
if not os.path.isdir(CONF):
    CONF = os.path.join(ROOT, "..", "shared", "conformance")


def trace(code, call):
    cfg = {"source": code, "path": "/tmp/runlens_conf/prog.py", "cwd": "/tmp", "argv": [],
           "call": call, "limits": {"timeoutMs": 10000}}
    records = run(cfg, PY)[0]
    final = [r for r in records if r.get("type") == "trace"]
    return final[-1]["trace"] if final else None


def main():
    bad = 0
    with open(os.path.join(CONF, "coconut-humaneval-paths.jsonl")) as f:
        items = [json.loads(l) for l in f][:N]
    for it in items:
        if it["task_id"] == "HumanEval/160":
            continue
        args = it["call_args"]
        call = it["entry_point"] + (args if args.startswith("(") and args.endswith(")") and args.count("(") == 1 else "(" + args + ")")
        t = trace(it["code"], call)
        got = t and t["path"]["lines"]
        if got != it["executed_lines"]:
            bad += 1
            print("PATH MISMATCH", it["task_id"], call[:60], t and t["status"], (got or [])[:30], it["executed_lines"][:30])
    print("coconut: %d/%d ok" % (len(items) - bad, len(items)))
    bad2 = 0
    with open(os.path.join(CONF, "cruxeval.jsonl")) as f:
        items = [json.loads(l) for l in f][:N]
    for it in items:
        t = trace(it["code"], "f(%s)" % it["input"])
        got = t and t["result"] and t["result"]["repr"]
        if got != it["output"]:
            bad2 += 1
            print("RESULT MISMATCH", it["id"], t and t["status"], got, it["output"])
    print("cruxeval: %d/%d ok" % (len(items) - bad2, len(items)))


if __name__ == "__main__":
    main()
