"""A new, empty corpus (`kg init`): the files a curator fills in, each saying what goes in it.

The entity kinds and organisation types are written from kg.corpus.entities, so the commented
examples in a new `entities.yaml` cannot drift from what the build accepts. A new corpus builds,
validates and finds no conflicts at once; it needs only data (the ontology, shapes and queries
are the package's unless the project adds its own folders).
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.corpus.entities import KIND_CLASSES, ORG_TYPES
from kg.corpus.identifiers import base_iri_problem
from kg.engine.atomic import atomic_write_bytes
from kg.errors import InputError, Problem
from kg.project import CONFIG_NAME

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_EXAMPLES = {
    "event": "a-related-event:\n  label: The name people give it\n  part_of: event/{event}",
    "trial": "a-trial:\n  label: Trial of ... (verdict on ...)\n  part_of: event/{event}\n"
             "  located_in: place/a-city",
    "court": "a-court:\n  label: ... District Court\n  located_in: place/a-city",
    "person": "a-person:\n  label: Full Name\n  aliases: [Other Spelling, Имя Фамилия]\n"
              "  wikidata: Q00000   # only where certain",
    "group": "a-group:\n  label: The people a figure counts, e.g. detainees at ...",
    "org": "an-organisation:\n  label: Name of the body, outlet or NGO\n"
           "  type: {org_types}",
    "place": "a-city:\n  label: City name\n  located_in: place/a-country",
    "charge": "a-charge:\n  label: The offence, as the law names it",
}


def slug_of(text: str) -> str:
    """'Floods of 2024' -> 'floods-of-2024'."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def create_corpus(directory: Path, name: str, event: str, event_label: str,
                  base_iri: str | None = None) -> list[Path]:
    """Write a new corpus into `directory` (absent or empty); the files written. Refuses,
    writing nothing, when the directory holds anything, `event` is not a slug or `base_iri`
    is not an absolute http(s) IRI ending in '/' or '#'."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise InputError([Problem(directory, None, "exists and is not empty: kg init writes a "
                                  "new corpus into an empty or new directory")])
    if not _SLUG.fullmatch(event):
        raise InputError([Problem(None, None, f"--event {event!r}: give a slug, lower-case "
                                  "letters and digits joined by hyphens (e.g. floods-2024)")])
    trouble = base_iri_problem(base_iri) if base_iri is not None else None
    if trouble:
        raise InputError([Problem(None, None, f"--base-iri: {trouble}")])
    files = {
        CONFIG_NAME: _settings(name, event, base_iri),
        "data/entities.yaml": _entities(event, event_label),
        "data/sources/README.md": _SOURCES_README,
        "data/claims/README.md": _CLAIMS_README.format(event=event),
        "README.md": _README.format(name=name),
    }
    written = []
    for relative, text in files.items():
        path = directory / relative
        atomic_write_bytes(path, text.encode("utf-8"), durable=False)
        written.append(path)
    return written


def _settings(name: str, event: str, base_iri: str | None) -> str:
    title = name.replace('"', "'")
    base = (f'base_iri = "{base_iri}"' if base_iri else
            '# base_iri = "https://example.org/your-corpus/id/"')
    return f'''# Settings of this corpus (see the README of Qantar KG, "Start your own corpus").
[dataset]
title = "{title}"
description = "Claims with their sources: each tied to the exact words of an article."
creator = "Your name or organisation"
# license = "https://creativecommons.org/licenses/by/4.0/"
# Where the corpus's resources (claims, sources, entities) live as IRIs; unset, they use the
# Qantar namespace https://w3id.org/qantar/id/. Set it before you publish: it names everything.
{base}
# The entity named queries (timeline, about) default to.
main_event = "event/{event}"

[figures]
# "nearly x" is [x(1-t), x); "about x" is [x(1-t), x(1+t)].
tolerance = 0.10

[conflicts]
# Two figures are "at the same time" when their dates are at most this many days apart.
same_time_window_days = 0
'''


def _entities(event: str, label: str) -> str:
    org_types = " | ".join(ORG_TYPES)
    examples = "\n".join(
        f"# {kind}:\n#   " + _EXAMPLES[kind].format(event=event, org_types=org_types)
        .replace("\n", "\n#   ") for kind in KIND_CLASSES)
    return f'''# Every entity the articles mention, by kind. Keys are slugs (lower-case, hyphens);
# claim sheets name an entity as <kind>/<slug>, e.g. event/{event}.
# Kinds: {", ".join(KIND_CLASSES)}.
# Fields: label (required), aliases (name variants, spellings, scripts), wikidata (only where
# certain), part_of, located_in, note, and for organisations type, one of:
#   {org_types}.

event:
  {event}:
    label: {label}

# One commented example of every kind; copy, uncomment and fill in.
{examples}
'''


_SOURCES_README = """# Articles

For each article, two files with the same stem (e.g. `001_outlet-2024-05-01`):

- `<stem>.txt`: the article's text, verbatim, as received (UTF-8).
- `<stem>.yaml`: its metadata:

```yaml
title: The article's title          # required
publisher: org/an-outlet            # an org entity, or null when unknown
url: https://...                    # or null
published: 2024-05-01               # a date (2024-05-01, May 1, 2024), or the word unknown
# inferred_date: 2024-05            # required when published is unknown
# date_inference: "..."             # how it was inferred
language: en                        # required: BCP 47
```
"""

_CLAIMS_README = """# Claim sheets

One sheet per article: `<stem>.yaml`, every figure of the article a claim.

```yaml
source: 001_outlet-2024-05-01     # the article's file stem
claims:
  - id: 001-01                    # <source number>-<nn>, unique in the corpus
    quote: "at least 12 people were killed"   # the article's exact words
    subject: event/{event}
    property: deaths              # a claim property of the ontology (kg query properties)
    value: at least 12
    stated_by: org/an-outlet      # who asserts it
    # optional:
    # scope: protesters           # narrows what is counted (kg query properties lists values)
    # as_of: early May 2024       # when the figure held: 2024, 2024-05, May 3, 2024, or relative
    #                             # to the article's date: on Monday, last week, earlier this year
    # relayed_by: org/a-wire      # the outlet the article names as its channel
    # status: superseded          # stated (default) | superseded | retracted | reported-false
    # superseded_by: 001-02       # with a status other than stated: what replaced it
    # disputes: 002-04            # the claim(s) this one says are wrong or too low
    # note: "..."                 # why it is read this way
    # value_note: "..."           # only when the value's figure is not in the quote: why
```

Figures: `238`, `1,400`, `three`, `more than 200`, `nearly 1,400`, `four to six`, `hundreds`,
`$9,000`, `higher than 002-04`. `kg build` checks every quote against its article, with file and
line for anything to fix; `kg conflicts` shows where sources disagree. Every field and form is
described in `data/README.md` of the Qantar KG repository.
"""

_README = """# {name}

A corpus of claims with their sources, built with Qantar KG.

    kg build        # check every quote and build the graph (build/kg.nt)
    kg validate     # check the graph against the shapes
    kg conflicts    # where the sources disagree, and why

Add an article to `data/sources/`, its entities to `data/entities.yaml` and its claims to
`data/claims/` (each folder's README says how).
"""
