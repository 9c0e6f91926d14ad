"""Script mode / call mode, the run's environment, and every way a run ends."""
import builtins
import os
import sys
import _thread
import time

from .backends import open_backend, preferred_backend
from .channel import Channel
from .config import ConfigError, read_config
from .guard import Guard
from .output import Output, make_stream
from .program import load_program
from .recorder import Recorder, blank_trace
from .render import Renderer
from .static import analyse
from .steps import exception_summary
from .watchdog import Watchdog

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
        self.chan = None
        self.cfg = None
        self.backend = None
        self.rec = None
        self.guard = None

    # ---- set-up ------------------------------------------------------------------------------
    def main(self):
        self.chan = Channel(3)
        self.chan.send({"type": "start", "python": "%d.%d.%d" % sys.version_info[:3],
                        "backend": preferred_backend()})
        try:
            cfg = self.cfg = read_config()
        except ConfigError as e:
            self.send_final(blank_trace("killed", e.limits, preferred_backend(), e.problems))
            return
        lim = cfg.limits
        path = cfg.path
        self.renderer = Renderer(lim["maxReprLength"])
        self.output = Output(self.chan, lim["maxOutputBytes"], path)
        program = load_program(path, cfg.source)
        self.source = program.source
        if program.syntax_error is not None or program.compile_error is not None:
            self.rec = Recorder(lim, path, None, self.renderer, self.output)
            self.rec.backend = preferred_backend()
            if program.syntax_error is not None:
                self.finish("syntax-error", {"syntaxError": program.syntax_error})
            else:
                self.compile_failed(program)
            return
        rec = self.rec = Recorder(lim, path, self.analyse(program), self.renderer, self.output)
        if program.analysis_error is not None:
            rec.error("analysis (values and structure may be missing)", program.analysis_error)
        rec.track(_codes(program.code, path))
        if program.tree is not None:
            rec.describe(program.tree, program.source)
        self.backend = open_backend(rec, self.main_ident, lim["maxEvents"])
        rec.backend = self.backend.name
        self.output.on_limit = self.on_output_limit
        self.prepare()
        self.watchdog = Watchdog(lim["timeoutMs"] / 1000.0, self.on_snapshot, self.on_timeout)
        self.watchdog.start()
        self.ballast = bytearray(4 << 20)
        self.limit_memory(lim["memoryMb"])
        if cfg.guard:
            self.start_guard()
        if cfg.call:
            self.call_mode(program.code)
        else:
            self.script_mode(program.code)

    def analyse(self, program):
        """Bindings, loops and function names from the tree; None without (values are then not
        sampled, the run itself is unaffected)."""
        if program.tree is None:
            return None
        try:
            return analyse(program.tree)
        except BaseException as e:
            program.analysis_error = e
            return None

    def start_guard(self):
        guard = self.guard = self.rec.guard = Guard(self.output.current_line)
        try:
            guard.use_private_temp()
        except OSError as e:
            self.rec.error("guard: no private temporary folder (writing temporary files is blocked)", e)
        guard.install()

    def compile_failed(self, program):
        """CPython could not compile the file (too deeply nested): the program's own error, with
        no traceback, as `python FILE` prints it, at the line of the deepest statement. Written
        straight to fd 2, after anything CPython's parser printed there itself (3.8's
        "s_push: parser stack overflow")."""
        e = program.compile_error
        summary = exception_summary(e, 10000)
        text = "%s: %s\n" % (summary["type"], summary["message"]) if summary["message"] else \
            "%s\n" % summary["type"]
        try:
            os.write(2, text.encode("utf-8", "backslashreplace"))
        except OSError:
            pass
        line = program.error_line
        self.finish("exception", {"exception": {
            "type": summary["type"], "message": summary["message"], "line": line,
            "frames": [{"line": line, "function": "<module>"}] if line is not None else [],
            "traceback": text}})

    def prepare(self):
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
            self.backend.stop()

    def _traced_eval(self, code, namespace):
        self.backend.start()
        try:
            return eval(code, namespace)
        finally:
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
        while t is not None:
            c = t.tb_frame.f_code
            if c.co_filename == path:
                function = c.co_name if c.co_name.startswith("<") else self.rec.function_info(c).name
                frames.append({"line": t.tb_lineno, "function": function})
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
            text = "%s: %s\n" % (type(e).__name__, exception_summary(e)["message"])
        d = exception_summary(e, 10000)
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
        rec.read_final_values(rec.frames_at_stop)
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
        self.rec.read_final_values(self.main_frames())

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
        """The one way a run ends (main thread or watchdog): the final trace, then exit."""
        with self.state_lock:
            claimed = not self.finishing
            self.finishing = True
        if not claimed:
            if watchdog:
                return
            while True:  # the other thread is writing the trace and will exit the process
                time.sleep(1)
        if self.guard is not None:
            self.guard.end()
        try:
            self.output.on_limit = None
            self.output.stopped = True
            if self.backend is not None:
                if _thread.get_ident() == self.main_ident:
                    self.backend.stop()
                else:
                    self.backend.halt_from_other_thread()
            self.output.flush()
            trace = self.rec.build(status, extra)
        except BaseException as e:
            trace = self.failed_trace(status, extra, "final: %s: %s" % (type(e).__name__, e))
        if self.guard is not None:
            try:
                self.guard.remove_private_temp()
            except BaseException as e:
                trace["tracerErrors"].append("guard: removing the temporary folder: %s" % e)
        self.send_final(trace)

    def failed_trace(self, status, extra, error):
        """The trace when building the real one failed: what still builds, else a blank one."""
        try:
            errors = list(self.rec.errors) + [error]
            return self.rec.build(status, dict(extra, tracerErrors=errors, lines={}, functions=[]))
        except BaseException:
            limits = self.cfg.limits if self.cfg is not None else {}
            return blank_trace("killed", limits, preferred_backend(), [error])

    def send_final(self, trace):
        try:
            self.chan.send({"type": "trace", "trace": trace})
        except BaseException as e:
            limits = self.cfg.limits if self.cfg is not None else {}
            self.chan.send({"type": "trace", "trace": blank_trace(
                "killed", limits, preferred_backend(), ["send: %s: %s" % (type(e).__name__, e)])})
        finally:
            _real_exit(0)

    def tracer_failed(self, e):
        """The tracer itself failed (not the program): a complete trace that says so."""
        error = "tracer: %s: %s" % (type(e).__name__, e)
        if self.rec is None:
            limits = self.cfg.limits if self.cfg is not None else {}
            self.send_final(blank_trace("killed", limits, preferred_backend(), [error]))
        else:
            self.finish("killed", {"tracerErrors": list(self.rec.errors) + [error]})


def main():
    run = Run()
    try:
        run.main()
    except BaseException as e:
        try:
            if run.chan is None:
                run.chan = Channel(3)
            run.tracer_failed(e)
        finally:
            _real_exit(0)
    _real_exit(0)
