"""Rules as data: load, validate and fingerprint the YAML rule files in ``rules/``.

A rule file is ``{"rules": [RULE, ...]}``; a RULE is::

    id: result.source.according_to        # unique across all files
    label: SOURCE_CUE                     # what the extractors look for
    kind: phrase | token_pattern | regex  # how it matches
    terms: ["according to", ...]          # phrase: case-insensitive word sequences
    pattern: [{"LOWER": "exit"}, ...]     # token_pattern: a spaCy Matcher pattern
    regex: "..."                          # regex: a Python regex over the text
    value: exit_poll                      # optional normalized value for the match
    examples:
      match: ["... text that must match ..."]
      no_match: ["... text that must not ..."]
    description: free text

Files are parsed with ``yaml.safe_load`` only; unknown keys, duplicate ids, bad patterns
and broken examples are reported with ``file:line`` and never reach the pipeline.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

RULE_KEYS = {"id", "label", "kind", "terms", "pattern", "regex", "value", "examples", "description", "flags"}
KINDS = {"phrase", "token_pattern", "regex"}
EXAMPLE_KEYS = {"match", "no_match"}
# Files under rules/ with their own schemas (loaded by their own modules).
OTHER_FILES = {"aliases.yml", "aliases.yaml"}


def default_rules_dir() -> Path:
    """rules/ beside the package (a source checkout or an editable install)."""
    return Path(__file__).resolve().parent.parent / "rules"


class RuleError(Exception):
    """Invalid rule files: ``messages`` are 'file:line: message' strings."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages

    def __reduce__(self):  # raised in a worker process, re-raised here whole
        return (type(self), (self.messages,))


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    kind: str
    terms: tuple[str, ...] = ()
    pattern: tuple[dict[str, Any], ...] = ()
    regex: str | None = None
    value: Any = None
    flags: tuple[str, ...] = ()
    match_examples: tuple[str, ...] = ()
    no_match_examples: tuple[str, ...] = ()
    source: str = ""  # file:line, for messages

    def spacy_patterns(self) -> list[dict[str, Any]]:
        """SpanRuler patterns carrying the rule id (span.id_) and label."""
        if self.kind == "phrase":
            return [{"label": self.label, "pattern": t, "id": self.id} for t in self.terms]
        if self.kind == "token_pattern":
            return [{"label": self.label, "pattern": [dict(p) for p in self.pattern], "id": self.id}]
        return []

    def compiled_regex(self) -> re.Pattern[str] | None:
        if self.kind != "regex" or self.regex is None:
            return None
        flags = re.IGNORECASE if "ignorecase" in self.flags else 0
        return re.compile(self.regex, flags)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    fingerprint: str
    files: tuple[str, ...] = field(default=())

    def by_label(self, label: str) -> list[Rule]:
        return [r for r in self.rules if r.label == label]

    def get(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    def values(self) -> dict[str, Any]:
        """rule id -> normalized value, for extractors reading SpanRuler matches."""
        return {r.id: r.value for r in self.rules}


# --------------------------------------------------------------------------- loading


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: ~10x faster
    """SafeLoader that records the line of every mapping (for file:line messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def rule_files(rules_dir: Path) -> list[Path]:
    return sorted(p for p in rules_dir.glob("*.y*ml") if p.name not in OTHER_FILES)


def fingerprint_files(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_rules(rules_dir: Path | None = None) -> RuleSet:
    """Load and validate every rule file; raise RuleError listing every problem.

    Memoized on the files' contents: a run loads the rules in several places (the CLI,
    each worker, components), and validating token patterns costs about a second.
    """
    rules_dir = Path(rules_dir or default_rules_dir()).resolve()
    try:
        fingerprint = fingerprint_files(_fingerprinted_files(rules_dir))
    except OSError:  # an unreadable file: parse uncached, so it is reported as file:line
        return _load_rules.__wrapped__(rules_dir, "")
    return _load_rules(rules_dir, fingerprint)


def _fingerprinted_files(rules_dir: Path) -> list[Path]:
    return rule_files(rules_dir) + [p for p in rules_dir.glob("*.y*ml") if p.name in OTHER_FILES]


@functools.lru_cache(maxsize=8)
def _load_rules(rules_dir: Path, fingerprint: str) -> RuleSet:
    paths = rule_files(rules_dir)
    rules: list[Rule] = []
    errors: list[str] = []
    for path in paths:
        file_rules, file_errors = parse_rule_file(path)
        rules.extend(file_rules)
        errors.extend(file_errors)
    errors.extend(_duplicate_ids(rules))
    if errors:
        raise RuleError(errors)
    return RuleSet(tuple(rules), fingerprint, tuple(p.name for p in paths))


def parse_rule_file(path: Path) -> tuple[list[Rule], list[str]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [], [f"{path}:{line}: invalid YAML: {getattr(exc, 'problem', exc)}"]
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{path}:1: cannot read: {exc}"]
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        return [], [f"{path}:1: a rule file must be a mapping with a 'rules' list"]
    unknown_top = set(data) - {"rules", "description", "__line__"}
    errors = [f"{path}:1: unknown top-level key(s) {sorted(unknown_top)}; allowed: rules, description"] if unknown_top else []
    rules = []
    for entry in data["rules"]:
        rule, rule_errors = _parse_rule(path, entry)
        errors.extend(rule_errors)
        if rule:
            rules.append(rule)
    return rules, errors


def _parse_rule(path: Path, entry: Any) -> tuple[Rule | None, list[str]]:
    if not isinstance(entry, dict):
        return None, [f"{path}:1: each rule must be a mapping, got {type(entry).__name__}"]
    line = entry.pop("__line__", 1)
    where = f"{path}:{line}"
    errors = []
    unknown = set(entry) - RULE_KEYS
    if unknown:
        errors.append(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(RULE_KEYS)}")
    for key in ("id", "label", "kind"):
        if not isinstance(entry.get(key), str) or not entry.get(key):
            errors.append(f"{where}: rule needs a non-empty string '{key}'")
    if errors:
        return None, errors
    kind = entry["kind"]
    if kind not in KINDS:
        return None, [f"{where}: rule {entry['id']}: unknown kind {kind!r}; allowed: {sorted(KINDS)}"]
    examples = entry.get("examples") or {}
    if not isinstance(examples, dict):
        return None, [f"{where}: rule {entry['id']}: 'examples' must be a mapping with match/no_match"]
    examples.pop("__line__", None)
    bad_example_keys = set(examples) - EXAMPLE_KEYS
    if bad_example_keys:
        errors.append(f"{where}: rule {entry['id']}: unknown example key(s) {sorted(bad_example_keys)}")
    match = examples.get("match") or []
    no_match = examples.get("no_match") or []
    if not match:
        errors.append(f"{where}: rule {entry['id']}: needs at least one 'match' example")
    if not all(isinstance(x, str) for x in [*match, *no_match]):
        errors.append(f"{where}: rule {entry['id']}: examples must be strings")
    rule = Rule(
        id=entry["id"],
        label=entry["label"],
        kind=kind,
        terms=tuple(entry.get("terms") or ()),
        pattern=tuple(_strip_lines(entry.get("pattern") or ())),
        regex=entry.get("regex"),
        value=_strip_lines(entry.get("value")),
        flags=tuple(entry.get("flags") or ()),
        match_examples=tuple(match),
        no_match_examples=tuple(no_match),
        source=where,
    )
    errors.extend(_check_pattern(rule, where))
    return (rule if not errors else None), errors


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _check_pattern(rule: Rule, where: str) -> list[str]:
    if rule.kind == "phrase":
        if not rule.terms or not all(isinstance(t, str) and t.strip() for t in rule.terms):
            return [f"{where}: rule {rule.id}: phrase rules need a non-empty 'terms' list of strings"]
        return []
    if rule.kind == "regex":
        if not isinstance(rule.regex, str) or not rule.regex:
            return [f"{where}: rule {rule.id}: regex rules need a 'regex' string"]
        try:
            rule.compiled_regex()
        except re.error as exc:
            return [f"{where}: rule {rule.id}: bad regex: {exc}"]
        return []
    if not rule.pattern or not all(isinstance(p, dict) for p in rule.pattern):
        return [f"{where}: rule {rule.id}: token_pattern rules need a 'pattern' list of token mappings"]
    return _validate_token_pattern(rule, where)


def _validate_token_pattern(rule: Rule, where: str) -> list[str]:
    """Let spaCy's own schema validate the Matcher pattern (validate=True)."""
    from spacy.matcher import Matcher

    matcher = Matcher(_validation_vocab(), validate=True)
    try:
        matcher.add(rule.id, [[dict(p) for p in rule.pattern]])
    except Exception as exc:  # spaCy raises MatchPatternError / ValueError with details
        first = str(exc).strip().splitlines()
        return [f"{where}: rule {rule.id}: bad token pattern: {' '.join(first)[:300]}"]
    return []


@functools.cache
def _validation_vocab():
    """One vocab for every pattern check: a bare string store (the schema check needs no
    language; building English() only for its vocab cost 0.2 s per process)."""
    from spacy.vocab import Vocab

    return Vocab()


def _duplicate_ids(rules: list[Rule]) -> list[str]:
    seen: dict[str, str] = {}
    errors = []
    for rule in rules:
        if rule.id in seen:
            errors.append(f"{rule.source}: duplicate rule id {rule.id!r} (first at {seen[rule.id]})")
        else:
            seen[rule.id] = rule.source
    return errors
