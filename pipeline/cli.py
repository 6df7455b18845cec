"""Command line: thin argparse wrappers over plain functions (tests call those directly).

Exit status: 0 all inputs fine, 1 some inputs failed (see errors.jsonl), 2 usage or
configuration error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from pipeline import __version__

EXAMPLES = {
    "run": "wirefacts run corpus/ --out out/ --format jsonl,parquet,csv --workers 2",
    "eval": "wirefacts eval ../shared/corpus/dev --errors",
    "inspect": "wirefacts inspect out/ --type result --where source_kind=official --current",
    "show": "wirefacts show corpus/000_b66a12f209a253b3.txt --out out/",
    "explain": 'wirefacts explain "Zahid Oruj received 2.19 percent of the votes." --date 2024-02-08',
    "rules": "wirefacts rules check && wirefacts rules test",
    "report": "wirefacts report out/ -o report.html",
}
# Commands living in their own modules: each has add_arguments(parser) and main(args) -> int.
MODULE_COMMANDS = {
    "eval": ("pipeline.evaluate", "score a run against a gold corpus"),
    "inspect": ("pipeline.report.inspect", "browse the dataset as a table, JSONL or CSV"),
    "show": ("pipeline.report.show", "print an article with every extraction highlighted"),
    "explain": ("pipeline.report.explain", "run the pipeline on a snippet and show which rules fired"),
    "rules": ("pipeline.rules_cli", "check rule files and run their examples"),
    "report": ("pipeline.report.html", "write a self-contained HTML report"),
}


def _epilog(name: str) -> str:
    return f"example:\n  {EXAMPLES[name]}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wirefacts",
        description="Extract election events, vote results and attributed claims from news articles.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  wirefacts run corpus/ --out out/",
    )
    parser.add_argument("--version", action="version", version=f"wirefacts {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser(
        "run", help="extract records from articles", epilog=_epilog("run"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_run_arguments(run)
    for name, (module, help_text) in MODULE_COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, epilog=_epilog(name), formatter_class=argparse.RawDescriptionHelpFormatter)
        try:
            importlib.import_module(module).add_arguments(cmd)
        except ModuleNotFoundError:
            cmd.set_defaults(_missing=module)
    return parser


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders (recursive) or - for stdin")
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--glob", help="only read files whose name matches, e.g. '*.txt'")
    parser.add_argument("--model", help="spaCy model (default en_core_web_sm; 'blank' = rules only)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes for extraction")
    parser.add_argument("--format", default="jsonl", help="comma list of jsonl,parquet,csv")
    parser.add_argument("--rules", type=Path, help="rules folder (default: the project's rules/)")
    parser.add_argument("--quiet", action="store_true", help="no summary on stderr")
    parser.add_argument("--engine", choices=("local", "dask"), default="local", help="where per-article extraction runs")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: join this cluster (default: a local one)")
    parser.add_argument("--no-cache", action="store_true", help="extract every article again (ignore OUT/.cache)")


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.engine import run_pipeline

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    bad = sorted(set(formats) - {"jsonl", "parquet", "csv"})
    if bad:
        return usage_error(f"unknown --format {', '.join(bad)} (choose from jsonl, parquet, csv)")
    if args.workers < 1:
        return usage_error("--workers must be at least 1")
    result = run_pipeline(
        args.inputs, args.out, glob=args.glob, model=args.model, workers=args.workers,
        formats=formats, quiet=args.quiet, rules_dir=args.rules,
        engine=args.engine, scheduler=args.scheduler, use_cache=not args.no_cache,
    )
    return result.exit_code


def usage_error(message: str) -> int:
    print(f"wirefacts: error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    from pipeline.models import ModelError
    from pipeline.rules import RuleError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    if getattr(args, "_missing", None):
        return usage_error(f"'{args.command}' is not available in this build ({args._missing} missing)")
    try:
        if args.command == "run":
            return cmd_run(args)
        module = importlib.import_module(MODULE_COMMANDS[args.command][0])
        return int(module.main(args) or 0)
    except ModelError as exc:
        return usage_error(str(exc))
    except RuleError as exc:
        return usage_error("invalid rules:\n" + "\n".join(exc.messages))
    except KeyboardInterrupt:
        print("wirefacts: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
