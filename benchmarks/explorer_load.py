"""A bounded local load on the explorer (``graphkit serve``): how fast its pages answer
when many people use it at once.

    python benchmarks/explorer_load.py --seeds seeds                 # 20 clients, 60 s
    python benchmarks/explorer_load.py --clients 2 --seconds 2       # a smoke run
    python benchmarks/explorer_load.py --backend neo4j               # NEO4J_* settings

It starts the explorer itself (``python -m graphkit serve``) on a free port of 127.0.0.1
(or localhost: no other host is accepted, so the traffic never leaves the machine),
waits until it answers, then runs N clients (asyncio, httpx) that each ask the next page
of a fixed, mixed list (search, entity pages, the five questions, their ``.json``) and
wait for the whole answer, for T seconds. It prints the requests, errors (a status of
400 or more, or no answer) and the latency p50, p95, p99 and max; ``--json FILE`` also
writes them. The server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ("127.0.0.1", "localhost")
MAX_CLIENTS = 200
MAX_SECONDS = 600

#: The mixed list every client walks, each from its own starting point.
URLS = [
    "/",
    "/search?q=ice",
    "/search?q=medicaid",
    "/search.json?q=palantir",
    "/party/ice",
    "/party/irs.json",
    "/dataset/irs-taxpayer-addresses",
    "/dataset/medicaid-enrollee-data.json",
    "/agreement/irs-ice-mou-2025?as_of=2025-08-01",
    "/source/src-ap-medicaid-ice",
    "/reach/irs-taxpayer-addresses?as_of=2025-08-01",
    "/reach/medicaid-enrollee-data.json?as_of=2025-12-01",
    "/reach/irs-taxpayer-addresses.csv?as_of=2025-12-15&evidence=evidenced",
    "/reachable/ice?as_of=2025-08-01",
    "/reachable/ice.json?as_of=2025-10-01&only=declared",
    "/path/irs/ice?as_of=2025-08-01",
    "/path/nctue/ice.json?as_of=2021-06-01",
    "/diff?from=2025-08-01&to=2025-12-15&subject=irs-taxpayer-addresses",
    "/diff.json?from=2025-06-01&to=2025-12-15&subject=ice",
    "/timeline/irs-ice-mou-2025",
    "/timeline/medicaid-enrollee-data.json",
]


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def start_server(args: argparse.Namespace, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "graphkit", "serve", "--host", args.host]
    command += ["--port", str(port), "--backend", args.backend]
    for seeds in args.seeds:
        command += ["--seeds", seeds]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = open(args.log, "wb")  # noqa: SIM115  (the server writes it until it stops)
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


async def wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"the explorer stopped (exit {server.returncode}); see its log")
            try:
                if (await client.get("/")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit(f"the explorer did not answer within {timeout:g} s")


async def one_client(
    base: str, start: int, stop_at: float, out: list[float], errors: list[str]
) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        i = start
        while time.monotonic() < stop_at:
            url = URLS[i % len(URLS)]
            i += 1
            began = time.perf_counter()
            try:
                reply = await client.get(url)
                await reply.aread()
                if reply.status_code >= 400:
                    errors.append(f"{reply.status_code} {url}: {said(reply.text)}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {url}")
            out.append(time.perf_counter() - began)


def said(page: str) -> str:
    """What an error page says (its message, as the explorer writes it), in short."""
    found = re.search(r'role="alert"><bdi>(.*?)</bdi>|"error": "(.*?)"', page, re.S)
    text = html.unescape(next(g for g in found.groups() if g)) if found else page[:80]
    return text[:100]


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (0 to 1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    port = free_port(args.host)
    base = f"http://{args.host}:{port}"
    server = start_server(args, port)
    try:
        await wait_ready(base, server, args.start_timeout)
        times: list[float] = []
        errors: list[str] = []
        began = time.monotonic()
        stop_at = began + args.seconds
        await asyncio.gather(
            *(one_client(base, i * 3, stop_at, times, errors) for i in range(args.clients))
        )
        elapsed = time.monotonic() - began
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return {
        "backend": args.backend,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "requests": len(times),
        "per_second": round(len(times) / elapsed, 1) if elapsed else 0,
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:8],
        "p50_ms": round(1000 * statistics.median(times), 1) if times else None,
        "p95_ms": round(1000 * percentile(times, 0.95), 1) if times else None,
        "p99_ms": round(1000 * percentile(times, 0.99), 1) if times else None,
        "max_ms": round(1000 * max(times), 1) if times else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--seconds", type=float, default=60, help="how long (60)")
    parser.add_argument("--host", default="127.0.0.1", help="127.0.0.1 or localhost only")
    parser.add_argument("--backend", choices=["memory", "neo4j"], default="memory")
    parser.add_argument("--seeds", action="append", default=[], help="seed folder (memory)")
    parser.add_argument("--start-timeout", type=float, default=120, help="seconds to start")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--log", type=Path, default=Path(os.devnull), help="the server's output (discarded)"
    )
    args = parser.parse_args(argv)
    if args.host not in LOCAL:
        parser.error(f"--host {args.host!r}: this load runs against 127.0.0.1 or localhost only")
    if not 1 <= args.clients <= MAX_CLIENTS:
        parser.error(f"--clients must be 1 to {MAX_CLIENTS}")
    if not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be more than 0 and at most {MAX_SECONDS}")
    figures = asyncio.run(run(args))
    print(
        f"{figures['requests']} requests in {figures['seconds']} s "
        f"({figures['per_second']}/s) from {figures['clients']} clients, "
        f"{figures['backend']} backend; {figures['errors']} errors; latency "
        f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
        f"p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms"
    )
    for example in figures["error_examples"]:
        print(f"  error: {example}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
