"""Developer driver: run the tracer on a file (or a JSON config) and print the final trace.

    python dev_run.py FILE.py [--call 'f(1)'] [--timeout MS] [--stdin TEXT] [--python EXE]
    python dev_run.py CONFIG.json [--python EXE]
Prints the final trace JSON (or every record with --records).
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def _fds(w3, r4):
    import fcntl
    a = fcntl.fcntl(w3, fcntl.F_DUPFD, 20)
    b = fcntl.fcntl(r4, fcntl.F_DUPFD, 20)
    os.dup2(a, 3)
    os.dup2(b, 4)
    os.set_inheritable(3, True)
    os.set_inheritable(4, True)


def run(config, python=sys.executable, stdin=b"", env=None):
    r4, w4 = os.pipe()
    r3, w3 = os.pipe()
    data = json.dumps(config).encode("utf-8")
    os.write(w4, data)  # small configs fit in the pipe buffer
    os.close(w4)
    p = subprocess.Popen([python, "-X", "utf8", os.path.join(HERE, "runlens_tracer.py")],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=lambda: _fds(w3, r4), close_fds=False, env=env)
    os.close(r4)
    os.close(w3)
    out, err = b"", b""
    import threading
    chunks = []

    def reader():
        while True:
            b = os.read(r3, 65536)
            if not b:
                break
            chunks.append(b)

    t = threading.Thread(target=reader)
    t.start()
    out, err = p.communicate(stdin)
    t.join()
    os.close(r3)
    records = [json.loads(l) for l in b"".join(chunks).decode("utf-8").splitlines() if l.strip()]
    return records, out, err, p.returncode


def main():
    args = sys.argv[1:]
    opts = {"--call": None, "--timeout": None, "--stdin": "", "--python": sys.executable}
    pos = []
    records_flag = False
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--records":
            records_flag = True
        elif a in opts:
            opts[a] = args[i + 1]
            i += 1
        else:
            pos.append(a)
        i += 1
    target = pos[0]
    if target.endswith(".json"):
        config = json.load(open(target))
    else:
        src = open(target, encoding="utf-8", newline="").read()
        config = {"source": src, "path": os.path.abspath(target), "cwd": os.getcwd(),
                  "argv": pos[1:], "call": opts["--call"], "limits": {}}
        if opts["--timeout"]:
            config["limits"]["timeoutMs"] = int(opts["--timeout"])
    records, out, err, rc = run(config, opts["--python"], opts["--stdin"].encode())
    if records_flag:
        for r in records:
            print(json.dumps(r)[:300])
    final = [r for r in records if r.get("type") == "trace"]
    print(json.dumps(final[-1]["trace"] if final else None, indent=1, ensure_ascii=False))
    sys.stderr.write("rc=%s raw-stdout=%r raw-stderr=%r\n" % (rc, out[:500], err[:2000]))


if __name__ == "__main__":
    main()
