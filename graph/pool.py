"""Worker processes that hold the in-memory store and run the endpoint's queries.

A query cannot be stopped from outside once Oxigraph evaluates it, and a thread that has given up
waiting still keeps its core busy. So each query runs in a worker process; one that passes its
timeout is killed (its CPU is free at once) and a fresh worker, which loads the store anew, takes its
place while the other workers go on answering.

A worker is a plain subprocess (`python -m graph.pool`) talking over a socket pair, not a
multiprocessing child: those re-import the parent's main script, which a notebook or a script that
starts a server without a main guard cannot bear.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .errors import CjkgError, QueryError
from .evaluate import QueryTimeout

# What a worker sends back: ("ok", value), ("error", message) for a fault of the query (a syntax error,
# an unknown name), or ("fault", message) for a failure of the toolchain itself.
Answer = tuple[str, Any]


class PoolBusy(CjkgError):
    """Every worker stayed busy for as long as a query may run."""


class WorkerLost(CjkgError):
    """A worker died while it ran a query, or could not load the store (it was replaced)."""


class WorkerFault(CjkgError):
    """A worker failed on a query for a reason other than the query's own fault."""


def _tasks() -> dict[str, Any]:
    # Imported in the worker only: the server process never loads the store or evaluates SPARQL.
    from . import named
    from .evaluate import run_sparql
    from .results import render

    def query(store: Any, sparql: str, fmt: str, max_rows: int | None) -> tuple[bytes, bool]:
        result = run_sparql(store, sparql, None, max_rows)
        return render(result, fmt), result.truncated

    def bind(store: Any, name: str, params: dict[str, str]) -> str:
        return named.bind(store, named.get(name), params)

    return {"query": query, "bind": bind}


def _orphaned_exit(parent: int) -> None:
    """End the worker once its server is gone, even in the middle of a query (a killed server cannot
    kill its workers, and a long query would not notice the closed socket until it ends)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _work(out: str, conn: Connection) -> None:
    """A worker's life: load the store, say ready, then answer tasks until the server goes away."""
    from .store import cached_store

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server stops its workers
    threading.Thread(target=_orphaned_exit, args=(os.getppid(),), daemon=True).start()
    try:
        store = cached_store(Path(out))
    except CjkgError as e:
        conn.send(("error", str(e)))
        return
    tasks = _tasks()
    conn.send(("ok", "ready"))
    while True:
        try:
            kind, *args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: Answer = ("ok", tasks[kind](store, *args))
        except CjkgError as e:
            answer = ("error", str(e))
        except Exception as e:  # reported to the client as a server error; the worker goes on
            answer = ("fault", f"{type(e).__name__}: {e}")
        conn.send(answer)


@dataclass(eq=False)  # each worker is itself, kept in a set
class _Worker:
    process: subprocess.Popen
    conn: Connection
    ready: bool = False


_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


class WorkerPool:
    """`size` worker processes over the build in `out`; call() hands one a task within a timeout."""

    def __init__(self, out: Path | str, size: int = 2):
        if size < 1:
            raise QueryError("the server needs at least one worker")
        self._out = str(Path(out).resolve())
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        started = [self._start() for _ in range(size)]
        try:
            for worker in started:
                self._await_ready(worker)
        except BaseException:
            self.close()
            raise
        for worker in started:
            self._idle.put(worker)

    def _start(self) -> _Worker:
        mine, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (_PACKAGE_ROOT, os.environ.get("PYTHONPATH"))))}
        with theirs:
            process = subprocess.Popen([sys.executable, "-m", "graph.pool", str(theirs.fileno()), self._out],
                                       pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env)
        worker = _Worker(process, Connection(mine.detach()))
        with self._lock:
            self._workers.add(worker)
        return worker

    def _await_ready(self, worker: _Worker) -> None:
        try:
            status, message = worker.conn.recv()
        except (EOFError, OSError):
            status, message = "error", f"it exited with code {worker.process.wait()}"
        if status != "ok":
            self._stop(worker)
            raise WorkerLost(f"a query worker could not load the store: {message}")
        worker.ready = True

    def _stop(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.wait()
        worker.conn.close()
        with self._lock:
            self._workers.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker)
        if not self._closed:
            self._idle.put(self._start())  # it loads the store while the others answer

    def pids(self) -> list[int]:
        """The process ids of the live workers (for monitoring and tests)."""
        with self._lock:
            return sorted(w.process.pid for w in self._workers)

    def call(self, timeout: float | None, kind: str, *args: Any) -> Any:
        """Run a task on a free worker: its value, or QueryError with the worker's message; QueryTimeout
        (the worker is killed and replaced) if it runs past `timeout` seconds."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise PoolBusy(f"every query worker stayed busy for {timeout:g} s; try again") from None
        try:
            if not worker.ready:
                self._await_ready(worker)
            worker.conn.send((kind, *args))
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise QueryTimeout(f"the query ran longer than its timeout of {timeout:g} s; it was stopped")
            status, value = worker.conn.recv()
        except (EOFError, OSError) as e:
            self._replace(worker)
            raise WorkerLost(f"the query worker died while running the query ({e or 'no answer'})") from None
        except WorkerLost:
            if not self._closed:
                self._idle.put(self._start())
            raise
        self._idle.put(worker)
        if status == "fault":
            raise WorkerFault(value)
        if status != "ok":
            raise QueryError(value)
        return value

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            self._stop(worker)


__all__ = ["PoolBusy", "WorkerFault", "WorkerLost", "WorkerPool"]

if __name__ == "__main__":  # a worker: python -m graph.pool FD OUT
    _work(sys.argv[2], Connection(int(sys.argv[1])))
