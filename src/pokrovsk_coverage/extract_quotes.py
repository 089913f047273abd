"""Stage 4a, extract quotes: attributed statements and the article-local speakers.

FIRST EXTRACTOR (placeholder until the quotes issue): direct quotations in quotation
marks, with the first PERSON/ORG entity of the sentence outside the quotation as speaker.

Contract (what sources.py and extract_figures.py rely on):
``extract_quotes(doc) -> {"quotes": [...], "entities": [...]}`` where each quote is
``{start, end, text, type, cue, speaker, speaker_mention, speaker_resolution}`` with
``speaker`` an article-local entity key (or None), and each entity is
``{key, name, aliases, kind, side, description, wikidata_id, mentions: [{start, end, text}]}``
(kind/side/description/wikidata_id may be None: sources.py fills them from the registry).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

QUOTED = re.compile(r"[\"“]([^\"“”]{3,}?)[\"”]")


def extract_quotes(doc: Doc) -> dict:
    text = doc.text
    quotes, entities = [], {}
    for m in QUOTED.finditer(text):
        start, end = m.span(1)
        sent = doc.char_span(m.start(), m.end(), alignment_mode="expand").sent
        speaker = next(
            (e for e in sent.ents if e.label_ in ("PERSON", "ORG") and not (m.start() <= e.start_char < m.end())),
            None,
        )
        key = None
        if speaker is not None:
            key = speaker.text
            ent = entities.setdefault(key, {
                "key": key, "name": speaker.text, "aliases": [], "kind": None, "side": None,
                "description": None, "wikidata_id": None, "mentions": [],
            })
            mention = {"start": speaker.start_char, "end": speaker.end_char, "text": speaker.text}
            if mention not in ent["mentions"]:
                ent["mentions"].append(mention)
        quotes.append({
            "start": start, "end": end, "text": text[start:end], "type": "direct", "cue": None,
            "speaker": key, "speaker_mention": speaker.text if speaker is not None else None,
            "speaker_resolution": "explicit" if speaker is not None else "unresolved",
        })
    return {"quotes": quotes, "entities": list(entities.values())}
