"""Capture of sys.stdout / sys.stderr: chunks tagged with the traced line, streamed on fd 3."""
import codecs
import io
import sys
import _thread
import time


class Chunk(object):
    """Consecutive output of one stream from one line."""
    __slots__ = (
        "stream",        # "stdout" or "stderr"
        "line",          # the traced file's innermost line that wrote it (None: none)
        "parts",         # the texts written, joined when it is read (no quadratic +=)
        "size",          # their total length (for batching records)
    )

    def __init__(self, stream, line, text):
        self.stream = stream
        self.line = line
        self.parts = [text]
        self.size = len(text)

    def add(self, text):
        self.parts.append(text)
        self.size += len(text)

    def record(self):
        return {"stream": self.stream, "text": "".join(self.parts), "line": self.line}


class Output(object):
    def __init__(self, channel, max_bytes, filename):
        self.channel = channel
        self.max_bytes = max_bytes
        self.filename = filename
        self.chunks = []  # every Chunk written (kept for the trace)
        self.total = 0
        self.truncated = False
        self.on_limit = None
        self.decoders = {
            "stdout": codecs.getincrementaldecoder("utf-8")("replace"),
            "stderr": codecs.getincrementaldecoder("utf-8")("replace"),
        }
        self.pending = None  # the Chunk not yet sent as an output record
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
            last = self.chunks[-1] if self.chunks else None
            if last is not None and last.stream == stream and last.line == line:
                last.add(text)
            else:
                self.chunks.append(Chunk(stream, line, text))
            p = self.pending
            if p is not None and p.stream == stream and p.line == line:
                p.add(text)
            else:
                self._flush()
                p = self.pending = Chunk(stream, line, text)
            # Writes go out at once, so a run killed from outside keeps them; only a flood (more
            # than 20 writes in 50 ms) is batched, up to 8 KB or 50 ms per record.
            now = time.perf_counter()
            if now - self.window_start > 0.05:
                self.window_start = now
                self.window_writes = 0
            self.window_writes += 1
            if self.window_writes <= 20 or p.size > 8192 or now - self.last_flush > 0.05:
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
            record = {"type": "output"}
            record.update(p.record())
            self.channel.send(record)

    def reset(self):
        """Forget what was written so far (call mode: the output is the call's only)."""
        with self.lock:
            self._flush()
            del self.chunks[:]
            self.total = 0

    def chunks_copy(self):
        with self.lock:
            return [c.record() for c in self.chunks]


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
