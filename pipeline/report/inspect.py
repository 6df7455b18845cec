"""`wirefacts inspect OUT_DIR`: the dataset as a filtered table, or as JSONL/CSV for pipes."""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.report.load import OutputError, dataset, entities

TYPES = ("result", "claim", "event", "entity")
COLUMNS = {
    "result": ["candidate", "value", "metric", "source", "source_kind", "coverage", "as_of", "status"],
    "claim": ["speaker", "speaker_role", "speaker_org", "cue", "quote", "text"],
    "event": ["kind", "office", "qualifier", "country", "date", "candidates_declared", "same_as"],
    "entity": ["name", "label", "variants"],
}
_CONDITION = re.compile(r"^(?P<field>[\w.]+)\s*(?P<op>!=|>=|<=|=|~|>|<)\s*(?P<value>.*)$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="output folder of a run")
    parser.add_argument("--type", choices=TYPES, help="only this record type")
    parser.add_argument(
        "--where", action="append", default=[], metavar="FIELD=VALUE",
        help="filter (repeatable): FIELD=VALUE, FIELD!=VALUE, FIELD~substring, FIELD>N, FIELD<N",
    )
    parser.add_argument("--current", action="store_true", help="only current (not superseded) results")
    parser.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    parser.add_argument("--limit", type=int, default=0, help="at most N rows (0: all)")


def main(args: argparse.Namespace) -> int:
    try:
        conditions = [parse_condition(w) for w in args.where]
        rows = select(load_rows(args.out, args.type), args.type, conditions, args.current)
    except (OutputError, ValueError) as exc:
        print(f"wirefacts inspect: {exc}", file=sys.stderr)
        return 2
    if args.limit:
        rows = rows[: args.limit]
    if args.format == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        write_csv(rows, args.type)
    else:
        print_table(rows, args.type)
    return 0


def load_rows(out: Path, kind: str | None) -> list[dict[str, Any]]:
    if kind == "entity":
        return [{"type": "entity", **e} for e in entities(out)]
    return dataset(out)


def parse_condition(text: str) -> tuple[str, str, str]:
    m = _CONDITION.match(text.strip())
    if not m:
        raise ValueError(f"bad --where {text!r}: use FIELD=VALUE (or !=, ~, >, <, >=, <=)")
    return m.group("field"), m.group("op"), m.group("value").strip()


def _matches(row: dict[str, Any], condition: tuple[str, str, str]) -> bool:
    field, op, wanted = condition
    value = row.get(field)
    if op in {">", "<", ">=", "<="}:
        try:
            number, limit = float(value), float(wanted)
        except (TypeError, ValueError):
            return False
        return {">": number > limit, "<": number < limit, ">=": number >= limit, "<=": number <= limit}[op]
    shown = "null" if value is None else (json.dumps(value) if isinstance(value, (bool, list)) else str(value))
    if op == "~":
        return wanted.casefold() in shown.casefold()
    equal = shown.casefold() == wanted.casefold()
    return equal if op == "=" else not equal


def select(rows: list[dict[str, Any]], kind: str | None, conditions, current: bool) -> list[dict[str, Any]]:
    out = [r for r in rows if kind is None or r.get("type") == kind]
    if current:
        out = [r for r in out if r.get("type") != "result" or r.get("status") == "current"]
    return [r for r in out if all(_matches(r, c) for c in conditions)]


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def write_csv(rows: list[dict[str, Any]], kind: str | None) -> None:
    columns = ["type", "id", *(COLUMNS[kind] if kind else sorted({c for cols in COLUMNS.values() for c in cols}))]
    writer = csv.writer(sys.stdout)
    writer.writerow([*columns, "articles"])
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns] + [_cell(row.get("articles"))])


def print_table(rows: list[dict[str, Any]], kind: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    # A pipe has no width: give tables room instead of folding every cell at 80 columns.
    console = Console(width=None if sys.stdout.isatty() else 200)
    kinds = [kind] if kind else [k for k in TYPES if any(r.get("type") == k for r in rows)]
    for k in kinds:
        subset = [r for r in rows if r.get("type") == k]
        table = Table(title=f"{k}s ({len(subset)})", show_lines=False, expand=False)
        for column in COLUMNS[k]:
            table.add_column(column, overflow="fold", max_width=60 if column == "text" else 32)
        table.add_column("articles", justify="right")
        for row in subset:
            table.add_row(*[_cell(row.get(c)) for c in COLUMNS[k]], str(len(row.get("articles") or [])))
        console.print(table)
    counts = Counter(r.get("type") for r in rows)
    console.print("  ".join(f"{k}: {counts.get(k, 0)}" for k in kinds) or "no records match")
