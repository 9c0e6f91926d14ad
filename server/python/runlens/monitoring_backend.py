"""sys.monitoring backend (CPython 3.12+): local events on the traced file's code objects only.

Events carry a code object, not a frame, so the backend keeps its own stack of FrameStates
(pushed on start/resume/throw, popped on return/yield/unwind, resynchronised by frame identity if
it ever disagrees) and hands each event to the recorder's steps. A line past its cap returns
DISABLE, so hot loops run at full speed afterwards; no global budget is needed."""
import sys
import _thread

from .backend import Backend

TOOL_IDS = (5, 4, 3, 2, 1, 0)  # the first free one is used (debuggers and profilers take 0-2)


class MonitoringBackend(Backend):
    name = "monitoring"

    def __init__(self, rec, main_ident):
        self.rec = rec
        self.main_ident = main_ident
        self.active = False
        self.stack = []      # FrameStates of the running traced frames, innermost last
        self.suspended = {}  # generator frame parked at a yield -> its FrameState
        # A function past its call cap gets no state: `untraced[id(code)]` is how many of its
        # untraced calls are running. Calls and returns nest, so while it is above zero the
        # innermost frame of that code, the one an event comes from, is untraced; no
        # sys._getframe is needed to tell (it is audited, and costly under the guard).
        self.untraced = {}
        mon = sys.monitoring
        self.tool = next((t for t in TOOL_IDS if mon.get_tool(t) is None), None)
        if self.tool is None:
            raise RuntimeError("no free sys.monitoring tool id")
        mon.use_tool_id(self.tool, "runlens")
        E = mon.events
        self.callbacks = {E.LINE: self._make_line_event()}  # event -> callback
        self.callbacks.update(self._make_entry_events())
        self.callbacks.update(self._make_exit_events())
        self.local_events = E.LINE | E.PY_START | E.PY_RESUME | E.PY_YIELD | E.PY_RETURN
        # these carry no per-instruction cost; their callbacks ignore foreign code by id
        self.global_events = E.PY_UNWIND | E.PY_THROW | E.EXCEPTION_HANDLED

    # ---- frames of the stack -------------------------------------------------------------------
    def _pop_state(self, frame):
        """The state of `frame`, taken off the stack with any states above it (frames that ended
        without an event); None if it has none."""
        stack = self.stack
        if stack and stack[-1].frame is frame:
            return stack.pop()
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].frame is frame:
                st = stack[i]
                del stack[i:]
                return st
        return None

    def _on_error(self, e):
        if isinstance(e, (MemoryError, RecursionError)):
            return
        rec = self.rec
        rec.error("monitoring", e)
        self.stop()
        rec.stop_tracing()

    def _make_entry_events(self):
        """Callbacks for frames starting, and generators resuming."""
        E = sys.monitoring.events
        rec = self.rec
        infos = rec.infos
        enter = rec.steps.enter
        calls_skipped = rec.steps.calls_skipped
        push = self.stack.append
        suspended = self.suspended
        untraced = self.untraced
        on_error = self._on_error
        getframe = sys._getframe
        get_ident = _thread.get_ident
        main = self.main_ident

        def on_start(code, offset):
            if get_ident() != main:
                return
            try:
                info = infos[id(code)]
                if info.skip_calls:
                    info.skipped_calls += 1
                    if info.skipped_calls == 1:
                        calls_skipped(info)
                    untraced[id(code)] = untraced.get(id(code), 0) + 1
                    return
                frame = getframe(1)
                st = enter(info, frame)
                st.frame = frame
                push(st)
            except (RecursionError, MemoryError):
                return
            except BaseException as e:
                on_error(e)

        def on_resume(code, offset, *exc):
            info = infos.get(id(code))
            if info is None or get_ident() != main:
                return
            try:
                frame = getframe(1)
                st = suspended.pop(frame, None)
                if st is None:
                    st = enter(info, frame)
                    st.frame = frame
                push(st)
            except (RecursionError, MemoryError):
                return
            except BaseException as e:
                on_error(e)

        return {E.PY_START: on_start, E.PY_RESUME: on_resume, E.PY_THROW: on_resume}

    def _make_exit_events(self):
        """Callbacks for frames suspending at a yield, returning, unwinding, and catching."""
        E = sys.monitoring.events
        rec = self.rec
        infos = rec.infos
        leave = rec.steps.leave
        stack = self.stack
        suspended = self.suspended
        untraced = self.untraced
        pop_state = self._pop_state
        on_error = self._on_error
        getframe = sys._getframe
        get_ident = _thread.get_ident
        main = self.main_ident

        def on_yield(code, offset, value):
            if get_ident() != main:
                return
            try:
                frame = getframe(1)
                st = pop_state(frame)
                if st is not None:
                    # a suspended statement (`x = yield v`, `r = await f()`) stays pending
                    suspended[frame] = st
            except (RecursionError, MemoryError):
                return
            except BaseException as e:
                on_error(e)

        def ended(value, exc):
            """The innermost traced frame returned value or unwound with exc: finish its state."""
            try:
                frame = getframe(2)
                st = stack.pop() if stack and stack[-1].frame is frame else pop_state(frame)
                if st is not None:
                    leave(st, frame, value, exc)
            except (RecursionError, MemoryError):
                return
            except BaseException as e:
                on_error(e)

        def untraced_ended(code):
            """A call of a code past its call cap ended (the innermost call of that code is one
            while any are running)."""
            n = untraced.get(id(code))
            if not n:
                return False
            if n == 1:
                del untraced[id(code)]
            else:
                untraced[id(code)] = n - 1
            return True

        def on_return(code, offset, value):
            if get_ident() != main or (untraced and untraced_ended(code)):
                return
            ended(value, None)

        def on_unwind(code, offset, exc):
            if id(code) not in infos or get_ident() != main or (untraced and untraced_ended(code)):
                return
            ended(None, exc)

        def on_handled(code, offset, exc):
            # an exception caught in this frame: the pending statement raised and bound nothing
            if id(code) not in infos or get_ident() != main:
                return
            if stack and stack[-1].code is code:
                stack[-1].pending = 0

        return {E.PY_YIELD: on_yield, E.PY_RETURN: on_return, E.PY_UNWIND: on_unwind,
                E.EXCEPTION_HANDLED: on_handled}

    def _make_line_event(self):
        """The LINE callback: the hottest one."""
        rec = self.rec
        infos = rec.infos
        enter = rec.steps.enter
        line_step = rec.steps.line
        count_line = rec.steps.count_line
        DISABLE = sys.monitoring.DISABLE
        stack = self.stack
        push = stack.append
        untraced = self.untraced
        pop_state = self._pop_state
        on_error = self._on_error
        getframe = sys._getframe
        get_ident = _thread.get_ident
        main = self.main_ident

        def resync(code):
            """A line of a frame whose state is not on top (an event was missed): find it."""
            frame = getframe(2)
            st = pop_state(frame)
            if st is None:
                info = infos[id(code)]
                if info.skip_calls:
                    return None
                st = enter(info, frame)
                st.frame = frame
            push(st)
            return st

        def on_line(code, line):
            if get_ident() != main:
                return
            if untraced and untraced.get(id(code)):
                # a line of an untraced call: counted, nothing else
                return None if count_line(line) else DISABLE
            try:
                st = stack[-1] if stack else None
                if st is None or st.code is not code:
                    st = resync(code)
                    if st is None:
                        return None if count_line(line) else DISABLE
                if not line_step(st, st.frame, line):
                    return DISABLE
            except (RecursionError, MemoryError):
                return
            except BaseException as e:
                on_error(e)

        return on_line

    # ---- the interface -------------------------------------------------------------------------
    def start(self):
        mon = sys.monitoring
        tool = self.tool
        for event, callback in self.callbacks.items():
            mon.register_callback(tool, event, callback)
        for info in self.rec.infos.values():
            mon.set_local_events(tool, info.code, self.local_events)
        mon.set_events(tool, self.global_events)
        self.active = True

    def stop(self):
        if not self.active:
            return
        self.active = False
        mon = sys.monitoring
        tool = self.tool
        try:
            mon.set_events(tool, 0)
            for info in self.rec.infos.values():
                mon.set_local_events(tool, info.code, 0)
            for event in self.callbacks:
                mon.register_callback(tool, event, None)
        except BaseException as e:
            self.rec.error("monitoring stop", e)

    def halt_from_other_thread(self):
        self.stop()

    def reset(self):
        """Call mode: lines DISABLEd at their cap are counted again."""
        try:
            sys.monitoring.restart_events()
        except BaseException:
            pass
        del self.stack[:]
        self.untraced.clear()
