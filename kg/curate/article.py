"""An article to draft claims from, with the metadata `kg extract` needs of it.

`kg extract` runs on an article before it joins a corpus (it may sit anywhere, its metadata
beside it or given with --metadata), so this reads one article and its metadata file, not the
corpus's data/sources/ folder, and asks only for what drafting needs: the publication date
(`published`, else `inferred_date`) that relative dates are read against, the publisher, the
language. The build checks the rest of the metadata once the article is in data/sources/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.corpus.dates import DateInterval, parse_date
from kg.corpus.sources import as_read
from kg.corpus.yamlfile import Mapping, read_yaml
from kg.errors import InputError, Problem


@dataclass(frozen=True)
class Article:
    stem: str
    path: Path
    text: str
    meta_path: Path
    published: DateInterval | None
    inferred: DateInterval | None
    publisher: str | None
    language: str

    @property
    def anchor(self) -> tuple[DateInterval | None, str]:
        """The date relative wordings are read against, and its name, as the build reads them."""
        return (self.published, "published") if self.published else (self.inferred, "inferred")


def read_article(path: Path, metadata: Path | None = None) -> Article:
    """The article at `path` (UTF-8 text) and its metadata (`metadata`, else the .yaml beside
    it). Raises InputError, with a sentence saying what to give, when either is missing or
    unreadable."""
    if not path.is_file():
        raise InputError([Problem(path, None, "no article here: give the path of the article's "
                                  "text file (data/sources/<stem>.txt)")])
    try:
        text = as_read(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError([Problem(path, None, f"not UTF-8 (byte {exc.start}): convert the "
                                  "article to UTF-8 without changing its words")]) from exc
    meta_path = metadata or path.with_suffix(".yaml")
    if not meta_path.is_file():
        raise InputError([Problem(meta_path, None, "metadata missing: put the article's "
                                  f"metadata in {path.with_suffix('.yaml').name} beside it, or "
                                  "give --metadata FILE (title, publisher, published or "
                                  "unknown with inferred_date, language: see data/README.md)")])
    meta = read_yaml(meta_path)
    if not isinstance(meta, Mapping):
        raise InputError([Problem(meta_path, 1, "expected a mapping of metadata fields (title, "
                                  "publisher, published, language)")])
    published = _date(meta, "published", meta_path)
    inferred = _date(meta, "inferred_date", meta_path)
    if published is None and inferred is None:
        raise InputError([Problem(meta_path, meta.line_of("published"), "metadata without a "
                                  "date: give published (YYYY-MM-DD), or published: unknown with "
                                  "inferred_date, so that relative dates can be read")])
    publisher = meta.get("publisher")
    return Article(path.stem, path, text, meta_path, published, inferred,
                   str(publisher) if publisher else None, str(meta.get("language") or "en"))


def _date(meta: Mapping, key: str, path: Path) -> DateInterval | None:
    value = meta.get(key)
    if value in (None, "", "unknown"):
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise InputError([Problem(path, meta.line_of(key), f"{key}: {exc}")]) from exc
