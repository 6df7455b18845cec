"""Direct quotations found in the text itself (no parse needed).

Quote marks are paired per paragraph: curly marks by direction, straight marks by their
context (after a space or at the start: opening). A quote left open at the end of a
paragraph continues only when the next paragraph opens with a quote mark (the newswire
convention for multi-paragraph quotes); otherwise the stray mark is ignored, so an
unbalanced quote costs at most its own paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"“": "”", "«": "»", "„": "“"}
CLOSERS = {"”", "»"}
_MARK = re.compile(r"''|[\"“”«»„]")
_PARAGRAPH = re.compile(r"[^\n]+")
_OPEN_BEFORE = set(" \t([{—–-/:;,") | {""}


@dataclass(frozen=True)
class Quote:
    """Inner text span [start, end) of one quoted segment, without its marks."""

    start: int
    end: int
    paragraph: int  # index of the paragraph holding it
    continued: bool = False  # runs on into the next paragraph's quote
    continuation: bool = False  # continues the previous paragraph's open quote

    def text(self, text: str) -> str:
        return text[self.start : self.end]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line: the normalized text has one paragraph a line."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _straight_opens(text: str, pos: int, width: int) -> bool:
    before = text[pos - 1] if pos > 0 else ""
    after = text[pos + width] if pos + width < len(text) else ""
    if before in _OPEN_BEFORE or before.isspace():
        return not (after.isspace() or after == "")
    return False


def _marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(position, width, role) with role 'open', 'close' or 'either' (straight, unclear)."""
    out = []
    for m in _MARK.finditer(text, start, end):
        mark, pos = m.group(), m.start()
        if mark in OPENERS:
            out.append((pos, len(mark), "open"))
        elif mark in CLOSERS:
            out.append((pos, len(mark), "close"))
        else:
            out.append((pos, len(mark), "open" if _straight_opens(text, pos, len(mark)) else "close"))
    return out


def _starts_with_quote(text: str, start: int, end: int) -> bool:
    head = text[start:end].lstrip()
    return bool(head) and (head[0] in OPENERS or head[0] == '"' or head.startswith("''"))


def _pair(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Outermost (inner_start, inner_end) pairs of one paragraph, and the inner start of a
    quote still open at its end (None when balanced)."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    straight = False
    depth = 0
    for pos, width, role in _marks(text, start, end):
        is_straight = text[pos] == '"' or width == 2
        if open_at is None:
            if role == "open":
                open_at, straight, depth = pos + width, is_straight, 0
            continue
        if is_straight != straight:
            continue  # a nested quote of the other style
        if role == "open" and not straight:
            depth += 1
        elif role == "open" and straight and depth == 0 and pos + width < end and text[pos - 1 : pos].isspace():
            depth += 1  # '"' after a space inside a straight quote: a nested opening
        elif depth:
            depth -= 1
        else:
            pairs.append((open_at, pos))
            open_at = None
    return pairs, open_at


def find_quotes(text: str) -> list[Quote]:
    """Every quoted segment, in text order; multi-paragraph quotes come as linked pieces."""
    paras = paragraphs(text)
    quotes: list[Quote] = []
    carried = False  # the previous paragraph ended inside a quote that continues here
    for index, (start, end) in enumerate(paras):
        pairs, open_at = _pair(text, start, end)
        next_opens = index + 1 < len(paras) and _starts_with_quote(text, *paras[index + 1])
        for k, (a, b) in enumerate(pairs):
            quotes.append(Quote(a, b, index, continuation=carried and k == 0 and _starts_with_quote(text, start, end)))
        if open_at is not None and next_opens:
            first = carried and not pairs and _starts_with_quote(text, start, end)
            quotes.append(Quote(open_at, _rstrip(text, open_at, end), index, continued=True, continuation=first))
            carried = True
        else:
            carried = False
    return [q for q in quotes if q.end > q.start]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
