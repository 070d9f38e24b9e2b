"""A private Virtuoso Open Source server on loopback, for the tests of `cjkg push` and `--endpoint`
and for the benchmark's comparison of engines (scripts/bench.py --virtuoso).

Follows ../shared/reference/virtuoso.md: copy Debian's virtuoso.ini, move every file into a scratch
folder, bind both ports to 127.0.0.1, start in the foreground, wait until /sparql answers.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def available() -> bool:
    return shutil.which("virtuoso-t") is not None and INI.is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Virtuoso:
    process: subprocess.Popen
    http: int

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http}/sparql"

    @property
    def graph_store(self) -> str:
        return f"http://127.0.0.1:{self.http}/sparql-graph-crud-auth"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


LARGE = {"Parameters": {"NumberOfBuffers": "170000", "MaxDirtyBuffers": "130000"},
         "SPARQL": {"ResultSetMaxRows": "10000000", "MaxQueryExecutionTime": "600",
                    "MaxQueryCostEstimationTime": "0"}}
"""Settings for graphs of a million triples: Debian's ini keeps 80 MB of buffers (the ini's own table
gives 170000 for 2 GB of memory), cuts every result at 10,000 rows, and refuses a query that runs over
60 s or that it estimates would run over 400 s (0: no estimate is refused)."""


def _setting(text: str, section: str, key: str, value: str) -> str:
    """The ini text with `key = value` in [section], replacing the key's active line or adding one."""
    pattern = rf"(?m)^(\[{section}\][^\[]*?^{key}\s*=\s*)[^;\n]*"
    if re.search(pattern, text):
        return re.sub(pattern, rf"\g<1>{value}\t", text, count=1)
    return re.sub(rf"(?m)^\[{section}\]\n", f"[{section}]\n{key} = {value}\n", text, count=1)


def start(folder: Path, wait: float = 60.0, settings: dict[str, dict[str, str]] | None = None) -> Virtuoso:
    """Start a server with its database in `folder`; `settings` ({section: {key: value}}) change the ini."""
    sql, http = _free_port(), _free_port()
    text = INI.read_text()
    text = text.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    text = _setting(text, "Parameters", "ServerPort", f"127.0.0.1:{sql}")
    text = _setting(text, "HTTPServer", "ServerPort", f"127.0.0.1:{http}")
    for section, values in (settings or {}).items():
        for key, value in values.items():
            text = _setting(text, section, key, value)
    ini = folder / "virtuoso.ini"
    ini.write_text(text)
    log = open(folder / "stdout.log", "wb")  # noqa: SIM115 - kept open for the server's life
    proc = subprocess.Popen(["virtuoso-t", "+configfile", str(ini), "+foreground"], cwd=folder,
                            stdout=log, stderr=subprocess.STDOUT)
    server = Virtuoso(proc, http)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited: {(folder / 'stdout.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server.sparql}?query=ASK%7B%7D", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.stop()
    raise RuntimeError("virtuoso did not answer in time")
