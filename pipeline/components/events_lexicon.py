"""Rule values the event stage reads: country tables, number words, rule spans by label.

All vocabulary lives in ``rules/election.yml`` and ``rules/events.yml``; this module only turns
the loaded rule values into lookups (built once per pipeline, immutable afterwards).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.components import rule_spans
from pipeline.rules import RuleSet

# Labels whose spans name a place, with the weight of the reading when several tables claim a span.
PLACE_LABELS = ("COUNTRY", "SUBDIVISION", "COUNTRY_ADJ")
CAPITAL_LABEL = "CAPITAL"


def _key(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Lexicon:
    """Rule id -> value, and the place tables (lower-cased form -> canonical country)."""

    values: MappingProxyType
    capitals: MappingProxyType
    countries: MappingProxyType  # names, regions and adjectives together, for datelines
    number_words: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_rules(cls, rules: RuleSet) -> Lexicon:
        values = rules.values()
        capitals: dict[str, str] = {}
        countries: dict[str, str] = {}
        numbers: dict[str, int] = {}
        for rule in rules.rules:
            if not isinstance(rule.value, dict):
                continue
            if rule.label == CAPITAL_LABEL:
                capitals.update(rule.value)
            elif rule.label in ("COUNTRY", "SUBDIVISION"):
                for k, v in rule.value.items():
                    countries.setdefault(k, v)  # country names win over same-named regions
            elif rule.label == "CANDIDATES_DECLARED":
                numbers.update(rule.value)
        return cls(
            MappingProxyType(values),
            MappingProxyType(capitals),
            MappingProxyType(countries),
            MappingProxyType(numbers),
        )

    def value(self, span: Span) -> Any:
        return self.values.get(span.id_)

    def place(self, span: Span) -> str | None:
        """Canonical country named by a COUNTRY/SUBDIVISION/COUNTRY_ADJ span."""
        table = self.value(span)
        if isinstance(table, dict):
            return table.get(_key(span.text))
        return None

    def dateline_country(self, place: str | None) -> str | None:
        """"Baku, Azerbaijan" -> Azerbaijan; "MONROVIA" -> Liberia (capital table)."""
        if not place:
            return None
        parts = [_key(p) for p in place.split(",") if p.strip()]
        for part in reversed(parts):
            if part in self.countries:
                return self.countries[part]
            if part in self.capitals:
                return self.capitals[part]
        return None

    def number(self, text: str) -> int | None:
        """The first count in a CANDIDATES_DECLARED match: "1,314" or "Seven"."""
        for word in re.findall(r"\d[\d,]*|[A-Za-z]+", text):
            if word[0].isdigit():
                return int(word.replace(",", ""))
            if word.lower() in self.number_words:
                return int(self.number_words[word.lower()])
        return None


def spans_by_label(doc: Doc, labels: set[str]) -> dict[str, list[Span]]:
    found = rule_spans(doc)
    return {label: sorted(found.get(label, ()), key=lambda s: (s.start, -s.end)) for label in labels}


def place_readings(doc: Doc, lexicon: Lexicon, spans: dict[str, list[Span]]) -> dict[tuple[int, int], str]:
    """One country per place span (token start, end).

    A span claimed by several tables ("Georgia": the country or the US state) takes the
    reading with more unambiguous support elsewhere in the article; ties keep the country.
    Capitalization is required ("turkey" the bird, "chad" the verb are no places).
    """
    readings: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for rank, label in enumerate(PLACE_LABELS):
        for span in spans.get(label, []):
            if not span.text[:1].isupper():
                continue
            country = lexicon.place(span)
            if country:
                readings.setdefault((span.start, span.end), []).append((rank, country))
    # "Guinea" inside "Papua New Guinea", "Congo" inside "Republic of Congo": the longest name wins.
    reach = -1
    for key in sorted(readings, key=lambda k: (k[0], -k[1])):
        if key[1] <= reach:
            readings.pop(key)
        reach = max(reach, key[1])
    support = Counter(
        options[0][1] for options in readings.values() if len({c for _, c in options}) == 1
    )
    for span in spans.get(CAPITAL_LABEL, []):
        if span.text[:1].isupper() and lexicon.capitals.get(_key(span.text)):
            support[lexicon.capitals[_key(span.text)]] += 1
    chosen = {}
    for key, options in readings.items():
        # the country reading wins unless another has clearly more support ("Georgia" the state
        # in an article full of other US states, not in one naming "U.S." once)
        best = max(options, key=lambda rc: (support[rc[1]] - (0 if rc[0] == 0 else 1), -rc[0]))
        chosen[key] = best[1]
    return chosen
