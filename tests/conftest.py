"""Shared fixtures: the pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"
SCHEMA_PATH = SHARED / "spec" / "records.schema.json"


def needs_shared(path: Path = SHARED_CORPUS):
    """Skip (with the reason) when ../shared is not beside the clone, as in a user's clone."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not present (CI provides ../shared beside the clone)")


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def rules():
    from pipeline.rules import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def run_doc(nlp):
    """Run the full pipeline on a snippet: run_doc(text, date="2024-02-08") -> Doc."""

    def run(text: str, date: str | None = "2024-02-08", place: str | None = None):
        doc = nlp.make_doc(text)
        doc._.wf_article = {"id": "test0000test0000", "date": date, "place": place, "title": None, "offset": 0}
        return nlp(doc)

    return run
