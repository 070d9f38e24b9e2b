#!/usr/bin/env python3
"""Benchmark the toolchain on synthetic sources of about N triples, against its baselines.

Measures, in one run: `cjkg build` end to end, phase by phase (and a rebuild after editing one file,
which must write the full build's bytes again once the edit is undone), Oxigraph's bulk load of the
same N-Triples (the floor for loading; the build's ratio to it is the figure to compare across
machines), every named query through the project's query function, with its row count, and as raw
pyoxigraph (the floor), the named queries on rdflib's in-memory store (at the largest size where each
finishes within a minute), `cjkg report` and `cjkg html`, and the peak memory of the build, report
and export. Writes JSON and prints a table. Timings are medians of several runs where a run takes
under ten seconds. A named query that returns no rows fails the run (exit 1, after the JSON is
written): the synthetic data must give every query something to answer.

    python scripts/bench.py --triples 1000000 --json bench.json

With --virtuoso, also starts a private Virtuoso on loopback (tests/virtuoso.py, with the settings of
tests/virtuoso.LARGE), pushes the build to it (`cjkg push`), runs every named query there with the
same parameters, and records each query's time, rows and whether the rows are the same as
Oxigraph's (as sets of normalised values: graph/engines.py); a query that differs fails the run.

With --curated, times the curator's loop on the curated graph instead: whole `cjkg` processes (a
full build, a build with nothing changed, a build after editing one record, the page, two named
queries), each the median of several runs, in wall time and in the child's CPU time (user + sys,
which a busy machine disturbs less), beside its target.

    python scripts/bench.py --curated --runs 7
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import pyoxigraph as ox  # noqa: E402
from synth import generate  # noqa: E402

from graph.engines import rows_of  # noqa: E402

QUICK = 10.0  # runs shorter than this are repeated and the median kept
CURATED_TARGETS = {  # seconds, whole processes on the curated graph
    "build --full": 1.5, "build, nothing changed": 0.3, "build after editing one record": 1.0,
    "html": 2.0, "query timeline": 0.3, "query leader-meetings": 0.3,
}
REPEATS = 5
RDFLIB_LIMIT = 60.0
QUERY_LIMIT = 30.0
VIRTUOSO_LIMIT = 600.0


def _busiest(store: ox.Store, sparql: str) -> str:
    from graph.namespaces import PREFIXES

    return next(iter(store.query(sparql, prefixes=PREFIXES)))["id"].value


def typical_params(store: ox.Store) -> dict[str, dict[str, str]]:
    """Parameters that name things the synthetic data has, at any size: the person in the most
    events and the project with the most funding agreements."""
    c = "japan"
    person = _busiest(store, "SELECT ?id WHERE { ?e cj:participant ?p . ?p a cj:Person ; dct:identifier ?id } "
                             "GROUP BY ?id ORDER BY DESC(COUNT(?e)) ?id LIMIT 1")
    project = _busiest(store, "SELECT ?id WHERE { ?a cj:funds ?p . ?p dct:identifier ?id } "
                              "GROUP BY ?id ORDER BY DESC(COUNT(?a)) ?id LIMIT 1")
    return {
        "office-holder": {"office": f"{c}-prime-minister", "date": "2000-06-01"},
        "offices-of": {"person": person}, "person-activities": {"person": person},
        "met-with": {"person": person}, "signatories": {"agreement": "syn-agreement-000001"},
        "project-funding": {"project": project}, "events-at": {"place": f"{c}-city-0"},
        "figures": {"measure": "syn-measure-00"}, "sources-of": {"entity": "syn-event-0000001"},
        "entity": {"entity": c}, "search": {"text": "Synthetic Country 00"}, "statements-about": {"entity": c},
        "timeline": {"year": "2010"}, "agreements": {"sector": "defense", "from": "2013"},
        "agreements-in-force": {"date": "2020"}, "leader-meetings": {"from": "2015", "to": "2015"},
        "defence-events": {"from": "2024"}, "projects": {"sector": "transport"},
        "japanese-organisations": {"sector": "development-aid"}, "repeated-meetings": {"min": "2"},
        "most-active-actors": {"from": "2013"},
    }


def timed(fn, quick: float = QUICK, repeats: int = REPEATS) -> float:
    """Seconds for fn(): the median of several runs when one run is quick, else the single run."""
    t = time.perf_counter()
    fn()
    first = time.perf_counter() - t
    if first >= quick:
        return first
    runs = [first]
    for _ in range(repeats - 1):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def outputs(out: Path) -> dict[str, str]:
    """The hash of each serialisation of a build."""
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest()
            for name in ("cjkg.nt", "cjkg.ttl", "cjkg.jsonld")}


def cjkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, check=True,
                          cwd=ROOT)


def run_timed(*args: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + sys of the child) of one `cjkg` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    cjkg(*args)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _edit_point(data: Path) -> tuple[Path, bytes]:
    """A record's title line in the first curated YAML file that has one: what the timed edit changes."""
    for path in sorted(data.rglob("*.yaml")):
        for line in path.read_bytes().splitlines(keepends=True):
            if line.lstrip().startswith(b"title: "):
                return path, line
    raise SystemExit(f"no record with a title in {data}")


def curated(work: Path, runs: int) -> dict[str, Any]:
    """The curator's loop on a copy of the curated data, timed as whole processes."""
    from graph.resources import data_dir

    data, out = work / "curated-data", work / "curated-out"
    shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(data_dir(), data)
    build = ("build", "--data", str(data), "--out", str(out), "-q")
    cjkg(*build)
    path, line = _edit_point(data)
    original = path.read_bytes()
    edits = [original.replace(line, line.rstrip(b"\n") + b" (edited)\n", 1), original]

    def edit_and_build(i: int) -> tuple[float, float]:
        path.write_bytes(edits[i % 2])  # each run a real change: edited, then back
        return run_timed(*build)

    steps = {
        "build --full": lambda i: run_timed(*build, "--full"),
        "build, nothing changed": lambda i: run_timed(*build),
        "build after editing one record": edit_and_build,
        "html": lambda i: run_timed("html", "--out", str(out)),
        "query timeline": lambda i: run_timed("query", "timeline", "--out", str(out), "-f", "csv"),
        "query leader-meetings": lambda i: run_timed("query", "leader-meetings", "--out", str(out), "-f", "csv"),
    }
    rows = []
    try:
        for name, step in steps.items():
            print(f"  {name}", file=sys.stderr, flush=True)
            times = [step(i) for i in range(runs)]
            path.write_bytes(original)
            cjkg(*build)
            rows.append({"measure": name, "target_s": CURATED_TARGETS[name], "runs": runs,
                         "wall_s": round(statistics.median(w for w, _ in times), 3),
                         "cpu_s": round(statistics.median(c for _, c in times), 3),
                         "wall_max_s": round(max(w for w, _ in times), 3)})
    finally:
        path.write_bytes(original)
    cjkg(*build)
    rebuilt = outputs(out)
    cjkg(*build, "--full")
    if outputs(out) != rebuilt:
        raise SystemExit("the rebuilds did not write the full build's bytes")
    triples = json.loads((out / "manifest.json").read_text())["triples"]
    return {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "triples": triples,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "platform": platform.platform(), "load_average": [round(x, 2) for x in os.getloadavg()]},
            "rows": rows}


def curated_table(r: dict[str, Any]) -> str:
    m = r["machine"]
    lines = [f"The curated graph, {r['triples']:,} triples; {r['date']}; {m['cpus']} CPUs, {m['platform']}, "
             f"Python {m['python']}; load average {' '.join(map(str, m['load_average']))} at the end.", "",
             "| measure (whole process) | target (s) | wall, median (s) | CPU user+sys, median (s) | within target |",
             "| --- | --- | --- | --- | --- |"]
    for row in r["rows"]:
        ok = "yes" if row["wall_s"] <= row["target_s"] else "CPU only" if row["cpu_s"] <= row["target_s"] else "no"
        lines.append(f"| cjkg {row['measure']} | {row['target_s']} | {row['wall_s']:.2f} | {row['cpu_s']:.2f} | {ok} |")
    runs = {row["runs"] for row in r["rows"]}
    lines.append(f"\nMedians of {', '.join(map(str, sorted(runs)))} runs each.")
    return "\n".join(lines)


def sources_for(n: int, folder: Path, seed: int) -> Path:
    """Synthetic sources of about n triples, reused when already written with the same size, seed and
    generator."""
    marker = folder / ".synth.json"
    want = {"triples": n, "seed": seed,
            "generator": hashlib.sha256((ROOT / "scripts" / "synth.py").read_bytes()).hexdigest()}
    if not (marker.is_file() and json.loads(marker.read_text()) == want):
        generate(n, folder, seed)
        marker.write_text(json.dumps(want))
    return folder


def bind_all(store: ox.Store) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """The typical parameters, and every named query's text with them bound."""
    from graph.named import bind, library

    params = typical_params(store)
    return params, {name: bind(store, q, params.get(name, {})) for name, q in library().items()}


def measure_queries(out: Path, answers: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Each named query's time through the query function and raw, and its row count; `answers`, if
    given, receives each query's normalised rows (for the comparison with another engine)."""
    from graph.evaluate import QueryTimeout
    from graph.namespaces import PREFIXES
    from graph.querying import query
    from graph.store import cached_store

    store = cached_store(out)  # the store the query function runs on: raw_s is the floor on it
    params, texts = bind_all(store)
    rows = []
    for name, text in texts.items():
        found: list = []
        try:
            s = timed(lambda n=name, f=found: f.append(query(out, n, params.get(n, {}), rebuild=False,
                                                             timeout=QUERY_LIMIT).rows))
        except QueryTimeout:
            rows.append({"name": name, "s": None, "raw_s": None, "rows": None, "note": f"over {QUERY_LIMIT:.0f} s"})
            continue
        raw = timed(lambda t=text: list(store.query(t, prefixes=PREFIXES)))
        rows.append({"name": name, "s": round(s, 6), "raw_s": round(raw, 6), "rows": len(found[0])})
        if answers is not None:
            answers[name] = rows_of(found[0])
    return rows


def virtuoso_queries(out: Path, work: Path, answers: dict[str, Any], queries: list[dict[str, Any]]) -> dict[str, Any]:
    """Push the build to a private Virtuoso and run every named query there; fills each query's
    virtuoso_s, virtuoso_rows and same (rows equal to Oxigraph's as sets of normalised values)."""
    from graph.endpoint import DEFAULT_GRAPH, EndpointError
    from graph.querying import query
    from graph.store import cached_store
    from tests import virtuoso

    if not virtuoso.available():
        raise SystemExit("--virtuoso needs virtuoso-t (Debian package virtuoso-opensource)")
    folder = work / "virtuoso"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    server = virtuoso.start(folder, settings=virtuoso.LARGE)
    try:
        t = time.perf_counter()
        pushed = subprocess.run([sys.executable, "-m", "graph", "push", "--out", str(out), "--endpoint",
                                 server.graph_store, "--user", "dba", "--password", "dba", "--timeout", "3600"],
                                capture_output=True, text=True, cwd=ROOT)
        push_s = time.perf_counter() - t
        if pushed.returncode:  # recorded, so that the rest of the run is kept; the run fails
            for q in queries:
                q.update(virtuoso_s=None, virtuoso_rows=None, same=False)
            return {"push_s": round(push_s, 3), "settings": virtuoso.LARGE, "version": _virtuoso_version(),
                    "error": f"cjkg push failed: {pushed.stdout}{pushed.stderr}"[:1000]}
        params, _ = bind_all(cached_store(out))
        for q in queries:
            name = q["name"]
            try:
                t = time.perf_counter()
                remote = query(out, name, params.get(name, {}), rebuild=False, endpoint=server.sparql,
                               graph=DEFAULT_GRAPH, timeout=VIRTUOSO_LIMIT)
                q["virtuoso_s"] = round(time.perf_counter() - t, 3)
            except EndpointError as e:
                q.update(virtuoso_s=None, virtuoso_rows=None, same=False, virtuoso_error=str(e)[:300])
                continue
            q["virtuoso_rows"] = len(remote.rows)
            q["same"] = name in answers and rows_of(remote.rows) == answers[name]
    finally:
        server.stop()
    return {"push_s": round(push_s, 3), "settings": virtuoso.LARGE, "version": _virtuoso_version()}


def _virtuoso_version() -> str:
    found = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True)
    for line in (found.stdout + found.stderr).splitlines():
        if "Version" in line:
            return line.strip()
    return ""


def _rdflib_worker(nt_path: str, texts: dict[str, str], conn) -> None:
    import rdflib

    from graph.namespaces import PREFIXES

    g = rdflib.Graph()
    g.parse(nt_path, format="nt")
    conn.send(("loaded", None))
    for name, text in texts.items():
        t = time.perf_counter()
        list(g.query(text, initNs=PREFIXES))
        conn.send((name, time.perf_counter() - t))
    conn.send(("done", None))


def rdflib_times(out: Path, texts: dict[str, str], limit: float = RDFLIB_LIMIT) -> dict[str, float] | None:
    """Each query's time on rdflib's memory store, or None if one runs past `limit` seconds."""
    parent, child = mp.get_context("fork").Pipe()
    proc = mp.get_context("fork").Process(target=_rdflib_worker, args=(str(out / "cjkg.nt"), texts, child))
    proc.start()
    times: dict[str, float] = {}
    try:
        if not parent.poll(600):
            return None
        parent.recv()
        while True:
            if not parent.poll(limit + 5):
                return None
            name, seconds = parent.recv()
            if name == "done":
                return times
            if seconds > limit:
                return None
            times[name] = seconds
    finally:
        proc.kill()
        proc.join()


def baseline(n: int, work: Path, seed: int, smallest: int) -> dict[str, Any]:
    """rdflib against the project's store at the largest size (halving from n) where rdflib keeps up."""
    from graph.store import open_store

    size = n
    while True:
        data = sources_for(size, work / f"synth-{size}", seed)
        out = work / f"out-{size}"
        if not (out / "manifest.json").is_file():
            cjkg("build", "--data", str(data), "--out", str(out), "-q")
        _, texts = bind_all(open_store(out))
        slow = rdflib_times(out, texts)
        if slow is not None or size <= smallest:
            break
        print(f"  rdflib took over {RDFLIB_LIMIT:.0f} s on a query at {size} triples; halving", file=sys.stderr)
        size //= 2
    ours = {q["name"]: q["s"] for q in measure_queries(out) if q["s"]}
    triples = json.loads((out / "manifest.json").read_text())["triples"]
    if slow is None:
        return {"rdflib_memory_triples": None, "note": "rdflib did not finish every query within a minute"}
    ratios = {name: round(slow[name] / ours[name], 2) for name in slow if ours.get(name)}
    return {"rdflib_memory_triples": triples,
            "speedup_total": round(sum(slow[k] for k in ratios) / sum(ours[k] for k in ratios), 2),
            "speedup_median": round(statistics.median(ratios.values()), 2), "per_query": ratios,
            "rdflib_s": {k: round(v, 4) for k, v in slow.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, help="About how many triples to generate.")
    parser.add_argument("--json", type=Path, help="Where to write the results (required but with --curated).")
    parser.add_argument("--curated", action="store_true",
                        help="Time the curator's loop on the curated graph (whole processes) instead.")
    parser.add_argument("--runs", type=int, default=7, help="With --curated: runs of each measure.")
    parser.add_argument("--table", action="store_true",
                        help="Only print the table of the results already in --json, without measuring.")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "cjkg-bench",
                        help="Scratch folder; synthetic sources of the same size are reused.")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rdflib-from", type=int, default=None,
                        help="Size to start the rdflib baseline search at (default: --triples).")
    parser.add_argument("--virtuoso", action="store_true",
                        help="Also run every named query on a private Virtuoso and compare the rows.")
    parser.add_argument("--no-rdflib", action="store_true", help="Leave out the rdflib baseline.")
    args = parser.parse_args(argv)
    if args.table:
        if args.json is None:
            parser.error("--table needs --json")
        found = json.loads(args.json.read_text())
        print(curated_table(found) if "rows" in found else table(found))
        return 0
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    if args.curated:
        result = curated(work, args.runs)
        if args.json:
            args.json.write_text(json.dumps(result, indent=1) + "\n")
        print(curated_table(result))
        return 0
    if args.triples is None or args.json is None:
        parser.error("--triples and --json are required to measure")
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731

    say(f"synthetic sources of about {args.triples} triples")
    data = sources_for(args.triples, work / f"synth-{args.triples}", args.seed)
    out = work / f"out-{args.triples}"
    shutil.rmtree(out, ignore_errors=True)
    say("cjkg build (from scratch)")
    t = time.perf_counter()
    done = cjkg("build", "--data", str(data), "--out", str(out), "-q", "--phases")
    build_s = time.perf_counter() - t
    phases = {line[6:].rsplit(": ", 1)[0]: float(line.rsplit(": ", 1)[1].split()[0])
              for line in done.stdout.splitlines() if line.startswith("phase ")}
    triples = json.loads((out / "manifest.json").read_text())["triples"]
    built = outputs(out)

    say("rebuild after editing one file")
    edited = data / "observations.jsonl"
    original = edited.read_bytes()
    try:
        edited.write_bytes(original.replace(b'"unit":"USD"', b'"unit":"JPY"', 1))
        t = time.perf_counter()
        cjkg("build", "--data", str(data), "--out", str(out), "-q")
        rebuild_s = time.perf_counter() - t
    finally:
        edited.write_bytes(original)
    cjkg("build", "--data", str(data), "--out", str(out), "-q")
    if outputs(out) != built:
        raise SystemExit("a rebuild after undoing the edit did not write the full build's bytes")

    say("oxigraph bulk load of the same N-Triples")
    nt = (out / "cjkg.nt").read_bytes()

    def bulk() -> None:
        folder = tempfile.mkdtemp(dir=work)
        try:
            ox.Store(folder).bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    bulk_s = timed(bulk, repeats=3)

    say("cjkg report and cjkg html")
    t = time.perf_counter()
    cjkg("report", "--out", str(out))
    report_s = time.perf_counter() - t
    t = time.perf_counter()
    html = cjkg("html", "--out", str(out)).stdout
    html_s = time.perf_counter() - t
    html_nodes = int(html.split(": ", 1)[1].split(" nodes")[0])
    peak_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    say("named queries: project function and raw pyoxigraph")
    answers: dict[str, Any] = {}
    queries = measure_queries(out, answers)
    engines = None
    if args.virtuoso:
        say("Virtuoso: push and every named query")
        engines = virtuoso_queries(out, work, answers, queries)
    base: dict[str, Any] = {}
    if not args.no_rdflib:
        say("rdflib baseline")
        base = baseline(args.rdflib_from or args.triples, work, args.seed, smallest=min(20_000, args.triples))

    ratios = [q["s"] / q["raw_s"] for q in queries if q["s"] and q["raw_s"]]
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "pyoxigraph": ox.__version__, "load_average": [round(x, 2) for x in os.getloadavg()]},
        "triples": triples, "build_s": round(build_s, 3), "build_triples_per_s": round(triples / build_s),
        "build_phases_s": phases, "build_over_bulk_load": round(build_s / bulk_s, 2),
        "rebuild_one_file_s": round(rebuild_s, 3), "oxigraph_bulk_load_s": round(bulk_s, 3),
        "queries": queries, "query_overhead_median": round(statistics.median(ratios), 3),
        "query_max_s": max(q["s"] for q in queries if q["s"]),
        "queries_over_limit": [q["name"] for q in queries if q["s"] is None], "baseline": base,
        "report_s": round(report_s, 3), "html_s": round(html_s, 3), "html_nodes": html_nodes,
        "peak_rss_mb": round(peak_rss_mb, 1),
        "queries_without_rows": [q["name"] for q in queries if q.get("rows") == 0],
    }
    if engines is not None:
        result["virtuoso"] = {**engines, "differ": [q["name"] for q in queries if not q.get("same")]}
    args.json.write_text(json.dumps(result, indent=1) + "\n")
    print(table(result))
    failed = result["queries_without_rows"] + (result["virtuoso"]["differ"] if engines else [])
    if failed:
        say(f"failed: no rows from {result['queries_without_rows'] or 'none'}; "
            f"other rows on Virtuoso from {(engines and result['virtuoso']['differ']) or 'none'}")
        return 1
    return 0


def table(r: dict[str, Any]) -> str:
    b = r["baseline"]
    lines = [
        "| measure | value |", "| --- | --- |",
        f"| triples | {r['triples']:,} |",
        f"| build (s) | {r['build_s']:.1f} |",
        f"| build (triples/s) | {r['build_triples_per_s']:,} |",
        f"| build / Oxigraph bulk load | {r.get('build_over_bulk_load', 'n/a')} |",
        f"| rebuild after editing one file (s) | {r['rebuild_one_file_s']:.1f} |",
        f"| Oxigraph bulk load alone (s) | {r['oxigraph_bulk_load_s']:.1f} |",
        f"| slowest named query (s) | {r['query_max_s']:.3f} |",
        f"| query overhead, median of s / raw_s | {r['query_overhead_median']:.2f} |",
        f"| rdflib memory store compared at (triples) | {b.get('rdflib_memory_triples') or 'n/a'} |",
        f"| speedup over rdflib, total / median | {b.get('speedup_total', 'n/a')} / {b.get('speedup_median', 'n/a')} |",
        f"| cjkg report (s) | {r['report_s']:.1f} |",
        f"| cjkg html (s), nodes | {r['html_s']:.1f}, {r['html_nodes']} |",
        f"| peak memory of build, report, html (MB) | {r['peak_rss_mb']:.0f} |",
    ]
    load = r.get("machine", {}).get("load_average")
    if load:
        lines.append(f"| load average at the end (1, 5, 15 min) | {' '.join(map(str, load))} |")
    phases = r.get("build_phases_s", {})
    ps = ["", "| build phase (side-by-side phases overlap) | s | share of the build |", "| --- | --- | --- |"]
    ps += [f"| {name} | {s:.2f} | {s / r['build_s']:.0%} |" for name, s in phases.items()]
    size = f"{b['rdflib_memory_triples']:,}" if b.get("rdflib_memory_triples") else "the baseline size"
    qs = ["", f"| named query | rows | project (s) | raw pyoxigraph (s) | rdflib at {size} (s) "
              "| rdflib / project there |",
          "| --- | --- | --- | --- | --- | --- |"]
    for q in r["queries"]:
        name = q["name"]
        rd, ratio = b.get("rdflib_s", {}).get(name), b.get("per_query", {}).get(name)
        ours = "over 30 s" if q["s"] is None else f"{q['s']:.4f}"
        raw = "" if q["raw_s"] is None else f"{q['raw_s']:.4f}"
        qs.append(f"| {name} | {q.get('rows', '')} | {ours} | {raw} | {'' if rd is None else f'{rd:.3f}'} | "
                  f"{'' if ratio is None else f'{ratio:g}'} |")
    return "\n".join(lines + (ps if phases else []) + qs + virtuoso_table(r))


def virtuoso_table(r: dict[str, Any]) -> list[str]:
    """The comparison with Virtuoso, when the run made one."""
    v = r.get("virtuoso")
    if not v:
        return []
    settings = "; ".join(f"[{sec}] " + ", ".join(f"{k} = {x}" for k, x in kv.items())
                         for sec, kv in v["settings"].items())
    lines = ["", f"Virtuoso ({v['version']}), pushed in {v['push_s']:.1f} s; settings: {settings}",
             "", "| named query | Oxigraph rows | Oxigraph (s) | Virtuoso rows | Virtuoso (s) | same rows |",
             "| --- | --- | --- | --- | --- | --- |"]
    for q in r["queries"]:
        vs = "error" if q.get("virtuoso_s") is None else f"{q['virtuoso_s']:.3f}"
        ours = "" if q["s"] is None else f"{q['s']:.4f}"
        lines.append(f"| {q['name']} | {q.get('rows', '')} | {ours} | {q.get('virtuoso_rows', '')} | {vs} | "
                     f"{'yes' if q.get('same') else 'no'} |")
    return lines


if __name__ == "__main__":
    sys.exit(main())
