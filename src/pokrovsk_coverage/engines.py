"""Where the per-article work runs: in this process, in a local process pool, or on a Dask
cluster (a ``LocalCluster`` here; Slurm, Kubernetes or any other Dask deployment by passing
its scheduler address).

Every engine is the same ordered map: ``fn`` over a stream of batches, results yielded in
input order. Order matters because the collection-level stages (source resolution, linking)
see the articles in the order read, and the release must be byte-identical whatever engine
or number of workers built it. At most ``window`` batches are in flight, so reading a
million-article input never gets ahead of the workers by more than a few batches.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator, TypeVar

B = TypeVar("B")
R = TypeVar("R")

ENGINES = ("local", "dask")
# Batches in flight per worker: enough that a worker never waits for the reader, few enough
# that memory does not grow with the input.
IN_FLIGHT_PER_WORKER = 3


def _warm() -> None:
    """Load the spaCy model once per worker, before its first batch."""
    from .parse import load_nlp

    load_nlp()


def _ordered(submit: Callable[[B], object], result: Callable[[object], R], batches: Iterable[B], window: int) -> Iterator[R]:
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def ordered_map(fn: Callable[[B], R], batches: Iterable[B], *, engine: str = "local", workers: int = 1,
                scheduler: str | None = None) -> Iterator[R]:
    """``fn`` over ``batches`` on the chosen engine, results in input order."""
    if engine == "dask":
        yield from _dask_map(fn, batches, workers, scheduler)
    elif engine != "local":
        raise ValueError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
    elif workers <= 1:
        for batch in batches:
            yield fn(batch)
    else:
        # spawn, not fork: the parent may hold threads (tqdm, Arrow) that fork would copy
        # mid-lock, and spawn behaves the same on Linux and macOS.
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_warm) as pool:
            yield from _ordered(lambda b: pool.submit(fn, b), lambda f: f.result(), batches,
                                workers * IN_FLIGHT_PER_WORKER)


def _dask_map(fn: Callable[[B], R], batches: Iterable[B], workers: int, scheduler: str | None) -> Iterator[R]:
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        client.run(_warm)
        threads = sum(client.nthreads().values()) or 1
        # pure=False: two batches with equal content are still two pieces of work whose
        # results we want back separately, not one cached key.
        yield from _ordered(lambda b: client.submit(fn, b, pure=False), lambda f: f.result(), batches,
                            threads * IN_FLIGHT_PER_WORKER)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
