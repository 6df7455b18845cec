"""The ``wf_results`` component (placeholder until its stage is written)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("wf_results", default_config={"rules_dir": ""})
def make_component(nlp: Language, name: str, rules_dir: str):
    return _Stage()


class _Stage:
    def __call__(self, doc: Doc) -> Doc:
        doc._.wf_results = []
        return doc
