"""`wirefacts rules check` and `wirefacts rules test`: the loop for teaching new patterns.

check: validates every rule and alias file (unknown keys, bad patterns, duplicate ids,
missing examples) with file:line messages; exit 2 on error.
test: runs every rule's inline examples through the rule matchers and reports failures.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline.rules import RuleError, RuleSet, default_rules_dir, load_rules


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["check", "test"], help="check: validate files; test: run examples")
    parser.add_argument("--rules", type=Path, default=None, help="rules folder (default: the project's rules/)")
    parser.add_argument("--model", default=None, help="spaCy model for `test` (default en_core_web_sm)")
    parser.add_argument("--only", default=None, help="with `test`: only rules whose id starts with this")


def main(args: argparse.Namespace) -> int:
    rules_dir = args.rules or default_rules_dir()
    if args.action == "check":
        return check(rules_dir)
    return test(rules_dir, args.model, args.only)


def check_messages(rules_dir: Path) -> list[str]:
    """Every problem in the rule and alias files, as 'file:line: message'."""
    if not rules_dir.is_dir():
        return [f"{rules_dir}: not a folder"]
    messages: list[str] = []
    try:
        load_rules(rules_dir)
    except RuleError as exc:
        messages.extend(exc.messages)
    messages.extend(_alias_messages(rules_dir))
    return messages


def _alias_messages(rules_dir: Path) -> list[str]:
    """Alias tables have their own schema, validated by the entity resolver's loader."""
    try:
        entities = importlib.import_module("pipeline.resolve.entities")
    except ImportError:
        return []
    validate = getattr(entities, "alias_messages", None)
    if validate:
        return list(validate(rules_dir))
    # Without a dedicated validator, loading the table reports the same file:line messages.
    try:
        from pipeline.resolve.entities_table import load_alias_table
    except ImportError:
        return []
    try:
        load_alias_table(rules_dir)
    except RuleError as exc:
        return list(exc.messages)
    return []


def check(rules_dir: Path) -> int:
    messages = check_messages(rules_dir)
    for message in messages:
        print(message, file=sys.stderr)
    if messages:
        print(f"rules check: {len(messages)} problem(s) in {rules_dir}", file=sys.stderr)
        return 2
    rules = load_rules(rules_dir)
    print(f"rules check: {len(rules.rules)} rules in {len(rules.files)} files OK (fingerprint {rules.fingerprint})")
    return 0


@dataclass(frozen=True)
class ExampleFailure:
    rule_id: str
    source: str
    text: str
    expected_match: bool

    def __str__(self) -> str:
        verb = "should match" if self.expected_match else "should not match"
        return f"{self.source}: {self.rule_id} {verb}: {self.text!r}"


def example_failures(rules: RuleSet, nlp) -> list[ExampleFailure]:
    """Run each rule's examples through ``nlp`` (model + rule matchers) and list the failures."""
    from pipeline.components import RULE_SPANS

    failures = []
    for rule in rules.rules:
        for text, expected in [(t, True) for t in rule.match_examples] + [(t, False) for t in rule.no_match_examples]:
            doc = nlp(text)
            matched = any(span.id_ == rule.id for span in doc.spans.get(RULE_SPANS, []))
            if matched != expected:
                failures.append(ExampleFailure(rule.id, rule.source, text, expected))
    return failures


def matcher_pipeline(rules: RuleSet, model: str | None = None):
    """The model plus the rule matchers only: examples test the rules, not the stages."""
    from pipeline.nlp import add_rule_matchers, load_base

    nlp = load_base(model)
    add_rule_matchers(nlp, rules)
    return nlp


def test(rules_dir: Path, model: str | None, only: str | None) -> int:
    rules = load_rules(rules_dir)
    if only:
        rules = RuleSet(tuple(r for r in rules.rules if r.id.startswith(only)), rules.fingerprint, rules.files)
    failures = example_failures(rules, matcher_pipeline(rules, model))
    total = sum(len(r.match_examples) + len(r.no_match_examples) for r in rules.rules)
    for failure in failures:
        print(failure)
    print(f"rules test: {total - len(failures)} passed, {len(failures)} failed ({len(rules.rules)} rules)")
    return 1 if failures else 0
