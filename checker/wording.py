"""How counts read in what the course prints and writes: "1 submission", "2 submissions"."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """`count` and `noun`, with an s unless the count is one."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
