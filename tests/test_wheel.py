"""The package installs anywhere: the wheel that `pip wheel .` builds gives a working `kg`.

The wheel is installed into a fresh virtual environment outside the repository. Its
dependencies are the test environment's own (a `.pth` line puts that environment's
site-packages after the new one's), so the test needs no download; `kg` itself, with the
ontology, shapes, queries and the bundled corpus, comes only from the wheel.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from .conftest import REPO

COMMANDS = [["build"], ["validate"], ["conflicts"], ["query", "--list"]]


def _not_sources(folder: str, names: list[str]) -> set[str]:
    """What a clean checkout does not have: environments, caches and the top-level build/."""
    top = Path(folder) == REPO
    return {name for name in names
            if name in (".git", ".venv", "__pycache__", ".pytest_cache", "node_modules")
            or name.endswith(".egg-info") or (top and name in ("build", "dist"))}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "checkout"
    shutil.copytree(REPO, source, ignore=_not_sources)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(work / "dist"), str(source)], check=True,
                   capture_output=True)
    (wheel,) = (work / "dist").glob("qantar_kg-*.whl")
    env_dir = work / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "-q", str(wheel)], check=True, capture_output=True)
    return env_dir


# What kg serve's query page loads: it must come with the package (the page loads nothing
# from elsewhere), byte for byte as vendored.
PAGE_FILES = ["query-page.js", "query-page.css", "yasgui/yasgui.min.js", "yasgui/yasgui.min.css",
              "yasgui/LICENSE"]


def test_the_query_page_files_come_with_the_wheel(installed: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [installed / "bin" / "python", "-c", "import json; from kg.serve.static import FOLDER, "
         "load; print(json.dumps([str(FOLDER), sorted(load())]))"],
        cwd=tmp_path, capture_output=True, text=True, check=True)
    folder, served = json.loads(done.stdout)
    assert str(installed) in folder
    assert served == sorted(f"/static/{name}" for name in PAGE_FILES)
    for name in PAGE_FILES:
        shipped = Path(folder) / name
        assert shipped.read_bytes() == (REPO / "kg" / "serve" / "static" / name).read_bytes()


def _kg(env_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([env_dir / "bin" / "kg", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, check=False)


def test_kg_comes_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    done = subprocess.run([installed / "bin" / "python", "-c", "import kg; print(kg.__file__)"],
                          cwd=tmp_path, capture_output=True, text=True, check=True)
    assert str(installed) in done.stdout and str(REPO) not in done.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_commands_work_with_no_project(installed: Path, tmp_path: Path, args: list[str]) -> None:
    if args[0] != "build":
        _kg(installed, tmp_path, "build")
    done = _kg(installed, tmp_path, *args)
    assert done.returncode == 0, done.stderr
    expected = {"build": "113 claims", "validate": "no findings", "conflicts": "3 disputes",
                "query": "timeline"}[args[0]]
    assert expected in done.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_commands_work_on_a_copy_of_the_bundled_corpus(installed: Path, tmp_path: Path,
                                                       args: list[str]) -> None:
    shutil.copytree(REPO / "data", tmp_path / "data")
    if args[0] != "build":
        _kg(installed, tmp_path, "build")
    done = _kg(installed, tmp_path, *args)
    assert done.returncode == 0, done.stderr
    if args[0] == "build":
        assert (tmp_path / "build" / "kg.nt").is_file()
    expected = {"build": "113 claims", "validate": "no findings", "conflicts": "3 disputes",
                "query": "conflict-contradiction"}[args[0]]
    assert expected in done.stdout
