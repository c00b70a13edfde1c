"""The HTML KPI report: one self-contained page (inline CSS, inline SVG, no script, no font
file, no network), a summary table across locales at the top, then a section per locale.

Every chart is followed by a table of the figures it draws, so nothing is
shown only as a picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from locflow.model import State
from locflow.pipeline.report import LocaleReport, ReportData
from locflow.pipeline.status import days_between
from locflow.report.svg import Mark, Series, bar_chart, line_chart, stacked_bar
from locflow.store.history import HistoryRow
from locflow.store.progress import Tally

__all__ = ["render_html", "STATE_COLORS", "ORIGIN_COLORS"]

#: Colours of the states (Okabe-Ito palette: told apart with any colour vision).
STATE_COLORS = {
    State.NEW: "#9e9e9e",
    State.STALE: "#d55e00",
    State.MT: "#e69f00",
    State.FUZZY: "#f0e442",
    State.TM: "#56b4e9",
    State.TRANSLATED: "#009e73",
    State.REVIEWED: "#0072b2",
    State.APPROVED: "#332288",
}
#: Where translations came from, and what is not translated.
ORIGIN_COLORS = {"tm": "#56b4e9", "mt": "#e69f00", "term": "#cc79a7", "human": "#009e73", "untranslated": "#9e9e9e"}
_ORIGIN_LABELS = {"tm": "TM", "mt": "MT", "term": "termbase", "human": "people", "untranslated": "not translated"}

_CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --band: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
header, main { max-width: 1400px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.3em; margin: 32px 0 8px; } h3 { font-size: 1.05em; margin: 0 0 6px; }
.meta { color: var(--muted); margin: 0 0 14px; }
nav a { margin-right: 14px; }
table { border-collapse: collapse; margin: 8px 0 4px; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); font-size: .9em; padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 10px 3px 0; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
td.path { text-align: left; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
thead th { background: var(--band); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(580px, 1fr)); gap: 18px 28px; }
figure { margin: 0; padding: 12px; border: 1px solid var(--line); border-radius: 6px; min-width: 0; overflow-x: auto; }
figure.wide { grid-column: 1 / -1; }
figcaption { font-weight: 600; margin-bottom: 8px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
svg text.axis { fill: var(--muted); font-size: 11px; }
svg .grid { stroke: var(--line); stroke-width: 1; }
.empty { color: var(--muted); font-style: italic; }
"""


def render_html(data: ReportData) -> str:
    """The whole page for ``data``."""
    generated = data.generated.strftime("%Y-%m-%d %H:%M UTC")
    nav = " ".join(f'<a href="#locale-{escape(loc.locale)}">{escape(loc.name)} ({escape(loc.locale)})</a>' for loc in data.locales)
    unit_note = " (counted in characters: the source language is written without spaces)" if data.unit == "characters" else ""
    body = "".join(_locale_section(loc, data) for loc in data.locales)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Localization report: {escape(data.project)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>Localization report: {escape(data.project)}</h1>"
        f'<p class="meta">Generated {generated} · {data.documents:,} documents · {data.total.segments:,} segments · '
        f"{data.total.words:,} {data.unit}{unit_note}</p><nav>{nav}</nav></header>"
        f"<main>{_summary(data)}{body}</main></body></html>\n"
    )


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, path_column: int | None = None) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            text = escape(str(cell))
            if index == 0:
                cells.append(f'<th scope="row"{_path_class(index, path_column)}>{text}</th>')
            else:
                cells.append(f"<td{_path_class(index, path_column)}>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _path_class(index: int, path_column: int | None) -> str:
    return ' class="path"' if index == path_column else ""


def _percent(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "0.0%"


def _count(number: float, noun: str) -> str:
    return f"{number:g} {noun}" + ("" if number == 1 else "s")


def _optional(value: float | None, suffix: str = "") -> str:
    return "–" if value is None else f"{value:g}{suffix}"


def _summary(data: ReportData) -> str:
    headers = ["Locale", "Words", "Done", "Usable", "New", "Stale", "TM leverage", "MT share", "QA issues / 1,000 words", "MQM penalty / 1,000 words", "Oldest stale (days)"]
    rows = []
    for loc in data.locales:
        status = loc.status
        rows.append([
            f"{loc.name} ({loc.locale})", f"{status.words:,}", f"{status.done_percent:.1f}%", f"{status.usable_percent:.1f}%",
            f"{status.by_state[State.NEW].words:,}", f"{status.by_state[State.STALE].words:,}",
            f"{loc.share('tm'):.1f}%", f"{loc.share('mt'):.1f}%", _optional(loc.issues_per_1000),
            _optional(loc.qa.qa.penalty if loc.qa and loc.qa.qa else None), _optional(days_between(status.oldest_stale, data.generated)),
        ])
    caption = f"All locales: {data.unit} per state, leverage, quality and freshness (done: translated, reviewed or approved)"
    return f'<section id="summary"><h2>Summary</h2>{_table(caption, headers, rows)}</section>'


def _locale_section(loc: LocaleReport, data: ReportData) -> str:
    figures = [_progress(loc, data.unit), _origins(loc, data.unit), _quality(loc), _freshness(loc, data), _trend(loc)]
    return f'<section id="locale-{escape(loc.locale)}"><h2>{escape(loc.name)} ({escape(loc.locale)})</h2><div class="grid">{"".join(figures)}</div></section>'


def _figure(caption: str, chart: str, table: str, *, wide: bool = False) -> str:
    """A chart and the table of its figures (``wide``: across the whole section)."""
    klass = ' class="wide"' if wide else ""
    return f"<figure{klass}><figcaption>{escape(caption)}</figcaption>{chart}{table}</figure>"


def _empty(caption: str, message: str) -> str:
    return f'<figure><figcaption>{escape(caption)}</figcaption><p class="empty">{escape(message)}</p></figure>'


def _progress(loc: LocaleReport, unit: str) -> str:
    status, words = loc.status, loc.status.words
    marks = [Mark(state.value, tally.words, f"{tally.words:,} {unit} ({_percent(tally.words, words)})", STATE_COLORS[state]) for state, tally in status.by_state.items()]
    title = f"{loc.name}: {unit} by state"
    description = f"{status.done_percent:.1f}% of {words:,} {unit} done; " + ", ".join(f"{m.label} {m.text}" for m in marks if m.value)
    rows = [[state.value, f"{t.segments:,}", f"{t.words:,}", _percent(t.words, words)] for state, t in status.by_state.items()]
    table = _table(f"{loc.locale}: segments and {unit} per state", ["State", "Segments", unit.capitalize(), "Share"], rows)
    return _figure("Progress by state", stacked_bar(f"progress-{loc.locale}", title, description, marks), table)


def _origins(loc: LocaleReport, unit: str) -> str:
    status, words = loc.status, loc.status.words
    tallies = {kind: status.by_origin.get(kind, Tally()) for kind in ("tm", "mt", "term", "human")}
    tallies["untranslated"] = status.by_state[State.NEW]
    marks = [Mark(_ORIGIN_LABELS[k], t.words, f"{t.words:,} {unit} ({_percent(t.words, words)})", ORIGIN_COLORS[k]) for k, t in tallies.items()]
    description = f"TM leverage {loc.share('tm'):.1f}%, MT share {loc.share('mt'):.1f}% of {words:,} {unit}"
    chart = bar_chart(f"origins-{loc.locale}", f"{loc.name}: where the translations came from", description, marks)
    rows = [[_ORIGIN_LABELS[k], f"{t.segments:,}", f"{t.words:,}", _percent(t.words, words)] for k, t in tallies.items()]
    table = _table(f"{loc.locale}: {unit} by origin of the current translation", ["Origin", "Segments", unit.capitalize(), "Share"], rows)
    return _figure("TM leverage and MT share", chart, table)


def _quality(loc: LocaleReport) -> str:
    caption = "QA issues and MQM penalty"
    row = loc.qa
    if row is None or row.qa is None:
        return _empty(caption, "No QA run recorded yet: locflow qa or locflow run records one.")
    figures = row.qa
    when = row.recorded_at.strftime("%Y-%m-%d %H:%M")
    summary = f"{_count(figures.issues, 'issue')} ({_optional(loc.issues_per_1000)} per 1,000 words), MQM penalty {figures.penalty:g} per 1,000 words, {row.command} of {when} UTC"
    categories = sorted(figures.categories.items(), key=lambda item: (-item[1], item[0]))
    if not categories:
        return f'<figure><figcaption>{escape(caption)}</figcaption><p>{escape(summary)}: no penalty in any category.</p></figure>'
    marks = [Mark(name, points, _count(points, "point"), "#cc79a7") for name, points in categories]
    chart = bar_chart(f"quality-{loc.locale}", f"{loc.name}: MQM penalty points by category", summary, marks)
    table = _table(f"{loc.locale}: {summary}", ["MQM category", "Penalty points"], [[name, f"{points:g}"] for name, points in categories])
    return _figure(caption, chart, table)


def _freshness(loc: LocaleReport, data: ReportData) -> str:
    caption = "Freshness: documents waiting longest on a changed source"
    if not loc.lagging:
        return _empty(caption, "No translation waits on a changed source.")
    waited = [(doc, days_between(doc.since, data.generated) or 0.0) for doc in loc.lagging]
    marks = [Mark(doc.path, days, f"{days:g} days ({doc.stale.words:,} {data.unit} stale)", STATE_COLORS[State.STALE]) for doc, days in waited]
    description = f"The {len(marks)} documents of {loc.locale} whose oldest stale translation has waited longest, in days"
    chart = bar_chart(f"freshness-{loc.locale}", f"{loc.name}: days since the source changed", description, marks)
    rows = [[doc.path, f"{doc.stale.segments:,}", f"{doc.stale.words:,}", doc.since.strftime("%Y-%m-%d"), f"{days:g}"] for doc, days in waited]
    table = _table(f"{loc.locale}: most-lagging documents", ["Document", "Stale segments", f"Stale {data.unit}", "Source changed", "Days waited"], rows, path_column=0)
    return _figure(caption, chart, table)


def _trend(loc: LocaleReport) -> str:
    caption = "Trend over the recorded runs"
    rows = loc.trend
    if not rows:
        return _empty(caption, "No run recorded yet: run, pretranslate, import and qa record one each.")
    labels = [row.recorded_at.strftime("%Y-%m-%d %H:%M") for row in rows]
    series = [
        Series("done", STATE_COLORS[State.TRANSLATED], [_share(r, _done_words(r)) for r in rows]),
        Series("usable", STATE_COLORS[State.REVIEWED], [_share(r, _usable_words(r)) for r in rows]),
        Series("TM leverage", ORIGIN_COLORS["tm"], [_share(r, r.tm_words) for r in rows]),
        Series("MT share", ORIGIN_COLORS["mt"], [_share(r, r.mt_words) for r in rows]),
    ]
    description = f"{len(rows)} recorded rows from {labels[0]} to {labels[-1]}; " + "; ".join(f"{s.name} now {s.values[-1]:g}%" for s in series)
    chart = line_chart(f"trend-{loc.locale}", f"{loc.name}: progress over the recorded runs", description, labels, series)
    table_rows = [
        [label, r.command, _percent(_done_words(r), r.words), _percent(r.tm_words, r.words), _percent(r.mt_words, r.words),
         f"{r.mt_characters:,}", "–" if r.qa is None else r.qa.issues, "–" if r.qa is None else f"{r.qa.penalty:g}"]
        for label, r in zip(labels, rows)
    ]
    headers = ["Recorded (UTC)", "Command", "Done", "TM leverage", "MT share", "MT characters", "QA issues", "MQM penalty"]
    return _figure(caption, chart, _table(f"{loc.locale}: recorded rows, oldest first", headers, table_rows), wide=True)


def _done_words(row: HistoryRow) -> int:
    return sum(row.states.get(state, 0) for state in (State.TRANSLATED, State.REVIEWED, State.APPROVED))


def _usable_words(row: HistoryRow) -> int:
    return _done_words(row) + sum(row.states.get(state, 0) for state in (State.MT, State.TM))


def _share(row: HistoryRow, words: int) -> float:
    return round(100.0 * words / row.words, 1) if row.words else 0.0
