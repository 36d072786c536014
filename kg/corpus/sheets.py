"""Claim sheets (`data/claims/<stem>.yaml`): read, check against the corpus, resolve figures.

Every problem found is collected with its file and line, so one run tells a curator everything
to fix; nothing is written while any problem remains.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kg.corpus.dates import DateInterval, parse_date
from kg.corpus.entities import Entity
from kg.corpus.figures import Figure, FigureError, missing_from, parse_figure
from kg.corpus.identifiers import name_problem
from kg.corpus.ontology import Ontology, PropertySpec
from kg.corpus.quotes import Span, nearest_passage, normal_form, occurrences, span_at
from kg.corpus.sources import Source
from kg.corpus.yamlfile import Mapping, not_text, read_yaml
from kg.errors import InputError, Problem

FIELDS = ("id", "quote", "occurrence", "subject", "property", "scope", "value", "object", "unit",
          "spread", "as_of", "as_of_note", "stated_by", "relayed_by", "status", "disputes",
          "superseded_by", "note", "value_note")
# Fields that hold one text (or number), never a list or a mapping.
TEXT_FIELDS = ("quote", "subject", "property", "value", "object", "unit", "as_of",
               "as_of_note", "stated_by", "relayed_by", "status", "note", "value_note")
STATUSES = ("stated", "superseded", "retracted", "reported-false")
HIGHER_THAN = "higher than "
# "higher than 238" is a figure (more than 238); "higher than 004-08" is relative to a claim
_NUMBER = re.compile(r"\d[\d,.\u00a0\u202f ]*")
REVIEW = ("'review' is the note kg extract leaves on a draft claim: check the claim against the "
          "article, correct it, then delete its review: line")
# Scope values one claim may combine: the build writes each subset (2^n) on the claim.
MAX_SCOPE = 4


@dataclass
class Claim:
    id: str
    source: Source
    span: Span
    subject: str
    prop: PropertySpec
    scope: tuple[str, ...] = ()  # what narrows the count: scope value names and entity refs
    figure: Figure | None = None
    date_value: DateInterval | None = None
    object: str | None = None
    unit: str | None = None
    as_of: DateInterval | None = None
    as_of_note: str | None = None
    stated_by: str | None = None
    relayed_by: str | None = None
    status: str = "stated"
    disputes: list[str] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)  # superseded_by: what replaced it
    note: str | None = None
    higher_than: str | None = None
    path: Path | None = None
    line: int = 0


@dataclass(frozen=True)
class Context:
    """What a sheet is checked against."""

    sources: dict[str, Source]
    entities: dict[str, Entity]
    ontology: Ontology
    tolerance: Decimal


@dataclass(frozen=True)
class FigureRef:
    """What another claim needs of a claim it calls 'higher than': its upper bound and unit."""

    upper: Decimal | None
    unit: str | None
    wording: str
    numeric: bool


def figure_ref(claim: Claim) -> FigureRef:
    figure = claim.figure
    return FigureRef(figure.upper if figure else None, claim.unit,
                     figure.wording if figure else "", figure is not None)


def load_sheet(path: Path, context: Context,
               ids: list[tuple[str, Path, int]]) -> tuple[list[Claim], list[Problem]]:
    """One sheet's claims and problems; appends every claim id met (even of bad claims) to
    `ids`, so duplicates are found across sheets."""
    try:
        return _load_sheet(path, context, ids)
    except InputError as exc:
        return [], exc.problems


def _load_sheet(path: Path, context: Context,
                ids: list[tuple[str, Path, int]]) -> tuple[list[Claim], list[Problem]]:
    bad_name = name_problem(path.stem, "file name")
    if bad_name:
        raise InputError([Problem(path, None, f"{bad_name}: a sheet is named after its article, "
                                  "whose file name is part of its IRI")])
    sheet = read_yaml(path)
    if not isinstance(sheet, Mapping) or not isinstance(sheet.get("claims"), list):
        raise InputError([Problem(path, 1, "expected 'source:' and a list under 'claims:'")])
    stem = str(sheet.get("source", ""))
    if stem != path.stem:
        raise InputError([Problem(path, sheet.line_of("source"), f"the sheet of source {stem!r} "
                                  f"must be named {stem}.yaml (one sheet per article)")])
    source = context.sources.get(stem)
    if source is None and (path.parent.parent / "sources" / f"{stem}.txt").is_file():
        return [], []  # the article exists but could not be read; that problem is reported
    if source is None:
        raise InputError([Problem(path, sheet.line_of("source"), f"source {stem!r} has no "
                                  f"article: expected data/sources/{stem}.txt")])
    defaults = sheet.get("defaults") or Mapping()
    if not isinstance(defaults, Mapping):
        raise InputError([Problem(path, sheet.line_of("defaults"), "defaults is a mapping of "
                                  "fields every claim gets, such as 'stated_by: org/rferl' "
                                  "indented under it, not a list or a text")])
    claims, problems = [], []
    for entry in sheet["claims"]:
        if not isinstance(entry, Mapping):
            problems.append(Problem(path, sheet.line_of("claims"), "each claim is a mapping"))
            continue
        bad_id = name_problem(entry["id"], "claim id") if entry.get("id") is not None else None
        if bad_id:
            problems.append(Problem(path, entry.line_of("id"), f"{bad_id} (the id is part of "
                                    "the claim's IRI)"))
            continue
        ids.append((str(entry.get("id")), path, entry.line))
        merged = Mapping({**defaults, **entry})
        merged.line, merged.key_lines = entry.line, entry.key_lines
        claim, trouble = _read_claim(merged, source, context, path)
        problems += trouble
        if claim is not None:
            claims.append(claim)
    return claims, problems


def _read_claim(entry: Mapping, source: Source, context: Context,
                path: Path) -> tuple[Claim | None, list[Problem]]:
    def problem(key: str, message: str) -> Problem:
        return Problem(path, entry.line_of(key), f"claim {claim_id}: {message}")

    claim_id = str(entry.get("id", "?"))
    problems = [problem(k, REVIEW if k == "review" else
                        f"unknown field {k!r}; expected one of {', '.join(FIELDS)}")
                for k in entry if k not in FIELDS]
    problems += [problem(k, message) for k, message in not_text(entry, TEXT_FIELDS)]
    for key in ("id", "quote", "subject", "property"):
        if entry.get(key) in (None, ""):
            problems.append(problem(key, f"missing {key!r}"))
    if problems:
        return None, problems
    prop = context.ontology.properties.get(str(entry["property"]))
    if prop is None:
        name, known = str(entry["property"]), context.ontology.properties
        problems.append(problem("property", f"unknown property {name!r}; "
                                f"{_did_you_mean(name, known)}the ontology declares: "
                                f"{', '.join(sorted(known))}"))
    span, trouble = _locate(entry, source, problem)
    problems += trouble
    for key in ("subject", "object", "stated_by", "relayed_by"):
        ref = entry.get(key)
        if ref is not None and str(ref) not in context.entities:
            problems.append(problem(key, f"unknown entity {ref!r}: "
                                    f"{_did_you_mean(str(ref), context.entities)}add it to "
                                    "data/entities.yaml or fix the id"))
    if prop is None:  # the quote and entities are checked all the same: one run, every problem
        return None, problems
    claim = Claim(id=claim_id, source=source, span=span or Span(0, 0, "", "", ""),
                  subject=str(entry["subject"]), prop=prop, path=path, line=entry.line,
                  stated_by=entry.get("stated_by"), relayed_by=entry.get("relayed_by"),
                  as_of_note=entry.get("as_of_note"), note=_curator_note(entry))
    problems += _read_scope(entry, claim, context, problem)
    problems += _read_value(entry, claim, context, problem)
    problems += _read_status(entry, claim, problem)
    return (claim if not problems else None), problems


def _did_you_mean(name: str, known) -> str:
    near = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return f"did you mean {near[0]!r}? " if near else ""


def _read_scope(entry: Mapping, claim: Claim, context: Context, problem) -> list[Problem]:
    """`scope:` as one value or a list: scope values of the ontology (`lawEnforcement`) or
    entities (`place/nukus`), kept sorted and without repeats so equal scopes compare equal."""
    given = entry.get("scope")
    if given is None:
        return []
    values = given if isinstance(given, list) else [given]
    problems, names = [], set()
    for value in values:
        name = str(value).strip() if isinstance(value, (str, int)) else None
        if name and (name in context.ontology.scopes or name in context.entities):
            names.add(name)
            continue
        known = ", ".join(sorted(context.ontology.scopes))
        problems.append(problem("scope", f"unknown scope {value!r}: give a scope value of the "
                                f"ontology ({known}) or an entity such as place/<slug> from "
                                "data/entities.yaml"))
    if not claim.prop.numeric and names:
        problems.append(problem("scope", f"{claim.prop.name} is not a measure: scope narrows "
                                "what a count or quantity counts"))
    if len(names) > MAX_SCOPE:
        problems.append(problem("scope", f"{len(names)} scope values; at most {MAX_SCOPE} "
                                "narrow one count"))
    claim.scope = tuple(sorted(names))
    return problems


def _locate(entry: Mapping, source: Source, problem) -> tuple[Span | None, list[Problem]]:
    quote = str(entry["quote"])
    length, article = len(normal_form(quote.strip())), len(source.normal.text)
    if not length or length > article:
        said = "empty" if not length else f"{length} characters, longer than the article " \
            f"({article})"
        return None, [problem("quote", f"the quote is {said}: quote the article's own words, "
                              f"as they stand in {source.text_path.name}")]
    found = occurrences(source.normal, quote)
    wanted = entry.get("occurrence")
    if not found:
        line, passage = nearest_passage(source.text, source.normal, quote)
        return None, [problem("quote", f"quote not found in {source.text_path.name} (nearest "
                              f"match at line {line}: \"{passage.strip()}\")")]
    if wanted is None and len(found) > 1:
        return None, [problem("quote", f"quote occurs {len(found)} times in "
                              f"{source.text_path.name}: add 'occurrence: N' (1 to {len(found)})")]
    index = 1 if wanted is None else wanted
    if not isinstance(index, int) or not 1 <= index <= len(found):
        return None, [problem("occurrence", f"occurrence must be 1 to {len(found)}")]
    return span_at(source.text, source.normal, found[index - 1], quote), []


def _curator_note(entry: Mapping) -> str | None:
    """`note` and `value_note` published as one curator's note (qk:curatorNote: why the quote
    is read this way), so value_note needs no term of its own."""
    notes = [str(entry[k]) for k in ("note", "value_note") if entry.get(k) not in (None, "")]
    return " ".join(notes) or None


def _read_value(entry: Mapping, claim: Claim, context: Context, problem) -> list[Problem]:
    prop, value, obj = claim.prop, entry.get("value"), entry.get("object")
    if prop.value_type == "entity":
        if obj is None or value is not None:
            return [problem("object", f"{prop.name} takes an entity: give 'object:', not "
                            "'value:'")]
        claim.object = str(obj)
        return []
    if value is None or obj is not None:
        return [problem("value", f"{prop.name} takes a {prop.value_type}: give 'value:'")]
    problems: list[Problem] = []
    source = claim.source
    anchor, anchor_name = ((source.published, "published") if source.published
                           else (source.inferred_date, "inferred"))
    try:
        if entry.get("as_of") is not None:
            claim.as_of = parse_date(entry["as_of"], anchor, anchor_name)
    except ValueError as exc:
        problems.append(problem("as_of", str(exc)))
    if prop.value_type == "date":
        try:
            claim.date_value = parse_date(value, anchor, anchor_name)
        except ValueError as exc:
            problems.append(problem("value", str(exc)))
        return problems
    text = str(value).strip()
    if text.lower().startswith(HIGHER_THAN) and not _NUMBER.fullmatch(text[len(HIGHER_THAN):]
                                                                      .strip()):
        claim.higher_than = text[len(HIGHER_THAN):].strip()
        claim.disputes.append(claim.higher_than)
        text = "0"  # placeholder; the bounds come from the other claim once all are read
    try:
        claim.figure = parse_figure(text, context.tolerance, bool(entry.get("spread", False)))
    except FigureError as exc:
        return problems + [problem("value", str(exc))]
    if claim.higher_than is None and claim.span.exact:  # else the quote is not in the article
        problems += _value_in_quote(entry, claim.figure.wording, claim.span.exact, problem)
    return problems + _read_unit(entry, claim, context, problem)


def _value_in_quote(entry: Mapping, wording: str, words: str, problem) -> list[Problem]:
    """A figure must be in its quote's words, as the figure reader reads both ('three' in
    'three policemen'), unless `value_note:` says why it is not."""
    if entry.get("value_note") not in (None, ""):
        return []
    missing = missing_from(wording, words)
    if not missing:
        return []
    return [problem("value", f"value {wording!r} names {' and '.join(missing)}, which its "
                    "quote does not: give the quote's own figure, or add 'value_note:' saying "
                    "why the value differs from the quote's words")]


def _read_unit(entry: Mapping, claim: Claim, context: Context, problem) -> list[Problem]:
    said, given = claim.figure.unit if claim.figure else None, entry.get("unit")
    if said and given and context.ontology.units.get(str(given)) != context.ontology.units[said]:
        return [problem("unit", f"unit {given!r} contradicts the wording's unit {said!r}")]
    name = said or given
    if name is not None and str(name) not in context.ontology.units:
        return [problem("unit", f"unknown unit {name!r}; known: "
                        f"{', '.join(sorted(context.ontology.units))}")]
    if name is None and claim.prop.unit_required:
        return [problem("value", f"{claim.prop.name} needs a unit (a currency): say it in the "
                        "value ('5 million tenge', '$9,000') or add 'unit:'")]
    claim.unit = str(name) if name is not None else None
    return []


def _read_status(entry: Mapping, claim: Claim, problem) -> list[Problem]:
    status = str(entry.get("status", "stated"))
    if status not in STATUSES:
        return [problem("status", f"status must be one of {', '.join(STATUSES)}")]
    claim.status = status
    claim.disputes += [t for t in _claim_ids(entry.get("disputes")) if t not in claim.disputes]
    claim.replaced_by = _claim_ids(entry.get("superseded_by"))
    problems = []
    for key, targets in (("disputes", claim.disputes), ("superseded_by", claim.replaced_by)):
        bad = [p for t in targets if (p := name_problem(t, "claim id"))]
        if bad:
            field_name = key if entry.get(key) is not None else "value"
            problems.append(problem(field_name, f"{key} names a {bad[0]}"))
    if claim.replaced_by and status == "stated":
        problems.append(problem("superseded_by", "superseded_by is for a claim the text reports "
                                "as replaced: give 'status: superseded' (or retracted, "
                                "reported-false)"))
    if claim.id in claim.replaced_by or claim.id in claim.disputes:
        problems.append(problem("disputes" if claim.id in claim.disputes else "superseded_by",
                                f"claim {claim.id} names itself"))
    return problems


def _claim_ids(given: object) -> list[str]:
    """One claim id or a list of them, as written (`disputes: 004-08` or `[004-08, 005-02]`)."""
    if given is None:
        return []
    return [str(t) for t in (given if isinstance(given, list) else [given])]


def check_ids(ids: list[tuple[str, Path, int]]) -> list[Problem]:
    seen: dict[str, tuple[Path, int]] = {}
    problems = []
    for claim_id, path, line in ids:
        if claim_id in seen:
            first_path, first_line = seen[claim_id]
            problems.append(Problem(path, line, f"duplicate claim id {claim_id!r} (first used "
                                    f"at {first_path}:{first_line})"))
        seen.setdefault(claim_id, (path, line))
    return problems


def claim_references(claims: list[Claim]) -> list[tuple[str, int, str, str]]:
    """(claim id, line, field, named claim id) for every claim another claim names."""
    return ([(c.id, c.line, "disputes", t) for c in claims for t in c.disputes]
            + [(c.id, c.line, "superseded_by", t) for c in claims for t in c.replaced_by])


def check_references(refs: list[tuple[Path | None, int, str, str, str]],
                     known: set[str]) -> list[Problem]:
    """Every (sheet, line, claim id, field, named claim id) must name a known claim: `disputes`
    and `superseded_by` may point into any sheet, so this runs once all are read."""
    return [Problem(path, line, f"claim {claim_id}: {key} names unknown claim {target!r}")
            for path, line, claim_id, key, target in refs if target not in known]


def resolve_higher_than(claims: list[Claim], known: dict[str, FigureRef]) -> list[Problem]:
    """Give each 'higher than X' claim its bounds from X's figure, when `known` has it."""
    problems = []
    for claim in claims:
        other = known.get(claim.higher_than or "")
        if other is None:
            continue
        if other.upper is None:
            problems.append(Problem(claim.path, claim.line, f"claim {claim.id}: 'higher "
                                    f"than {claim.higher_than}' needs a bounded figure"))
            continue
        claim.figure = Figure(other.upper, None, True, False, "higher-than", other.unit,
                              f"higher than {other.wording}")
        claim.unit = claim.unit or other.unit
    return problems
