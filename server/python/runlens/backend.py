"""The one interface between the runner and a tracing backend.

A backend is mechanism only: it turns CPython's events for the traced file's code objects (on the
main thread) into calls of the recorder's steps (`steps.py`), keeping whatever per-frame
bookkeeping its mechanism needs. What is recorded, the caps and rendering are the recorder's.
The runner drives every backend through these methods and nothing else; `backends.py` chooses
one. A new backend subclasses Backend, takes the recorder, and calls its steps."""


class Backend(object):
    name = None  # "settrace" | "monitoring": reported in the trace

    def start(self):
        """Deliver events from now on (main thread, just before the user's code runs)."""
        raise NotImplementedError

    def stop(self):
        """Deliver no more events (main thread; idempotent). If the interpreter had already
        taken tracing away (a trace function that raised), the recorder is told so."""
        raise NotImplementedError

    def halt_from_other_thread(self):
        """Stop as far as another thread can (the watchdog, at the time limit); the process exits
        right after."""
        raise NotImplementedError

    def reset(self):
        """The recorder forgot what ran so far (call mode, before the call): count afresh (event
        budget, lines disabled at their cap)."""
        raise NotImplementedError
