"""How counts read in what the course prints and writes: "1 submission", "2 submissions"."""

from __future__ import annotations


def plural(count: int | float, noun: str) -> str:
    """`count` and `noun`, with an s unless the count is one: "1 point", "1.5 points"."""
    return f"{count:g} {noun}" if count == 1 else f"{count:g} {noun}s"
