"""Stage 4c, sources: merge the article-local speakers and claimants into one row per
distinct person or organisation across the collection.

FIRST VERSION (placeholder until the quotes/sources issue): entities merge when their
names give the same slug.

Contract: ``resolve(per_article) -> (rows, ids)`` where ``per_article`` is a list of
``(article_id, entities)`` (entities as documented in extract_quotes) and ``ids`` maps
``(article_id, local_key)`` to ``source_id``. Counts (n_quotes, n_figures) are filled by
the build once quotes and figures carry source ids.
"""
from __future__ import annotations

import re
import unicodedata


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "source"


def resolve(per_article: list[tuple[str, list[dict]]]) -> tuple[list[dict], dict[tuple[str, str], str]]:
    rows: dict[str, dict] = {}
    ids: dict[tuple[str, str], str] = {}
    for article_id, entities in per_article:
        for ent in entities:
            sid = slug(ent["name"])
            ids[(article_id, ent["key"])] = sid
            row = rows.setdefault(sid, {
                "source_id": sid, "name": ent["name"], "aliases": [], "kind": ent.get("kind") or "organization",
                "side": ent.get("side") or "unknown", "description": ent.get("description"),
                "wikidata_id": ent.get("wikidata_id"), "mentions": [],
            })
            for alias in [ent["name"], *ent.get("aliases", [])]:
                if alias != row["name"] and alias not in row["aliases"]:
                    row["aliases"].append(alias)
            row["mentions"].extend({"article_id": article_id, **m} for m in ent["mentions"])
    for row in rows.values():
        row["aliases"].sort()
        row["mentions"].sort(key=lambda m: (m["article_id"], m["start"], m["end"]))
    return [rows[k] for k in sorted(rows)], ids
