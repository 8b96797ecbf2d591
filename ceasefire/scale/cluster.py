"""`ceasefire ingest --engine dask`: clean and analyse batches on a Dask cluster.

The cluster takes the work that costs (cleaning, fingerprints, the NLP analysis), one task
per batch; this process keeps what must happen in one place and in order: deciding what is
stored already or a near-duplicate, and writing, one transaction per batch, in input order.
The runner is ceasefire.ingest's own, given a map that runs on the cluster, so a Dask run
stores exactly the records of a single-process run, on SQLite and PostgreSQL alike.

Each worker loads the spaCy model once, when it joins (a worker plugin), and keeps it for
every task after. Workers of a remote cluster need ceasefire installed, at the same version.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin

from ceasefire.ingest import IngestReport, Mapper, ingest
from ceasefire.model import Failure, RawArticle
from ceasefire.nlp import load_nlp
from ceasefire.store import Store

#: Tasks in flight per worker thread and stage: enough that a worker never waits for the
#: next batch while this process decides or writes, few enough to bound memory.
AHEAD_PER_THREAD = 2


class LoadModel(WorkerPlugin):
    """Loads the spaCy model as a worker starts; tasks then find it cached (load_nlp)."""

    name = "ceasefire-load-model"

    def setup(self, worker: Any) -> None:
        load_nlp()


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Client]:
    """A client of the cluster at `scheduler` (e.g. tcp://10.0.0.5:8786), or of a local one
    of `workers` single-threaded processes, shut down on exit. Its workers have the model."""
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    client = Client(scheduler or cluster)
    try:
        client.register_plugin(LoadModel())
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def ordered_map(client: Client, ahead: int | None = None) -> Mapper:
    """A map over the cluster that yields results in input order, `ahead` tasks in flight."""
    window = ahead or max(2, AHEAD_PER_THREAD * sum(client.nthreads().values()))

    def run(function: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        pending: deque[Future[Any]] = deque()
        for item in items:
            # pure=False: equal batches are still separate tasks (results are mutated copies).
            pending.append(client.submit(function, item, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    return run


def ingest_on_dask(
    inputs: Iterable[RawArticle | Failure],
    store: Store,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    **options: Any,
) -> IngestReport:
    """ceasefire.ingest.ingest with the cleaning and analysis on a Dask cluster (a local one
    of `workers` processes when no scheduler address is given); `options` as for ingest."""
    with dask_client(scheduler, workers) as client:
        return ingest(inputs, store, mapper=ordered_map(client), **options)
