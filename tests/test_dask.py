"""A build on a Dask cluster gives the local build's brief: against a LocalCluster, and
against a real ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1,
one of them killed mid-run."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from briefing import Config, SchedulerUnavailable, build_brief

from .conftest import EXAMPLE, ROOT
from .test_unattended import synthetic_corpus

distributed = pytest.importorskip("distributed", reason='the [dask] extra: pip install -e ".[dask]"')

WHEN = datetime(2026, 11, 21, 6, 0, tzinfo=timezone.utc)


def sections(folder: Path, out: Path, **options) -> dict:
    """The JSON sidecar of a build."""
    brief = build_brief(Config(inputs=(str(folder),), output_dir=str(out), formats=("json",), generated_at=WHEN,
                               cache=False, **options))
    sidecar = json.loads(Path(brief.written[0]).read_text(encoding="utf-8"))
    return sidecar


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return synthetic_corpus(tmp_path_factory.mktemp("dask") / "in", 96)


def test_a_local_cluster_gives_the_local_brief(tmp_path, corpus):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        on_cluster = sections(corpus, tmp_path / "dask", scheduler=cluster.scheduler_address)
        example = sections(EXAMPLE, tmp_path / "dask-example", scheduler=cluster.scheduler_address)
    assert on_cluster == sections(corpus, tmp_path / "local", jobs=2)
    assert example == sections(EXAMPLE, tmp_path / "local-example", jobs=1)


def environment() -> dict[str, str]:
    """The test's own briefing importable by the workers, whatever the working folder."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=environment(), start_new_session=True)


def wait_for_workers(address: str, count: int, client_class) -> None:
    with client_class(address, timeout=60) as client:
        client.wait_for_workers(count, timeout=60)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc")
def test_a_real_cluster_with_a_worker_killed_mid_run_gives_the_local_brief(tmp_path, corpus):
    from distributed import Client

    address = f"tcp://127.0.0.1:{free_port()}"
    scheduler = start("scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard")
    workers = [start("worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", f"w{i}")
               for i in range(2)]
    try:
        wait_for_workers(address, 2, Client)
        build = subprocess.Popen([sys.executable, "-m", "briefing", "build", str(corpus), "-o", str(tmp_path / "dask"),
                                  "--no-cache", "--format", "json", "--scheduler", address],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env={**environment(), "SOURCE_DATE_EPOCH": str(int(WHEN.timestamp()))})
        with Client(address, timeout=30) as watcher:
            deadline = time.monotonic() + 120
            while not any(watcher.processing().values()) and time.monotonic() < deadline and build.poll() is None:
                time.sleep(0.005)
            assert build.poll() is None, "the build ended before its work reached the workers"
            os.killpg(workers[0].pid, signal.SIGKILL)  # a worker lost with tasks of this build on it
        _, stderr = build.communicate(timeout=300)
        assert build.returncode == 0, stderr
        assert workers[0].wait(timeout=10) == -signal.SIGKILL
    finally:
        for process in (*workers, scheduler):
            stop(process)
    on_cluster = json.loads(next((tmp_path / "dask").glob("*.json")).read_text(encoding="utf-8"))
    local = sections(corpus, tmp_path / "local", jobs=1)
    assert on_cluster["sections"] == local["sections"]
    assert on_cluster["sources"] == local["sources"]


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    started = time.monotonic()
    with pytest.raises(SchedulerUnavailable, match="cannot reach the Dask scheduler"):
        sections(EXAMPLE, tmp_path / "out", scheduler=address)
    assert time.monotonic() - started < 120
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.json"))


def test_without_dask_installed_the_message_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(SchedulerUnavailable, match=r"situation-brief\[dask\]"):
        sections(EXAMPLE, tmp_path / "out", scheduler="tcp://127.0.0.1:8786")
