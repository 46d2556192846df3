"""Where rows run: in this process, in ``--workers N`` processes, or on a Dask cluster.

Each executor takes rows one at a time and hands back a pending result. The batch keeps at
most :attr:`Executor.window` rows in flight and takes results back in row order, so memory
holds a window of rows, never the table, and the manifest lists rows in the table's order.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from kit.batch import work
from kit.batch.manifest import Outcome
from kit.errors import BatchError, UsageError

IN_FLIGHT_PER_WORKER = 4
"""Rows (with Dask, groups of rows) queued per worker: enough to keep every worker busy, few
enough to bound memory."""
ROWS_PER_DASK_TASK = 8
"""Rows sent to a Dask worker as one task. Dask spends a few milliseconds on every task, in
the scheduler and in the worker, against some 30 ms to render a row; groups of eight cut
that cost eightfold and still leave a thousand-row book 125 tasks to spread."""


class Pending(Protocol):
    def result(self) -> Outcome: ...


class Executor(Protocol):
    window: int
    """Rows that may be in flight while the batch waits for the oldest one's result."""

    def submit(self, task: work.Task, job: work.Job) -> Pending: ...

    def close(self) -> None: ...


class Done:
    """A result known at once: a row decided without running (skipped, invalid cells)."""

    def __init__(self, outcome: Outcome) -> None:
        self._outcome = outcome

    def result(self) -> Outcome:
        return self._outcome


class InProcess:
    """One worker: rows run right here, with no process start-up and no pickling."""

    window = 0
    """Each row is finished when it is handed over, so nothing waits in flight."""

    def submit(self, task: work.Task, job: work.Job) -> Pending:
        return Done(work.process(task, job))

    def close(self) -> None:
        return None


class _Process:
    def __init__(self, future: Future[Outcome]) -> None:
        self._future = future

    def result(self) -> Outcome:
        try:
            return self._future.result()
        except BrokenProcessPool as exc:
            raise BatchError(
                "a worker process died (out of memory, or killed); finished rows are in the "
                "manifest, and rerunning the same command resumes after them"
            ) from exc


class Processes:
    """``--workers N``: N processes on this machine.

    Where the platform has it (Linux, macOS) the workers are forked from a fork server that
    has imported ``preload`` (the renderer, the charting library, the playbook's modules)
    once, so N workers do not each spend a second or two importing them; elsewhere they are
    spawned fresh. Neither copies the calling process, which may be a notebook kernel with
    threads that a plain fork would copy in a broken state.
    """

    def __init__(self, workers: int, preload: Sequence[str] = ()) -> None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["kit.batch.work", *preload])
        else:
            context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        self.window = workers * IN_FLIGHT_PER_WORKER

    def submit(self, task: work.Task, job: work.Job) -> Pending:
        return _Process(self._pool.submit(work.process, task, job))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _DaskGroup:
    """Rows that go to a Dask worker as one task: sent when full, or when the batch first
    needs one of their results."""

    def __init__(self, client: Any, job: Any) -> None:
        self._client = client
        self._job = job
        self.tasks: list[work.Task] = []
        self._future: Any = None
        self._outcomes: list[Outcome] | None = None

    @property
    def sent(self) -> bool:
        return self._future is not None

    def send(self) -> None:
        if self._future is None:
            self._future = self._client.submit(
                work.process_rows, list(self.tasks), self._job, pure=False
            )

    def outcome(self, index: int) -> Outcome:
        if self._outcomes is None:
            self.send()
            try:
                self._outcomes = self._future.result()
            except Exception as exc:  # a worker lost mid-task, a cancelled future
                raise BatchError(
                    f"the Dask cluster lost a row ({type(exc).__name__}: {exc})"
                ) from exc
        return self._outcomes[index]


class _DaskRow:
    def __init__(self, group: _DaskGroup, index: int) -> None:
        self._group = group
        self._index = index

    def result(self) -> Outcome:
        return self._group.outcome(self._index)


class Dask:
    """``--scheduler ADDRESS``: rows go, in groups, as tasks to a Dask distributed cluster.

    ``local`` starts a cluster of ``workers`` single-threaded processes on this machine; any
    other address is an existing scheduler (``tcp://host:8786``). Workers write into the
    output folder themselves, so it must be the same shared folder on every machine: that is
    checked, with the templates, before any row is sent.
    """

    def __init__(self, address: str, workers: int, job: work.Job, shared: list[str]) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise UsageError(
                "a Dask scheduler needs Dask: pip install 'sales-playbook-kit[dask]'"
            ) from exc
        self._cluster = None
        self._pdf = job.pdf
        try:
            if address == "local":
                self._cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(address, timeout="20s")
        except OSError as exc:
            raise UsageError(f"Dask scheduler {address}: cannot reach it ({exc})") from exc
        try:
            self._check(shared, job.pdf)
        except BaseException:
            self.close()
            raise
        threads = sum(self._client.nthreads().values())
        self.window = max(1, threads) * IN_FLIGHT_PER_WORKER * ROWS_PER_DASK_TASK
        self._job = self._client.scatter(job, broadcast=True)
        """The job (settings, base parameters) sent to every worker once, not with each row."""
        self._group = _DaskGroup(self._client, self._job)

    def _check(self, shared: list[str], pdf: bool) -> None:
        from kit import __version__

        versions = self._client.run(work.kit_version)
        if not versions:
            raise UsageError("the Dask cluster has no workers")
        other = {worker: v for worker, v in versions.items() if v != __version__}
        if other:
            found = ", ".join(f"{worker} has {v}" for worker, v in sorted(other.items()))
            raise UsageError(f"Dask workers run another kit version than {__version__}: {found}")
        unseen = self._client.run(work.can_see, shared)
        blind = {worker: paths for worker, paths in unseen.items() if paths}
        if blind:
            worker, paths = sorted(blind.items())[0]
            raise UsageError(
                f"Dask worker {worker} cannot see {paths[0]}: the output folder and the "
                "templates must be on storage every worker shares, at the same path"
            )
        if pdf:
            problems = {w: p for w, p in self._client.run(work.pdf_problem).items() if p}
            if problems:
                worker, problem = sorted(problems.items())[0]
                raise UsageError(f"PDF: Dask worker {worker} cannot convert: {problem}")

    def submit(self, task: work.Task, job: work.Job) -> Pending:
        if self._group.sent:  # sent before it filled: the batch needed one of its rows
            self._group = _DaskGroup(self._client, self._job)
        group = self._group
        group.tasks.append(task)
        if len(group.tasks) == ROWS_PER_DASK_TASK:
            group.send()
        return _DaskRow(group, len(group.tasks) - 1)

    def close(self) -> None:
        if self._pdf:
            self._client.run(work.close_pdf)
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
