"""Near-duplicate articles (placeholder: none detected)."""

from __future__ import annotations

from pipeline.records import Article, Extraction


def near_duplicates(articles: list[Article], extractions: list[Extraction]) -> dict[str, str]:
    return {}
