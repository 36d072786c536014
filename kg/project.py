"""Where a project's files are, and its settings (`kg.toml`).

A project is a directory with `data/` (sources, entities, claim sheets). Its ontology, shapes and
queries default to the ones shipped with this package, so a new corpus needs only data; a project
may override any of them with its own `ontology/`, `shapes/` or `queries/`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kg.corpus.identifiers import base_iri_problem, name_problem
from kg.errors import InputError, Problem
from kg.namespaces import DEFAULT_BASE, Ids
from kg.shipped import bundled_root, shipped

CONFIG_NAME = "kg.toml"


DATASET_KEYS = ("title", "description", "license", "creator", "creator_url", "base_iri",
                "main_event")


@dataclass(frozen=True)
class Settings:
    tolerance: Decimal = Decimal("0.1")
    same_time_window_days: int = 0
    base_iri: str = DEFAULT_BASE  # where the corpus's resources live: [dataset] base_iri
    main_event: str | None = None  # the entity named queries default to, e.g. event/floods
    dataset: tuple[tuple[str, str], ...] = ()  # [dataset] title, description, licence, creator


@dataclass(frozen=True)
class Project:
    root: Path
    settings: Settings

    @property
    def ids(self) -> Ids:
        """The IRIs this corpus mints (its base IRI from kg.toml)."""
        return Ids(self.settings.base_iri)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sources_dir(self) -> Path:
        return self.data / "sources"

    @property
    def claims_dir(self) -> Path:
        return self.data / "claims"

    @property
    def entities_file(self) -> Path:
        return self.data / "entities.yaml"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def build_file(self) -> Path:
        """The canonical artefact: sorted N-Triples, byte-identical for the same input."""
        return self.build_dir / "kg.nt"

    @property
    def store_dir(self) -> Path:
        return self.build_dir / "store"

    def _own_or_shipped(self, name: str) -> Path:
        own = self.root / name
        return own if own.is_dir() else shipped(name)

    @property
    def ontology_files(self) -> list[Path]:
        """The bundled ontology, then the project's own `ontology/*.ttl` in name order: a
        project's files add measures, scope values and units to the bundled vocabulary and never
        replace it, so every corpus shares the measures its claims are compared by."""
        files = [shipped("ontology") / "qantar.ttl"]
        own = self.root / "ontology"
        if own.is_dir():
            files += sorted(own.glob("*.ttl"))
        return list({path.resolve(): path for path in files}.values())

    @property
    def shapes_dir(self) -> Path:
        return self._own_or_shipped("shapes")

    @property
    def queries_dirs(self) -> list[Path]:
        """The project's own queries first, then the shipped library (a project may shadow one)."""
        dirs = [self.root / "queries", shipped("queries")]
        unique = list(dict.fromkeys(d.resolve() for d in dirs if d.is_dir()))
        return unique


def find_project(start: Path | None = None) -> Path | None:
    """The project `start` (default: the current directory) is in, found as git finds its
    repository: the nearest of it and its parents that has a `kg.toml` or a `data/` folder.
    None when there is none (the caller may fall back to the bundled corpus)."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        if (directory / CONFIG_NAME).is_file() or (directory / "data").is_dir():
            return directory
    return None


def open_project(directory: Path | None = None) -> Project:
    """The project in `directory`, else the one the current directory is in (find_project),
    else the bundled corpus."""
    if directory is None:
        directory = find_project() or bundled_root()
    root = directory.resolve()
    if not (root / "data").is_dir():
        raise InputError([Problem(root, None, "not a Qantar KG project: it has no data/ directory "
                                  "(expected data/sources, data/claims and data/entities.yaml)")])
    return Project(root, _read_settings(root / CONFIG_NAME))


def _read_settings(path: Path) -> Settings:
    if not path.is_file():
        return Settings()
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError([Problem(path, None, f"cannot read the settings: {exc}")]) from exc
    figures = config.get("figures", {})
    conflicts = config.get("conflicts", {})
    try:
        tolerance = Decimal(str(figures.get("tolerance", "0.1")))
        window = int(conflicts.get("same_time_window_days", 0))
    except (ArithmeticError, ValueError) as exc:
        raise InputError([Problem(path, None, f"bad setting: {exc}")]) from exc
    if not Decimal(0) <= tolerance < Decimal(1) or window < 0:
        raise InputError([Problem(path, None, "figures.tolerance must be in [0, 1) and "
                                  "conflicts.same_time_window_days must be >= 0")])
    dataset = _read_dataset(path, config.get("dataset", {}))
    return Settings(tolerance, window, dataset.pop("base_iri", DEFAULT_BASE),
                    dataset.pop("main_event", None), tuple(sorted(dataset.items())))


def _read_dataset(path: Path, table: object) -> dict[str, str]:
    """[dataset]: the corpus's identity. base_iri must be an absolute http(s) IRI ending in '/'
    or '#' (every resource IRI is it plus a path such as claim/004-08); main_event names an
    entity as claim sheets do (event/<slug>)."""
    if not isinstance(table, dict):
        raise InputError([Problem(path, None, "[dataset] must be a table of settings")])
    unknown = [key for key in table if key not in DATASET_KEYS]
    if unknown:
        raise InputError([Problem(path, None, f"[dataset] {unknown[0]}: unknown setting; "
                                  f"expected one of {', '.join(DATASET_KEYS)}")])
    values = {key: str(value) for key, value in table.items()}
    base = values.get("base_iri")
    trouble = base_iri_problem(base) if base is not None else None
    if trouble:
        raise InputError([Problem(path, None, f"[dataset] base_iri: {trouble}")])
    event = values.get("main_event")
    if event is not None:
        kind, _, slug = event.partition("/")
        trouble = name_problem(slug, "slug") if kind and slug else "write <kind>/<slug>"
        if trouble:
            raise InputError([Problem(path, None, f"[dataset] main_event {event!r}: {trouble} "
                                      "(e.g. event/valley-floods)")])
    return values
