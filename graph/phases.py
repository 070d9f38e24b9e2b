"""Where a build's time goes: seconds per phase, so that a slow build says which step made it slow.

Phases that run side by side (the store loads and the shapes are checked in threads while Python
writes the other formats) each keep their own time, so the phases can add up to more than the wall
time; `wall` is the build's own."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

ORDER = ("read and validate", "emit triples", "sort", "load store", "check shapes", "serialise turtle+json-ld",
         "write files", "state", "audit", "place audit findings", "publish")
"""The phases of a full build, in the order the benchmark shows them (a rebuild adds its own)."""


class Phases:
    """Seconds spent in each named phase; thread-safe, and a phase entered twice adds up."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._lock = threading.Lock()

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - started
            with self._lock:
                self.seconds[name] = self.seconds.get(name, 0.0) + spent

    def run(self, name: str, fn: Callable[..., T], *args: object) -> T:
        """fn(*args), timed as `name` (for work handed to a thread)."""
        with self(name):
            return fn(*args)

    def rounded(self) -> dict[str, float]:
        """The phases in ORDER (then any other, as met), to the millisecond."""
        names = [n for n in ORDER if n in self.seconds] + [n for n in self.seconds if n not in ORDER]
        return {n: round(self.seconds[n], 3) for n in names}
