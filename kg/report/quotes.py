"""A quote in its sentence of the article, the quoted words marked, as HTML.

The build checked each quote against the article and recorded where it lies (oa:start, oa:end,
Unicode code points, which are Python's string indices); the article's text is in the build
(schema:text on the source). The words between the offsets are the article's own, which may
differ from the curated quote in its typographic quotes and spaces, so those are what is
marked. The sentence runs from the end of the previous sentence (., ! or ? and a space, or a
line break) to the end of the one the quote ends in, cut with an ellipsis beyond CONTEXT
characters on either side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

CONTEXT = 280
_END = re.compile(r"[.!?][\"'”’)\]]*\s|\n")


@dataclass(frozen=True)
class InSentence:
    before: str
    quoted: str
    after: str
    cut_before: bool
    cut_after: bool


def in_sentence(text: str, start: int, end: int) -> InSentence | None:
    """The sentence around text[start:end], or None when the offsets do not fit the text."""
    if not 0 <= start <= end <= len(text):
        return None
    head = max(0, start - CONTEXT)
    begins = head
    for found in _END.finditer(text, head, start):
        begins = found.end()
    tail = min(len(text), end + CONTEXT)
    stop = _END.search(text, max(end - 1, 0), tail) if end > start else None
    ends = stop.start() + 1 if stop else tail
    ends = max(ends, end)
    return InSentence(text[begins:start].lstrip(), text[start:end], text[end:ends].rstrip(),
                      begins == head and head > 0, ends == tail and tail < len(text))


def highlighted(text: str | None, start: int, end: int, quote: str) -> str:
    """HTML: the sentence with the quote in a <mark> (its offsets as data attributes), or,
    when the article's text is not at hand, the curated quote alone."""
    found = in_sentence(text, start, end) if text is not None else None
    marked = (f'<mark data-start="{start}" data-end="{end}">'
              f'{escape(found.quoted if found else quote)}</mark>')
    if found is None:
        return f'<q class="sentence">{marked}</q>'
    return (f'<q class="sentence">{"… " if found.cut_before else ""}{escape(found.before)}'
            f'{marked}{escape(found.after)}{" …" if found.cut_after else ""}</q>')
