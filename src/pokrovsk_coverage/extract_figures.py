"""Stage 4b, extract figures: quantitative claims with value, unit, qualifier, measure, claimant.

FIRST EXTRACTOR (placeholder until the figures issue): spaCy CARDINAL/PERCENT/QUANTITY
entities with a numeric value; the claimant is the speaker of an enclosing quote.

Contract: ``extract_figures(doc, quoting) -> [ {start, end, text, value, value_max, unit,
qualifier, measure, claimant} ]`` where ``quoting`` is extract_quotes' result and
``claimant`` is one of its article-local entity keys (or None: the outlet's own voice).
"""
from __future__ import annotations

from spacy.tokens import Doc


def _number(s: str) -> float | None:
    try:
        return float(s.replace(",", "").rstrip("%"))
    except ValueError:
        return None


def extract_figures(doc: Doc, quoting: dict) -> list[dict]:
    figures = []
    for ent in doc.ents:
        if ent.label_ not in ("CARDINAL", "PERCENT", "QUANTITY"):
            continue
        value = _number(ent[0].text)
        if value is None:
            continue
        unit = "percent" if ent.label_ == "PERCENT" else (ent.root.head.lemma_ if ent.root.head.pos_ == "NOUN" else "count")
        claimant = next((q["speaker"] for q in quoting["quotes"] if q["start"] <= ent.start_char < q["end"]), None)
        figures.append({
            "start": ent.start_char, "end": ent.end_char, "text": ent.text, "value": value, "value_max": None,
            "unit": unit, "qualifier": None, "measure": unit, "claimant": claimant,
        })
    return figures
