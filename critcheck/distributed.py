"""Map a function over tasks on ``dask.distributed``, with progress; or serially.

A small executor for sweeps (the two-layer ReLU sweep is the first user):

* ``scheduler=None``: a :class:`distributed.LocalCluster` with ``workers``
  single-threaded worker processes, started and closed here;
* ``scheduler="tcp://host:8786"``: an existing cluster's scheduler;
* ``scheduler="serial"``: a plain loop in this process (no Dask import).

Every task must carry its own seed, so that results do not depend on which
worker ran it; :func:`map_tasks` returns results in task order whatever the
completion order.

A caller that maps several batches (the minima graph: the descents, then one
batch of elastic bands per connection round) opens one cluster with
:func:`dask_client` and passes it as ``client=`` to each :func:`map_tasks`, so
the cluster starts once.
"""

from __future__ import annotations

import contextlib
import sys
import time
from typing import Callable, Iterable

from .errors import BackendUnavailable, InvalidArgument

__all__ = ["map_tasks", "dask_client", "SERIAL"]

SERIAL = "serial"
LOG_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal


def _reporter(progress, total):
    if progress is True:
        live = sys.stderr.isatty()
        t0, last = time.perf_counter(), [0.0]

        def report(done, total=total):
            # a terminal: one line rewritten in place; a log: a plain line at most every
            # LOG_EVERY seconds, and the last one
            now = time.perf_counter()
            if live:
                print(f"\r[{done}/{total}] tasks done, {now - t0:.0f} s",
                      end="\n" if done == total else "", file=sys.stderr, flush=True)
            elif done == total or now - last[0] >= LOG_EVERY:
                last[0] = now
                print(f"[{done}/{total}] tasks done, {now - t0:.0f} s", file=sys.stderr, flush=True)
        return report
    if callable(progress):
        return lambda done: progress(done, total)
    return lambda done: None


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2, connect_timeout: str = "10s"):
    """A ``distributed.Client`` for ``scheduler`` (see the module docstring), closed on exit;
    ``None`` for ``scheduler="serial"``. A local cluster is started here and closed with it."""
    if scheduler == SERIAL:
        yield None
        return
    if workers < 1:
        raise InvalidArgument(f"workers={workers!r} must be at least 1")
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a core dependency
        raise BackendUnavailable(
            "dask.distributed is not installed; pip install 'dask[distributed]' "
            "or use scheduler='serial'") from exc
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout=connect_timeout)
        except OSError as exc:
            raise BackendUnavailable(
                f"cannot reach the Dask scheduler at scheduler={scheduler!r} ({exc}); "
                "check the address or drop --scheduler to use a local cluster") from exc
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def map_tasks(func: Callable, tasks: Iterable, *, scheduler: str | None = None, workers: int = 2,
              progress: bool | Callable = True, connect_timeout: str = "10s",
              client=None) -> list:
    """``[func(t) for t in tasks]``, computed on Dask (or serially), in task order.

    Parameters
    ----------
    func : callable
        a picklable top-level function of one task.
    tasks : iterable
        picklable task descriptions (each with its own seed).
    scheduler : None, "serial" or an address
        see the module docstring.
    workers : int
        worker processes of the local cluster (ignored otherwise).
    progress : bool or callable
        True prints ``[done/total]`` to stderr; a callable gets ``(done, total)``.
    connect_timeout : str
        how long to wait for a remote scheduler (Dask time string).
    client : distributed.Client, optional
        an open client (from :func:`dask_client`); then ``scheduler`` and
        ``workers`` are ignored and the client is left open.
    """
    tasks = list(tasks)
    report = _reporter(progress, len(tasks))
    if client is None and scheduler == SERIAL:
        out = []
        for i, t in enumerate(tasks):
            out.append(func(t))
            report(i + 1)
        return out
    if client is None:
        with dask_client(scheduler, workers, connect_timeout) as own:
            return _map_on(own, func, tasks, report)
    return _map_on(client, func, tasks, report)


def _map_on(client, func, tasks, report) -> list:
    from distributed import as_completed

    futures = client.map(func, tasks, pure=False)
    index = {f.key: i for i, f in enumerate(futures)}
    out = [None] * len(tasks)
    for done, fut in enumerate(as_completed(futures), start=1):
        out[index[fut.key]] = fut.result()
        report(done)
    return out
