"""Blocks destructive side effects in runs nobody asked for (config "guard": runs started by typing).

A program runs on every pause in typing, half-written: `open("rep", "w")` on the way to
`open("report.txt", "w")` would leave a file per pause, and a path typed into `shutil.rmtree` is
deleted before it is finished. With the guard on, an audit hook (PEP 578) makes such operations
raise PermissionError at their line instead, and records them; reading files, computing and
printing are untouched, and so is anything done inside the temporary folder (tempfile works).
"""
import os
import sys

# audit event -> what it would do, in the user's words
BLOCKED = {
    "os.remove": "delete a file",
    "os.rmdir": "delete a folder",
    "shutil.rmtree": "delete a folder tree",
    "os.rename": "rename or move a file",
    "os.truncate": "truncate a file",
    "os.mkdir": "create a folder",
    "os.chmod": "change a file's permissions",
    "os.chown": "change a file's owner",
    "os.link": "create a link",
    "os.symlink": "create a link",
    "subprocess.Popen": "start a process",
    "os.system": "run a shell command",
    "os.exec": "replace the process with another program",
    "os.posix_spawn": "start a process",
    "os.spawn": "start a process",
    "os.fork": "fork the process",
    "os.kill": "send a signal to a process",
    "os.killpg": "send a signal to a process group",
    "socket.connect": "open a network connection",
    "socket.sendto": "send data over the network",
}

# events on paths (how many leading arguments are paths): allowed inside the temporary folder
PATH_EVENTS = {
    "os.remove": 1, "os.rmdir": 1, "shutil.rmtree": 1, "os.rename": 2, "os.truncate": 1,
    "os.mkdir": 1, "os.chmod": 1, "os.chown": 1, "os.link": 2, "os.symlink": 2,
}

WATCHED = frozenset(BLOCKED) | frozenset(["open"])

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
MAX_RECORDED = 20


def _temp_dirs():
    dirs = ["/tmp", "/var/tmp", "/dev/shm"]
    for name in ("TMPDIR", "TEMP", "TMP"):
        value = os.environ.get(name)
        if value:
            dirs.append(value)
    return tuple(os.path.realpath(d).rstrip(os.sep) + os.sep for d in dirs)


ALWAYS_WRITABLE = frozenset(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"])


class Guard(object):
    def __init__(self, current_line):
        self.current_line = current_line
        self.blocked = []
        self.active = False
        self.temp = _temp_dirs()

    def install(self):
        sys.dont_write_bytecode = True  # imports must not try (and fail) to write .pyc files
        watched = WATCHED
        check = self._check

        def hook(event, args):
            # called for every audited event (sys._getframe among them): keep the common case cheap
            if event in watched:
                check(event, args)

        sys.addaudithook(hook)
        self.active = True

    def stop(self):
        self.active = False

    def _check(self, event, args):
        if not self.active:
            return
        if event == "open":
            detail = self._write_target(args)
            if detail is not None:
                self._block("write to a file", detail)
        elif event in BLOCKED:
            if event in PATH_EVENTS and self._all_in_temp(args[:PATH_EVENTS[event]]):
                return
            self._block(BLOCKED[event], "%s %s" % (event, _describe(args)))

    def _in_temp(self, path):
        try:
            real = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        return real in ALWAYS_WRITABLE or real.startswith(self.temp)

    def _all_in_temp(self, paths):
        return all(not isinstance(p, int) and self._in_temp(p) for p in paths)

    def _write_target(self, args):
        """The path an `open` event would write to, or None when it only reads (or is allowed)."""
        try:
            path, mode, flags = args[0], args[1], args[2]
        except (IndexError, TypeError):
            return None
        if isinstance(mode, str):
            writes = any(c in mode for c in "wax+")
        else:
            writes = bool(isinstance(flags, int) and flags & WRITE_FLAGS)
        if not writes or isinstance(path, int) or path is None:
            return None
        if self._in_temp(path):
            return None
        try:
            return repr(os.fsdecode(path))
        except (TypeError, ValueError):
            return repr(path)

    def _block(self, what, detail):
        line = self.current_line()
        if len(self.blocked) < MAX_RECORDED:
            self.blocked.append({"what": what, "detail": detail[:200], "line": line})
        raise PermissionError(
            "Runlens blocked this in a run started while you typed: it would %s (%s). "
            "Run the file yourself to let it, or turn the guard off (runlens.guardSideEffects)."
            % (what, detail[:200]))


def _describe(args):
    try:
        shown = [a for a in args if a is not None and not isinstance(a, (dict, type(None)))]
        text = ", ".join(repr(a) if isinstance(a, (str, bytes, int, tuple, list)) else type(a).__name__
                         for a in shown[:2])
        return text[:160]
    except BaseException:
        return ""
