"""A figure's claims over time as an inline SVG, drawn here rather than by a chart library.

Why by hand: the chart has one unusual mark, an interval in two dimensions (the days a claim
holds over, by the figures it allows) whose ends may be open, and the page must work offline
and byte for byte the same on every run. Vega-Lite through altair and vl-convert would bring
a JavaScript engine to draw boxes; matplotlib's SVG carries generated ids, fonts as paths and
its own metadata. A hundred lines of rectangles and lines give small, deterministic,
testable markup (tests count the marks and read their attributes).

Each claim is one mark (`<g class="mark" data-claim="...">`): a bar for an exact figure, a
band from its lower to its upper bound otherwise, an end left dashed when it is excluded
("more than 200" excludes 200) and a band fading out with an arrow where no bound is given.
Its colour is its speaker's kind; superseded, retracted and false claims are grey. Undated
claims stand in a strip at the right. Entity- and date-valued figures have a row per value.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from html import escape

WIDTH = 640
PLOT_TOP, PLOT_BOTTOM = 18, 34  # margins
UNDATED_STRIP = 56
LABELS = 84  # room on the right for the claims' ids, when there are few enough to name
GREY = "#9a9a9a"
COLOURS = {  # Okabe-Ito, by the qk: class of the speaker
    "GovernmentBody": "#D55E00", "LawEnforcementAgency": "#E69F00", "Court": "#CC79A7",
    "MediaOutlet": "#0072B2", "NGO": "#009E73", "CollectiveVoice": "#56B4E9",
    "InternationalBody": "#7A5195", "Person": "#222222", "PersonGroup": "#666666",
}
OTHER = "#8c564b"


def colour(kind: str | None) -> str:
    return COLOURS.get(kind or "", OTHER)


@dataclass(frozen=True)
class Mark:
    claim: str  # the claim's id, as the page shows it
    start: str | None  # first day it holds on (ISO)
    end: str | None  # last day
    lower: int | float | None = None
    upper: int | float | None = None
    lower_open: bool = False
    upper_open: bool = False
    row: str | None = None  # entity and date figures: the value's row label
    kind: str | None = None  # the speaker's class (its colour)
    greyed: bool = False
    href: str = ""
    title: str = ""
    disputed: bool = False  # outlined: in a dispute, which its link leads to


def chart(chart_id: str, marks: list[Mark], axis_label: str = "") -> str:
    """The SVG of one figure (`chart_id` keeps its gradient ids apart from other charts')."""
    rows = sorted({m.row for m in marks if m.row is not None})
    left = 170 if rows else 64
    height = (PLOT_TOP + PLOT_BOTTOM + 30 * len(rows) + 10) if rows else 240
    undated = any(m.start is None or m.end is None for m in marks)
    right = WIDTH - (LABELS if len(marks) <= 12 else 16) - (UNDATED_STRIP if undated else 0)
    bottom = height - PLOT_BOTTOM
    days = _day_domain(marks)
    x = _scale(days, (left, right)) if days else None
    values = (0.0, 1.0) if rows else _value_domain(marks)
    # a bound above the chart (see _value_domain) is drawn as an open end
    marks = [replace(m, upper=None, upper_open=True) if m.row is None and m.upper is not None
             and m.upper > values[1] else m for m in marks]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
             f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
             f'aria-label="{escape(axis_label or "claims over time")}">',
             _defs(chart_id, marks),
             f'<rect class="plot" x="{left}" y="{PLOT_TOP}" width="{right - left}" '
             f'height="{bottom - PLOT_TOP}" fill="#fafafa" stroke="#ddd"/>']
    if days and x is not None:
        parts += _time_axis(days, x, bottom)
    if undated:
        parts.append(f'<text x="{right + UNDATED_STRIP / 2 + 8:.1f}" y="{bottom + 16}" '
                     f'text-anchor="middle" class="tick">undated</text>')
    if rows:
        row_y = {row: PLOT_TOP + 20 + 30 * i for i, row in enumerate(rows)}
        parts += [f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" class="tick">'
                  f'{escape(_clip(row, 26))}</text>' for row, y in row_y.items()]
        y_of = None
    else:
        y_of = _scale(values, (bottom, PLOT_TOP))
        parts += _value_axis(values, y_of, left, right)
        row_y = {}
    if axis_label:
        parts.append(f'<text x="{left}" y="{PLOT_TOP - 6}" class="axis">'
                     f"{escape(axis_label)}</text>")
    extents = _dodged(marks, x, right)
    same = _coincident(marks, extents)
    for mark, (x0, x1), (nth, ids) in zip(marks, extents, same, strict=True):
        body = (_row_mark(mark, x0, x1, row_y[mark.row]) if mark.row is not None
                else _number_mark(chart_id, mark, x0, x1, y_of, bottom))
        label = (f'<text x="{x1 + 3:.1f}" y="{_label_y(mark, y_of, row_y, bottom):.1f}" '
                 f'class="label">{escape(_ids(ids))}</text>'
                 if ids and len(same) <= 12 else "")
        classes = "mark" + (" greyed" if mark.greyed else "") + (" disputed" if mark.disputed
                                                                 else "")
        moved = f' transform="translate(0,{-4 * nth})"' if nth else ""
        group = (f'<g class="{classes}" data-claim="{escape(mark.claim)}"{moved}>'
                 f'<title>{escape(mark.title)}</title>{body}{label}</g>')
        parts.append(f'<a href="{escape(mark.href)}">{group}</a>' if mark.href else group)
    parts.append("</svg>")
    return "".join(parts)


def _ordinal(day: str) -> int:
    return dt.date.fromisoformat(day[:10]).toordinal()


def _day_domain(marks: list[Mark]) -> tuple[float, float] | None:
    dated = [(_ordinal(m.start), _ordinal(m.end) + 1) for m in marks if m.start and m.end]
    if not dated:
        return None
    first, last = min(d[0] for d in dated), max(d[1] for d in dated)
    pad = max(3.0, (last - first) * 0.04)
    return first - pad, last + pad


def _value_domain(marks: list[Mark]) -> tuple[float, float]:
    """From 0 (or the least figure, if negative) to the largest figure drawn, with room above
    for the open ends. A bound more than twice the largest lower bound ("thousands" read as
    up to 1,000,000 beside 243 and 274) would flatten every other claim: it runs off the top
    as an open end does, and the claim's title says its bounds."""
    finite = [v for m in marks for v in (m.lower, m.upper) if v is not None]
    if not finite:
        return 0.0, 1.0
    lowers = [m.lower for m in marks if m.lower is not None]
    cap = max(lowers) * 2 if lowers and max(lowers) > 0 else max(finite)
    kept = [v for v in finite if v <= cap]
    low, high = min(0.0, min(finite)), max(kept) if kept else cap
    if high <= low:
        high = low + 1
    beyond = len(kept) < len(finite) or any(m.upper is None for m in marks)
    return low, high + (high - low) * (0.3 if beyond else 0.08)


def _scale(domain: tuple[float, float], span: tuple[float, float]):
    (d0, d1), (r0, r1) = domain, span
    return lambda v: r0 + (v - d0) * (r1 - r0) / ((d1 - d0) or 1)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _value_axis(domain: tuple[float, float], y, left: float, right: float) -> list[str]:
    step = _nice_step(domain[1] - domain[0])
    out, value = [], math.ceil(domain[0] / step) * step
    while value <= domain[1]:
        text = (f"{value:,.0f}" if float(value).is_integer()
                else f"{value:,.2f}".rstrip("0").rstrip("."))
        out.append(f'<line x1="{left}" x2="{right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                   f'class="grid"/><text x="{left - 6}" y="{y(value) + 4:.1f}" '
                   f'text-anchor="end" class="tick">{text}</text>')
        value += step
    return out


def _time_axis(days: tuple[float, float], x, bottom: float) -> list[str]:
    first = dt.date.fromordinal(math.ceil(days[0]))
    last = dt.date.fromordinal(math.floor(days[1]))
    months = (last.year - first.year) * 12 + last.month - first.month
    out = []
    if months >= 3:
        step = next(s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= 7)
        year, month = first.year, first.month + 1 if first.day > 1 else first.month
        while True:
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            if (month - 1) % min(step, 12) == 0:
                break
            month += 1
        tick = dt.date(year, month, 1)
        while tick <= last:
            text = str(tick.year) if step >= 12 else tick.strftime("%Y-%m")
            out.append(_tick(x(tick.toordinal()), bottom, text))
            total = tick.month - 1 + step
            tick = dt.date(tick.year + total // 12, total % 12 + 1, 1)
    else:
        span = (last - first).days
        step = next(s for s in (1, 2, 7, 14, 28) if span / s <= 7)
        tick = first
        while tick <= last:
            out.append(_tick(x(tick.toordinal()), bottom, tick.isoformat()))
            tick += dt.timedelta(days=step)
    return out


def _tick(at: float, bottom: float, text: str) -> str:
    return (f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{bottom}" y2="{bottom + 4}" class="axisline"/>'
            f'<text x="{at:.1f}" y="{bottom + 16}" text-anchor="middle" class="tick">'
            f'{escape(text)}</text>')


def _x_extent(mark: Mark, x, right: float, index: int = 0) -> tuple[float, float]:
    if not (mark.start and mark.end) or x is None:
        return right + 12, right + 18
    x0, x1 = x(_ordinal(mark.start)), x(_ordinal(mark.end) + 1)
    if x1 - x0 < 5:
        middle = (x0 + x1) / 2
        x0, x1 = middle - 2.5, middle + 2.5
    return x0, x1


def _dodged(marks: list[Mark], x, right: float) -> list[tuple[float, float]]:
    """Each mark's horizontal extent; a narrow one (a day, or undated) that would cover
    another narrow one moves right until it does not, so claims of one day stay apart."""
    placed: list[tuple[float, float]] = []
    extents = []
    for index, mark in enumerate(marks):
        x0, x1 = _x_extent(mark, x, right, index)
        if x1 - x0 < 8:
            while any(x0 < b + 1 and a < x1 + 1 for a, b in placed):
                x0, x1 = x0 + 7, x1 + 7
            placed.append((x0, x1))
        extents.append((x0, x1))
    return extents


def _coincident(marks: list[Mark], extents: list[tuple[float, float]]
                ) -> list[tuple[int, list[str]]]:
    """For each mark: how many before it are drawn in the very same place (it is raised by 4
    pixels for each, so every claim stays visible), and the ids its label names: all of the
    coincident ones on the first, none on the others."""
    groups: dict[tuple, list[int]] = {}
    for index, (mark, (x0, x1)) in enumerate(zip(marks, extents, strict=True)):
        key = (round(x0), round(x1), mark.row, mark.lower, mark.upper, mark.lower_open,
               mark.upper_open)
        groups.setdefault(key, []).append(index)
    found: list[tuple[int, list[str]]] = [(0, [])] * len(marks)
    for members in groups.values():
        for nth, index in enumerate(members):
            found[index] = (nth, [marks[i].claim for i in members] if nth == 0 else [])
    return found


def _defs(chart_id: str, marks: list[Mark]) -> str:
    """A fading gradient per colour that an unbounded end uses, upwards and downwards."""
    used = sorted({(_fill(m), way) for m in marks if m.row is None
                   for way, missing in (("up", m.upper), ("down", m.lower)) if missing is None
                   and not (m.lower is None and m.upper is None and way == "down")})
    found = []
    for fill, way in used:
        y1, y2 = (1, 0) if way == "up" else (0, 1)
        found.append(f'<linearGradient id="{_gradient_id(chart_id, fill, way)}" x1="0" x2="0" '
                     f'y1="{y1}" y2="{y2}"><stop offset="0" stop-color="{fill}" '
                     f'stop-opacity="0.55"/><stop offset="1" stop-color="{fill}" '
                     f'stop-opacity="0"/></linearGradient>')
    return f"<defs>{''.join(found)}</defs>" if found else ""


def _gradient_id(chart_id: str, fill: str, way: str) -> str:
    return f"{escape(chart_id)}-{way}-{fill.lstrip('#')}"


def _fill(mark: Mark) -> str:
    return GREY if mark.greyed else colour(mark.kind)


def _number_mark(chart_id: str, mark: Mark, x0: float, x1: float, y, bottom: float) -> str:
    fill, width = _fill(mark), x1 - x0
    if mark.lower is not None and mark.lower == mark.upper:
        return (f'<rect x="{x0:.1f}" y="{y(mark.lower) - 2.5:.1f}" width="{width:.1f}" '
                f'height="5" fill="{fill}"/>')
    top = PLOT_TOP if mark.upper is None else y(mark.upper)
    low = bottom if mark.lower is None else y(mark.lower)
    fading = mark.upper is None or mark.lower is None
    paint = (f"url(#{_gradient_id(chart_id, fill, 'up' if mark.upper is None else 'down')})"
             if fading else fill)
    out = [f'<rect x="{x0:.1f}" y="{top:.1f}" width="{width:.1f}" '
           f'height="{max(low - top, 1):.1f}" fill="{paint}" '
           f'fill-opacity="{1 if fading else 0.3}"/>']
    for bound, excluded, at in ((mark.upper, mark.upper_open, top),
                                (mark.lower, mark.lower_open, low)):
        if bound is not None:
            dash = ' stroke-dasharray="3 2"' if excluded else ""
            out.append(f'<line x1="{x0:.1f}" x2="{x1:.1f}" y1="{at:.1f}" y2="{at:.1f}" '
                       f'stroke="{fill}" stroke-width="2"{dash}/>')
    middle = (x0 + x1) / 2
    if mark.upper is None:
        out.append(f'<path class="open-end" d="M{middle - 4:.1f},{top + 7:.1f} L{middle:.1f},'
                   f'{top:.1f} L{middle + 4:.1f},{top + 7:.1f}" fill="none" stroke="{fill}" '
                   f'stroke-width="1.5"/>')
    if mark.lower is None:
        out.append(f'<path class="open-end" d="M{middle - 4:.1f},{low - 7:.1f} L{middle:.1f},'
                   f'{low:.1f} L{middle + 4:.1f},{low - 7:.1f}" fill="none" stroke="{fill}" '
                   f'stroke-width="1.5"/>')
    return "".join(out)


def _row_mark(mark: Mark, x0: float, x1: float, y: float) -> str:
    return (f'<rect x="{x0:.1f}" y="{y - 6:.1f}" width="{x1 - x0:.1f}" height="12" '
            f'fill="{_fill(mark)}" fill-opacity="0.8"/>')


def _label_y(mark: Mark, y, row_y: dict[str, float], bottom: float) -> float:
    if mark.row is not None:
        return row_y[mark.row] + 4
    if mark.lower is not None:
        return y(mark.lower) + 4 if mark.upper is not None else y(mark.lower) - 4
    return (y(mark.upper) if mark.upper is not None else bottom) + 4


def _ids(ids: list[str]) -> str:
    return " · ".join(ids) if len(ids) <= 2 else f"{ids[0]} +{len(ids) - 1}"


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[:size - 1] + "…"
