"""The learner worker: the process that imports a learner's file and runs calls.

Started by `checker.sandbox` as ``python -I -c BOOTSTRAP PACKAGE_PARENT FILE FD_IN FD_OUT
PLAN`` in the learner's temporary folder, holding a copy of FILE. It has two parts:

1. `confine(plan)`, trusted code that runs first, before any learner code: it applies the
   plan the checker computed (see `checker.sandbox`): new mount and network namespaces,
   a read-only file system except the worker's folder and a private /tmp, hidden
   reference solutions, resource limits, and, when started as root, the switch to the
   dedicated unprivileged uid. Any step the plan asks for that fails stops the worker
   before the learner's file is read ("fail closed").
2. `serve`, which imports the learner's file and answers calls. From here on the process
   is untrusted: everything it sends is plain data (see `checker.codec`), and nothing it
   sends decides a score on its own.

Messages it sends:
    {"status": "ready"}                          the file imported
    {"status": "broken", "error": ERROR}         it did not (syntax error, exception, exit)
    {"status": "sandbox", "detail": TEXT}        confinement failed; no learner code ran
    {"id": N, "status": "returned", "value": V}
    {"id": N, "status": "raised", "error": ERROR}
    {"id": N, "status": "unsupported", "detail": "an object of type Foo"}
ERROR is {"type", "types" (the class and its bases), "message", "lines" [[lineno, text]]}.

This module imports only the standard library at top level: `confine` runs (in the
checker's probe, too) before NumPy is imported.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from types import ModuleType
from typing import Any

from checker import protocol

MESSAGE_LIMIT = 2000

# Linux constants (include/uapi/linux/sched.h, mount.h, prctl.h).
CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND = 32, 1024, 2048, 4096
MS_REC, MS_PRIVATE, MS_RELATIME, MS_STRICTATIME = 16384, 1 << 18, 1 << 21, 1 << 24
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
# Mounts that an unprivileged uid cannot write to anyway, or that break when remounted
# (device nodes need /dev without nodev): left as they are.
_KERNEL_FILESYSTEMS = {
    "proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "mqueue", "debugfs",
    "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl", "binfmt_misc",
    "autofs", "hugetlbfs", "efivarfs", "rpc_pipefs", "nsfs",
}

# The start of the message for a function missing from the learner's file (the checker
# suggests `course reset` for it).
NO_SUCH_FUNCTION = "your file has no function named"


class ConfinementFailed(RuntimeError):
    """A step of the sandbox plan failed; the learner's code must not run."""


# -- confinement (trusted: runs before any learner code) ------------------------------------


class Libc:
    def __init__(self) -> None:
        import ctypes

        self._ctypes = ctypes
        self.libc = ctypes.CDLL(None, use_errno=True)

    def _function(self, name: str, *argtypes: Any) -> Any:
        function = getattr(self.libc, name, None)
        if function is None:
            raise ConfinementFailed(f"this system has no {name}()")
        function.argtypes = list(argtypes)
        return function

    def _check(self, result: int, what: str) -> None:
        if result != 0:
            errno = self._ctypes.get_errno()
            raise ConfinementFailed(f"{what}: {os.strerror(errno)}")

    def unshare(self, flags: int) -> None:
        unshare = self._function("unshare", self._ctypes.c_int)
        self._check(unshare(flags), f"unshare({flags:#x})")

    def mount(self, source: str | None, target: str, fstype: str | None, flags: int,
              data: str | None = None) -> None:
        text, number = self._ctypes.c_char_p, self._ctypes.c_ulong
        mount = self._function("mount", text, text, text, number, text)
        def encode(value: str | None) -> bytes | None:
            return None if value is None else os.fsencode(value)

        self._check(mount(encode(source), encode(target), encode(fstype), flags,
                          encode(data)), f"mount on {target}")

    def prctl(self, option: int, value: int) -> None:
        number = self._ctypes.c_ulong
        prctl = self._function("prctl", self._ctypes.c_int, number, number, number, number)
        self._check(prctl(option, value, 0, 0, 0), f"prctl({option})")


def _unescape_mount_path(text: str) -> str:
    # /proc/self/mountinfo writes space, tab, newline and backslash as \\ooo (octal).
    import re

    return re.sub(r"\\([0-7]{3})", lambda match: chr(int(match.group(1), 8)), text)


def _writable_mounts() -> list[tuple[str, int]]:
    """(mount point, per-mount flags to keep) of every read-write, disk-like mount."""
    mounts = []
    with open("/proc/self/mountinfo", encoding="utf-8") as info:
        for line in info:
            left, _, right = line.partition(" - ")
            fields, fstype = left.split(), right.split()[0]
            point, options = _unescape_mount_path(fields[4]), fields[5].split(",")
            if "rw" not in options or fstype in _KERNEL_FILESYSTEMS:
                continue
            keep = MS_NOEXEC if "noexec" in options else 0
            keep |= {"noatime": MS_NOATIME, "relatime": MS_RELATIME,
                     "strictatime": MS_STRICTATIME}.get(
                next((o for o in options if o.endswith("atime")), ""), 0)
            keep |= MS_NODIRATIME if "nodiratime" in options else 0
            mounts.append((point, keep))
    return mounts


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _mount_filesystem_view(libc: Libc, plan: dict[str, Any]) -> None:
    """Everything read-only, fresh scratch folders, hidden paths, the needed paths shown."""
    home = plan["home"]
    libc.mount(None, "/", None, MS_REC | MS_PRIVATE)
    # Handles to what must stay reachable, taken before anything covers it.
    handles = {path: os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
               for path in [*plan["reveal"], home]}
    for point, keep in _writable_mounts():
        try:
            libc.mount(None, point, None,
                       MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | keep)
            continue
        except ConfinementFailed:
            if point == "/":
                raise
        # A mount that refuses a read-only remount is covered with an empty one.
        try:
            libc.mount("course-hidden", point, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV,
                       "size=4k,mode=0755")
        except ConfinementFailed:
            if os.path.lexists(point):
                raise
            # Gone since mountinfo was read: a checker closing a cell (this one's, in the
            # background, or another's) unmounted it and removed its folder, which takes
            # the mount away in every namespace, at any moment of these two attempts.
            # Nothing is left to protect.
    # Hidden first, on the real tree, so a needed folder shown again below (a recursive
    # bind) still has them hidden inside it.
    for folder in plan["hide"]:
        libc.mount("course-hidden", folder, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV,
                   "size=4k,mode=0755")
    for folder in plan["scratch"]:
        libc.mount("course-scratch", folder, "tmpfs", MS_NOSUID | MS_NODEV,
                   f"size={int(plan['scratch_bytes'])},mode=1777")
    for folder in plan["cover"]:
        libc.mount("course-cover", folder, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755")
    old_umask = os.umask(0o022)
    try:
        for path, handle in handles.items():
            os.makedirs(path, exist_ok=True)
            libc.mount(f"/proc/self/fd/{handle}", path, None, MS_BIND | MS_REC)
            flags = MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV
            libc.mount(None, path, None, flags if path == home else flags | MS_RDONLY)
            os.close(handle)
    finally:
        os.umask(old_umask)
    for folder in plan["cover"]:
        libc.mount(None, folder, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    # The old working folder is the covered mount: enter the one now visible.
    os.chdir(home)
    if plan.get("cover_proc"):
        # Last, since the binds above go through /proc/self/fd. A worker that runs as its
        # user's own uid could otherwise reach past this view through /proc/PID/root or
        # /proc/PID/cwd of any other process of that user (the kernel checks only the uid).
        libc.mount("course-hidden", "/proc", "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV,
                   "size=4k,mode=0555")


def _limit_resources(limits: dict[str, int]) -> list[str]:
    """Set the limits this OS enforces; the names of those it refused."""
    try:
        import resource
    except ImportError:  # not a POSIX system
        return sorted(limits)
    refused = []
    for name, value in limits.items():
        kind = getattr(resource, name, None)
        try:
            soft, hard = resource.getrlimit(kind)
            cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(kind, (cap, cap))
        except (TypeError, ValueError, OSError):
            refused.append(name)  # e.g. RLIMIT_AS on macOS: `course doctor` says so
    if "RLIMIT_NPROC" in refused:
        raise ConfinementFailed("setrlimit RLIMIT_NPROC was refused")
    return refused


def _map_own_ids(uid: int, gid: int) -> None:
    # Inside the new user namespace the process keeps the uid and gid it had outside.
    with open("/proc/self/setgroups", "w") as handle:
        handle.write("deny")
    with open("/proc/self/uid_map", "w") as handle:
        handle.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as handle:
        handle.write(f"{gid} {gid} 1")


def confine(plan: dict[str, Any]) -> dict[str, bool]:
    """Apply the sandbox plan to this process; what took effect, or ConfinementFailed.

    Plan keys: namespaces ("mount", "net" as root; "user-net" unprivileged, and "mount"
    made inside that user namespace), home, reveal, scratch, cover, hide, cover_proc,
    scratch_bytes, rlimits {RLIMIT_*: value}, uid/gid (or None), sweep (kill every other
    process of the uid first), parent_death, parent_pid.
    """
    done: dict[str, Any] = {"mount": False, "net": False, "uid": False}
    namespaces = set(plan.get("namespaces", ()))
    linux = sys.platform.startswith("linux")
    libc = Libc() if linux or namespaces else None
    if "user-net" in namespaces:
        try:
            outside = os.getuid(), os.getgid()
            libc.unshare(CLONE_NEWUSER | CLONE_NEWNET)
            _map_own_ids(*outside)
            done["net"] = True
        except (ConfinementFailed, OSError) as exc:
            raise ConfinementFailed(f"user and network namespace: {exc}") from None
    flags = (CLONE_NEWNS if "mount" in namespaces else 0) | (
        CLONE_NEWNET if "net" in namespaces else 0)
    if flags:
        libc.unshare(flags)
        done["net"] = done["net"] or "net" in namespaces
    if "mount" in namespaces:
        _mount_filesystem_view(libc, plan)
        done["mount"] = True
    done["refused_limits"] = _limit_resources(plan.get("rlimits", {}))
    if libc is not None and linux:
        # No setuid or file-capability program can give back what is dropped below.
        libc.prctl(PR_SET_NO_NEW_PRIVS, 1)
    uid, gid = plan.get("uid"), plan.get("gid")
    if uid is not None:
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
        if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid) \
                or os.getgroups():
            raise ConfinementFailed("the switch to the sandbox user did not hold")
        done["uid"] = True
        if plan.get("sweep") and uid != 0:
            import signal

            # Whatever an earlier worker of this uid left running dies now, before the
            # learner's file is read: kill(-1) reaches every process of the uid but this one.
            os.kill(-1, signal.SIGKILL)
    if plan.get("parent_death") and libc is not None and linux:
        import signal

        # Cleared by the uid switch, so set after it: the worker dies with the checker.
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
        if os.getppid() != plan.get("parent_pid", os.getppid()):
            os._exit(1)  # the checker died before this line
    return done


# -- serving (untrusted from the first learner import on) -----------------------------------


def _safe_text(produce: Any, limit: int = MESSAGE_LIMIT) -> str:
    # str() of a learner's exception runs learner code: it may raise or return a monster.
    try:
        text = produce()
        text = text if type(text) is str else "<not a string>"
    except BaseException as exc:  # noqa: BLE001
        text = f"<could not be shown: {type(exc).__name__}>"
    return text if len(text) <= limit else text[:limit] + " [...]"


def describe_error(exc: BaseException, learner_path: str) -> dict[str, Any]:
    lines: list[list[Any]] = []
    try:
        frames = traceback.extract_tb(exc.__traceback__)
    except BaseException:  # noqa: BLE001 - a traceback too deep or too odd to walk
        frames = []
    for frame in frames:
        if os.path.abspath(frame.filename) == learner_path:
            lines.append([frame.lineno, _safe_text(lambda: (frame.line or "").strip(), 300)])
    if isinstance(exc, SyntaxError) and exc.lineno and not lines:
        lines.append([exc.lineno, _safe_text(lambda: (exc.text or "").strip(), 300)])
    types = [klass.__name__ for klass in type(exc).__mro__ if klass not in (object,)]
    message = _safe_text(lambda: str(exc))
    if isinstance(exc, SystemExit):
        message = f"the code called exit({_safe_text(lambda: repr(exc.code))})"
    elif isinstance(exc, EOFError) and message == "EOF when reading a line":
        # input() during a check: the worker's standard input is closed, not a keyboard.
        message = (f"{message} (input() cannot be answered during a check: take the value "
                   "as an argument of the function instead)")
    elif isinstance(exc, RecursionError):
        message = (f"{message} (a function that calls itself without reaching a base case, "
                   f"or recursion deeper than Python's limit of {sys.getrecursionlimit()})")
    return {"type": type(exc).__name__, "types": types, "message": message, "lines": lines[-5:]}


def load_learner_module(path: str) -> ModuleType:
    import importlib.util

    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(f"learner_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _name_files_plainly(home: str) -> None:
    """Warnings about the learner's file name it as the learner knows it ("00_x.py:12"),
    not by the worker's temporary folder."""
    import warnings

    original = warnings.formatwarning

    def formatwarning(message: Warning | str, category: type[Warning], filename: str,
                      lineno: int, line: str | None = None) -> str:
        if filename.startswith(home):
            filename = filename[len(home):]
        return original(message, category, filename, lineno, line)

    warnings.formatwarning = formatwarning


def serve(path: str, fd_in: int, fd_out: int) -> None:
    from checker import codec

    send = protocol.send
    dumps = json.dumps

    def send_payload(payload: bytes) -> None:
        # What the learner's code printed reaches the checker's drain now: a worker ends by
        # SIGKILL, which would lose whatever still sat in the stream buffers.
        for stream in (sys.__stdout__, sys.__stderr__):
            try:
                if stream is not None:
                    stream.flush()
            except BaseException:  # noqa: BLE001 - a stream the learner broke prints nothing
                pass
        send(fd_out, payload)

    def reply(message: dict[str, Any]) -> None:
        send_payload(dumps(message, allow_nan=False).encode())

    _name_files_plainly(os.path.dirname(path) + os.sep)
    try:
        module = load_learner_module(path)
    except BaseException as exc:  # noqa: BLE001 - a learner's exit at import is "broken" too
        reply({"status": "broken", "error": describe_error(exc, path)})
        return
    reply({"status": "ready"})
    while True:
        try:
            request = json.loads(protocol.receive(fd_in))
        except protocol.ChannelClosed:
            return
        call_id = request["id"]
        function = getattr(module, request["name"], None)
        if not callable(function):
            message = f"{NO_SUCH_FUNCTION} {request['name']!r}"
            if function is not None:
                message = (f"{request['name']!r} in your file is a value of type "
                           f"{type(function).__name__}, not a function (did an assignment "
                           "replace the def?)")
            reply({"id": call_id, "status": "raised", "error": {
                "type": "AttributeError", "types": ["AttributeError", "Exception"],
                "message": message, "lines": [], "not_called": True}})
            continue
        try:
            args = codec.decode(request["args"], allow_callables=True)
            kwargs = codec.decode(request["kwargs"], allow_callables=True)
            value = function(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - sys.exit in a call is the learner's error
            reply({"id": call_id, "status": "raised", "error": describe_error(exc, path)})
            continue
        try:
            payload = dumps({"id": call_id, "status": "returned",
                             "value": codec.encode(value)}, allow_nan=False).encode()
        except codec.UnsupportedValue as exc:
            reply({"id": call_id, "status": "unsupported", "detail": str(exc)})
            continue
        except RecursionError:
            reply({"id": call_id, "status": "unsupported", "detail": "data nested too deeply"})
            continue
        except MemoryError:
            payload = b""  # let the encoding go before the reply needs memory
            reply({"id": call_id, "status": "unsupported", "detail": _TOO_LARGE_TO_ENCODE,
                   "too_large": True})
            continue
        if len(payload) > protocol.MAX_MESSAGE:
            size = len(payload)
            payload = b""
            reply({"id": call_id, "status": "unsupported",
                   "detail": _too_large(size, protocol.MAX_MESSAGE), "too_large": True})
            continue
        send_payload(payload)


_TOO_LARGE_TO_ENCODE = ("a value too large to send back (encoding it used up the memory your "
                        "code may use)")


def _too_large(size: int, limit: int) -> str:
    return (f"a value of {size / 1e6:,.0f} MB once encoded, more than the "
            f"{limit / 1e6:,.0f} MB the checker accepts")


def main(argv: list[str]) -> None:
    path, fd_in, fd_out = os.path.abspath(argv[0]), int(argv[1]), int(argv[2])
    run(path, fd_in, fd_out, json.loads(argv[3]) if len(argv) > 3 else {})


def run(path: str, fd_in: int, fd_out: int, plan: dict[str, Any]) -> None:
    """Confine this process, then serve the learner's file; never returns.

    A worker started from scratch (`main`) and one forked by the fork server
    (`checker.zygote`) both come here, so they are confined the same way."""
    try:
        confine(plan)
    except BaseException as exc:  # noqa: BLE001 - fail closed: no learner code runs
        detail = str(exc) if isinstance(exc, ConfinementFailed) else repr(exc)
        protocol.send(fd_out, json.dumps({"status": "sandbox", "detail": detail}).encode())
        os._exit(3)
    sys.dont_write_bytecode = True  # -I ignores PYTHONDONTWRITEBYTECODE
    serve(path, fd_in, fd_out)
    # Skip interpreter teardown: learner atexit hooks and finalizers have nothing to say.
    try:
        sys.stdout.flush()
    finally:
        os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
