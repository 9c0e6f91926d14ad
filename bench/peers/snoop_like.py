"""A PySnooper-style value recorder, written for the benchmark (standard library only).

    python snoop_like.py SCRIPT [ARGS...]

Runs SCRIPT as __main__ under sys.settrace and, the way PySnooper and snoop record values, takes
the repr (cut to 100 characters) of every local of a frame of SCRIPT on each line event, compares
them with the frame's previous reprs (dunder names such as __builtins__ left out) and writes a line for each new or changed variable, and one
for each return value. It is generous to the peer: the lines go to os.devnull (no terminal; set
SNOOP_LIKE_OUTPUT to a path to keep them), and there are no timestamps or indentation.
"""

import os
import runpy
import sys

MAX_REPR = 100


def short_repr(value):
    try:
        text = repr(value)
    except Exception:
        text = "<repr failed>"
    return text if len(text) <= MAX_REPR else text[: MAX_REPR - 3] + "..."


class Snooper:
    def __init__(self, filename, sink):
        self.filename = filename
        self.sink = sink
        self.reprs_by_frame = {}

    def global_trace(self, frame, event, arg):
        if frame.f_code.co_filename != self.filename:
            return None
        self.record_changes(frame)
        return self.local_trace

    def local_trace(self, frame, event, arg):
        if event == "line":
            self.record_changes(frame)
        elif event == "return":
            self.record_changes(frame)
            self.sink.write("Return value:.. %s\n" % short_repr(arg))
            self.reprs_by_frame.pop(frame, None)
        return self.local_trace

    def record_changes(self, frame):
        previous = self.reprs_by_frame.get(frame, {})
        current = {name: short_repr(value) for name, value in frame.f_locals.items() if not name.startswith("__")}
        self.reprs_by_frame[frame] = current
        for name, text in current.items():
            before = previous.get(name)
            if before is None:
                self.sink.write("New var:....... %s = %s\n" % (name, text))
            elif before != text:
                self.sink.write("Modified var:.. %s = %s\n" % (name, text))
        self.sink.write("line %d\n" % frame.f_lineno)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: python snoop_like.py SCRIPT [ARGS...]")
    script = os.path.abspath(sys.argv[1])
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(script)
    with open(os.environ.get("SNOOP_LIKE_OUTPUT") or os.devnull, "w") as sink:
        snooper = Snooper(script, sink)
        sys.settrace(snooper.global_trace)
        try:
            runpy.run_path(script, run_name="__main__")
        finally:
            sys.settrace(None)


if __name__ == "__main__":
    main()
