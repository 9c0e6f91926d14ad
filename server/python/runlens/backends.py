"""Which backend a run uses. Imported with the runner, so that the backends' bytecode is cached
with the rest of the tracer (see runlens_tracer.py)."""
import os
import sys

from .settrace_backend import SettraceBackend

if sys.version_info >= (3, 12):
    from .monitoring_backend import MonitoringBackend
else:
    MonitoringBackend = None


def preferred_backend():
    """The backend a run will use: sys.monitoring on 3.12+ (unless RUNLENS_BACKEND=settrace)."""
    if MonitoringBackend is not None and os.environ.get("RUNLENS_BACKEND") != "settrace":
        return "monitoring"
    return "settrace"


def open_backend(rec, main_ident, max_events):
    """A backend for the recorder's traced code; settrace when sys.monitoring is unavailable
    (another tool holds every id), which the trace then says in `tracerErrors`."""
    if preferred_backend() == "monitoring":
        try:
            return MonitoringBackend(rec, main_ident)
        except Exception as e:
            rec.error("monitoring unavailable", e)
    return SettraceBackend(rec, max_events)
