"""A figure an article repeats: the speaker one mention names goes to the mentions that name none.

News says a figure more than once: a pull quote repeats words the body attributes ('"... left
at least 208 dead," X said'), a headline gives a figure to "minister suggests" whom the lead
names with the same figure, a lead to "a senior official" whom the next paragraph names. Each
is one statement, so a mention with no speaker whose words the article repeats, or whose speaker
is not named, takes the speaker of the other mention (the same bounds, read by the figure
reader, and the same measure). A figure merely equal to another one stated by someone ("22
defendants", a fact many repeat) keeps the publisher. The review says which mention the
speaker was taken from, so a curator checks that both are one statement.
"""

from __future__ import annotations

from decimal import Decimal

from kg.corpus.figures import FigureError, parse_figure
from kg.curate.draft import DraftClaim
from kg.curate.speakers import Speaker


def _bounds(value: str, tolerance: Decimal) -> tuple | None:
    try:
        figure = parse_figure(value, tolerance)
    except FigureError:
        return None
    return figure.lower, figure.upper, figure.lower_exclusive, figure.upper_exclusive


def repeated_speakers(claims: list[DraftClaim], said: dict[int, Speaker | None],
                      tolerance: Decimal, headline: int = -1
                      ) -> dict[int, tuple[Speaker, DraftClaim]]:
    """For each claim (by id()) the speaker of another mention of its figure gives: a claim
    whose quote the article repeats word for word, with no speaker of its own (a pull quote,
    a headline printed twice), takes the speaker of the repeat; a claim whose sentence has a
    verb of saying but names no speaker ("minister suggests") takes that of the nearest
    mention of the same figure and measure whose speaker is an entity, and so does a claim in
    the headline (before offset `headline`) that names no speaker: the body restates it."""
    found: dict[int, tuple[Speaker, DraftClaim]] = {}
    named = [(c, said[id(c)]) for c in claims if said.get(id(c)) and said[id(c)].ref]
    for claim in claims:
        if id(claim) not in said:
            continue
        own = said[id(claim)]
        bounds = _bounds(claim.value, tolerance)
        if bounds is None or (own is not None and own.how != "unnamed"):
            continue
        same = [(abs(other.start - claim.start), other, speaker) for other, speaker in named
                if other.property == claim.property and _bounds(other.value, tolerance) == bounds
                and (own is not None or other.quote == claim.quote
                     or claim.start < headline <= other.start)]
        if same:
            _, other, speaker = min(same, key=lambda s: s[0])
            found[id(claim)] = (speaker, other)
    return found


def restate_as_of(claim: DraftClaim, source: DraftClaim, review: list[tuple[str, str]]) -> None:
    """A headline's figure the body restates holds when the body's does: its as-of, when the
    headline gives none (the review line saying so replaces the one saying no as_of)."""
    if claim.as_of or not source.as_of:
        return
    claim.as_of, claim.as_of_note = source.as_of, source.as_of_note
    review[:] = [r for r in review if not r[1].startswith("no as_of")] + [
        ("medium", f"as_of {source.as_of!r} from the body's statement of the same figure "
         f"({source.quote[:60]!r}): check the headline restates it")]
