"""fd 3: the records channel (JSON lines, write-only)."""
import _thread
import os

from .jsonio import dumps as _dumps


class Channel(object):
    def __init__(self, fd=3):
        self.fd = fd
        self.lock = _thread.allocate_lock()
        self.forked = False
        try:
            os.fstat(fd)
            os.set_inheritable(fd, False)
        except OSError:
            self.fd = None
        os.register_at_fork(after_in_child=self._in_forked_child)

    def _in_forked_child(self):
        # os.fork() keeps fd 3, but a forked child's records are not the run's (it would send a
        # whole trace of its own): it writes its output to its real stdout/stderr instead
        fd, self.fd, self.forked = self.fd, None, True
        if fd is not None:
            os.close(fd)

    def send(self, obj):
        if self.forked:
            if obj.get("type") == "output":
                _write_all(1 if obj["stream"] == "stdout" else 2, obj["text"].encode("utf-8", "surrogatepass"))
            return
        if self.fd is None:
            return
        data = (_dumps(obj) + "\n").encode("utf-8", "surrogatepass")
        with self.lock:
            if not _write_all(self.fd, data):
                self.fd = None


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except InterruptedError:
            continue
        except OSError:
            return False
        view = view[n:]
    return True
