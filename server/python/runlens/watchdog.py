"""Daemon thread: a snapshot every ~1 s, and the time limit (independent of the main thread).

Uses _thread directly: importing threading costs start-up time, and the thread stays invisible to
threading.enumerate() in the user's program."""
import _thread
import time


class Watchdog(object):
    def __init__(self, timeout_s, on_snapshot, on_timeout):
        self.timeout_s = timeout_s
        self.on_snapshot = on_snapshot
        self.on_timeout = on_timeout
        self.done = _thread.allocate_lock()
        self.done.acquire()
        self.go = _thread.allocate_lock()
        self.go.acquire()
        self.t0 = None

    def start(self):
        _thread.start_new_thread(self.run, ())

    def begin(self, t0):
        if self.t0 is None:
            self.t0 = t0
            self.go.release()

    def stop(self):
        try:
            self.done.release()
        except RuntimeError:
            pass

    def run(self):
        self.go.acquire()
        t0 = self.t0
        deadline = t0 + self.timeout_s
        next_snap = t0 + 1.0
        while True:
            now = time.perf_counter()
            if now >= deadline:
                self.on_timeout()
                return
            if self.done.acquire(True, max(0.0, min(deadline, next_snap) - now)):
                return
            now = time.perf_counter()
            if next_snap <= now < deadline:
                self.on_snapshot()
                next_snap += 1.0
