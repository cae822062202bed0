"""A lean HTTP/1.1 load client: N asyncio tasks, each sending one request after
the other over a fresh connection (gunicorn's sync workers close it anyway).

Hand-written on asyncio streams rather than httpx: on a 2-core machine the
client shares the CPU with the server, so it must cost far less per request
than the cheapest page it measures.
"""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench import common
from bench.http_cpu import CpuMeter

# (client index, its request number) -> the raw request
Request = Callable[[int, int], bytes]


@dataclass
class Target:
    name: str
    request: Request
    expected: int = 200
    sent: dict[int, int] = field(default_factory=dict)

    def next_request(self, index: int) -> bytes:
        """Client ``index``'s next request, numbered on across runs (warm-up)."""
        number = self.sent.get(index, 0)
        self.sent[index] = number + 1
        return self.request(index, number)


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    example: str = ""

    def record(self, started: float, status: int, body: bytes, expected: int) -> None:
        if status == expected:
            self.latencies.append(time.perf_counter() - started)
            return
        self.errors += 1
        self.example = self.example or f"{status} {body[:120].decode(errors='replace')}"


def raw(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def exchange(port: int, request: bytes) -> tuple[int, bytes]:
    """Sends ``request``; returns the status and the body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        status = int((await reader.readline()).split()[1])
        length = None
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        body = await (reader.read() if length is None else reader.readexactly(length))
        return status, body
    finally:
        writer.close()


async def client(port: int, target: Target, index: int, until: float, tally: Tally):
    while time.perf_counter() < until:
        request = target.next_request(index)
        started = time.perf_counter()
        try:
            status, body = await exchange(port, request)
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as exc:
            status, body = 0, repr(exc).encode()
        if time.perf_counter() <= until:
            tally.record(started, status, body, target.expected)


async def run(port: int, target: Target, clients: int, seconds: float) -> Tally:
    tally = Tally()
    until = time.perf_counter() + seconds
    await asyncio.gather(
        *(client(port, target, index, until, tally) for index in range(clients))
    )
    return tally


def measure(port: int, target: Target, clients: int, seconds: float, warmup: float,
            meter: CpuMeter | None = None) -> dict:  # fmt: skip
    """Figures for ``target``: successful requests/s, p50, p99, errors, and
    the CPU each process spent per request."""
    asyncio.run(run(port, target, clients, warmup))
    before = meter() if meter else {}
    tally = asyncio.run(run(port, target, clients, seconds))
    after = meter() if meter else {}
    ms = [latency * 1000 for latency in tally.latencies] or [float("nan")]
    figures = {
        "requests/s": len(tally.latencies) / seconds,
        "p50 ms": common.median(ms),
        "p99 ms": common.percentile(ms, 99),
        "errors": tally.errors,
        "first error": tally.example,
    }
    requests = len(tally.latencies) + tally.errors
    return figures | CpuMeter.per_request(before, after, requests)
