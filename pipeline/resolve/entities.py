"""Entity resolution: one canonical name per real person, organization and country.

Every name a record uses (candidates, sources, speakers, speaker organizations, countries) and
every NER name is a *mention* (article, surface, label). Mentions get a *node key* from their
normalized form (``names.py``): persons by (given-name key, surname key) under transliteration,
organizations by their core name plus, for institution types that exist once per country
("Central Election Commission"), the country; countries by their canonical name. Context then
links nodes inside one article (surname-only and titled mentions, acronyms defined or carried
from other articles, "A (B)" name pairs, "Party – Leader" compounds, short forms) and fuzzy
matching links spelling variants across the corpus, compared only inside blocks so the cost
stays near-linear. Unions respect constraints: different given names, candidates listed side
by side, a person and an organization, two countries, and the table's never-merge pairs.

At scale the run keeps one entry per distinct (article, surface, label) key (its node and, when
above one, its mention count), per-run memos keyed by form alone, and frees each stage's
indexes before the next; the index it returns stores a corpus-wide name per surface and
per-article names only where an article reads a surface otherwise.
"""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from pipeline.records import Article, EntityRecord, Extraction, in_article_order, reading, stable_id
from pipeline.resolve.entities_geo import country_of
from pipeline.resolve.entities_table import AliasTable, load_alias_table
from pipeline.resolve.names import (
    clean,
    clear_name_caches,
    initials,
    is_acronym,
    org_key,
    parse_org,
    parse_person,
    split_dash,
    strip_titles,
    translit,
    trim,
)

LABELS = ("PERSON", "ORG", "GPE")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame"})
_FUNCTION_WORDS = frozenset({"and", "but", "for", "with", "by", "as", "at", "from", "to", "of", "the", "in", "on", "or", "if", "when", "while", "after", "before"})
_PATRONYMIC_WORDS = frozenset({"oglu", "ogly", "qizi", "gizi", "kyzy", "uulu"})
_STOP = frozenset({"of", "the", "for", "and", "in", "on", "de", "a", "an", "is", "to"})
PERSON_GIVEN_MIN = 80  # rapidfuzz ratio of given-name keys (Natalia/Natalja)
PERSON_SURNAME_MIN = 84  # ... of surname keys (Shaidalbekova/Shildabekova)
ORG_WORD_MIN = 60  # one differing word of an org name (Ray/Rey, Social/Sociological)
# how often NER gave a form each label, packed in one int per distinct form: PERSON | ORG | GPE
_NER_BITS = 32
_NER_MASK = (1 << _NER_BITS) - 1
_NER_SHIFT = {"PERSON": 0, "ORG": _NER_BITS, "FAC": _NER_BITS, "GPE": 2 * _NER_BITS}
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[\w]+")
_PAREN_AFTER = re.compile(r"\s*\(([^()\n]{2,60})\)")
_NEXT_CAPITAL = re.compile(r"\s+[A-Z]")
_PREV_WORD = re.compile(r"([A-Z][\w.'-]*)[ \t]+$")
_BASED_LEAD = re.compile(r"^[A-Z][\w.]*-based\s+")
_ACRONYM_ASIDE = re.compile(r"\s*\([A-Z][A-Za-z]{1,9}(?:\s[A-Z]{2,9})?\)")


@dataclass
class EntityIndex:
    """Maps surface names to canonical names; lists entities with variants."""

    # surface -> canonical name across the corpus (the name most of its mentions resolved to)
    canonical_of: dict[str, str] = field(default_factory=dict)
    # (article_id, surface) -> canonical name, only where the article reads the surface otherwise
    local_of: dict[tuple[str, str], str] = field(default_factory=dict)
    entities: dict[str, EntityRecord] = field(default_factory=dict)

    def canonical(self, name: str | None, label: str = "", article_id: str | None = None) -> str | None:
        """Canonical name of ``name`` as used in ``article_id`` (surnames and acronyms resolve per
        article): the article's reading, else the corpus-wide one, of the name as written and
        then of its clean form."""
        if name is None:
            return None
        for form in (name, clean(name)):
            if article_id and (article_id, form) in self.local_of:
                return self.local_of[(article_id, form)]
            if form in self.canonical_of:
                return self.canonical_of[form]
        return name

    def records(self) -> list[EntityRecord]:
        return [self.entities[k] for k in sorted(self.entities)]



# --------------------------------------------------------------------------- entry point


def resolve_entities(
    articles: list[Article],
    extractions: Iterable[Extraction],
    rules_dir: Path | None = None,
    texts: Mapping[str, str] | None = None,
) -> EntityIndex:
    """Entities of the corpus. ``texts`` (article id -> text) stands for the articles' own
    ``text`` when given: each text is read when its article's turn comes, twice per run (a
    mapping over a file keeps the corpus texts out of memory)."""
    table = load_alias_table(rules_dir)
    # The run allocates hundreds of thousands of small tuples and no reference cycles: the
    # cyclic collector would only rescan the whole corpus state every few thousand of them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return Resolver(table).run(articles, extractions, texts)
    finally:
        if collecting:
            gc.enable()
        clear_name_caches()  # one entry per distinct surface of this corpus: no use to the next


class _Memo(dict):
    """A function's values by argument, computed on first lookup (``memo[x]``)."""

    __slots__ = ("fn",)

    def __init__(self, fn) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key):
        value = self[key] = self.fn(key)
        return value


class _UnionFind:
    """Union-find whose roots carry what a merge must respect: the given names of a person and
    the country of a per-country organization.

    Compact at scale: a root that never merged carries only what its own key says, so
    ``givens`` / ``countries`` hold merged roots alone, and ``forbid`` only roots with a
    never-merge partner.
    """

    __slots__ = ("parent", "givens", "countries", "forbid")

    def __init__(self) -> None:
        self.parent: dict[tuple, tuple] = {}
        self.givens: dict[tuple, tuple[str, ...]] = {}  # merged root -> given-name keys
        self.countries: dict[tuple, tuple[str, ...]] = {}  # merged root -> countries
        self.forbid: dict[tuple, set[tuple]] = {}

    def add(self, node: tuple) -> tuple:
        """Registers ``node``; returns the stored key equal to it while that is a root (so the
        mentions of one node share one tuple), else ``node``."""
        stored = self.parent.get(node)
        if stored is not None:
            return stored if stored == node else node
        self.parent[node] = node
        return node

    def _givens(self, root: tuple) -> tuple[str, ...]:
        got = self.givens.get(root)
        if got is not None:
            return got
        return (root[1],) if root[0] == "P" and root[1] else ()

    def _countries(self, root: tuple) -> tuple[str, ...]:
        got = self.countries.get(root)
        if got is not None:
            return got
        return (root[2],) if root[0] == "O" and len(root) > 2 and root[2] else ()

    def find(self, node: tuple) -> tuple:
        parent = self.parent
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def can_join(self, a: tuple, b: tuple) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if ra[0] == "G" or rb[0] == "G":
            if (ra[0] == "G") != (rb[0] == "G"):
                return False
        elif (ra[0] == "O") != (rb[0] == "O"):
            return False  # a person never merges with an organization
        forbid = self.forbid
        if ra in forbid and any(self.find(x) == rb for x in forbid[ra]):
            return False
        if rb in forbid and any(self.find(x) == ra for x in forbid[rb]):
            return False
        if len(set(self._countries(ra)) | set(self._countries(rb))) > 1:
            return False
        gb = self._givens(rb)
        return all(_given_compatible(g, h) for g in self._givens(ra) for h in gb)

    def union(self, a: tuple, b: tuple) -> bool:
        if not self.can_join(a, b):
            return False
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        keep, drop = (ra, rb) if ra <= rb else (rb, ra)  # deterministic root
        givens = tuple(sorted(set(self._givens(keep)) | set(self._givens(drop))))
        countries = tuple(sorted(set(self._countries(keep)) | set(self._countries(drop))))
        self.parent[drop] = keep
        self.givens.pop(drop, None)
        self.countries.pop(drop, None)
        if givens:
            self.givens[keep] = givens
        if countries:
            self.countries[keep] = countries
        moved = self.forbid.pop(drop, None)
        if moved:
            self.forbid.setdefault(keep, set()).update(moved)
        return True

    def forbid_pair(self, a: tuple, b: tuple) -> None:
        if a != b:
            self.forbid.setdefault(self.find(a), set()).add(b)
            self.forbid.setdefault(self.find(b), set()).add(a)


def _ner_labels(extractions: Iterable[Extraction]) -> dict[str, int]:
    """clean form -> how often NER labelled it PERSON, ORG (FAC too) and GPE, packed."""
    counts: dict[str, int] = {}
    for ext in reading(extractions, "names"):
        for n in ext.names:
            shift = _NER_SHIFT.get(n.label)
            if shift is not None:
                form = clean(n.text)
                counts[form] = counts.get(form, 0) + (1 << shift)
    return counts


def _given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a[0] == b[0] and fuzz.ratio(a, b) >= PERSON_GIVEN_MIN


# --------------------------------------------------------------------------- resolver


class Resolver:
    """One run of entity resolution. A mention is a ``(surface, label, origin)`` tuple of one
    article (origin "record", "ner" or "text"); once nodes are assigned only the distinct
    ``(article, surface, label)`` keys remain, with their node and how often they were written."""

    def __init__(self, table: AliasTable):
        self.table = table
        self.uf = _UnionFind()
        # (article, surface, label) -> node, in first-mention order
        self.node_of: dict[tuple[str, str, str], tuple] = {}
        self.count: dict[tuple[str, str, str], int] = {}  # (article, surface, label) -> mentions, when > 1
        # node -> display form -> mentions; a node written one way once holds just that form
        self.forms: dict[tuple, dict[str, int] | str] = {}
        self.record_forms: set[str] = set()  # display forms a record used (win frequency ties)
        self._psur: dict[str, list[tuple]] | None = None
        self._texts: Mapping[str, str] | None = None
        # this run's parses keyed by form alone (no (form, titles) key tuples, no LRU links)
        self._person = _Memo(lambda form: parse_person(form, table.titles))
        self._untitled = _Memo(lambda form: strip_titles(form, table.titles))

    def _forms_of(self, node: tuple) -> dict[str, int]:
        forms = self.forms.get(node, {})
        return {forms: 1} if isinstance(forms, str) else forms

    def _add_form(self, node: tuple, form: str) -> None:
        held = self.forms.get(node)
        if held is None:
            self.forms[node] = form
        elif isinstance(held, str):
            self.forms[node] = {held: 2} if held == form else {held: 1, form: 1}
        else:
            held[form] = held.get(form, 0) + 1

    def _text(self, article: Article) -> str:
        return article.text if self._texts is None else self._texts.get(article.id, "")

    # ---- collecting mentions
    def run(self, articles: list[Article], extractions: Iterable[Extraction], texts: Mapping[str, str] | None = None) -> EntityIndex:
        by_id = {a.id: a for a in articles}
        self._texts = texts
        per_article: dict[str, list[tuple[str, str, str]]] = {}  # articles with mentions
        article_ids: list[str] = []  # every article, in id order
        links: list[tuple[str, str, str, str, str]] = []  # (article, surface a, label, surface b, why)
        side_by_side: list[tuple[str, list[str]]] = []
        acronym_defs: dict[str, list[tuple[str, str]]] = {}
        fact_countries: dict[str, tuple[str | None, tuple[str, ...]]] = {}  # articles whose facts name one
        ner_labels = _ner_labels(extractions)
        labels: dict[tuple[str, str], str | None] = {}  # (surface, hint) -> label
        shared: dict[tuple[str, str, str], tuple[str, str, str]] = {}  # one copy of each mention
        for ext in in_article_order(extractions):
            article = by_id.get(ext.article_id)
            # the headline too: a lone surname there ("Japarov on course ...") is a mention
            text, title = (self._text(article), article.title or "") if article is not None else ("", "")
            mentions, extra_links = self._collect(ext, text, ner_labels, title, labels, shared)
            if not article_ids or article_ids[-1] != ext.article_id:  # (one id twice: the later wins)
                article_ids.append(ext.article_id)
            if mentions:
                per_article[ext.article_id] = mentions
            else:
                per_article.pop(ext.article_id, None)
            links.extend(extra_links)
            side_by_side.extend((ext.article_id, names) for names in _side_by_side(ext))
            if ext.acronyms:
                acronym_defs.setdefault(ext.article_id, []).extend(ext.acronyms)
            countries = _fact_countries(ext)
            if countries != (None, ()):
                fact_countries[ext.article_id] = countries
            else:
                fact_countries.pop(ext.article_id, None)
        del ner_labels, labels, shared
        per_article = self._relabel(per_article, article_ids, by_id)
        del article_ids
        del by_id
        self._nodes(per_article, acronym_defs, fact_countries)
        del per_article
        self._person.clear()  # persons are parsed: a dash part is all that may come again
        self._untitled.clear()
        self._split_side_by_side(side_by_side)
        for article_id, names in side_by_side:
            nodes = sorted({self.node_of.get((article_id, n, lab)) for n in names for lab in LABELS} - {None})
            for i, a in enumerate(nodes):
                for b in nodes[i + 1 :]:
                    self.uf.forbid_pair(a, b)
        del side_by_side
        self._forbid_table_pairs()
        self._link_context(links)
        del links
        self._link_fuzzy()
        self._link_compounds()
        # what only the linking needed: the memo of person and org parses, the merge constraints
        for cached in (parse_org, org_key, translit):
            cached.cache_clear()
        self.uf.givens.clear()
        self.uf.countries.clear()
        self.uf.forbid.clear()
        self._psur = None
        return self._index()

    def _link_compounds(self) -> None:
        """Joint sources written as compounds ("NBC/WSJ", "NBC News/Wall Street Journal",
        "Wall Street Journal/NBC", "ABC-Washington Post") are one source when their parts
        name the same organizations in any order."""
        by_parts: dict[frozenset, list[tuple]] = defaultdict(list)
        for node in sorted(self.forms):
            if node[0] != "O":
                continue
            for form in self._forms_of(node):
                parts = _compound_parts(form)
                if parts:
                    by_parts[parts].append(node)
        for nodes in by_parts.values():
            for other in nodes[1:]:
                self.uf.union(nodes[0], other)

    def _split_side_by_side(self, side_by_side: list[tuple[str, list[str]]]) -> None:
        """Two candidates of one count whose spellings share a key still are two entities."""
        for article_id, names in side_by_side:
            taken: dict[tuple, str] = {}
            for name in names:
                form = clean(name)
                for label in LABELS:
                    node = self.node_of.get((article_id, name, label))
                    if node is None or node[0] == "G":
                        continue
                    if node in taken and taken[node] != form:
                        own = (*node[:2], node[2] if len(node) > 2 else "", form) if node[0] == "O" else (*node, form)
                        own = self.uf.add(own)
                        self.node_of[(article_id, name, label)] = own
                        self._add_form(own, form)
                        node_forms = self.forms[node] = dict(self._forms_of(node))
                        left = node_forms.get(form, 0) - 1
                        if left <= 0:
                            node_forms.pop(form, None)
                        else:
                            node_forms[form] = left
                    else:
                        taken[node] = form

    def _label(self, surface: str, hint: str, ner_labels: dict[str, int]) -> str | None:
        form = clean(surface)
        if not form or not _LETTER.search(form):
            return None
        if country_of(form):
            return "GPE"
        words = {w.casefold() for w in _WORD.findall(form)}
        if not words.isdisjoint(self.table.org_heads) or is_acronym(form) or self.table.entry_for(form):
            return "ORG"
        if _joins_acronym(form):
            return "ORG"  # "ABC-Washington Post", "NBC/WSJ": a joint source, not a person
        if hint in LABELS and hint != "GPE":
            return hint
        packed = ner_labels.get(form, 0)
        persons, orgs, places = packed & _NER_MASK, (packed >> _NER_BITS) & _NER_MASK, packed >> (2 * _NER_BITS)
        if hint == "PERSON_OR_ORG":
            tokens = [t for t in form.split() if t.casefold() not in _PATRONYMIC_WORDS]
            if 2 <= len(tokens) <= 4 and all(t[:1].isupper() and not country_of(t) for t in tokens) and not persons < orgs - 2:
                return "PERSON"
        if hint == "GPE":
            return "GPE"
        # the label NER gave this form most often (ties: alphabetically last, as LABELS sorts)
        best = max(((n, lab) for n, lab in ((persons, "PERSON"), (orgs, "ORG"), (places, "GPE")) if n), default=(0, None))[1]
        if best == "GPE":
            best = "ORG" if hint in ("ORG", "PERSON_OR_ORG") or orgs else "GPE"
        if best:
            return best
        if hint == "PERSON_OR_ORG":
            tokens = form.split()
            return "PERSON" if 2 <= len(tokens) <= 4 and all(t[0].isupper() for t in tokens) else "ORG"
        return None

    def _collect(self, ext: Extraction, text: str, ner_labels: dict[str, int], title: str, labels: dict, shared: dict):
        """Mentions of one article, plus links its text states ("A (B)", "X – Y"). ``labels``
        memoizes ``_label`` across the articles of one run; ``shared`` keeps one copy of each
        mention however many articles make it (both bounded)."""
        aid = ext.article_id
        out: list[tuple[str, str, str]] = []
        links: list[tuple[str, str, str, str, str]] = []
        org_heads = self.table.org_heads

        def add(surface: str | None, hint: str, origin: str) -> tuple[str, str, str] | None:
            if not surface or len(surface) > 150:
                return None
            label = labels.get((surface, hint), _UNSET)
            if label is _UNSET:
                if len(labels) >= _WORD_MEMO_MAX:
                    labels.clear()
                label = labels[(surface, hint)] = self._label(surface, hint, ner_labels)
            if label is None:
                return None
            m = (surface, label, origin)
            if len(shared) >= _WORD_MEMO_MAX:
                shared.clear()
            m = shared.setdefault(m, m)
            out.append(m)
            return m

        for r in ext.results:
            add(r.candidate, "PERSON_OR_ORG", "record")
            add(r.source, "ORG", "record")
        for c in ext.claims:
            add(c.speaker, "PERSON_OR_ORG", "record")
            add(c.speaker_org, "ORG", "record")
        for e in ext.events:
            add(e.country, "GPE", "record")
        spans = sorted((n.start, n.end, n.text, n.label) for n in ext.names if n.label in ("PERSON", "ORG", "GPE", "FAC"))
        for start, end, surface, label in spans:
            hint = "ORG" if label == "FAC" else label
            m = add(surface, hint if label == "ORG" else "", "ner")
            if m is None or not text:
                continue
            m_label = m[1]
            if label == "ORG" and text.count("(", start, end) > text.count(")", start, end):
                close = text.find(")", end, end + 12)
                if close != -1:
                    add(text[start : close + 1], "ORG", "text")
                    inner = text[text.rfind("(", start, end) + 1 : close].strip()
                    if is_acronym(inner):
                        add(inner, "ORG", "text")
                        links.append((aid, text[start : close + 1], "ORG", inner, "paren"))
            for extended in _extensions(text, start, end, m_label, self.table.titles):
                add(extended, m_label, "text")
            pm = _PAREN_AFTER.match(text, end, end + 80)
            if pm:
                inner = pm.group(1).strip()
                inner_label = self._label(inner, "", ner_labels)
                if inner_label == "GPE" and not country_of(inner):
                    inner_label = None  # NER's guess; the brackets say it renames what precedes
                if inner_label is None and m_label in ("ORG", "PERSON") and _name_like(inner) and len(inner.split()) > 1:
                    inner_label = m_label  # "Eni Azerbaijan (New Azerbaijan)", "Sardar Mammadov (Sardar Calaloglu)"
                if inner_label == m_label or (m_label == "ORG" and is_acronym(inner)):
                    add(inner, m_label, "text")
                    links.append((aid, surface, m_label, inner, "paren"))
        # each pattern runs only over a text holding what it cannot match without (a cheap
        # search first: most articles name no "Republic", bracket no word, list no results)
        for source in (text, title):
            if not source:
                continue
            for rm in _REPUBLIC.finditer(source) if "Republic" in source else ():
                if country_of(rm.group(1) or rm.group(2)):
                    add(rm.group(0), "GPE", "text")
            bracketed = "(" in source and _BRACKETED_WORD.search(source) is not None
            for om in _ALT_IN_NAME.finditer(source) if bracketed else ():
                if om.group(3).split()[-1].casefold() in org_heads:
                    add(om.group(0), "ORG", "text")
            for hm in _CAPITALIZED_RUN.finditer(source):  # runs of two words or more
                run = hm.group(0)
                words = run.split()
                if words[-1].casefold() in org_heads and words[0].casefold() not in _STOP:
                    add(run, "ORG", "text")  # "US’ Oracle Advisory Group" that NER missed
            for qm in _QUOTED_ORG.finditer(source) if '"' in source or "“" in source else ():
                name, tail = qm.group(1).strip(), qm.group(2)
                if tail and tail.split()[-1].casefold().rstrip(".").replace(".", "") in self.table.legal_suffixes:
                    add(qm.group(0), "ORG", "text")
                elif tail and tail.split()[-1].casefold() in org_heads:
                    add(f"{name} {tail}", "ORG", "text")
                elif _name_like(name) and not is_acronym(name) and len(name.split()) >= 2:
                    add(name, "ORG", "text")
            for sm in _SLASH_COMPOUND.finditer(source) if "/" in source else ():
                if _joins_acronym(sm.group(0)):
                    add(sm.group(0), "ORG", "text")  # "the NBC/WSJ poll" that NER missed
            for pm in _PATRONYMIC_NAME.finditer(source) if _PATRONYMIC_MARKER.search(source) else ():
                add(" ".join(pm.group(0).split()), "PERSON", "text")
            for item in _list_items(source) if _DASH_NUMBER.search(source) else ():
                # a list line names a party unless NER saw a person there
                person = ner_labels.get(clean(item), 0) & _NER_MASK and len(split_dash(item)) == 1
                add(item, "PERSON" if person else "ORG", "text")
            for cm in _ORG_WITH_COUNTRY.finditer(source) if bracketed else ():
                if country_of(cm.group(2)) and not {w.casefold() for w in cm.group(1).split()}.isdisjoint(org_heads):
                    add(cm.group(0).strip(), "ORG", "text")
        for surface, label, _origin in list(out):
            if label == "ORG":
                org = parse_org(surface, self.table.legal_suffixes, self.table.media_suffixes)
                if org.country and len(org.core.split()) >= 2 and org.core in surface and len(self._org_node(surface, None, {})) == 3:
                    add(org.core, "ORG", "text")  # "Central Elections Commission" as written in "Azerbaijani ..."
                parts = _dash_parts(clean(surface))
                if len(parts) > 1:
                    for part in parts:
                        links.append((aid, surface, "ORG", part, "dash"))
        return out, links

    def _relabel(
        self, per_article: dict[str, list[tuple[str, str, str]]], article_ids: list[str], by_id: dict[str, Article]
    ) -> dict[str, list[tuple[str, str, str]]]:
        """NER often calls a lone surname an ORG or GPE and a party brand a PERSON: decide by the
        names of the whole corpus. Then find lone surnames of known people in the text."""
        titles = self.table.titles
        givens: set[str] = set()
        surnames: dict[str, str] = {}
        org_first: set[str] = set()
        seen_forms: set[tuple[str, str]] = set()  # each distinct (surface, label) once
        for mentions in per_article.values():
            for m in mentions:
                if (m[0], m[1]) in seen_forms:
                    continue
                seen_forms.add((m[0], m[1]))
                form = clean(m[0])
                if m[1] == "PERSON" and not any(country_of(t) for t in form.split()):
                    p = self._person[form]
                    if p and p.full:
                        givens.add(p.given)
                        last = self._untitled[form].split()[-1]
                        if p.surname == translit(last) and len(last) >= 4 and last[0].isupper():
                            surnames[p.surname] = last
                elif m[1] == "ORG" and len(form.split()) > 1:
                    words = form.casefold().split()
                    org_first.update(" ".join(words[:i]) for i in range(1, len(words)))
        del seen_forms

        by_prefix: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key in sorted(surnames):
            by_prefix[(key[:2], key[-3:])].append(key)

        def person_shaped(form: str) -> bool:
            tokens = form.split()
            if not 1 <= len(tokens) <= 4 or not all(t[:1].isupper() and t.replace("-", "").isalpha() for t in tokens):
                return False
            words = {t.casefold() for t in tokens}
            if not words.isdisjoint(self.table.org_heads) or is_acronym(form) or country_of(form) or self.table.entry_for(form):
                return False
            if len(tokens) == 1:
                key = translit(tokens[0])
                return key in surnames or any(_surname_match(key, k) for k in by_prefix.get((key[:2], key[-3:]), ()))
            return translit(tokens[0]) in givens or translit(tokens[-1]) in surnames

        relabelled: dict[tuple[str, str], str] = {}  # (surface, label) -> label, per distinct pair
        judged: set[str] = set()  # capitalized words of the texts seen so far
        spelling: set[str] = set()  # ... those whose key is a known surname
        key_of: dict[str, str] = {}  # word before a surname -> its transliteration key

        def relabel(surface: str, label: str) -> str:
            form = clean(surface)
            if label in ("ORG", "GPE") and person_shaped(form):
                return "PERSON"
            if label == "PERSON" and any(country_of(t) for t in form.split()):
                return "ORG"  # "Georgian Dream", "New Azerbaijan": a person's name holds no country
            if label in ("PERSON", "GPE") and form.casefold() in org_first and not country_of(form):
                person = self._person[form] if label == "PERSON" else None
                if person is None or (not person.full and person.surname not in surnames):
                    return "ORG"  # "Lelo" of "Lelo for Georgia", "Imedi" of "Imedi TV"
            return label

        out: dict[str, list[tuple[str, str, str]]] = {}  # in article-id order, as the input
        for aid in article_ids:
            mentions = per_article.pop(aid, ())
            fixed = []
            for m in mentions:
                label = relabelled.get((m[0], m[1]))
                if label is None:
                    label = relabelled[(m[0], m[1])] = relabel(m[0], m[1])
                fixed.append(m if label == m[1] else (m[0], label, m[2]))
            article = by_id.get(aid)
            if article is not None and surnames:
                # headline and body joined one article at a time (not a second copy of the corpus)
                text = (article.title or "") + "\n\n" + self._text(article)
                # the words spelling a known surname, each judged once per run (a bounded memo:
                # the corpus vocabulary must not pile up in translit's cache)
                words = set(_CAP_WORD.findall(text))
                new = words - judged
                if new:
                    if len(judged) >= _WORD_MEMO_MAX:
                        judged.clear()
                        spelling.clear()
                        new = words
                    judged.update(new)
                    spelling.update(w for w in new if translit.__wrapped__(w) in surnames)
                named = words & spelling
                seen = {m[0] for m in fixed} if named else ()
                for hit in _CAP_WORD.finditer(text) if named else ():
                    if hit.group(0) not in named or _NEXT_CAPITAL.match(text, hit.end(), hit.end() + 2):
                        continue
                    prev = _PREV_WORD.search(text, max(0, hit.start() - 30), hit.start())
                    start = hit.start()
                    if prev and prev.group(1).casefold().rstrip(".") not in titles:
                        key = key_of.get(prev.group(1))
                        if key is None:
                            if len(key_of) >= _WORD_MEMO_MAX:
                                key_of.clear()
                            key = key_of[prev.group(1)] = translit.__wrapped__(prev.group(1))
                        if key not in givens:
                            continue  # part of a longer name
                        start = hit.start() - len(prev.group(0))  # "Viktor Guminskiy" that NER missed
                    found = [text[start : hit.end()], *_extensions(text, start, hit.end(), "PERSON", titles)]
                    for surface in found:
                        if surface not in seen:
                            seen.add(surface)
                            fixed.append((surface, "PERSON", "text"))
            if fixed:
                out[aid] = fixed
        return out

    # ---- node keys
    def _org_node(self, surface: str, article_country: str | None, scoped_countries: dict[str, str]) -> tuple:
        org = parse_org(surface, self.table.legal_suffixes, self.table.media_suffixes)
        core = org.core or clean(surface)
        entry = self.table.entry_for(core)
        if entry is not None:
            key, per_country = org_key(entry.name), entry.per_country
        else:
            key = org_key(core)
            words = key.split()
            per_country = bool(words) and all(w in self.table.institution_words or w + "s" in self.table.institution_words for w in words)
        if per_country:
            country = org.country or scoped_countries.get(key) or article_country
            return ("O", key, country or "")
        if org.country_prefix and org.country and (not _is_adjective(surface, org.country) or len(core.split()) < 2):
            key = org_key(clean(surface).split(" ", 1)[0] + " " + core)
        return ("O", key)

    def _nodes(self, per_article: dict[str, list[tuple[str, str, str]]], acronym_defs, fact_countries) -> None:
        """Nodes of every mention, one article at a time; each article's mention list is
        dropped once its nodes are counted."""
        legal, media = self.table.legal_suffixes, self.table.media_suffixes
        # acronym -> expansions, carried across articles
        corpus_acr: dict[str, Counter] = defaultdict(Counter)
        local_acr: dict[str, dict[str, str]] = {}
        for aid, pairs in acronym_defs.items():
            for short, long in pairs:
                local_acr.setdefault(aid, {})[short.rstrip("s")] = long
                corpus_acr[short.rstrip("s")][long] += 1
        for aid, mentions in per_article.items():
            for surface, label, _origin in mentions:
                if label == "ORG":
                    org = parse_org(surface, legal, media)
                    if org.acronym and org.core:
                        local_acr.setdefault(aid, {})[org.acronym.rstrip("s")] = org.core
                        corpus_acr[org.acronym.rstrip("s")][org.core] += 1
        node_of, count, add, add_form = self.node_of, self.count, self.uf.add, self._add_form
        for aid in sorted(per_article):
            mentions = per_article.pop(aid)
            country = _article_country(fact_countries.get(aid, (None, ())), mentions)
            orgs = [m[0] for m in mentions if m[1] == "ORG" and not is_acronym(clean(m[0]))]
            scoped: dict[str, str] = {}
            for surface in orgs:
                org = parse_org(surface, legal, media)
                if org.country:
                    node = self._org_node(surface, None, {})
                    if len(node) == 3:
                        scoped.setdefault(node[1], org.country)
            full: set[tuple] = set()
            seen_full: Counter = Counter()  # how often each full name is written in the article
            for surface, label, _origin in mentions:
                if label == "PERSON":
                    p = self._person[clean(surface)]
                    if p and p.full:
                        full.add(("P", p.given, p.surname))
                        seen_full[("P", p.given, p.surname)] += 1
            # (surface, label) -> (node, display form, the one (article, surface, label) key)
            known: dict[tuple[str, str], tuple[tuple | None, str, tuple[str, str, str]]] = {}
            for surface, label, origin in mentions:
                got = known.get((surface, label))
                if got is None:
                    node = self._node(surface, label, country, scoped, full, seen_full, local_acr.get(aid, {}), corpus_acr, orgs)
                    got = known[(surface, label)] = (None if node is None else add(node), self._display(surface, label), (aid, surface, label))
                node, display, key = got
                if node is None:
                    continue
                if key not in node_of:
                    node_of[key] = node
                else:
                    count[key] = count.get(key, 1) + 1
                add_form(node, display)
                if origin == "record":
                    self.record_forms.add(display)

    def _node(self, surface: str, label: str, country, scoped, full, seen_full, local_acr, corpus_acr, orgs) -> tuple | None:
        form = clean(surface)
        if label == "GPE":
            return ("G", org_key(country_of(form) or form))
        if label == "PERSON":
            p = self._person[form]
            if p is None:
                return None
            if p.full:
                return ("P", p.given, p.surname)
            matches = sorted(k for k in full if _surname_match(k[2], p.surname))
            if len({k[1] for k in matches}) == 1:
                return matches[0]
            if len(matches) > 1 and form.split()[0].casefold().rstrip(".") in _HONORIFICS:
                # "Mrs. Clinton" beside Hillary and Bill Clinton: wire style gives the honorific to
                # the person the story is about, the one whose full name it writes most
                ranked = sorted(matches, key=lambda k: (-seen_full[k], k))
                if seen_full[ranked[0]] > seen_full[ranked[1]]:
                    return ranked[0]
            return ("S", p.surname)
        if is_acronym(form):
            short = form.rstrip("s")
            expansion = local_acr.get(short)
            if expansion is None:
                # initials of an organization named in the same article: "UNM" for "United National Movement"
                fits = sorted({_dash_parts(clean(o))[0] for o in orgs if _initials_fit(short, o, self.table)})
                if len({org_key(f) for f in fits}) == 1:
                    expansion = fits[0]
            if expansion is None and self.table.entry_for(form) is None and len(corpus_acr.get(short, ())) >= 1:
                expansion = max(corpus_acr[short].items(), key=lambda kv: (kv[1], kv[0]))[0]
            if expansion is not None:
                return self._org_node(expansion, country, scoped)
        return self._org_node(surface, country, scoped)

    def _display(self, surface: str, label: str) -> str:
        form = clean(surface)
        if label == "PERSON":
            return self._untitled[form]
        if label == "ORG":
            form = _BASED_LEAD.sub("", form)
            form = " ".join(_ACRONYM_ASIDE.sub("", form).split()) or form
        return form

    def _forbid_table_pairs(self) -> None:
        by_key: dict[str, list[tuple]] = defaultdict(list)
        for node in self.uf.parent:
            if node[0] == "O":
                by_key[node[1]].append(node)
        for a, b in self.table.never_merge:
            ka, kb = self._table_key(a), self._table_key(b)
            for x in by_key.get(ka, ()):
                for y in by_key.get(kb, ()):
                    self.uf.forbid_pair(x, y)

    def _table_key(self, name: str) -> str:
        entry = self.table.entry_for(name)
        return org_key(entry.name if entry else clean(name))

    # ---- linking
    def _link_context(self, links) -> None:
        node_of = self.node_of
        done: set[tuple[str, str, str]] = set()
        for aid, surface, label, other, why in links:
            a = node_of.get((aid, surface, label))
            if why == "paren":
                for lab in LABELS:
                    a, b = node_of.get((aid, surface, lab)), node_of.get((aid, other, lab))
                    if a is not None and b is not None:
                        self.uf.union(a, b)
                continue
            if a is None:
                continue
            elif why == "dash":
                # "Party – Leader" / "Leader – Party": the first part that is not a person names the org
                if (aid, surface, other) in done:
                    continue
                parts = _dash_parts(clean(surface))
                for part in parts:
                    if node_of.get((aid, part, "PERSON")) is not None or country_of(part):
                        continue  # a country stays a country ("Georgia – Movement for Freedom")
                    person = self._person[part]
                    if person and self._known_person(person) and node_of.get((aid, part, "ORG")) is None:
                        continue
                    node = node_of.get((aid, part, "ORG")) or self._org_node(part, None, {})
                    node = self.uf.add(node)
                    if self.uf.union(a, node) and (aid, part, "ORG") not in node_of:
                        node_of[(aid, part, "ORG")] = node  # the part as written is a variant
                        self._add_form(node, part)
                    break
                done.update((aid, surface, p) for p in parts)
        # alternates written inside a name: "Opinion (Rey) Monitoring Center", "Imedi TV"
        legal, media = self.table.legal_suffixes, self.table.media_suffixes
        for (_aid, surface, label), node in node_of.items():
            if label != "ORG":
                continue
            for alt in parse_org(surface, legal, media).alternates:
                alt_node = self._org_node(alt, None, {}) if len(node) == 2 else ("O", org_key(alt), node[2])
                if alt_node in self.uf.parent:
                    self.uf.union(node, alt_node)
        self._link_short_forms()

    def _known_person(self, person) -> bool:
        if person.full:
            return ("P", person.given, person.surname) in self.uf.parent
        return ("S", person.surname) in self.uf.parent or any(
            n[0] == "P" and n[2] == person.surname for n in self._persons_by_surname().get(person.surname[:3], ())
        )

    def _persons_by_surname(self) -> dict[str, list[tuple]]:
        if self._psur is None:
            index: dict[str, list[tuple]] = defaultdict(list)
            for node in self.uf.parent:
                if node[0] == "P":
                    index[node[2][:3]].append(node)
            self._psur = index
        return self._psur

    def _link_short_forms(self) -> None:
        """Inside one article, an org name that is the first words of exactly one longer org
        name ("Lelo" / "Lelo for Georgia", "ELS" / "ELS Research Center") names the same org."""
        by_article: dict[str, set[tuple]] = defaultdict(set)
        for (aid, _surface, label), node in self.node_of.items():
            if label == "ORG" and len(node) == 2:
                by_article[aid].add(node)
        for aid in sorted(by_article):
            nodes = sorted(by_article[aid])
            for short in nodes:
                words = short[1].split()
                if not words:
                    continue
                longer = [n for n in nodes if n != short and n[1].split()[: len(words)] == words and len(n[1].split()) > len(words)]
                roots = {self.uf.find(n) for n in longer}
                if len(roots) == 1:
                    self.uf.union(short, longer[0])

    def _link_fuzzy(self) -> None:
        nodes = sorted(self.uf.parent)
        persons = [n for n in nodes if n[0] == "P"]
        # full names: blocks by given-name prefix and surname prefix / suffix
        blocks: dict[tuple, list[tuple]] = defaultdict(list)
        for n in persons:
            blocks[("p", n[1][:1], n[2][:2])].append(n)
            blocks[("s", n[1][:1], n[2][-3:])].append(n)
        pairs: set[tuple[tuple, tuple]] = set()
        for members in blocks.values():
            for a, b in _close_surname_pairs(members):
                if _given_compatible(a[1], b[1]) and _surname_match(a[2], b[2]):
                    pairs.add((a, b))
        for a, b in sorted(pairs, key=lambda p: (-fuzz.ratio(p[0][2], p[1][2]), p)):
            self.uf.union(a, b)
        del blocks, pairs  # each step's index goes before the next is built
        # a surname-only node joins the one full-name entity with that surname
        by_surname: dict[str, set[tuple]] = defaultdict(set)
        for n in persons:
            by_surname[n[2][:3]].add(n)
        for n in nodes:
            if n[0] != "S":
                continue
            fits = {self.uf.find(p) for p in by_surname.get(n[1][:3], ()) if _surname_match(p[2], n[1])}
            if len(fits) == 1:
                self.uf.union(n, fits.pop())
        del by_surname
        # an acronym nobody expanded: the one organization (cluster) with those initials
        by_initials: dict[str, set[tuple]] = defaultdict(set)
        for n in nodes:
            if n[0] == "O" and len(n) == 2 and len(n[1].split()) >= 2:
                by_initials[initials(n[1].split(), _STOP)].add(n)
        for n in nodes:
            if n[0] == "O" and len(n) == 2 and " " not in n[1] and 2 <= len(n[1]) <= 6:
                fits = {self.uf.find(x) for x in by_initials.get(n[1].upper(), ())}
                if len(fits) == 1:
                    self.uf.union(n, fits.pop())
        del by_initials
        # an acronym heading longer names ("ELS" / "ELS Research Center" / "ELS Independent Research
        # Center"): one organization when the longer names nest
        by_first: dict[str, list[tuple]] = defaultdict(list)
        for n in nodes:
            if n[0] == "O" and len(n) == 2 and " " in n[1]:
                by_first[n[1].split(" ", 1)[0]].append(n)
        for n in nodes:
            if n[0] != "O" or len(n) != 2 or " " in n[1] or not any(is_acronym(f) for f in self._forms_of(n)):
                continue
            longer = sorted(by_first.get(n[1], ()), key=lambda x: (len(x[1]), x))
            rests = [set(x[1].split()[1:]) for x in longer]
            if longer and all(rests[0] <= r for r in rests):
                for x in longer:
                    self.uf.union(n, x)
        del by_first
        # organizations: same number of words, all equal but one close word; or one extra
        # country adjective ("Alliance of Georgian Patriots")
        orgs = [n for n in nodes if n[0] == "O"]
        oblocks: dict[tuple, list[tuple]] = defaultdict(list)
        for n in orgs:
            words = n[1].split()
            country = n[2] if len(n) > 2 else None
            # blocks: all words but one, plus the consonant skeleton of the left-out word
            # (Ray/Rey -> "ry", Social/Sociological -> "scl")
            for i in range(len(words) if len(words) >= 2 else 0):
                rest = " ".join(words[:i] + words[i + 1 :])
                oblocks[(country, len(words), rest, _skeleton(words[i]))].append(n)
            if len(words) > 2:
                for i, w in enumerate(words):
                    if country_of(w) and country_of(w).casefold() != w:
                        oblocks[(country, len(words) - 1, " ".join(words[:i] + words[i + 1 :]), "adj")].append(n)
                oblocks[(country, len(words), " ".join(words), "adj")].append(n)
            content = sorted({translit(w) for w in words if w not in _STOP})
            if len(content) >= 2:
                oblocks[(country, 0, " ".join(content), "adj")].append(n)
        opairs: set[tuple[tuple, tuple]] = set()
        for key, members in oblocks.items():
            if len(members) < 2:
                continue
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    if key[-1] == "adj" or _one_word_close(a[1], b[1]):
                        opairs.add((min(a, b), max(a, b)))
        for a, b in sorted(opairs):
            self.uf.union(a, b)

    # ---- output
    def _index(self) -> EntityIndex:
        find, node_of, forms_of = self.uf.find, self.node_of, self._forms_of
        clusters: dict[tuple, list[tuple[str, str, str]]] = defaultdict(list)  # root -> keys, first-mention order
        for key, node in node_of.items():
            clusters[find(node)].append(key)
        index = EntityIndex()
        roots = sorted(clusters)
        names: list[str] = []
        # a surface as written, and its clean form, vote for the name of each of its mentions:
        # the name it voted for first and how often, all names only once it voted for two
        lead: dict[str, str] = {}
        lead_votes: dict[str, int] = {}
        tally: dict[str, dict[str, int]] = {}
        for root in roots:
            keys = clusters[root]
            nodes = {node_of[k] for k in keys}
            if len(nodes) == 1:
                forms = forms_of(next(iter(nodes)))
            else:
                forms = Counter()
                for node in nodes:
                    forms.update(forms_of(node))
            for node in nodes:
                self.forms.pop(node, None)  # a node's forms serve its one cluster
            label = keys[0][2]
            name = _canonical(forms, label, root, self.record_forms)
            names.append(name)
            variants = sorted(({trim(surface) for surface in {k[1] for k in keys}} | set(forms) | {name}) - {""})
            articles = tuple(sorted({k[0] for k in keys}))
            eid = stable_id("entity", label, root)
            index.entities[eid] = EntityRecord(eid, name, label, tuple(variants), articles)
            for key in keys:
                n = self.count.get(key, 1)
                for surface in (key[1], clean(key[1])):
                    names_of = tally.get(surface)
                    if names_of is not None:
                        names_of[name] = names_of.get(name, 0) + n
                    elif surface not in lead:
                        lead[surface], lead_votes[surface] = name, n
                    elif lead[surface] == name:
                        lead_votes[surface] += n
                    else:
                        tally[surface] = {lead[surface]: lead_votes[surface], name: n}
        del lead_votes
        # the run's state is spent: free it before the per-surface tables are built
        for spent in (self.node_of, self.count, self.forms, self.record_forms, self.uf.parent):
            spent.clear()
        canonical_of = index.canonical_of
        for surface, name in lead.items():
            names_of = tally.get(surface)
            canonical_of[surface] = max(names_of.items(), key=lambda kv: (kv[1], kv[0]))[0] if names_of else name
        del lead, tally
        # per article only where the article's reading differs from the corpus-wide one (the
        # later cluster wins a surface written under two labels)
        local_of = index.local_of
        for root, name in zip(roots, names, strict=True):
            for aid, surface, _label in clusters[root]:
                if canonical_of[surface] == name:
                    local_of.pop((aid, surface), None)
                else:
                    local_of[(aid, surface)] = name
        return index


# --------------------------------------------------------------------------- helpers


SIDE_BY_SIDE_GAP = 300  # chars between consecutive results of one list


def _side_by_side(ext: Extraction) -> list[list[str]]:
    """Candidates of one count: results close together in the text with one source and metric."""
    out: list[list[str]] = []
    ordered = sorted((r for r in ext.results if r.candidate), key=lambda r: (r.mention.start, r.candidate))
    block: list = []
    for r in [*ordered, None]:
        if r is None or (block and r.mention.start - block[-1].mention.start > SIDE_BY_SIDE_GAP):
            groups: dict[tuple, set[str]] = defaultdict(set)
            for b in block:
                groups[(b.source or "", b.metric)].add(b.candidate)
            for g in groups.values():
                g = _drop_repeated_surnames(g)
                if len(g) > 1:
                    out.append(sorted(g))
            block = []
        if r is not None:
            block.append(r)
    return out


_COMPOUND_SPLIT = re.compile(r"\s*/\s*|(?<=[a-zA-Z])-(?=[A-Z])")


def _compound_parts(form: str) -> frozenset[str] | None:
    """The organizations a slash or hyphen compound joins, each as its acronym: "NBC News/Wall
    Street Journal" -> {NBC, WSJ}. None for a plain name."""
    parts = [p for p in _COMPOUND_SPLIT.split(form) if p]
    if len(parts) < 2 or "(" in form:
        return None
    keys = set()
    for part in parts:
        words = part.split()
        if is_acronym(words[0]):
            keys.add(words[0].upper())
        elif len(words) == 1:
            keys.add(words[0].casefold())
        else:
            keys.add(initials(words, _STOP))
    return frozenset(keys) if len(keys) == len(parts) else None


_SLASH_COMPOUND = re.compile(r"\b[A-Z][\w.&]*(?:[ \t][A-Z][\w.&]*){0,3}/[A-Z][\w.&]*(?:[ \t][A-Z][\w.&]*){0,3}")


def _joins_acronym(form: str) -> bool:
    """A compound of organizations one of which is written as an acronym ("NBC/WSJ")."""
    parts = [p for p in _COMPOUND_SPLIT.split(form) if p]
    return (
        _compound_parts(form) is not None
        and any(is_acronym(p.split()[0]) for p in parts)
        and all(is_acronym(p.split()[0]) or len(p.split()) > 1 for p in parts)
    )


def _drop_repeated_surnames(names: set[str]) -> set[str]:
    """A lone surname in a list of counts ("Simion 15.3%" after "George Simion 15.25%") repeats
    the one full name with that surname: it is no second candidate."""
    lasts = Counter(translit(n.split()[-1]) for n in names if len(n.split()) > 1)
    return {n for n in names if len(n.split()) > 1 or lasts[translit(n)] != 1}


_BLOCK_SCAN = 12  # members of a block compared pair by pair in Python; larger blocks in C


def _close_surname_pairs(members: list[tuple]) -> list[tuple[tuple, tuple]]:
    """The pairs (earlier, later) of one block whose surnames may match: every pair of a small
    block; in a large one (blocks grow with the corpus) those rapidfuzz finds within a margin
    of the threshold, compared in C, so the Python checks run on near pairs only."""
    if len(members) <= _BLOCK_SCAN:
        return [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    surnames = [m[2] for m in members]
    scores = process.cdist(surnames, surnames, scorer=fuzz.ratio, score_cutoff=PERSON_SURNAME_MIN - 4)
    return [(members[i], members[j]) for i, j in zip(*scores.nonzero(), strict=True) if i < j]


def _surname_match(a: str, b: str) -> bool:
    return a == b or (a[:1] == b[:1] and min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= PERSON_SURNAME_MIN)


def _skeleton(word: str) -> str:
    key = translit(word)
    return (key[:1] + _VOWELS.sub("", key[1:]))[:3]


_VOWELS = re.compile(r"[aeiou]")


def _one_word_close(a: str, b: str) -> bool:
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    diff = [(x, y) for x, y in zip(wa, wb) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    if x in _STOP or y in _STOP or x.isdigit() or y.isdigit():
        return False
    return translit(x) == translit(y) or fuzz.ratio(x, y) >= ORG_WORD_MIN and (x[:1] == y[:1] or len(x) <= 4)


def _initials_fit(short: str, name: str, table: AliasTable) -> bool:
    first = _dash_parts(clean(name))[0]
    org = parse_org(first, table.legal_suffixes, table.media_suffixes)
    core_words = org.core.split()
    if len(short) < 2 or len(core_words) < 2:
        return False
    # "Electoral Commission of Kenya" (ECK) spells the country too
    return short.upper() in (initials(core_words, _STOP), initials(first.split(), _STOP))


def _is_adjective(surface: str, country: str) -> bool:
    first = clean(surface).split(" ", 1)[0]
    return first.casefold() != country.casefold() and not first.isupper()


def _fact_countries(ext: Extraction) -> tuple[str | None, tuple[str, ...]]:
    """What an article's facts say of its country: its events' country (or None) and the
    countries of its nationality words, read while its facts are at hand."""
    countries = Counter(country_of(e.country) or e.country for e in ext.events if e.country)
    if countries:
        return max(countries.items(), key=lambda kv: (kv[1], kv[0]))[0], ()
    return None, tuple(country_of(n.text) for n in ext.names if n.label == "NORP" and country_of(n.text))


def _article_country(facts: tuple[str | None, tuple[str, ...]], mentions: list[tuple[str, str, str]]) -> str | None:
    """The country an article is about: its events' country, else its most named country."""
    event_country, nationalities = facts
    if event_country is not None:
        return event_country
    votes: Counter = Counter(nationalities)
    for surface, label, _origin in mentions:
        c = country_of(clean(surface)) if label == "GPE" else None
        if c:
            votes[c] += 1
    return max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0] if votes else None


def _has_aside(form: str) -> bool:
    """A form carrying more than the name: a bracketed aside ("Girchi (Iago Hvichiya)"), a
    leading country possessive or descriptor ("France's OpinionWay", "US-based ...")."""
    if "(" in form:
        return True
    m = _LEAD_DESCRIPTOR.match(form)
    return bool(m and country_of(m.group(1) or m.group(2)))


_LEAD_DESCRIPTOR = re.compile(r"^([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)(?:'s|’s|'|’)\s+\S|^([A-Z][\w.]*)-based\s+\S")


def _canonical(forms: Counter, label: str, root: tuple, record_forms: frozenset[str] | set[str] = frozenset()) -> str:
    """Most frequent clean full form; ties go to a form a record used, then the shorter, then
    alphabetically first."""
    if len(forms) == 1:
        return next(iter(forms))  # every filter below keeps a lone form
    def full(form: str) -> bool:
        if label == "PERSON":
            return len(form.split()) >= 2
        if label == "ORG":
            return not is_acronym(form)
        return True

    pool = {f: c for f, c in forms.items() if full(f)} or dict(forms)
    pool = {f: c for f, c in pool.items() if not _has_aside(f)} or pool
    if label == "ORG":  # "Program on International Policy Attitudes" over its short "Pipa"
        pool = {f: c for f, c in pool.items() if len(f.split()) > 1} or pool
    pool = {f: c for f, c in pool.items() if len(split_dash(f)) == 1} or pool  # "Party – Leader" is not a name
    if root[0] == "O" and len(root) > 2 and root[2]:
        qualified = {f: c for f, c in pool.items() if country_of_in(f)}
        pool = qualified or pool
    return min(pool.items(), key=lambda kv: (-kv[1], kv[0] not in record_forms, len(kv[0].split()), len(kv[0]), kv[0]))[0]


def country_of_in(form: str) -> bool:
    words = form.replace("'s", "").split()
    return any(country_of(" ".join(words[i : i + n])) for n in (1, 2) for i in range(len(words)))


def _dash_parts(form: str) -> list[str]:
    parts = split_dash(form)
    if len(parts) == 1:
        m = _HYPHEN_PAIR.fullmatch(form)
        if m:
            parts = [m.group(1), m.group(2)]
    return parts


_REPUBLIC_OF_BEFORE = re.compile(r"\bRepublic\s+of\s+(?:the\s+)?$")
_REPUBLIC_AFTER = re.compile(r"\s+Republic\b")
_OPEN_QUOTE_END = re.compile(r"[\"“]$")
_HYPHEN_PAIR = re.compile(r"(\S+(?:\s+\S+)+)-([A-Z]\w+(?:\s+\w+)*)")
_EXT_LEFT = re.compile(r"(?:\b([A-Z][\w.]*)(?:'s|’s|'|’)\s+|\b([A-Z][\w.]*-based)\s+)$")
_EXT_RIGHT_ACR = re.compile(r"^\s*\(([A-Z][A-Za-z]{1,9}(?:\s[A-Z]{2,9})?)\)")
_EXT_RIGHT_OF = re.compile(r"^\s+of\s+(?:the\s+)?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
_EXT_RIGHT_OF_ACR = re.compile(r"^\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}\s*\(([A-Z][A-Za-z]{1,9}(?:\s[A-Z]{2,9})?)\)")
_EXT_RIGHT_SUFFIX = re.compile(r"^[\"”’]?\s+(LLC|NGO|Ltd|Inc|JSC|S\.p\.A\.)")
_EXT_RIGHT_PAREN_COUNTRY = re.compile(r"^\s*\(([A-Z][A-Za-z.]{1,20})\)")


def _extensions(text: str, start: int, end: int, label: str, titles: frozenset[str]) -> list[str]:
    """Longer forms of a name as written around it: "Kyrgyzstan's Central Election Commission
    (CEC)", "Central Election Commission (CEC) of Azerbaijan", '"Social Research Center" LLC',
    "President Ilham Aliyev", "Republic of Azerbaijan"."""
    base = text[start:end]
    if label == "PERSON":
        lead: list[str] = []
        for word in reversed(text[max(0, start - 60) : start].split()[-3:]):
            ends_clause = word[-1] in ",;:\"”)" or (word.endswith(".") and word.casefold().rstrip(".") not in titles)
            if not word[:1].isupper() or ends_clause or word.casefold() in _FUNCTION_WORDS:
                break
            lead.insert(0, word)
        out = []
        if lead and lead[-1].casefold().rstrip(".") in _HONORIFICS:
            lead = lead[-1:]  # "Mr. Rubio": nothing qualifies an honorific ("Whether Mr. Rubio")
        for i in range(len(lead)):
            if lead[-1].casefold().rstrip(".") in titles:
                out.append(" ".join([*lead[i:], base]))
        return out
    if label == "GPE":
        out = []
        if _REPUBLIC_OF_BEFORE.search(text[max(0, start - 20) : start]):
            out.append("Republic of " + base)
        if _REPUBLIC_AFTER.match(text[end : end + 12]):
            out.append(base + " Republic")
        return out
    if label != "ORG":
        return []
    out: list[str] = []
    rights = [""]
    rest = text[end : end + 120]
    m = _EXT_RIGHT_ACR.match(rest)
    if m:
        rights.append(rest[: m.end()])
        after = rest[m.end() :]
        m2 = _EXT_RIGHT_OF.match(after)
        if m2 and country_of(m2.group(1)):
            rights.append(rest[: m.end()] + after[: m2.end()])
    m = _EXT_RIGHT_OF.match(rest)
    if m and country_of(m.group(1)):
        rights.append(rest[: m.end()])
        after = rest[m.end() :]
        m2 = _EXT_RIGHT_ACR.match(after)
        if m2:
            rights.append(rest[: m.end()] + after[: m2.end()])
    m = _EXT_RIGHT_OF_ACR.match(rest)  # "Interparliamentary Assembly" + " of the CIS (IPA CIS)"
    if m:
        rights.append(rest[: m.start(1) - 1].rstrip(" ("))
        rights.append(rest[: m.end()])
    m = _EXT_RIGHT_PAREN_COUNTRY.match(rest)
    if m and country_of(m.group(1)):
        rights.append(rest[: m.end()])
    m = _EXT_RIGHT_SUFFIX.match(rest)
    if m:
        rights.append(rest[: m.end()])
    lefts = [""]
    before = text[max(0, start - 40) : start]
    lq = _OPEN_QUOTE_END.search(before)
    if lq:
        before = before[: lq.start()]
    m = _EXT_LEFT.search(before)
    if m and country_of(m.group(1) or m.group(2).removesuffix("-based")):
        lefts.append(before[m.start() :] + (lq.group(0) if lq else ""))
    elif lq:
        lefts.append(lq.group(0))
    for left in lefts:
        for right in rights:
            if left or right:
                out.append(" ".join((left + base + right).split()))
    return out


_WORD_MEMO_MAX = 100_000  # entries of a run's memo of words or surfaces (bounded: cleared when full)
_UNSET = object()
# \b[A-Z][\w'-]{3,}\b, written capital first (the lookbehind is the \b) so the engine jumps
# from capital to capital instead of trying every position
_CAP_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[\w'-]{3,}\b")


# '"Cooperation Alliance" NGO', '“ELS” Research Center', '"Agmashenebeli Strategy"'
_QUOTED_ORG = re.compile(r"[\"“]([A-Z][^\"“”\n]{1,50}?)[\"”](?:[ \t]+((?:[A-Z][\w.]*[ \t]+){0,3}[A-Z][\w.]*))?")


def _name_like(text: str) -> bool:
    """Capitalized words (connectors allowed), at most six: a name, not a phrase."""
    words = text.split()
    return 1 <= len(words) <= 6 and words[0][:1].isupper() and all(w[:1].isupper() or w in _STOP for w in words)


# "Aliyev Ilham Heydar oglu", "Gudrat Muzaffar oglu Hasanguliyev" (names may wrap lines)
_PATRONYMIC_ENDINGS = "oglu|ogly|qizi|gizi|kyzy|uulu"
_PATRONYMIC_NAME = re.compile(
    rf"\b[A-Z][a-z]\w+(?:\s+[A-Z][a-z]\w+){{1,2}}\s+(?:{_PATRONYMIC_ENDINGS})\b(?:[ \t\n]+[A-Z][a-z]\w+(?![ \t]+[a-z]))?"
)
# Capitalized words joined by of/for/the: "League for the Protection of Labor Rights"
# (two words or more: a lone capitalized word names no organization)
_CAPITALIZED_RUN = re.compile(r"\b[A-Z][\w’'.-]*(?:[ \t]+(?:(?:of|for|the|on)[ \t]+)*[A-Z][\w’'.-]*)+")
_REPUBLIC = re.compile(r"\bRepublic of (?:the )?([A-Z][a-z]+)\b|\b([A-Z][a-z]+) Republic\b")
# "Opinion (Rey) Monitoring Center"
_ALT_IN_NAME = re.compile(r"\b([A-Z][\w-]+)[ \t]+\(([A-Z][\w-]+)\)[ \t]+((?:[A-Z][\w-]*[ \t]+){0,3}[A-Z][\w-]*)")
# "Oracle Advisory group (USA)"
_ORG_WITH_COUNTRY = re.compile(r"\b([A-Z][\w-]*(?:[ \t]+(?:of|for|the|[A-Za-z][\w-]*)){1,5})[ \t]*\(([A-Z][A-Za-z.]{1,12})\)")
# what those patterns cannot match without: a bracketed capitalized word, a patronymic
# marker, a dash before a number
_BRACKETED_WORD = re.compile(r"\([A-Z][\w.-]+\)")
_PATRONYMIC_MARKER = re.compile(_PATRONYMIC_ENDINGS)
_DASH_NUMBER = re.compile(r"[–—-][ \t]*\d")
_LIST_ITEM = re.compile(r"(?:^[ \t]*[-*]|[•·])[ \t]*([^\n•·]{2,120}?)[ \t]*[–—-]+[ \t]*\d", re.M)


def _list_items(text: str) -> list[str]:
    """Names heading the lines of a results list ("- Labor Party – 2%")."""
    return [m.group(1).strip(" ,;:") for m in _LIST_ITEM.finditer(text)]
