"""`wirefacts report OUT_DIR -o report.html`: one self-contained HTML file over a run's output.

The page makes no network request (a Content-Security-Policy of ``default-src 'none'``
enforces it): CSS and JS are inlined from ``templates/``, charts are inline SVG drawn
here, and the data (records, entities, article texts) travels as JSON inside a
``<script type="application/json">`` block that the page script reads and inserts with
``textContent`` only. Everything written as markup by this module goes through
``html.escape``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import sys
from collections import defaultdict
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.report.load import OutputError, articles, dataset, read_jsonl

SOURCE_KINDS = ("official", "exit_poll", "survey", "unknown")
KIND_NAMES = {"official": "official count", "exit_poll": "exit poll", "survey": "survey", "unknown": "unknown source"}
NO_EVENT = "none"
# "president election" reads badly; the few offices with a common adjective get it.
ADJECTIVES = {"president": "presidential", "parliament": "parliamentary", "mayor": "mayoral"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="output folder of a run")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="HTML file to write (default: OUT_DIR/report.html)")
    parser.add_argument("--title", default=None, help="page title (default: wirefacts report: OUT_DIR)")


def main(args: argparse.Namespace) -> int:
    target = args.output or args.out / "report.html"
    try:
        page = render(args.out, title=args.title)
    except OutputError as exc:
        print(f"wirefacts report: {exc}", file=sys.stderr)
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    print(f"wrote {target} ({len(page) // 1024} KiB)", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- data


def _optional(path: Path) -> list[dict[str, Any]]:
    return list(read_jsonl(path)) if path.exists() else []


def load_output(out: Path) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-able data."""
    arts = articles(out)
    records = dataset(out)
    run_path = out / "run.json"
    run = json.loads(run_path.read_text(encoding="utf-8")) if run_path.exists() else {}
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_type[record.get("type", "?")].append(record)
    events = sorted(by_type["event"], key=lambda e: (str(e.get("date") or ""), event_label(e), str(e.get("id", ""))))
    labels = {e["id"]: event_label(e) for e in events}
    return {
        "title": None,
        "run": run,
        "errors": _optional(out / "errors.jsonl"),
        "articles": {
            a["id"]: {k: a.get(k) for k in ("id", "path", "status", "title", "published", "publisher", "agency",
                                             "dateline", "duplicate_of", "text", "error")}
            for a in arts
        },
        "events": events,
        "event_labels": labels,
        "results": by_type["result"],
        "claims": by_type["claim"],
        "entities": _optional(out / "entities.jsonl"),
    }


def event_label(event: dict[str, Any]) -> str:
    """'Snap presidential election, Freedonia, 2024-03-03'."""
    office = ADJECTIVES.get(str(event.get("office")), event.get("office"))
    kind = " ".join(str(p) for p in (event.get("qualifier"), office, event.get("kind")) if p)
    parts = [kind[:1].upper() + kind[1:] if kind else "Event"]
    parts += [str(p) for p in (event.get("country"), event.get("date")) if p]
    return ", ".join(parts)


def json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> block or open a comment: <, > and & become \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# --------------------------------------------------------------------------- page


def _template(name: str) -> str:
    return (resources.files("pipeline.report") / "templates" / name).read_text(encoding="utf-8")


def render(out: Path, title: str | None = None) -> str:
    data = load_output(out)
    title = title or f"wirefacts report: {out}"
    data["title"] = title
    script = _template("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:"
    body = {
        "__WF_TITLE__": escape(title),
        "__WF_CSP__": csp,  # built here from constants and a base64 digest: nothing to escape
        "__WF_STYLE__": _template("report.css"),
        "__WF_SUMMARY__": render_summary(data),
        "__WF_CHARTS__": render_charts(data),
        "__WF_DATA__": json_for_script(data),
        "__WF_SCRIPT__": script,
    }
    # re.sub scans the template once, so text inserted for one placeholder is never re-scanned.
    return re.sub(r"__WF_[A-Z]+__", lambda m: body[m.group(0)], _template("report.html"))


def _plural(n: int, word: str) -> str:
    return f"<b>{n}</b> {word}{'' if n == 1 else 's'}"


def render_summary(data: dict[str, Any]) -> str:
    arts = list(data["articles"].values())
    failed = sum(1 for a in arts if a.get("status") == "error")
    duplicates = sum(1 for a in arts if a.get("duplicate_of"))
    results = data["results"]
    superseded = sum(1 for r in results if r.get("status") == "superseded")
    items = [
        f"{_plural(len(arts), 'article')} (<b>{failed}</b> failed, <b>{duplicates}</b> near-duplicates)",
        _plural(len(data["events"]), "election"),
        f"{_plural(len(results), 'result')} (<b>{len(results) - superseded}</b> current, <b>{superseded}</b> superseded)",
        _plural(len(data["claims"]), "claim"),
        f"<b>{len(data['entities'])}</b> {'entity' if len(data['entities']) == 1 else 'entities'}",
    ]
    run = data["run"] or {}
    versions = run.get("versions") or {}
    meta = [f"{escape(str(k))} {escape(str(v))}" for k, v in versions.items()]
    if run.get("rules_fingerprint"):
        meta.append(f"rules {escape(str(run['rules_fingerprint']))}")
    if run.get("wall_seconds") is not None:
        meta.append(f"{escape(str(run['wall_seconds']))} s")
    if run.get("docs_per_second") is not None:
        meta.append(f"{escape(str(run['docs_per_second']))} docs/s")
    lines = "".join(f"<li>{item}</li>" for item in items)
    errors = "".join(
        f"<li><code>{escape(str(e.get('path')))}</code> ({escape(str(e.get('stage')))}): {escape(str(e.get('error')))}</li>"
        for e in data["errors"]
    )
    return (
        f'<ul class="wf-counts">{lines}</ul>'
        + (f'<p class="wf-meta">{" · ".join(meta)}</p>' if meta else "")
        + (f'<details class="wf-errors"><summary>{len(data["errors"])} input(s) could not be processed</summary>'
           f"<ul>{errors}</ul></details>" if errors else "")
    )


# --------------------------------------------------------------------------- charts

BAR_H, BAR_GAP, BLOCK_GAP, NAME_W, BAR_W, WIDTH = 16, 3, 12, 170, 420, 980


def _fmt(value: Any) -> str:
    if value is None:
        return "?"
    number = float(value)
    return f"{number:g}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _snapshot_order(result: dict[str, Any]) -> tuple:
    # Superseded first, oldest first: the bars read as the count's progression.
    coverage = result.get("coverage")
    return (result.get("status") == "current", str(result.get("as_of") or ""),
            coverage if isinstance(coverage, (int, float)) else -1, str(result.get("id", "")))


def _source_order(key: tuple[str, str]) -> tuple:
    kind, source = key
    return (SOURCE_KINDS.index(kind) if kind in SOURCE_KINDS else len(SOURCE_KINDS), str(source))


def render_charts(data: dict[str, Any]) -> str:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in data["results"]:
        groups[result.get("event_id") or NO_EVENT].append(result)
    # One section per election: its main record; the records of what other articles state of
    # it (``same_as`` = the main id) are summed into the section, results link to the main one.
    known = {event["id"] for event in data["events"]}
    variants: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in data["events"]:
        if event.get("same_as") in known:
            variants[event["same_as"]].append(event)
    sections = []
    for event in data["events"]:
        if event.get("same_as") in known:
            continue
        sections.append(_event_section(event["id"], data["event_labels"][event["id"]], event,
                                       groups.pop(event["id"], []), tuple(variants.get(event["id"], ()))))
    for event_id in sorted(groups):  # results whose event is not in the dataset
        label = "Results not tied to an election" if event_id == NO_EVENT else f"Event {event_id}"
        sections.append(_event_section(event_id, label, None, groups[event_id]))
    if not sections:
        return '<p class="wf-empty">No election and no result was extracted from this output.</p>'
    return "\n".join(sections)


def _event_section(event_id: str, label: str, event: dict[str, Any] | None, results: list[dict[str, Any]],
                   variants: tuple[dict[str, Any], ...] = ()) -> str:
    shares = [r for r in results if r.get("metric") == "vote_share"]
    others = sorted((r for r in results if r.get("metric") != "vote_share"), key=lambda r: (r.get("metric") or "", _snapshot_order(r)))
    facts = []
    if event:
        if event.get("candidates_declared") is not None:
            facts.append(f"{escape(str(event['candidates_declared']))} candidates declared")
        n_articles = len({a for e in (event, *variants) for a in e.get("articles") or []})
        facts.append(f"{n_articles} article(s)")
        if variants:
            facts.append(f"{len(variants)} variant record(s)")
    head = (
        f'<section class="wf-event" data-event="{escape(event_id)}">'
        f'<h3><button type="button" class="wf-link" data-open="event" data-id="{escape(event_id)}"'
        f'{"" if event else " disabled"}>{escape(label)}</button></h3>'
        + (f'<p class="wf-meta">{" · ".join(facts)}</p>' if facts else "")
    )
    chart = _chart_svg(event_id, label, shares) if shares else '<p class="wf-empty">No vote shares for this election.</p>'
    other = ""
    if others:
        rows = "".join(
            f'<li><button type="button" class="wf-link {escape(str(r.get("status")))}" data-rid="{escape(str(r.get("id")))}">'
            f"{escape(str(r.get('metric') or '').replace('_', ' ').capitalize())}"
            f"{' (' + escape(str(r['candidate'])) + ')' if r.get('candidate') else ''}: {_fmt(r.get('value'))}%"
            f" · {escape(str(r.get('source') or 'unknown source'))} ({escape(KIND_NAMES.get(r.get('source_kind'), str(r.get('source_kind'))))})"
            f"{' · ' + _fmt(r['coverage']) + '% counted' if r.get('coverage') is not None else ''}"
            f" · {escape(str(r.get('status')))}</button></li>"
            for r in others
        )
        other = f'<ul class="wf-other-metrics">{rows}</ul>'
    return head + chart + other + "</section>"


def _chart_svg(event_id: str, label: str, shares: list[dict[str, Any]]) -> str:
    by_candidate: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in shares:
        by_candidate[r.get("candidate") or "(no candidate)"].append(r)

    def rank(name: str) -> tuple:
        rows = by_candidate[name]
        current = [r["value"] for r in rows if r.get("status") == "current" and r.get("source_kind") == "official"]
        best = max(current or [r["value"] for r in rows if r.get("value") is not None] or [0])
        return (-best, name)

    parts: list[str] = []
    y = 4
    for candidate in sorted(by_candidate, key=rank):
        sources: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in by_candidate[candidate]:
            sources[(r.get("source_kind") or "unknown", r.get("source") or "unknown source")].append(r)
        block_top = y
        for key in sorted(sources, key=_source_order):
            for r in sorted(sources[key], key=_snapshot_order):
                parts.append(_bar(r, y, key))
                y += BAR_H + BAR_GAP
        parts.append(
            f'<text class="wf-cand" x="{NAME_W - 8}" y="{block_top + BAR_H - 4}" text-anchor="end">'
            f"<title>{escape(candidate)}</title>{escape(_short(candidate, 24))}</text>"
        )
        y += BLOCK_GAP
    axis = "".join(
        f'<line class="wf-grid" x1="{NAME_W + BAR_W * t // 100}" x2="{NAME_W + BAR_W * t // 100}" y1="0" y2="{y}"/>'
        f'<text class="wf-tick" x="{NAME_W + BAR_W * t // 100}" y="{y + 12}" text-anchor="middle">{t}%</text>'
        for t in (0, 25, 50, 75, 100)
    )
    height = y + 18
    return (
        f'<svg class="wf-chart" data-event="{escape(event_id)}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-label="{escape("Vote shares: " + label)}">'
        f"{axis}{''.join(parts)}</svg>"
    )


def _bar(r: dict[str, Any], y: int, key: tuple[str, str]) -> str:
    kind, source = key
    value = float(r.get("value") or 0)
    width = max(1.0, min(value, 100.0) * BAR_W / 100)
    status = str(r.get("status") or "current")
    rid = escape(str(r.get("id")))
    # The label stays short enough to fit beside a full bar; the tooltip has everything.
    label = f"{_fmt(value)}% · {_short(source, 32)}"
    if r.get("coverage") is not None:
        label += f" · {_fmt(r['coverage'])}% counted"
    if status != "current":
        label += f" · {status}"
    tip = " · ".join(str(p) for p in (
        r.get("candidate"), f"{_fmt(value)}%", source, KIND_NAMES.get(kind, kind),
        f"{_fmt(r['coverage'])}% counted" if r.get("coverage") is not None else None,
        f"as of {r['as_of']}" if r.get("as_of") else None, status) if p)
    css = f"wf-bar {escape(kind)} {escape(status)}"
    return (
        f'<g class="wf-bar-row" tabindex="0" data-rid="{rid}"><title>{escape(tip)}</title>'
        f'<rect data-rid="{rid}" class="{css}" x="{NAME_W}" y="{y}" width="{width:.1f}" height="{BAR_H}" rx="2"/>'
        f'<text class="wf-bar-label {escape(status)}" x="{NAME_W + width + 6:.1f}" y="{y + BAR_H - 4}">{escape(label)}</text>'
        "</g>"
    )
