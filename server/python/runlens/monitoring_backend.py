"""sys.monitoring backend (CPython 3.12+): local events on the traced file's code objects only."""
import sys

from .recorder import (S_CODE, S_PEND, S_PEXEC, S_FPATH, S_FUNC, S_LAST, S_FRAME, S_FINALS,
                       F_CALLS, MAX_CALL_PATH)
from .settrace_backend import GEN_FLAGS, exc_info_dict, stmt_owner_ids


class MonitoringBackend(object):
    name = "monitoring"

    def __init__(self, rec, codes, func_ids, main_ident):
        self.rec = rec
        self.codes = codes
        self.code_ids = frozenset(id(c) for c in codes)
        self.func_ids = func_ids
        self.main_ident = main_ident
        self.active = False
        self.tool = None
        self.stack = []
        self.suspended = {}
        self.untraced = {}
        mon = sys.monitoring
        for tool in (5, 4, 3, 2, 1, 0):
            if mon.get_tool(tool) is None:
                self.tool = tool
                break
        if self.tool is None:
            raise RuntimeError("no free sys.monitoring tool id")
        mon.use_tool_id(self.tool, "runlens")
        self._make()

    def _make(self):
        rec = self.rec
        mon = sys.monitoring
        E = mon.events
        DISABLE = mon.DISABLE
        hits = rec.hits
        hits_get = hits.get
        inexact = rec.inexact
        stmts = rec.stmts
        execs = rec.execs
        execs_get = execs.get
        path = rec.path
        path_append = path.append
        cap = rec.cap
        sample_cap = rec.sample_cap
        max_path = rec.max_path
        flush_pending = rec.flush_pending
        func_ids = self.func_ids
        code_ids = self.code_ids
        begin_call = rec.begin_call
        stack = self.stack
        push = stack.append
        suspended = self.suspended
        getframe = sys._getframe
        import _thread
        get_ident = _thread.get_ident
        main = self.main_ident
        max_fp = MAX_CALL_PATH
        end_frame = self._end_frame

        def on_error(e):
            if isinstance(e, (MemoryError, RecursionError)):
                return
            rec.error("monitoring", e)
            self.stop()
            rec.tracing_stopped = True
            rec.all_inexact = True

        owners = stmt_owner_ids(self.codes)
        EMPTY = {}

        def new_state(code, frame):
            st = [code, 0, 0, None, None, 0, 0, None, frame, False, None, False,
                  stmts if id(code) in owners else EMPTY]
            if id(code) in func_ids:
                begin_call(code, frame, st)
            return st

        funcs_get = rec.funcs.get
        # Past maxLineHits calls a (non-generator) function is only counted: `untraced[code]` is
        # how many of its untraced calls are running. Calls and returns nest, so while it is
        # above zero the innermost frame of that code, the one an event comes from, is untraced;
        # no sys._getframe is needed to tell (it is audited, and costly under the guard).
        untraced = self.untraced

        def on_start(code, offset):
            if get_ident() != main:
                return
            try:
                fr = funcs_get(code)
                if fr is not None and fr[F_CALLS] >= cap and not code.co_flags & GEN_FLAGS:
                    fr[F_CALLS] += 1
                    n = untraced.get(code)
                    if n is None:
                        rec.mark_inexact(code)
                        n = 0
                    untraced[code] = n + 1
                    return
                frame = getframe(1)
                push(new_state(code, frame))
            except (RecursionError, MemoryError):
                return
            except BaseException as e:
                on_error(e)

        def on_resume(code, offset, *exc):
            if get_ident() != main or id(code) not in code_ids:
                return
            try:
                frame = getframe(1)
                st = suspended.pop(frame, None)
                if st is None:
                    st = new_state(code, frame)
                push(st)
            except (RecursionError, MemoryError):
                return
            except BaseException as e:
                on_error(e)

        def pop(code, frame):
            if stack:
                st = stack[-1]
                if st[S_FRAME] is frame:
                    return stack.pop()
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][S_FRAME] is frame:
                        st = stack[i]
                        del stack[i:]
                        return st
            return None

        def on_yield(code, offset, value):
            if get_ident() != main:
                return
            try:
                frame = getframe(1)
                st = pop(code, frame)
                if st is not None:
                    # a suspended statement (`x = yield v`, `r = await f()`) stays pending
                    suspended[frame] = st
            except (RecursionError, MemoryError):
                return
            except BaseException as e:
                on_error(e)

        def leave(code, value, exc):
            """A traced frame of `code` returned (value) or unwound (exc): finish its state."""
            try:
                frame = getframe(2)
                st = stack.pop() if stack and stack[-1][S_FRAME] is frame else pop(code, frame)
                if st is not None:
                    end_frame(st, frame, value, exc)
            except (RecursionError, MemoryError):
                return
            except BaseException as e:
                on_error(e)

        def on_return(code, offset, value):
            if get_ident() != main:
                return
            if untraced and untraced.get(code):
                untraced[code] -= 1
                return
            leave(code, value, None)

        def on_unwind(code, offset, exc):
            if id(code) not in code_ids or get_ident() != main:
                return
            if untraced and untraced.get(code):
                untraced[code] -= 1
                return
            leave(code, None, exc)

        def on_handled(code, offset, exc):
            # an exception caught in this frame: the pending statement raised and bound nothing
            if id(code) not in code_ids or get_ident() != main:
                return
            if stack and stack[-1][S_CODE] is code:
                stack[-1][S_PEND] = 0

        def on_line(code, line):
            if get_ident() != main:
                return
            if untraced and untraced.get(code):
                # a line of an untraced call: counted, nothing else
                n = hits_get(line, 0)
                if n >= cap:
                    return DISABLE
                hits[line] = n + 1
                return
            try:
                st = stack[-1] if stack else None
                if st is None or st[S_CODE] is not code:
                    frame = getframe(1)
                    st = pop(code, frame)
                    if st is None:
                        st = new_state(code, frame)
                    push(st)
                n = hits_get(line, 0)
                if n < cap:
                    n += 1
                    hits[line] = n
                    counted = True
                else:
                    counted = False
                    if line not in inexact:
                        inexact.add(line)
                        rec.capped_any = True
                    st[S_FINALS] = True
                if len(path) < max_path:
                    path_append(line)
                else:
                    rec.path_trunc = True
                fp = st[S_FPATH]
                if fp is not None and len(fp) < max_fp:
                    fp.append(line)
                st[S_LAST] = line
                p = st[S_PEND]
                if p:
                    end = stmts[p][0]
                    if line < p or line > end or (line == p and p == end):
                        flush_pending(st, st[S_FRAME], line)
                    else:
                        return None if counted else DISABLE
                if not counted:
                    return DISABLE
                if line in st[12]:
                    e = execs_get(line, 0) + 1
                    execs[line] = e
                    if e <= sample_cap:
                        st[S_PEND] = line
                        st[S_PEXEC] = e
                    else:
                        st[S_FINALS] = True
            except (RecursionError, MemoryError):
                return
            except BaseException as e:
                on_error(e)

        self.callbacks = {
            E.PY_START: on_start,
            E.PY_RESUME: on_resume,
            E.PY_THROW: on_resume,
            E.PY_YIELD: on_yield,
            E.PY_RETURN: on_return,
            E.PY_UNWIND: on_unwind,
            E.EXCEPTION_HANDLED: on_handled,
            E.LINE: on_line,
        }
        self.local_events = E.LINE | E.PY_START | E.PY_RESUME | E.PY_YIELD | E.PY_RETURN
        self.global_events = E.PY_UNWIND | E.PY_THROW | E.EXCEPTION_HANDLED

    def _end_frame(self, st, frame, value, exc):
        rec = self.rec
        if st[S_PEND] and exc is None:  # a statement that raised bound nothing
            rec.flush_pending(st, frame, 0)
        if st[S_FINALS]:
            rec.final_values(st, frame)
        if st[S_FUNC] is not None:
            if exc is not None:
                rec.end_call(st, None, exc_info_dict(exc), frame.f_lineno or st[S_LAST])
            else:
                rec.end_call(st, value, None, frame.f_lineno or st[S_LAST])

    def start(self):
        mon = sys.monitoring
        tool = self.tool
        for event, cb in self.callbacks.items():
            mon.register_callback(tool, event, cb)
        for code in self.codes:
            mon.set_local_events(tool, code, self.local_events)
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
            for code in self.codes:
                mon.set_local_events(tool, code, 0)
            for event in self.callbacks:
                mon.register_callback(tool, event, None)
        except BaseException as e:
            self.rec.error("monitoring stop", e)

    def halt_from_other_thread(self):
        self.stop()

    def reset(self):
        """Call mode: forget what the module's top level did (including DISABLEd lines)."""
        try:
            sys.monitoring.restart_events()
        except BaseException:
            pass
        del self.stack[:]
        self.untraced.clear()
