"""A draft (kg.curate.draft) written as a claim sheet in the project's own format.

The fields are the ones data/README.md documents, in its order, so that once a curator has
checked a claim and deleted its `review:` line the sheet is an ordinary one. Every text is
written as a JSON string, which is YAML too (a double-quoted scalar), so a quote holding ': ',
'#' or quotation marks needs no care. The figures left out are listed in a closing comment:
those outside every claim's quote as ready data/coverage.yaml entries (`kg coverage` wants a
claim or an entry for each), the others by line with the claims whose quotes hold them.
"""

from __future__ import annotations

import json
import re

from kg.corpus.quotes import normalise, occurrences
from kg.curate.draft import Draft, DraftClaim, LeftOut
from kg.output.words import counted

FIELDS = ("quote", "occurrence", "subject", "property", "scope", "value", "spread", "as_of",
          "as_of_note", "stated_by", "relayed_by", "note", "review")


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_draft(draft: Draft) -> str:
    """The draft as the text of data/claims/<stem>.yaml."""
    article = draft.article
    lines = [f"# A draft claim sheet of {article.stem}, written by `kg extract` from "
             f"{article.path.name}: {counted(len(draft.claims), 'claim')}, one per figure.",
             "# Every field is a guess. Check each claim against the article and correct it, "
             "then delete",
             "# its `review:` line: `kg build` refuses the sheet while any is left. Figures "
             "left out are",
             "# listed at the end."]
    lines += [f"# Note: {note}." for note in draft.notes]
    lines.append(f"source: {article.stem}")
    if draft.stated_by:
        lines += ["defaults:", f"  stated_by: {draft.stated_by}"]
    lines.append("claims:" if draft.claims else "claims: []")
    for claim in draft.claims:
        lines += _claim(claim)
    lines += _left_out(draft)
    return "\n".join(lines) + "\n"


def _claim(claim: DraftClaim) -> list[str]:
    lines = [f"  - id: {claim.id}"]
    for name in FIELDS:
        value = getattr(claim, name)
        if value in (None, "", (), False):
            continue
        if name == "scope":
            shown = value[0] if len(value) == 1 else f"[{', '.join(value)}]"
        elif name in ("occurrence", "spread"):
            shown = str(value).lower()
        elif name in ("subject", "property", "stated_by", "relayed_by"):
            shown = str(value)
        else:
            shown = _text(str(value))
        lines.append(f"    {name}: {shown}")
    return lines


def _left_out(draft: Draft) -> list[str]:
    if not draft.left_out:
        return ["# Left out: nothing; every figure kg/curate/scan.py finds is a claim's value."]
    outside = [o for o in draft.left_out if not o.in_quotes]
    inside = [o for o in draft.left_out if o.in_quotes]
    lines = [f"# Left out: {counted(len(draft.left_out), 'figure')} kg/curate/scan.py finds "
             "that no claim above has as its value."]
    if outside:
        lines += ["# In no claim's quote, so `kg coverage` will list them: claim them, or "
                  "declare them in", "# data/coverage.yaml (under left_out:) as, for example:"]
        for left in outside:
            words, which = _words_around(draft.article.text, left)
            lines += [f"#  - source: {draft.article.stem}", f"#    words: {_text(words)}"]
            lines += [f"#    occurrence: {which}"] * (which is not None)
            lines.append(f"#    reason: {_text(left.reason)}    # line {left.line}: "
                         f"{left.words!r}")
    if inside:
        lines.append("# In a claim's quote (`kg coverage` counts them covered):")
        lines += [f"#   line {o.line}: {o.words!r} ({o.group}): {o.reason}; in the quote of "
                  f"{', '.join(o.in_quotes)}" for o in inside]
    return lines


def _words_around(text: str, left: LeftOut) -> tuple[str, int | None]:
    """A few words of the article holding a left-out figure, as a coverage.yaml entry names
    them (two words before it and one after, within its line), and which occurrence of them
    it is when they occur more than once."""
    line_start = text.rfind("\n", 0, left.start) + 1
    line_end = text.find("\n", left.end)
    line_end = len(text) if line_end == -1 else line_end
    before = [m.start() for m in re.finditer(r"\S+", text[line_start:left.start])][-2:]
    after = [m.end() for m in re.finditer(r"\S+", text[left.end:line_end])][:1]
    start = line_start + before[0] if before else left.start
    end = left.end + after[0] if after else left.end
    words = text[start:end].rstrip(" ,.;:!?\"'”’)")
    words = words if len(words) >= left.end - start else text[start:left.end]
    normal = normalise(text)
    found = occurrences(normal, words)
    which = next((i for i, at in enumerate(found, start=1) if normal.origin[at] == start), None)
    return " ".join(words.split()), which if len(found) > 1 else None
