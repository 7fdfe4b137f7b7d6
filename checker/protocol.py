"""Length-prefixed messages on a pair of pipes between the checker and a learner worker."""

from __future__ import annotations

import os
import select
import struct
import time

HEADER = struct.Struct(">Q")
MAX_MESSAGE = 256 * 1024 * 1024


class ChannelClosed(EOFError):
    """The other side went away (the worker died, or closed its end)."""


class ChannelTimeout(TimeoutError):
    """No complete message before the deadline."""


class MessageTooLarge(ValueError):
    """The worker announced more data than the checker accepts."""


def send(fd: int, payload: bytes) -> None:
    data = HEADER.pack(len(payload)) + payload
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ChannelTimeout()
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise ChannelTimeout()
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise ChannelClosed()
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def receive(fd: int, deadline: float | None = None, max_size: int = MAX_MESSAGE) -> bytes:
    """One whole message, or ChannelTimeout/ChannelClosed/MessageTooLarge."""
    (size,) = HEADER.unpack(_read_exactly(fd, HEADER.size, deadline))
    if size > max_size:
        raise MessageTooLarge(f"{size} bytes")
    return _read_exactly(fd, size, deadline)
