"""What ships inside the package: the ontology, shapes, named queries and the bundled corpus.

In the repository they stay at its top level (`ontology/`, `shapes/`, `queries/`, `data/`, where
curators look for them); `pyproject.toml` maps each into this package (`kg.shipped.ontology`, …)
so that `pip install .` and the wheel carry them. They are found with `importlib.resources`
in an installed package and beside `kg/` in a checkout or an editable install.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def shipped(name: str) -> Path:
    """The shipped folder `name` ("ontology", "shapes", "queries" or "data")."""
    inside = Path(str(files(__name__).joinpath(name)))  # an installed wheel
    if inside.is_dir():
        return inside
    # An editable install or a checkout: setuptools' editable finder does not resolve packages
    # mapped under a regular one, so read the repository's own folder beside kg/.
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise RuntimeError(f"the package is incomplete: {inside} and {checkout} are both missing")


def bundled_root() -> Path:
    """The bundled corpus: the folder that holds the shipped `data/`."""
    return shipped("data").parent
