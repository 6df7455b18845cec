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


@pytest.fixture
def refuse_reading(monkeypatch):
    """refuse_reading("locked.txt"): reading files of that name raises PermissionError.

    The tests may run as root, where chmod 000 does not stop reading: the OS refusal is simulated.
    """
    real = Path.read_bytes

    def install(name: str) -> None:
        def read_bytes(self: Path) -> bytes:
            if self.name == name:
                raise PermissionError(13, "Permission denied")
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)

    return install


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
