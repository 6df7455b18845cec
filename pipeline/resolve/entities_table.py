"""rules/aliases.yml: the user-editable alias table (schema in the file's header).

Loaded with yaml.safe_load after a structural check on the composed YAML nodes, so every
problem is reported as ``file:line: message`` (unknown keys, wrong types, entries without
an example, a name listed under two entities).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.resolve.names import clean, org_key
from pipeline.rules import RuleError, default_rules_dir

TOP_KEYS = {
    "titles": "list", "legal_suffixes": "list", "media_suffixes": "list", "org_heads": "list",
    "institution_words": "list", "entities": "entries", "never_merge": "entries",
}
ENTITY_KEYS = {"name": "str", "label": "str", "variants": "list", "per_country": "bool", "example": "str"}
NEVER_KEYS = {"names": "list", "example": "str"}
LABELS = {"PERSON", "ORG", "GPE"}


@dataclass(frozen=True)
class AliasEntry:
    name: str
    label: str
    variants: tuple[str, ...]
    per_country: bool


@dataclass(frozen=True)
class AliasTable:
    titles: frozenset[str] = frozenset()
    legal_suffixes: frozenset[str] = frozenset()
    media_suffixes: frozenset[str] = frozenset()
    org_heads: frozenset[str] = frozenset()
    institution_words: frozenset[str] = frozenset()
    entries: tuple[AliasEntry, ...] = ()
    never_merge: tuple[tuple[str, str], ...] = ()
    # org_key(variant) -> index into entries
    by_key: dict[str, int] = field(default_factory=dict)

    def entry_for(self, name: str) -> AliasEntry | None:
        index = self.by_key.get(org_key(clean(name)))
        return self.entries[index] if index is not None else None


def _suffix_key(text: str) -> str:
    return text.casefold().replace(".", "").strip()


def load_alias_table(rules_dir: Path | None = None) -> AliasTable:
    """The alias table of ``rules_dir`` (default rules/); an empty table when the file is absent."""
    rules_dir = Path(rules_dir) if rules_dir else default_rules_dir()
    path = next((p for p in (rules_dir / "aliases.yml", rules_dir / "aliases.yaml") if p.is_file()), None)
    if path is None:
        return AliasTable()
    return parse_alias_table(path.read_text(encoding="utf-8"), str(path))


def parse_alias_table(text: str, filename: str = "aliases.yml") -> AliasTable:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise RuleError([f"{filename}:{line}: invalid YAML: {getattr(exc, 'problem', exc)}"]) from exc
    errors: list[str] = []
    if root is not None:
        _check_mapping(root, TOP_KEYS, filename, errors, "aliases file")
    if errors:
        raise RuleError(errors)
    data: dict[str, Any] = yaml.safe_load(text) or {}
    entries: list[AliasEntry] = []
    by_key: dict[str, int] = {}
    entry_nodes = _value_node(root, "entities")
    for i, item in enumerate(data.get("entities") or []):
        label = item.get("label", "ORG")
        line = entry_nodes.value[i].start_mark.line + 1 if entry_nodes else 1
        if label not in LABELS:
            errors.append(f"{filename}:{line}: label must be one of {sorted(LABELS)}, not {label!r}")
        entry = AliasEntry(item["name"], label, tuple(item.get("variants") or ()), bool(item.get("per_country")))
        for name in (entry.name, *entry.variants):
            key = org_key(clean(name))
            if key in by_key and by_key[key] != len(entries):
                errors.append(f"{filename}:{line}: {name!r} is already a variant of {entries[by_key[key]].name!r}")
            by_key[key] = len(entries)
        entries.append(entry)
    never = tuple(tuple(item["names"]) for item in data.get("never_merge") or [])
    never_nodes = _value_node(root, "never_merge")
    for i, pair in enumerate(never):
        if len(pair) != 2:
            line = never_nodes.value[i].start_mark.line + 1 if never_nodes else 1
            errors.append(f"{filename}:{line}: never_merge names must be a pair, got {len(pair)} names")
    if errors:
        raise RuleError(errors)
    return AliasTable(
        titles=frozenset(str(t).casefold().rstrip(".") for t in data.get("titles") or ()),
        legal_suffixes=frozenset(_suffix_key(str(s)) for s in data.get("legal_suffixes") or ()),
        media_suffixes=frozenset(_suffix_key(str(s)) for s in data.get("media_suffixes") or ()),
        org_heads=frozenset(str(w).casefold() for w in data.get("org_heads") or ()),
        institution_words=frozenset(str(w).casefold() for w in data.get("institution_words") or ()),
        entries=tuple(entries),
        never_merge=tuple((p[0], p[1]) for p in never),
        by_key=by_key,
    )


def _value_node(root: Any, key: str) -> Any:
    if not isinstance(root, yaml.MappingNode):
        return None
    for k, v in root.value:
        if k.value == key:
            return v
    return None


def _check_mapping(node: Any, schema: dict[str, str], filename: str, errors: list[str], what: str) -> None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        errors.append(f"{filename}:{line}: {what} must be a mapping")
        return
    for key_node, value in node.value:
        key, kline = key_node.value, key_node.start_mark.line + 1
        if key not in schema:
            errors.append(f"{filename}:{kline}: unknown key {key!r} in {what} (allowed: {', '.join(sorted(schema))})")
            continue
        _check_value(value, schema[key], key, filename, errors)
    if schema is ENTITY_KEYS or schema is NEVER_KEYS:
        present = {k.value for k, _ in node.value}
        required = {"name", "example"} if schema is ENTITY_KEYS else {"names", "example"}
        for missing in sorted(required - present):
            errors.append(f"{filename}:{line}: {what} needs {missing!r}")


def _check_value(node: Any, kind: str, key: str, filename: str, errors: list[str]) -> None:
    line = node.start_mark.line + 1
    if kind == "list":
        if not isinstance(node, yaml.SequenceNode):
            errors.append(f"{filename}:{line}: {key!r} must be a list")
            return
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                errors.append(f"{filename}:{item.start_mark.line + 1}: {key!r} items must be non-empty strings")
    elif kind == "entries":
        if not isinstance(node, yaml.SequenceNode):
            errors.append(f"{filename}:{line}: {key!r} must be a list of entries")
            return
        schema = ENTITY_KEYS if key == "entities" else NEVER_KEYS
        for item in node.value:
            _check_mapping(item, schema, filename, errors, f"{key} entry")
    elif kind == "str":
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            errors.append(f"{filename}:{line}: {key!r} must be a non-empty string")
    elif kind == "bool" and (not isinstance(node, yaml.ScalarNode) or node.value not in ("true", "false", "True", "False")):
            errors.append(f"{filename}:{line}: {key!r} must be true or false")
