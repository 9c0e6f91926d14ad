"""Capture of sys.stdout / sys.stderr: chunks tagged with the traced line, streamed on fd 3."""
import codecs
import io
import sys
import _thread
import time


class Output(object):
    def __init__(self, channel, max_bytes, filename):
        self.channel = channel
        self.max_bytes = max_bytes
        self.filename = filename
        self.chunks = []
        self.total = 0
        self.truncated = False
        self.on_limit = None
        self.decoders = {
            "stdout": codecs.getincrementaldecoder("utf-8")("replace"),
            "stderr": codecs.getincrementaldecoder("utf-8")("replace"),
        }
        self.pending = None
        self.last_flush = 0.0
        self.window_start = 0.0
        self.window_writes = 0
        self.stopped = False
        self.lock = _thread.RLock()

    def current_line(self):
        f = sys._getframe(1)
        fn = self.filename
        while f is not None:
            if f.f_code.co_filename == fn:
                return f.f_lineno
            f = f.f_back
        return None

    def write(self, stream, data):
        if self.stopped or not data:
            return
        line = self.current_line()
        with self.lock:
            self._write(stream, data, line)

    def _write(self, stream, data, line):
        if self.stopped:
            return
        limit_hit = False
        room = self.max_bytes - self.total
        if len(data) > room:
            data = data[:max(room, 0)]
            limit_hit = True
        self.total += len(data)
        text = self.decoders[stream].decode(data, final=limit_hit)
        if text:
            # chunks: [stream, line, parts]; joined when the trace is built (no quadratic +=)
            last = self.chunks[-1] if self.chunks else None
            if last is not None and last[0] == stream and last[1] == line:
                last[2].append(text)
            else:
                self.chunks.append([stream, line, [text]])
            p = self.pending
            if p is not None and p[0] == stream and p[1] == line:
                p[2].append(text)
                p[3] += len(text)
            else:
                self._flush()
                p = self.pending = [stream, line, [text], len(text)]
            # Writes go out at once, so a run killed from outside keeps them; only a flood (more
            # than 20 writes in 50 ms) is batched, up to 8 KB or 50 ms per record.
            now = time.perf_counter()
            if now - self.window_start > 0.05:
                self.window_start = now
                self.window_writes = 0
            self.window_writes += 1
            if self.window_writes <= 20 or p[3] > 8192 or now - self.last_flush > 0.05:
                self._flush()
        if limit_hit:
            self.truncated = True
            self.stopped = True
            self.flush()
            if self.on_limit is not None:
                self.on_limit(line)

    def flush(self):
        with self.lock:
            self._flush()

    def _flush(self):
        p = self.pending
        if p is not None:
            self.pending = None
            self.last_flush = time.perf_counter()
            self.channel.send({"type": "output", "stream": p[0], "text": "".join(p[2]),
                               "line": p[1]})

    def reset(self):
        """Forget what was written so far (call mode: the output is the call's only)."""
        with self.lock:
            self._flush()
            del self.chunks[:]
            self.total = 0

    def chunks_copy(self):
        with self.lock:
            return [{"stream": c[0], "text": "".join(c[2]), "line": c[1]} for c in self.chunks]


class _Raw(io.RawIOBase):
    def __init__(self, out, stream):
        io.RawIOBase.__init__(self)
        self._out = out
        self._stream = stream

    def writable(self):
        return True

    def readable(self):
        return False

    def seekable(self):
        return False

    def isatty(self):
        return False

    def fileno(self):
        raise io.UnsupportedOperation("fileno")

    def write(self, b):
        data = bytes(b)
        self._out.write(self._stream, data)
        return len(data)


def make_stream(out, stream):
    raw = _Raw(out, stream)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace",
                            line_buffering=True, write_through=True)
