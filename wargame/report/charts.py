"""Line charts of the tracks, as SVG written by hand: no plotting library, no fonts or scripts fetched.

One chart per track. A global track has one line; a per-delegation or per-pair track has one line
per member, told apart by colour (Okabe-Ito, safe for colour-blind readers), dash pattern and marker
shape, so the chart still reads when printed in black and white.
"""

from __future__ import annotations

from html import escape

import attrs

from wargame.report.model import GameReport

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#333333", "#999999")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4", "3 6")
MARKERS = ("circle", "square", "diamond", "triangle", "circle-open", "square-open", "diamond-open", "triangle-open")


@attrs.frozen
class Series:
    name: str
    values: tuple[float, ...]


@attrs.frozen
class TrackChart:
    track_id: str
    title: str
    meaning: str
    higher_is: str
    scope: str
    subtitle: str
    svg: str
    keys: tuple[str, ...]  # the track keys drawn


def _nice_step(span: float, max_ticks: int = 6) -> float:
    if span <= 0:
        return 1
    steps = sorted(b * m for b in (1, 2, 2.5, 5) for m in (0.01, 0.1, 1, 10, 100, 1000, 10000))
    return next((st for st in steps if span / st <= max_ticks), span)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _marker(kind: str, x: float, y: float, color: str) -> str:
    fill = "#fff" if kind.endswith("-open") else color
    k = kind.replace("-open", "")
    r = 3.2
    if k == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" stroke="{color}" stroke-width="1.4"/>'
    if k == "square":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" fill="{fill}" '
                f'stroke="{color}" stroke-width="1.4"/>')
    if k == "diamond":
        pts = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
    else:
        pts = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y + r:.1f} {x - r - 1:.1f},{y + r:.1f}"
    return f'<polygon points="{pts}" fill="{fill}" stroke="{color}" stroke-width="1.4"/>'


def line_chart(series: list[Series], xlabels: list[str], ymin: float, ymax: float, *, title: str = "",
               subtitle: str = "", standalone: bool = False, width: int = 480, height: int = 220) -> str:
    """An SVG line chart; `standalone` adds the XML namespace details and draws the title inside."""
    legend_w = 0 if len(series) <= 1 else 94
    top = 40 if standalone and title else 12
    left, right, bottom = 40, 14 + legend_w, 34
    pw, ph = width - left - right, height - top - bottom
    n = max(len(xlabels), 1)
    if ymax <= ymin:
        ymax = ymin + 1

    def X(i: int) -> float:
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def Y(v: float) -> float:
        v = min(max(v, ymin), ymax)
        return top + ph - (v - ymin) / (ymax - ymin) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" class="chart" font-family="Helvetica, Arial, sans-serif" font-size="11">']
    label = title + (f" — {subtitle}" if subtitle else "")
    out.append(f"<title>{escape(label)}</title>")
    out.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>')
    if standalone and title:
        out.append(f'<text x="{left}" y="17" font-size="14" font-weight="bold" fill="#222">{escape(title)}</text>')
        if subtitle:
            out.append(f'<text x="{left}" y="32" font-size="11" fill="#555">{escape(subtitle)}</text>')
    step = _nice_step(ymax - ymin)
    v = ymin
    while v <= ymax + 1e-9:
        y = Y(v)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#e3e3e3" stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{y + 3.5:.1f}" text-anchor="end" fill="#555">{_fmt(v)}</text>')
        v = round(v + step, 9)
    out.append(f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#888" stroke-width="1"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#888" stroke-width="1"/>')
    every = max(1, -(-n // 12))
    for i, xl in enumerate(xlabels):
        x = X(i)
        out.append(f'<line x1="{x:.1f}" y1="{top + ph}" x2="{x:.1f}" y2="{top + ph + 4}" stroke="#888"/>')
        if i % every == 0 or i == n - 1:
            out.append(f'<text x="{x:.1f}" y="{top + ph + 16}" text-anchor="middle" fill="#555">{escape(xl)}</text>')
    out.append(f'<text x="{left + pw / 2:.1f}" y="{height - 3}" text-anchor="middle" fill="#777" '
               f'font-size="10">turn</text>')
    for k, s in enumerate(series):
        color, dash, marker = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)], MARKERS[k % len(MARKERS)]
        pts = " ".join(f"{X(i):.1f},{Y(v):.1f}" for i, v in enumerate(s.values))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="series"><title>{escape(s.name)}: {", ".join(_fmt(v) for v in s.values)}</title>')
        out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"{dash_attr} '
                   f'stroke-linejoin="round"/>')
        out += [_marker(marker, X(i), Y(v), color) for i, v in enumerate(s.values)]
        out.append("</g>")
        if legend_w:
            ly = top + 8 + k * 17
            lx = width - legend_w + 4
            out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 22}" y2="{ly}" stroke="{color}" stroke-width="2"'
                       f'{dash_attr}/>')
            out.append(_marker(marker, lx + 11, ly, color))
            out.append(f'<text x="{lx + 28}" y="{ly + 4}" fill="#222">{escape(s.name)}</text>')
    if len(series) == 1 and series[0].values:
        last = series[0].values[-1]
        out.append(f'<text x="{X(n - 1) - 6:.1f}" y="{Y(last) - 8:.1f}" text-anchor="end" font-weight="bold" '
                   f'fill="{PALETTE[0]}">{_fmt(last)}</text>')
    out.append("</svg>")
    svg = "".join(out)
    if standalone:
        svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"
    return svg


def x_labels(report: GameReport) -> list[str]:
    labels = []
    for p in report.points:
        if p.label == "start":
            labels.append("start")
        elif p.label.startswith("end of turn"):
            labels.append(f"T{p.turn}")
        else:
            labels.append(f"T{p.turn}*")
    return labels


def track_charts(report: GameReport, standalone: bool = False) -> list[TrackChart]:
    """One chart per track of the scenario, members of scoped tracks as separate lines."""
    cs = report.cs
    xl = x_labels(report)
    charts = []
    for track in cs.scenario.tracks:
        keys = [k for k, s in cs.slots.items() if s.track.id == track.id]
        if not keys:
            continue
        series = []
        for k in keys:
            name = track.label if track.scope == "global" else k.partition(".")[2].replace("-", "–")
            series.append(Series(name, tuple(p.values.get(k, cs.slots[k].start) for p in report.points)))
        direction = {"better": "higher is better", "worse": "higher is worse"}.get(track.higher_is, "")
        sub = f"range {track.min}–{track.max}" + (f", {direction}" if direction else "")
        svg = line_chart(series, xl, track.min, track.max, title=track.label, subtitle=sub, standalone=standalone)
        charts.append(TrackChart(track.id, track.label, track.meaning, track.higher_is, track.scope, sub, svg,
                                 tuple(keys)))
    return charts
