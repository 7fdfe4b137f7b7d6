"""The learner worker: the untrusted process that imports a learner's file and runs calls.

Started by `checker.sandbox` as ``python -I -m checker.worker FILE FD_IN FD_OUT`` in an
empty temporary folder holding a copy of FILE. Everything it sends is plain data (see
`checker.codec`); nothing here decides a score, so nothing here needs to be trusted.

Messages it sends:
    {"status": "ready"}                          the file imported
    {"status": "broken", "error": ERROR}         it did not (syntax error, exception, exit)
    {"id": N, "status": "returned", "value": V}
    {"id": N, "status": "raised", "error": ERROR}
    {"id": N, "status": "unsupported", "detail": "an object of type Foo"}
ERROR is {"type", "types" (the class and its bases), "message", "lines" [[lineno, text]]}.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import traceback
from types import ModuleType
from typing import Any

from checker import codec, protocol

MESSAGE_LIMIT = 2000


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
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename) == learner_path:
            lines.append([frame.lineno, (frame.line or "").strip()])
    if isinstance(exc, SyntaxError) and exc.lineno and not lines:
        lines.append([exc.lineno, (exc.text or "").strip()])
    types = [klass.__name__ for klass in type(exc).__mro__ if klass not in (object,)]
    message = _safe_text(lambda: str(exc))
    if isinstance(exc, SystemExit):
        message = f"the code called exit({_safe_text(lambda: repr(exc.code))})"
    return {"type": type(exc).__name__, "types": types, "message": message, "lines": lines[-5:]}


def load_learner_module(path: str) -> ModuleType:
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(f"learner_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def serve(path: str, fd_in: int, fd_out: int) -> None:
    send = protocol.send
    dumps = json.dumps

    def reply(message: dict[str, Any]) -> None:
        send(fd_out, dumps(message, allow_nan=False).encode())

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
            reply({"id": call_id, "status": "raised", "error": {
                "type": "AttributeError", "types": ["AttributeError", "Exception"],
                "message": f"your file has no function named {request['name']!r}",
                "lines": []}})
            continue
        try:
            args = codec.decode(request["args"], allow_callables=True)
            kwargs = codec.decode(request["kwargs"], allow_callables=True)
            value = function(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - sys.exit in a call is the learner's error
            reply({"id": call_id, "status": "raised", "error": describe_error(exc, path)})
            continue
        try:
            encoded = codec.encode(value)
        except codec.UnsupportedValue as exc:
            reply({"id": call_id, "status": "unsupported", "detail": str(exc)})
            continue
        except RecursionError:
            reply({"id": call_id, "status": "unsupported", "detail": "data nested too deeply"})
            continue
        reply({"id": call_id, "status": "returned", "value": encoded})


def main(argv: list[str]) -> None:
    path, fd_in, fd_out = os.path.abspath(argv[0]), int(argv[1]), int(argv[2])
    serve(path, fd_in, fd_out)
    # Skip interpreter teardown: learner atexit hooks and finalizers have nothing to say.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
