"""sys.settrace backend (CPython < 3.12): one small local trace function per traced frame."""
import sys

from .recorder import (S_CODE, S_PEND, S_PEXEC, S_FPATH, S_FUNC, S_LAST, S_EXC, S_FINALS,
                       F_CALLS, MAX_CALL_PATH)

GEN_FLAGS = 0x20 | 0x80 | 0x100 | 0x200
STICKY_OVERFLOW = sys.version_info < (3, 11)


def exc_info_dict(value, max_len=500):
    try:
        msg = str(value)
    except BaseException:
        msg = "<str() failed>"
    if len(msg) > max_len:
        msg = msg[:max_len - 1] + "\u2026"
    return {"type": type(value).__name__, "message": msg}


def stmt_owner_ids(codes):
    """Code objects that hold statements (not lambdas/comprehensions/genexprs)."""
    return frozenset(id(c) for c in codes
                     if c.co_name == "<module>" or not c.co_name.startswith("<"))


def _yield_checker():
    import opcode
    yv = opcode.opmap.get("YIELD_VALUE", -1)
    yf = opcode.opmap.get("YIELD_FROM", -1)

    def is_yield(frame):
        code = frame.f_code.co_code
        i = frame.f_lasti
        if i < 0 or i >= len(code):
            return False
        op = code[i]
        if op == yv:
            return True
        return yf >= 0 and i + 2 < len(code) and code[i + 2] == yf

    return is_yield


def _frame_state(local_trace):
    """The per-frame state list a frame's local trace function closes over (None if untraced)."""
    if local_trace is None or getattr(local_trace, "__closure__", None) is None:
        return None
    try:
        cell = local_trace.__closure__[local_trace.__code__.co_freevars.index("st")]
        return cell.cell_contents
    except (ValueError, IndexError):
        return None


class SettraceBackend(object):
    name = "settrace"

    def __init__(self, rec, codes, func_ids, max_events):
        self.rec = rec
        self.active = False
        self.func_ids = func_ids
        self.stmt_owners = stmt_owner_ids(codes)
        self.has_gen = any(c.co_flags & GEN_FLAGS for c in codes)
        self.is_yield = _yield_checker() if self.has_gen else None
        self.budget = max_events
        self.capped_codes = set()
        self.gtrace = self._make()

    def _make(self):
        rec = self.rec
        filename = rec.filename
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
        funcs_get = rec.funcs.get
        capped_codes = self.capped_codes
        max_path = rec.max_path
        flush_pending = rec.flush_pending
        func_ids = self.func_ids
        begin_call = rec.begin_call
        suspended = {}
        backend = self
        stmt_owners = self.stmt_owners
        EMPTY = {}
        end_frame = self._end_frame
        max_fp = MAX_CALL_PATH

        def on_error(e):
            if isinstance(e, (MemoryError, RecursionError)):
                return
            rec.error("settrace", e)
            backend.stop()
            rec.tracing_stopped = True
            rec.all_inexact = True

        def gtrace(frame, event, arg):
            if frame.f_code.co_filename != filename:
                return None
            try:
                code = frame.f_code
                st = suspended.pop(frame, None) if suspended else None
                if st is None:
                    if id(code) in func_ids:
                        fr = funcs_get(code)
                        if fr is not None and fr[F_CALLS] >= cap:
                            # past maxLineHits calls a function is only counted, like a hot line
                            # (its frames get no local trace: no line events, no budget spent)
                            fr[F_CALLS] += 1
                            if code not in capped_codes:
                                capped_codes.add(code)
                                rec.mark_inexact(code)
                            return None
                    st = [code, 0, 0, None, None, 0, 0, None, None, False, None, False]
                    if id(code) in func_ids:
                        begin_call(code, frame, st)
                my_stmts = stmts if id(code) in stmt_owners else EMPTY
            except RecursionError:
                if STICKY_OVERFLOW:
                    raise
                return None
            except BaseException as e:
                on_error(e)
                return None

            def local(frame, event, arg):
                try:
                    if event == "line":
                        b = backend.budget - 1
                        backend.budget = b
                        if b < 0:
                            backend.out_of_budget()
                            return None
                        line = frame.f_lineno
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
                        if st[S_EXC] is not None:
                            # the pending statement raised: the names it binds were not bound
                            st[S_EXC] = None
                            st[S_PEND] = 0
                        p = st[S_PEND]
                        if p:
                            end = stmts[p][0]
                            if line < p or line > end or (line == p and p == end):
                                flush_pending(st, frame, line)
                            else:
                                return local
                        if counted and line in my_stmts:
                            e = execs_get(line, 0) + 1
                            execs[line] = e
                            if e <= sample_cap:
                                st[S_PEND] = line
                                st[S_PEXEC] = e
                            else:
                                st[S_FINALS] = True
                    elif event == "return":
                        end_frame(frame, st, arg, suspended)
                    elif event == "exception":
                        # an awaited coroutine or a `yield from` finishing shows up as StopIteration
                        if arg[0] is not StopIteration and arg[0] is not StopAsyncIteration:
                            st[S_EXC] = arg
                    return local
                except RecursionError:
                    # 3.8-3.10 keep an "overflowed" flag until the stack unwinds: swallowing
                    # the error here would let the program recurse on into a fatal error.
                    if STICKY_OVERFLOW:
                        raise
                    return local
                except MemoryError:
                    return local
                except BaseException as e:
                    on_error(e)
                    return None

            return local

        return gtrace

    def _end_frame(self, frame, st, value, suspended):
        rec = self.rec
        code = st[S_CODE]
        if code.co_flags & GEN_FLAGS and self.is_yield(frame):
            # a suspended statement (`x = yield v`, `r = await f()`) stays pending until resumed
            st[S_EXC] = None
            suspended[frame] = st
            return
        if st[S_PEND] and st[S_EXC] is None:
            rec.flush_pending(st, frame, 0)
        if st[S_FINALS]:
            rec.final_values(st, frame)
        if st[S_FUNC] is not None:
            exc = st[S_EXC]
            if exc is not None:
                rec.end_call(st, None, exc_info_dict(exc[1]), frame.f_lineno or st[S_LAST])
            else:
                rec.end_call(st, value, None, frame.f_lineno or st[S_LAST])

    def out_of_budget(self):
        """The global event budget ran out: switch tracing off (counts become lower bounds).

        A trace function alone slows 3.8-3.11 down 2-2.5x, so line tracing stops entirely. The
        functions still running get a profile hook (cheap: no line events) that only waits for
        them to return, so their return values and the final values of their hot lines are
        still recorded; it removes itself once the last of them has returned.
        """
        rec = self.rec
        rec.tracing_stopped = True
        rec.all_inexact = True
        running = {}
        f = sys._getframe(1)
        fn = rec.filename
        while f is not None:
            if f.f_code.co_filename == fn:
                rec.stopped_frames.append(f)
                st = _frame_state(f.f_trace)
                if st is not None and st[S_FUNC] is not None:
                    running[f] = st
            f = f.f_back
        self.stop()
        if running:
            end_frame = self._end_frame

            def on_return(frame, event, arg):
                if event != "return":
                    return
                st = running.pop(frame, None)
                if st is None:
                    return
                try:
                    end_frame(frame, st, arg, {})
                except BaseException as e:
                    rec.error("return after budget", e)
                if not running:
                    sys.setprofile(None)

            sys.setprofile(on_return)

    def start(self):
        self.active = True
        sys.settrace(self.gtrace)

    def stop(self):
        if self.active:
            self.active = False
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
        self.capped_codes.clear()
