"""sys.settrace backend (CPython < 3.12): one small local trace function per traced frame.

A global trace function sees every new frame and returns a local trace function only for frames
of the traced file; the local one, a closure over the frame's FrameState, hands each event to the
recorder's steps. A global budget of line events bounds the cost: merely having a trace function
installed slows 3.8-3.11 down 2-2.5x, so once it is spent tracing is switched off."""
import sys

from .backend import Backend

# 3.8-3.10 keep an "overflowed" flag until the stack unwinds: a RecursionError swallowed inside
# the trace function would let the program recurse on into a fatal "Cannot recover from stack
# overflow", so there it is re-raised
STICKY_OVERFLOW = sys.version_info < (3, 11)


class SettraceBackend(Backend):
    name = "settrace"

    def __init__(self, rec, max_events):
        self.rec = rec
        self.max_events = max_events
        self.active = False
        self.suspended = {}  # generator frame parked at a yield -> its FrameState
        self.is_yield = _yield_checker() if any(
            info.generator for info in rec.infos.values()) else None
        self.global_trace, self.restore_budget = self._make_trace_functions()

    # ---- the trace functions -------------------------------------------------------------------
    def _make_trace_functions(self):
        """The global trace function (called for each new frame and each generator resume), the
        local trace function it gives each traced frame (a closure over the frame's state), and
        the means to refill the event budget they share."""
        backend = self
        rec = self.rec
        filename = rec.filename
        infos_get = rec.infos.get
        enter = rec.steps.enter
        line_step = rec.steps.line
        calls_skipped = rec.steps.calls_skipped
        suspended = self.suspended
        frame_returned = self._frame_returned
        on_error = self._on_error
        budget = self.max_events

        def global_trace(frame, event, arg):
            code = frame.f_code
            if code.co_filename != filename:
                return None
            try:
                st = suspended.pop(frame, None) if suspended else None
                if st is None:
                    info = infos_get(id(code))
                    if info is None:
                        info = rec.info_for_unknown(code)
                    elif info.skip_calls:
                        # past its call cap: counted only, no local trace (no line events)
                        info.skipped_calls += 1
                        if info.skipped_calls == 1:
                            calls_skipped(info)
                        return None
                    st = enter(info, frame)
            except RecursionError:
                if STICKY_OVERFLOW:
                    raise
                return None
            except BaseException as e:
                on_error(e)
                return None

            def local(frame, event, arg):
                nonlocal budget
                try:
                    if event == "line":
                        budget -= 1
                        if budget < 0:
                            backend.out_of_budget()
                            return None
                        if st.exc is not None:
                            st.exc = None  # a line after an exception: it was caught here
                        line_step(st, frame, frame.f_lineno)
                    elif event == "return":
                        frame_returned(frame, st, arg)
                    elif event == "exception":
                        exc_type, exc_value, _ = arg
                        # an awaited coroutine or a `yield from` finishing shows up as StopIteration
                        if exc_type is not StopIteration and exc_type is not StopAsyncIteration:
                            st.exc = exc_value
                            st.pending = 0  # the pending statement raised: it bound nothing
                    return local
                except RecursionError:
                    if STICKY_OVERFLOW:
                        raise
                    return local
                except MemoryError:
                    return local
                except BaseException as e:
                    on_error(e)
                    return None

            return local

        def restore_budget():
            nonlocal budget
            budget = backend.max_events

        return global_trace, restore_budget

    def _frame_returned(self, frame, st, value):
        """A `return` event: the frame ended (returned, or unwound after an `exception` event), or
        a generator's frame suspended at a yield."""
        if st.info.generator and self.is_yield(frame):
            # a suspended statement (`x = yield v`, `r = await f()`) stays pending until resumed
            st.exc = None
            self.suspended[frame] = st
            return
        if st.exc is not None:
            self.rec.steps.leave(st, frame, None, st.exc)
        else:
            self.rec.steps.leave(st, frame, value, None)

    def _on_error(self, e):
        if isinstance(e, (MemoryError, RecursionError)):
            return
        rec = self.rec
        rec.error("settrace", e)
        self.stop()
        rec.stop_tracing()

    # ---- the event budget ----------------------------------------------------------------------
    def out_of_budget(self):
        """The global event budget ran out: switch tracing off (counts become lower bounds).

        The functions still running get a profile hook (cheap: no line events) that only waits
        for them to return, so their return values and the final values of their hot lines are
        still recorded; it removes itself once the last of them has returned.
        """
        rec = self.rec
        rec.stop_tracing()
        running = {}
        f = sys._getframe(1)
        fn = rec.filename
        while f is not None:
            if f.f_code.co_filename == fn:
                rec.frames_at_stop.append(f)
                st = _frame_state(f.f_trace)
                if st is not None and st.call is not None:
                    running[f] = st
            f = f.f_back
        self.stop()
        if running:
            self._wait_for_returns(running)

    def _wait_for_returns(self, running):
        rec = self.rec
        frame_returned = self._frame_returned

        def on_return(frame, event, arg):
            if event != "return":
                return
            st = running.pop(frame, None)
            if st is None:
                return
            try:
                frame_returned(frame, st, arg)
            except BaseException as e:
                rec.error("return after budget", e)
            if not running:
                sys.setprofile(None)

        sys.setprofile(on_return)

    # ---- the interface -------------------------------------------------------------------------
    def start(self):
        self.active = True
        sys.settrace(self.global_trace)

    def stop(self):
        if not self.active:
            return
        self.active = False
        if sys.gettrace() is None:
            # CPython removes a trace function that raised (e.g. RecursionError in it)
            self.rec.stop_tracing()
        sys.settrace(None)
        sys.setprofile(None)
        f = sys._getframe(1)
        while f is not None:
            if f.f_trace is not None:
                try:
                    f.f_trace = None
                except BaseException:
                    pass
            f = f.f_back

    def halt_from_other_thread(self):
        # settrace cannot be removed from another thread; the caller exits right after.
        self.active = False

    def reset(self):
        self.restore_budget()


def _frame_state(local_trace):
    """The FrameState a frame's local trace function closes over (None if it has none)."""
    if local_trace is None or getattr(local_trace, "__closure__", None) is None:
        return None
    try:
        cell = local_trace.__closure__[local_trace.__code__.co_freevars.index("st")]
        return cell.cell_contents
    except (ValueError, IndexError):
        return None


def _yield_checker():
    """is_yield(frame): a `return` event of a generator's frame is a suspension at a yield."""
    import opcode
    yield_value = opcode.opmap.get("YIELD_VALUE", -1)
    yield_from = opcode.opmap.get("YIELD_FROM", -1)

    def is_yield(frame):
        code = frame.f_code.co_code
        i = frame.f_lasti
        if i < 0 or i >= len(code):
            return False
        if code[i] == yield_value:
            return True
        return yield_from >= 0 and i + 2 < len(code) and code[i + 2] == yield_from

    return is_yield
