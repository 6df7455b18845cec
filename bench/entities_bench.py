"""Micro-benchmark of entity resolution: 10k and 100k name mentions with realistic variants.

``python -m bench.entities_bench`` generates people and organizations with invented names,
spreads their mentions over articles (20 a piece), writes each mention in one of its wire
spellings (transliteration y/i/j/zh, -ov/-off, dropped middle names, title prefixes,
surname-only, acronyms, legal suffixes, "US-based"), resolves them and prints one row per
size plus the growth factor (100k time / 10k time; 10 means linear).
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from pipeline.records import Article, Extraction, Mention, NameMention, ResultFact
from pipeline.resolve.entities import resolve_entities

MENTIONS_PER_ARTICLE = 20
GIVEN = ("Arman", "Daria", "Miguel", "Leila", "Tomas", "Nadia", "Kofi", "Amara", "Henrik", "Sofia", "Rustam",
         "Elena", "Yusuf", "Aisha", "Pedro", "Ingrid", "Samir", "Lucia", "Dmitri", "Farida", "Jonas", "Marta",
         "Zhanna", "Yelena", "Omar", "Petra", "Viktor", "Anika", "Rafael", "Zainab", "Bruno", "Irina")  # fmt: skip
SYL = ("vel", "kor", "mar", "tal", "bren", "sor", "dun", "kas", "lom", "rav", "tem", "gal", "nor", "zar", "pel",
       "hal", "var", "mir", "ost", "bel", "zhan", "yus", "kum", "dag")  # fmt: skip
END = ("ov", "yev", "enko", "sky", "escu", "ani", "dze", "ian", "ovich", "ayev")
ORG_HEAD = ("Research Center", "Monitoring Group", "Institute", "Party", "Movement", "Foundation", "Agency")
TITLES = ("President", "Minister", "Mr.", "Ms.", "Dr.", "Chairman")


def _spell(word: str, rng: random.Random) -> str:
    """A transliteration variant of ``word``."""
    choice = rng.randrange(6)
    if choice == 0:
        return word.replace("y", "i")
    if choice == 1:
        return word.replace("Zh", "J").replace("zh", "j")
    if choice == 2 and word.endswith("ov"):
        return word[:-2] + "off"
    if choice == 3 and word.endswith("sky"):
        return word[:-3] + "skiy"
    if choice == 4:
        return word.replace("ye", "e")
    return word


def _person(rng: random.Random) -> tuple[str, str, str]:
    surname = "".join(rng.choice(SYL) for _ in range(2)).capitalize() + rng.choice(END)
    middle = rng.choice(GIVEN) + "ovich"
    return rng.choice(GIVEN), middle, surname


def _org(rng: random.Random) -> str:
    return " ".join(s.capitalize() for s in (rng.choice(SYL) + rng.choice(SYL), rng.choice(SYL) + "a")) + " " + rng.choice(ORG_HEAD)


def _person_variant(p: tuple[str, str, str], rng: random.Random) -> tuple[str, str]:
    given, middle, surname = p
    kind = rng.randrange(6)
    if kind == 0:
        return f"{given} {middle} {surname}", "full"  # middle name kept
    if kind == 1:
        return f"{rng.choice(TITLES)} {given} {surname}", "full"
    if kind == 2:
        return surname, "surname"
    return f"{_spell(given, rng)} {_spell(surname, rng)}", "full"


def _org_variant(o: str, rng: random.Random) -> str:
    kind = rng.randrange(6)
    words = o.split()
    if kind == 0:
        return "".join(w[0] for w in words)  # acronym, defined in the same article
    if kind == 1:
        return f"the US-based {o}"
    if kind == 2:
        return f'"{o}" LLC'
    if kind == 3:
        return o.replace("a ", "ah ", 1)  # one-letter spelling variant
    return o


def generate(n_mentions: int, seed: int = 7) -> tuple[list[Article], list[Extraction]]:
    rng = random.Random(seed)
    n_entities = max(10, n_mentions // 8)
    people = [_person(rng) for _ in range(n_entities // 2)]
    orgs = [_org(rng) for _ in range(n_entities // 2)]
    articles: list[Article] = []
    extractions: list[Extraction] = []
    for a in range(n_mentions // MENTIONS_PER_ARTICLE):
        aid = f"a{a:07d}"
        names: list[NameMention] = []
        results: list[ResultFact] = []
        acronyms: list[tuple[str, str]] = []
        text_parts: list[str] = []
        cast = rng.sample(people, 3) + rng.sample(orgs, 2)
        for i in range(MENTIONS_PER_ARTICLE):
            entity = cast[i % len(cast)]
            if isinstance(entity, tuple):
                surface, _ = _person_variant(entity, rng) if i >= len(cast) else (f"{entity[0]} {entity[2]}", "full")
                label = "PERSON"
            else:
                surface, label = _org_variant(entity, rng) if i >= len(cast) else entity, "ORG"
                if surface.isupper():
                    acronyms.append((surface, entity))
            start = sum(len(p) + 2 for p in text_parts)
            text_parts.append(surface)
            names.append(NameMention(surface, label, start, start + len(surface)))
            if label == "PERSON" and i < 3:
                results.append(ResultFact(surface, 10.0 + i, "%", "vote_share", cast[3], "official", None,
                                          Mention(aid, start, start + len(surface), "", "bench")))
        text = ". ".join(text_parts) + "."
        articles.append(Article(id=aid, path=f"{aid}.txt", text=text))
        extractions.append(Extraction(aid, results=tuple(results), names=tuple(names), acronyms=tuple(acronyms)))
    return articles, extractions


def run(sizes: tuple[int, ...]) -> list[tuple[int, int, float]]:
    rows = []
    for n in sizes:
        articles, extractions = generate(n)
        mentions = sum(len(e.names) for e in extractions)
        started = time.perf_counter()
        index = resolve_entities(articles, extractions)
        elapsed = time.perf_counter() - started
        rows.append((mentions, len(index.records()), elapsed))
        print(f"entities  mentions={mentions:>7}  entities={len(index.records()):>6}  seconds={elapsed:7.2f}  "
              f"per-1k={1000 * elapsed / mentions:6.3f}s", flush=True)
    if len(rows) >= 2:
        growth = rows[-1][2] / rows[0][2] if rows[0][2] else float("inf")
        scale = rows[-1][0] / rows[0][0]
        print(f"entities  growth {rows[0][0]} -> {rows[-1][0]} mentions (x{scale:.0f}): time x{growth:.1f}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated mention counts")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds allowed for the largest size")
    args = parser.parse_args(argv)
    rows = run(tuple(int(s) for s in args.sizes.split(",")))
    if rows[-1][2] > args.limit:
        print(f"entities  FAIL: {rows[-1][0]} mentions took {rows[-1][2]:.1f}s > {args.limit:.0f}s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
