"""Blocks destructive side effects in runs nobody asked for (config "guard": runs started by typing).

A program runs on every pause in typing, half-written: `open("rep", "w")` on the way to
`open("report.txt", "w")` would leave a file per pause, and a path typed into `shutil.rmtree` is
deleted before it is finished. With the guard on, an audit hook (PEP 578) makes such operations
raise PermissionError at their line instead, and records them; reading files, computing and
printing are untouched, and so is anything done inside the run's own temporary folder: a fresh
private folder made for the run, which TMPDIR, TEMP and TMP point to (so tempfile works) and which
is removed when the run ends. Nothing else is writable, the system's temporary folder included: a
project may live there.
"""
import os
import sys
import _thread

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

# events on paths, allowed inside the run's temporary folder: where in the event's arguments (as
# CPython raises them) each path is, and the directory fd a relative path is relative to (None:
# the working directory). A path given as an open fd (os.ftruncate, os.fchmod) is that file.
PATH_EVENTS = {
    "os.remove": ((0, 1),),
    "os.rmdir": ((0, 1),),
    "shutil.rmtree": ((0, 1),),
    "os.rename": ((0, 2), (1, 3)),
    "os.truncate": ((0, None),),
    "os.mkdir": ((0, 2),),
    "os.chmod": ((0, 2),),
    "os.chown": ((0, 3),),
    "os.link": ((0, 2), (1, 3)),
    "os.symlink": ((0, None), (1, 2)),
}

WATCHED = frozenset(BLOCKED) | frozenset(["open"])

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
MAX_RECORDED = 20


ALWAYS_WRITABLE = frozenset(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"])
TEMP_VARIABLES = ("TMPDIR", "TEMP", "TMP")


def _system_temp_dirs():
    """Where tempfile would make its folders (its own order of candidates)."""
    dirs = [os.environ.get(name) for name in TEMP_VARIABLES]
    dirs += ["/tmp", "/var/tmp", "/usr/tmp"] if os.name != "nt" else []
    return [d for d in dirs if d]


def make_private_temp():
    """A fresh folder only this run uses (mkdtemp's semantics: mode 0700, a random name;
    without importing tempfile, which costs start-up). Returns its real path; raises OSError
    when no temporary folder is writable."""
    error = OSError("no temporary folder")
    for base in _system_temp_dirs():
        for _ in range(5):
            path = os.path.join(base, "runlens-run-" + os.urandom(6).hex())
            try:
                os.mkdir(path, 0o700)
            except FileExistsError as e:
                error = e
                continue
            except OSError as e:
                error = e
                break
            return os.path.realpath(path)
    raise error


def remove_tree(path):
    """Delete a folder and everything in it, as far as possible (no shutil: start-up; no
    recursion: the program may have nested folders deeply)."""
    folders = [path]
    pending = [path]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                    pending.append(entry.path)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass
    for folder in reversed(folders):  # each after everything inside it
        try:
            os.rmdir(folder)
        except OSError:
            pass


class Guard(object):
    def __init__(self, current_line):
        self.current_line = current_line
        self.blocked = []
        self.active = False
        self.ending_thread = None  # set when the run ends: the thread writing the final trace
        self.temp_dir = None  # the run's private temporary folder
        self.temp = ()  # prefixes of writable paths: the private folder
        self.writable = ALWAYS_WRITABLE  # writable paths: /dev/null, the std streams, the folder

    def use_private_temp(self):
        """Make the run's own temporary folder and point the program at it (before its code
        runs: tempfile reads these variables when it is first used)."""
        self.temp_dir = make_private_temp()
        self.temp = (self.temp_dir.rstrip(os.sep) + os.sep,)
        self.writable = ALWAYS_WRITABLE | frozenset([self.temp_dir])
        for name in TEMP_VARIABLES:
            os.environ[name] = self.temp_dir
        tempfile = sys.modules.get("tempfile")
        if tempfile is not None:
            tempfile.tempdir = self.temp_dir

    def remove_private_temp(self):
        """After end(): the program can no longer add files, but one it was creating as the run
        ended (its `open` past this hook, waiting in the system call) may appear after a pass."""
        if self.temp_dir is None:
            return
        for _ in range(3):
            remove_tree(self.temp_dir)
            if not os.path.lexists(self.temp_dir):
                return

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

    def end(self):
        """The run is ending, on this thread: from now on only this thread may change files (it
        removes the private folder), the program may not: it may still be running on another
        thread (the watchdog ends a run that is past its time limit)."""
        self.ending_thread = _thread.get_ident()

    def _check(self, event, args):
        if not self.active:
            return
        if self.ending_thread is not None:
            if _thread.get_ident() == self.ending_thread:
                return
            if event in BLOCKED or (event == "open" and self._writes(args)):
                raise PermissionError("Runlens: the run has ended")
            return
        if event == "open":
            detail = self._write_target(args)
            if detail is not None:
                self._block("write to a file", detail)
        elif event in BLOCKED:
            if event in PATH_EVENTS and self._all_in_temp(args, PATH_EVENTS[event]):
                return
            self._block(BLOCKED[event], "%s %s" % (event, _describe(args)))

    def _in_temp(self, path):
        try:
            path = os.fsdecode(path)
            if os.path.abspath(path) in ALWAYS_WRITABLE:
                return True
            real = os.path.realpath(path)
        except (TypeError, ValueError):
            return False
        return real in self.writable or (bool(self.temp) and real.startswith(self.temp))

    def _all_in_temp(self, args, where):
        for path_at, dir_fd_at in where:
            path = args[path_at] if path_at < len(args) else None
            dir_fd = args[dir_fd_at] if dir_fd_at is not None and dir_fd_at < len(args) else None
            path = _resolve(path, dir_fd)
            if path is None or not self._in_temp(path):
                return False
        return True

    def _writes(self, args):
        """An `open` event (CPython's arguments: path, mode, flags) opens for writing."""
        try:
            path, mode, flags = args
        except (ValueError, TypeError):
            return False
        if isinstance(mode, str):
            return any(c in mode for c in "wax+")
        return bool(isinstance(flags, int) and flags & WRITE_FLAGS)

    def _write_target(self, args):
        """The path an `open` event would write to, or None when it only reads (or is allowed)."""
        if not self._writes(args):
            return None
        path = args[0]
        if isinstance(path, int) or path is None:
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


def _resolve(path, dir_fd):
    """The path an event acts on: a relative path joined to its directory fd's folder, an fd as
    its file's path; None when that cannot be told (then it is not in the temporary folder)."""
    if isinstance(path, int):
        return _fd_path(path)
    try:
        path = os.fsdecode(path)
    except (TypeError, ValueError):
        return None
    if isinstance(dir_fd, int) and not os.path.isabs(path):
        folder = _fd_path(dir_fd)
        return os.path.join(folder, path) if folder is not None else None
    return path


def _fd_path(fd):
    try:
        return os.readlink("/proc/self/fd/%d" % fd)
    except (OSError, ValueError):
        return None


def _describe(args):
    try:
        shown = [a for a in args if a is not None and not isinstance(a, (dict, type(None)))]
        text = ", ".join(repr(a) if isinstance(a, (str, bytes, int, tuple, list)) else type(a).__name__
                         for a in shown[:2])
        return text[:160]
    except BaseException:
        return ""
