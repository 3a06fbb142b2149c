"""The load client: a fixed number of requests at a fixed concurrency, latency per request."""

import asyncio
import statistics
import time
from dataclasses import dataclass, field

import httpx


@dataclass
class LoadResult:
    requests: int
    concurrency: int
    seconds: float
    latencies_ms: list[float] = field(repr=False)
    errors: int
    statuses: dict[int, int]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        if len(self.latencies_ms) == 1:
            return self.latencies_ms[0]
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[int(p) - 1]

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p95(self) -> float:
        return self.percentile(95)


async def _load(base_url: str, path: str, requests: int, concurrency: int) -> LoadResult:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    remaining = requests

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:

        async def one_user() -> None:
            nonlocal remaining, errors
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    await response.aread()
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code >= 400:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(one_user() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return LoadResult(requests, concurrency, seconds, latencies, errors, statuses)


def run_load(
    base_url: str, path: str, *, requests: int, concurrency: int, warmup: int = 0
) -> LoadResult:
    if warmup:
        asyncio.run(_load(base_url, path, warmup, min(concurrency, warmup)))
    return asyncio.run(_load(base_url, path, requests, concurrency))
