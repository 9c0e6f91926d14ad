"""Script mode / call mode, the run's environment, and every way a run ends."""
import builtins
import os
import sys
import _thread
import time

from .channel import Channel
from .config import read_config
from .output import Output, make_stream
from .recorder import Recorder, S_CODE
from .render import Renderer
from .guard import Guard
from .static import analyse
from .settrace_backend import SettraceBackend, exc_info_dict
from .watchdog import Watchdog

if sys.version_info >= (3, 12):
    from .monitoring_backend import MonitoringBackend
else:
    MonitoringBackend = None

PKG_DIR = os.path.dirname(os.path.abspath(__file__))
TRACER_DIR = os.path.dirname(PKG_DIR)
_real_exit = os._exit
_perf = time.perf_counter
RESULT_MAX = 65536


def _seconds(ms):
    s = ms / 1000.0
    return "%d s" % s if s == int(s) else "%.1f s" % s


def _bytes(n):
    for unit, size in (("MB", 1048576), ("MB", 1000000), ("KB", 1024), ("KB", 1000)):
        if n >= size and n % size == 0:
            return "%d %s" % (n // size, unit)
    if n >= 1000000:
        return "%.1f MB" % (n / 1000000.0)
    if n >= 1000:
        return "%.0f KB" % (n / 1000.0)
    return "%d bytes" % n


def _codes(code, filename):
    out = []
    stack = [code]
    while stack:
        c = stack.pop()
        if c.co_filename == filename:
            out.append(c)
        for k in c.co_consts:
            if type(k) is type(code):
                stack.append(k)
    return out


def _blame_call_site(tb):
    """On 3.8-3.10 a RecursionError can be raised by the tracer's own call event, which puts the
    new frame's `def` line last; Python without a tracer blames the call site, so drop it."""
    prev, t = None, tb
    while t is not None and t.tb_next is not None:
        prev, t = t, t.tb_next
    if prev is not None and t.tb_lineno == t.tb_frame.f_code.co_firstlineno:
        prev.tb_next = None


def _clean_tb(tb):
    """The traceback without the tracer's own frames."""
    entries = []
    while tb is not None:
        if not tb.tb_frame.f_code.co_filename.startswith(PKG_DIR):
            entries.append(tb)
        tb = tb.tb_next
    if all(a.tb_next is b for a, b in zip(entries, entries[1:])) and \
            (not entries or entries[-1].tb_next is None):
        return entries[0] if entries else None
    new = None
    for t in reversed(entries):
        new = type(t)(new, t.tb_frame, t.tb_lasti, t.tb_lineno)
    return new


class Run(object):
    def __init__(self):
        self.main_ident = _thread.get_ident()
        self.pid = os.getpid()
        self.state_lock = _thread.allocate_lock()
        self.finishing = False
        self.ballast = None
        self.backend = None
        self.rec = None

    # ---- set-up ------------------------------------------------------------------------------
    def main(self):
        cfg = self.cfg = read_config()
        self.chan = Channel(3)
        use_mon = MonitoringBackend is not None and os.environ.get("RUNLENS_BACKEND") != "settrace"
        self.backend_name = "monitoring" if use_mon else "settrace"
        self.chan.send({"type": "start", "python": "%d.%d.%d" % sys.version_info[:3],
                        "backend": self.backend_name})
        lim = cfg.limits
        path = cfg.path
        self.renderer = Renderer(lim["maxReprLength"])
        self.output = Output(self.chan, lim["maxOutputBytes"], path)

        source = cfg.source
        if source is None:
            with open(path, "rb") as f:
                source = f.read()
        elif source.startswith("\ufeff"):
            source = source[1:]
        import _ast
        try:
            tree = compile(source, path, "exec", _ast.PyCF_ONLY_AST, dont_inherit=True)
            code = compile(tree, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as e:
            self.rec = Recorder(cfg, None, self.renderer, self.output)
            self.rec.backend = self.backend_name
            if isinstance(e, SyntaxError):
                err = {"message": str(e.msg), "line": e.lineno or 1, "column": e.offset or 1}
            else:
                err = {"message": str(e), "line": 1, "column": 1}
            self.finish("syntax-error", {"syntaxError": err})
            return
        static = None
        try:
            static = analyse(tree)
        except BaseException as e:  # keep going without bindings
            static_error = e
        else:
            static_error = None
        rec = self.rec = Recorder(cfg, static, self.renderer, self.output)
        rec.backend = self.backend_name
        if static_error is not None:
            rec.error("static", static_error)
        codes = _codes(code, path)
        rec.codes = codes  # keeps the code objects (and their ids) alive
        rec.parsed = (tree, source if isinstance(source, str) else source.decode("utf-8", "replace"))
        func_ids = set(id(c) for c in rec.function_codes())
        if use_mon:
            try:
                self.backend = MonitoringBackend(rec, codes, func_ids, self.main_ident)
            except Exception as e:
                rec.error("monitoring unavailable", e)
                self.backend_name = rec.backend = "settrace"
        if self.backend is None:
            self.backend = SettraceBackend(rec, codes, func_ids, lim["maxEvents"])
        self.output.on_limit = self.on_output_limit

        if isinstance(source, bytes):
            source = source.decode("utf-8", "replace")
        self.source = source
        self.prepare(source)
        self.watchdog = Watchdog(lim["timeoutMs"] / 1000.0, self.on_snapshot, self.on_timeout)
        self.watchdog.start()
        self.ballast = bytearray(4 << 20)
        self.limit_memory(lim["memoryMb"])
        if cfg.guard:
            rec.guard = Guard(self.output.current_line)
            rec.guard.install()
        if cfg.call:
            self.call_mode(code)
        else:
            self.script_mode(code)

    def prepare(self, source):
        cfg = self.cfg
        path = cfg.path
        sys.argv = [path] + list(cfg.argv)
        folder = os.path.dirname(os.path.abspath(path))
        if sys.path and sys.path[0] == TRACER_DIR:
            sys.path[0] = folder
        else:
            sys.path.insert(0, folder)
        if cfg.cwd:
            try:
                os.chdir(cfg.cwd)
            except OSError:
                pass
        self.stdout = make_stream(self.output, "stdout")
        self.stderr = make_stream(self.output, "stderr")
        sys.stdout = self.stdout
        sys.stderr = self.stderr
        run = self

        def _exit(status):
            if os.getpid() != run.pid:
                _real_exit(status)
            try:
                code = int(status)
            except BaseException:
                code = 1
            run.stop_clock()
            run.finish("exit", {"exitCode": code})

        os._exit = _exit

    def limit_memory(self, mb):
        try:
            import resource
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            want = int(mb) * 1024 * 1024
            if hard != resource.RLIM_INFINITY and hard < want:
                want = hard
            resource.setrlimit(resource.RLIMIT_AS, (want, hard))
        except Exception:
            pass

    # ---- running -----------------------------------------------------------------------------
    def _traced_exec(self, code, namespace):
        self.backend.start()
        try:
            exec(code, namespace)
        finally:
            self.check_trace_lost()
            self.backend.stop()

    def check_trace_lost(self):
        """settrace is removed by CPython when the trace function raises (e.g. RecursionError)."""
        b = self.backend
        if b.name == "settrace" and b.active and sys.gettrace() is None:
            self.rec.tracing_stopped = True
            self.rec.all_inexact = True

    def _traced_eval(self, code, namespace):
        self.backend.start()
        try:
            return eval(code, namespace)
        finally:
            self.check_trace_lost()
            self.backend.stop()

    def start_clock(self):
        if self.rec.t0 is None:
            self.rec.t0 = _perf()
        self.rec.t1 = None
        self.watchdog.begin(self.rec.t0)

    def stop_clock(self):
        if self.rec.t1 is None:
            self.rec.t1 = _perf()

    def script_mode(self, code):
        path = self.cfg.path
        main_mod = type(sys)("__main__")
        g = main_mod.__dict__
        try:
            loader = sys.modules["_frozen_importlib_external"].SourceFileLoader("__main__", path)
        except Exception:
            loader = None
        g["__file__"] = path
        g["__cached__"] = None
        g["__loader__"] = loader
        g["__builtins__"] = builtins
        self.old_main = sys.modules.get("__main__")
        sys.modules["__main__"] = main_mod
        completed, _ = self._run_user(self._traced_exec, code, g)
        if completed:
            self.finish_normally("ok", {})

    def _run_user(self, run, code, g):
        """Run the user's code under the tracer: (True, value), or (False, None) when it raised,
        which has then ended the run."""
        self.start_clock()
        try:
            value = run(code, g)
        except BaseException as e:
            self.stop_clock()
            self.ended_with(e)
            return False, None
        self.stop_clock()
        return True, value

    def call_mode(self, code):
        cfg = self.cfg
        path = cfg.path
        name = os.path.splitext(os.path.basename(path))[0] or "module"
        mod = type(sys)(name)
        g = mod.__dict__
        g["__file__"] = path
        g["__builtins__"] = builtins
        sys.modules[name] = mod
        completed, _ = self._run_user(self._traced_exec, code, g)
        if not completed:
            return
        # the call only: forget the module's top level (its values, path and output); the time
        # limit and durationMs still cover the whole run
        self.rec.reset()
        self.output.reset()
        self.backend.reset()
        if isinstance(self.backend, SettraceBackend):
            self.backend.budget = cfg.limits["maxEvents"]
        try:
            call_code = compile(cfg.call, "<call>", "eval", dont_inherit=True)
        except BaseException as e:
            self.stop_clock()
            self.ended_with(e)
            return
        completed, value = self._run_user(self._traced_eval, call_code, g)
        if not completed:
            return
        try:
            r = repr(value)
            if type(r) is not str:
                raise TypeError("__repr__ returned non-string")
        except BaseException as e:
            self.ended_with(e)
            return
        result = {"repr": r[:RESULT_MAX], "truncated": len(r) > RESULT_MAX}
        self.finish_normally("ok", {"result": result})

    # ---- endings -----------------------------------------------------------------------------
    def ended_with(self, e):
        if isinstance(e, SystemExit):
            c = e.code
            if c is None:
                code = 0
            elif isinstance(c, int):
                code = int(c)
            else:
                try:
                    self.stderr.write(str(c) + "\n")
                except BaseException:
                    pass
                code = 1
            self.finish_normally("exit", {"exitCode": code})
            return
        if isinstance(e, MemoryError):
            self.ballast = None
        info = self.exception_info(e)
        try:
            self.stderr.write(info["traceback"])
        except BaseException:
            pass
        if isinstance(e, MemoryError):
            msg = "Stopped: the program used more than %d MB of memory" % self.cfg.limits["memoryMb"]
            self.finish_normally("memory", {"exception": info, "stoppedBy": {
                "limit": "memory", "message": msg, "line": info["line"]}})
            return
        self.finish_normally("exception", {"exception": info})

    def exception_info(self, e):
        path = self.cfg.path
        seen = set()
        x = e
        while x is not None and id(x) not in seen:
            seen.add(id(x))
            try:
                x.__traceback__ = _clean_tb(x.__traceback__)
            except BaseException:
                pass
            x = x.__cause__ or x.__context__
        tb = e.__traceback__
        if isinstance(e, RecursionError):
            _blame_call_site(tb)
        frames = []
        t = tb
        funcs = self.rec.static.funcs if self.rec.static else {}
        while t is not None:
            c = t.tb_frame.f_code
            if c.co_filename == path:
                info = funcs.get((c.co_firstlineno, c.co_name))
                frames.append({"line": t.tb_lineno, "function": info[0] if info else c.co_name})
            t = t.tb_next
        try:
            import linecache
            linecache.cache[path] = (len(self.source), None, self.source.splitlines(True), path)
        except BaseException:
            pass
        try:
            import traceback
            text = "".join(traceback.format_exception(type(e), e, tb))
        except BaseException:
            text = "%s: %s\n" % (type(e).__name__, exc_info_dict(e)["message"])
        d = exc_info_dict(e, 10000)
        return {"type": d["type"], "message": d["message"],
                "line": frames[-1]["line"] if frames else None, "frames": frames,
                "traceback": text}

    def finish_normally(self, status, extra):
        """The program ended (main thread): atexit handlers, final values, then the trace."""
        self.backend.stop()
        try:
            import atexit
            atexit._run_exitfuncs()
        except BaseException:
            pass
        rec = self.rec
        for frame in rec.stopped_frames:
            try:
                rec.final_values([frame.f_code], frame)
            except BaseException as e:
                rec.error("final", e)
        left = 0
        threading = sys.modules.get("threading")
        if threading is not None:
            try:
                main = threading.main_thread()
                for t in threading.enumerate():
                    if t is not main and not t.daemon and t.is_alive():
                        left += 1
            except BaseException:
                pass
        extra["threadsLeftRunning"] = left
        self.finish(status, extra)

    def main_frames(self):
        """The main thread's frames of the traced file, innermost first (from any thread)."""
        try:
            f = sys._current_frames().get(self.main_ident)
        except BaseException:
            return []
        path = self.cfg.path
        frames = []
        while f is not None:
            if f.f_code.co_filename == path:
                frames.append(f)
            f = f.f_back
        return frames

    def read_running_finals(self):
        """A run stopped by a limit: read the final values of the main thread's traced frames,
        so hot lines show where they really were, not their last sampled execution."""
        rec = self.rec
        for f in self.main_frames():
            try:
                rec.final_values([f.f_code], f)
            except BaseException as e:
                rec.error("final", e)

    def on_output_limit(self, line):
        self.stop_clock()
        self.read_running_finals()
        msg = "Stopped: the program wrote more than %s of output" % _bytes(self.cfg.limits["maxOutputBytes"])
        self.finish("killed", {"stoppedBy": {"limit": "output", "message": msg, "line": line}})

    def main_line(self):
        frames = self.main_frames()
        return frames[0].f_lineno if frames else None

    def on_timeout(self):
        try:
            self.backend.halt_from_other_thread()
        except BaseException:
            pass
        self.stop_clock()
        self.read_running_finals()
        line = self.main_line()
        msg = "Stopped after %s" % _seconds(self.cfg.limits["timeoutMs"])
        if line is not None:
            msg += " at line %d" % line
        self.finish("timeout", {"stoppedBy": {"limit": "time", "message": msg, "line": line}},
                    watchdog=True)

    def on_snapshot(self):
        with self.state_lock:
            if self.finishing:
                return
            try:
                self.output.flush()
                trace = self.rec.build("killed", {})
                self.chan.send({"type": "snapshot", "trace": trace})
            except BaseException as e:
                self.rec.error("snapshot", e)

    def finish(self, status, extra, watchdog=False):
        with self.state_lock:
            claimed = not self.finishing
            self.finishing = True
        if not claimed:
            if watchdog:
                return
            while True:  # the other thread is writing the trace and will exit the process
                time.sleep(1)
        if self.rec is not None and self.rec.guard is not None:
            self.rec.guard.stop()
        try:
            self.output.on_limit = None
            self.output.stopped = True
            if _thread.get_ident() == self.main_ident and self.backend is not None:
                self.backend.stop()
            elif self.backend is not None:
                self.backend.halt_from_other_thread()
            self.output.flush()
            trace = self.rec.build(status, extra)
            self.chan.send({"type": "trace", "trace": trace})
        except BaseException as e:
            try:
                self.chan.send({"type": "trace", "trace": self.rec.build(status, dict(
                    extra, tracerErrors=["final: %s: %s" % (type(e).__name__, e)],
                    lines={}, functions=[]))})
            except BaseException:
                pass
        finally:
            _real_exit(0)


def main():
    run = Run()
    try:
        run.main()
    except BaseException as e:
        # the tracer itself failed: report what we can
        try:
            run.chan.send({"type": "trace", "trace": {"format": "runlens-trace/1",
                           "tracerErrors": ["tracer: %s: %s" % (type(e).__name__, e)]}}) \
                if run.rec is None else run.finish("killed", {"tracerErrors": [
                    "tracer: %s: %s" % (type(e).__name__, e)]})
        finally:
            _real_exit(0)
    _real_exit(0)
