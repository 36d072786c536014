"""Shared fixtures: projects copied to a temporary directory, so tests never touch the repo."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.app import app

REPO = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """The small valid corpus of tests/data/mini."""
    target = tmp_path / "mini"
    shutil.copytree(TEST_DATA / "mini", target, ignore=shutil.ignore_patterns("build"))
    return target


def copy_bundled(target: Path) -> Path:
    """Copy the bundled five-article corpus (data and settings) to `target`."""
    shutil.copytree(REPO / "data", target / "data")
    shutil.copy(REPO / "kg.toml", target / "kg.toml")
    return target


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled five-article corpus."""
    return copy_bundled(tmp_path / "bundled")


@pytest.fixture(scope="module")
def built_bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled corpus, built once per test module."""
    from kg.build.run import build
    from kg.project import open_project

    root = copy_bundled(tmp_path_factory.mktemp("bundled"))
    build(open_project(root))
    return root


@pytest.fixture
def kg():
    """Run the `kg` CLI in-process; returns typer's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


class OxigraphServer:
    """The server of the `oxigraph` package from PyPI (the test extra) on a loopback port,
    persisting to `location`, so a test can stop it and start it again with the same data.

    It runs with `--union-default-graph`: queries without GRAPH see every named graph, as a
    store that `kg push` filled must for the named queries to run unchanged."""

    def __init__(self, location: Path, union: bool = True) -> None:
        self.location = location
        self.union = union
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = Path(sys.executable).with_name("oxigraph")
        if not binary.exists():
            raise RuntimeError(f"{binary} is missing: install the test extra (pip install -e "
                               "'.[test]'), which brings the oxigraph server")
        self.process = subprocess.Popen(
            [str(binary), "serve", "--location", str(self.location), "--bind",
             f"127.0.0.1:{self.port}", *(["--union-default-graph"] if self.union else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph serve did not listen within 30 s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@pytest.fixture
def oxigraph_server_process(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A running Oxigraph server with an empty store, stopped after the test."""
    server = OxigraphServer(tmp_path / "oxigraph-store")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def oxigraph_server(oxigraph_server_process: OxigraphServer) -> str:
    """The base URL of a running Oxigraph server: SPARQL at /query, updates at /update, the
    Graph Store Protocol at /store."""
    return oxigraph_server_process.base


@contextmanager
def loopback_http(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 with `handler`; yields its base URL, then stops."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
