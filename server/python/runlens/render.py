"""Safe rendering of user values: bounded work, no user code except a guarded __repr__."""
import _thread
import _signal as signal  # the C module: `signal` imports enum (about 4 ms of start-up)
import sys
import time

_MAX_ITEMS = 10
_MAX_DEPTH = 3
_BIG = 10 ** 40

# Types whose values are immutable and cheap: samples holding only these are stored raw and
# rendered when the trace is built (a hot loop then costs a tuple, not a repr).
ATOMIC = frozenset([type(None), bool, int, float, complex, str, bytes])


class _NoType(object):
    pass


class _Sink(object):
    """Swallows anything a user __repr__ prints."""
    encoding = "utf-8"
    errors = "strict"

    def write(self, s):
        return len(s)

    def flush(self):
        pass

    def isatty(self):
        return False


_SINK = _Sink()

# A user __repr__ gets this long before it is interrupted (main thread only: SIGALRM).
REPR_DEADLINE = 0.1


class _ReprTimeout(BaseException):
    pass


class Renderer(object):
    def __init__(self, max_len=120):
        self.max_len = max_len
        self.opaque = set()  # types whose __repr__ was slow/huge/broken
        self._deque = self._defaultdict = self._ordered = self._counter = _NoType
        self._have_collections = False
        self._func_types = (type(lambda: 0), type(len), type(self.render), type([].append))
        self._module_type = type(sys)
        self._main = _thread.get_ident()
        self._in_repr = False
        self._can_alarm = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")

    def _on_alarm(self, signum, frame):
        if self._in_repr:
            self._in_repr = False
            raise _ReprTimeout()

    def _guarded_repr(self, v):
        """repr(v), interrupted after REPR_DEADLINE when it can be (a `time.sleep` in it, a long
        computation in Python code); the program's own SIGALRM handler and timer are restored."""
        if not self._can_alarm or _thread.get_ident() != self._main:
            return repr(v)
        old_handler = signal.signal(signal.SIGALRM, self._on_alarm)
        old_timer = signal.setitimer(signal.ITIMER_REAL, REPR_DEADLINE)
        try:
            self._in_repr = True
            s = repr(v)
            self._in_repr = False
            return s
        finally:
            self._in_repr = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
            delay, interval = old_timer
            if delay > 0:
                signal.setitimer(signal.ITIMER_REAL, delay, interval)

    def render(self, v):
        if not self._have_collections:
            c = sys.modules.get("collections")
            if c is not None:
                self._deque, self._defaultdict = c.deque, c.defaultdict
                self._ordered, self._counter = c.OrderedDict, c.Counter
                self._have_collections = True
        try:
            s = self._r(v, 0)
        except (MemoryError, RecursionError):
            return "<?>"
        except Exception as e:  # never let rendering break the program
            try:
                return "<%s: render failed %s>" % (type(v).__name__, type(e).__name__)
            except Exception:
                return "<?>"
        if len(s) > self.max_len:
            s = s[: self.max_len - 1] + "\u2026"
        return s

    def _r(self, v, depth):
        t = type(v)
        if t is int:
            if -_BIG < v < _BIG:
                return str(v)
            digits = int(v.bit_length() * 0.30102999566398120) + 1
            return "<int with %d digits>" % digits
        if t is str:
            m = self.max_len
            if len(v) > m:
                return repr(v[:m])[:-1] + "\u2026" + repr(v[:m])[-1]
            return repr(v)
        if v is None or t is bool or t is float or t is complex:
            return repr(v)
        if t is bytes or t is bytearray:
            m = self.max_len
            if len(v) > m:
                return repr(v[:m]) + "\u2026"
            return repr(v)
        if t is list or t is tuple or t is set or t is frozenset or t is self._deque:
            if depth >= _MAX_DEPTH:
                return "[\u2026]" if t is list else ("(\u2026)" if t is tuple else "{\u2026}")
            n = len(v)
            parts = []
            i = 0
            for item in v:
                if i >= _MAX_ITEMS:
                    break
                parts.append(self._r(item, depth + 1))
                i += 1
            if n > i:
                parts.append("\u2026 +%d" % (n - i))
            body = ", ".join(parts)
            if t is list:
                return "[" + body + "]"
            if t is tuple:
                return "(" + body + ("," if n == 1 else "") + ")"
            if t is set:
                return "{" + body + "}" if n else "set()"
            if t is frozenset:
                return "frozenset({" + body + "})" if n else "frozenset()"
            return "deque([" + body + "])"
        if t is dict or t is self._defaultdict or t is self._ordered or t is self._counter:
            if depth >= _MAX_DEPTH:
                return "{\u2026}"
            n = len(v)
            parts = []
            i = 0
            for k, item in dict.items(v):
                if i >= _MAX_ITEMS:
                    break
                parts.append(self._r(k, depth + 1) + ": " + self._r(item, depth + 1))
                i += 1
            if n > i:
                parts.append("\u2026 +%d" % (n - i))
            body = "{" + ", ".join(parts) + "}"
            if t is dict:
                return body
            return "%s(%s)" % (t.__name__, body)
        if t is range:
            return repr(v)
        if isinstance(v, type):
            return "<class %s>" % _name(v)
        if t in self._func_types:
            return "<function %s>" % _name(v)
        if t is self._module_type:
            return "<module %s>" % _name(v)
        return self._user(v, t)

    def _user(self, v, t):
        name = _name(t)
        if t in self.opaque:
            return "<%s object>" % name
        try:
            has_repr = t.__repr__ is not object.__repr__
        except Exception:
            has_repr = False
        if not has_repr:
            return "<%s object>" % name
        out, err = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = _SINK
        started = time.perf_counter()
        try:
            s = self._guarded_repr(v)
        except _ReprTimeout:
            self.opaque.add(t)
            return "<%s: repr took too long>" % name
        except (MemoryError, RecursionError):
            raise
        except BaseException as e:
            return "<%s: repr raised %s>" % (name, type(e).__name__)
        finally:
            sys.stdout, sys.stderr = out, err
        if time.perf_counter() - started > 0.05 or type(s) is not str or len(s) > 10000:
            self.opaque.add(t)
            if type(s) is not str or len(s) > 10000:
                return "<%s object>" % name
        return _strip_address(s)


def _strip_address(s):
    i = s.find(" at 0x")
    while i >= 0:
        j = i + 6
        while j < len(s) and s[j] in "0123456789abcdefABCDEF":
            j += 1
        s = s[:i] + s[j:]
        i = s.find(" at 0x")
    return s


def _name(o):
    try:
        n = o.__name__
        if type(n) is str:
            return n
    except Exception:
        pass
    return "?"
