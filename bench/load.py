"""Load test of the HTTP API: many concurrent clients on GET /api/events.

    .venv/bin/python bench/load.py [--clients 50] [--seconds 30] [--max-requests 200000] [--db PATH]

Builds a store of the seed (published 2017-05-04) and the FA-KES corpus in a temporary
directory (or uses --db), starts `ceasefire serve` on 127.0.0.1 at a free port, and runs
--clients asyncio clients (one httpx.AsyncClient each) that ask for event listings with
varied filters until --seconds have passed or --max-requests were sent. Stops the server and
prints requests, errors, throughput and latency percentiles, with the machine and date, as
Markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

SHARED = Path(__file__).resolve().parents[2] / "shared"
#: The filters the clients cycle through: what the dashboard's map and table ask for.
QUERIES: list[dict[str, Any]] = [
    {},
    {"type": "ASSAULT"},
    {"type": ["ASSAULT", "COERCE"], "since": "2016-01-01"},
    {"since": "2015-01-01", "until": "2015-12-31"},
    {"country": "SYR", "limit": 200},
    {"near": "36.20,37.16,30"},  # around Aleppo
    {"text": "killed"},
    {"actor": "army"},
    {"type": "ASSAULT", "offset": 50},
]
REQUEST_TIMEOUT_S = 10.0


def build_store(db: Path) -> None:
    from ceasefire.ingest import ingest
    from ceasefire.read import parse_column_map, read_paths
    from ceasefire.store import open_store

    with open_store(str(db)) as store:
        ingest(read_paths([str(SHARED / "seed" / "deescalation-zones.txt")]), store, published="2017-05-04")
        fakes = read_paths(
            [str(SHARED / "corpora" / "fakes-syria-dev.csv")],
            parse_column_map("text=article_content,published=date"),
        )
        report = ingest(fakes, store)
    print(f"store: {report.inserted + 1} articles ingested into {db}", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "ceasefire", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
    stop_server(server)
    raise SystemExit("the server did not answer within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


class Tally:
    def __init__(self, max_requests: int, deadline: float) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.sent = 0
        self.max_requests = max_requests
        self.deadline = deadline

    def take(self) -> int | None:
        """The next request's number, or None when the run is over (time or count)."""
        if self.sent >= self.max_requests or time.monotonic() >= self.deadline:
            return None
        self.sent += 1
        return self.sent


async def client(base: str, tally: Tally) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT_S) as http:
        while (number := tally.take()) is not None:
            params = QUERIES[number % len(QUERIES)]
            started = time.perf_counter()
            try:
                response = await http.get("/api/events", params=params)
                ok = response.status_code == 200 and "items" in response.json()
            except httpx.HTTPError:
                ok = False
            tally.latencies.append(time.perf_counter() - started)
            tally.errors += not ok


async def run(base: str, clients: int, seconds: float, max_requests: int) -> tuple[Tally, float]:
    tally = Tally(max_requests, time.monotonic() + seconds)
    started = time.perf_counter()
    await asyncio.gather(*(client(base, tally) for _ in range(clients)))
    return tally, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(share) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--db", type=Path, help="an existing store (else one is built)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "load.db"
            build_store(db)
        port = free_port()
        server = start_server(db, port)
        try:
            tally, elapsed = asyncio.run(
                run(f"http://127.0.0.1:{port}", args.clients, args.seconds, args.max_requests)
            )
        finally:
            stop_server(server)
    ms = [1000 * s for s in tally.latencies]
    print(
        f"{dt.date.today()}, {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"{args.clients} clients, {elapsed:.1f} s, GET /api/events with {len(QUERIES)} filter sets\n")
    print("| requests | errors | requests/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {len(ms)} | {tally.errors} | {len(ms) / elapsed:.0f} | {percentile(ms, 50):.0f} | "
        f"{percentile(ms, 95):.0f} | {percentile(ms, 99):.0f} | {max(ms):.0f} |"
    )


if __name__ == "__main__":
    main()
