"""fd 3: the records channel (JSON lines, write-only)."""
import _thread
import os

from .jsonio import dumps as _dumps


class Channel(object):
    def __init__(self, fd=3):
        self.fd = fd
        self.lock = _thread.allocate_lock()
        try:
            os.fstat(fd)
            os.set_inheritable(fd, False)
        except OSError:
            self.fd = None

    def send(self, obj):
        if self.fd is None:
            return
        data = (_dumps(obj) + "\n").encode("utf-8", "surrogatepass")
        with self.lock:
            view = memoryview(data)
            while view:
                try:
                    n = os.write(self.fd, view)
                except InterruptedError:
                    continue
                except OSError:
                    self.fd = None
                    return
                view = view[n:]
