"""Stage 4c, sources: merge the article-local speakers and claimants into one row per
distinct person or organisation across the collection.

Merging rules, from the most to the least certain:
- a known source (data/sources_registry.yaml, matched by canonical name or any alias)
  is one row whatever the spelling ("Zelenskiy", "Zelenskyy", "President Volodymyr
  Zelensky"); its id is the registry id; an entity the speaker pass marked ``homonym``
  (a registered person's name given a role of another class in the article) is not;
- other named sources merge when their names are equal after normalisation, and a
  one-word name merges into the only multi-word person name that ends with it
  ("Paroinen" -> "Pasi Paroinen");
- anonymous sources ("analysts", "an officer from the 68th brigade") never merge across
  articles: two articles' "analysts" are not known to be the same people, so their id is
  scoped to the article.
Ids are slugs of names, so they are stable across rebuilds and collections; rows,
aliases and mentions are sorted so the output is byte-reproducible.

Contract: ``resolve(per_article) -> (rows, ids)`` where ``per_article`` is a list of
``(article_id, entities)`` (entities as documented in extract_quotes) and ``ids`` maps
``(article_id, local_key)`` to ``source_id``. Counts (n_quotes, n_figures) are filled by
the build once quotes and figures carry source ids.
"""
from __future__ import annotations

from .speakers import norm, registry, slug

KINDS = {"person", "government", "military", "media", "think_tank", "osint", "organization", "anonymous"}
SIDES = {"russia", "ukraine", "western", "international", "unknown"}


def _source_id(ent: dict, article_id: str) -> str:
    reg = registry()
    # an article's namesake of a registered person ("homonym") is not that person
    entry = None if ent.get("homonym") else reg.lookup(ent["name"])
    if entry is None and not ent.get("homonym"):
        for alias in ent.get("aliases") or []:
            entry = reg.lookup(alias)
            if entry is not None:
                break
    if entry is not None:
        return entry["id"]
    if ent.get("kind") == "anonymous":
        return f"{slug(ent['key'])}--{slug(article_id)}"
    return slug(ent["name"])


def resolve(per_article: list[tuple[str, list[dict]]]) -> tuple[list[dict], dict[tuple[str, str], str]]:
    reg = registry()
    ids: dict[tuple[str, str], str] = {}
    members: dict[str, list[tuple[str, dict]]] = {}
    for article_id, entities in sorted(per_article, key=lambda x: x[0]):
        for ent in sorted(entities, key=lambda e: e["key"]):
            sid = _source_id(ent, article_id)
            ids[(article_id, ent["key"])] = sid
            members.setdefault(sid, []).append((article_id, ent))

    # one-word person names into the only full name ending with them
    full_by_last: dict[str, set[str]] = {}
    for sid, ms in members.items():
        ent = ms[0][1]
        words = norm(ent["name"]).split()
        if ent.get("kind") == "person" and len(words) > 1:
            full_by_last.setdefault(words[-1], set()).add(sid)
    merged_into: dict[str, str] = {}
    for sid in sorted(members):
        ent = members[sid][0][1]
        words = norm(ent["name"]).split()
        if ent.get("kind") == "person" and len(words) == 1 and reg.lookup(ent["name"]) is None:
            targets = full_by_last.get(words[0], set()) - {sid}
            if len(targets) == 1:
                target = next(iter(targets))
                members[target].extend(members.pop(sid))
                merged_into[sid] = target
    # one pass over ids for all merges (a target has several words, so is never merged itself)
    if merged_into:
        for key, value in ids.items():
            if value in merged_into:
                ids[key] = merged_into[value]

    rows = []
    for sid in sorted(members):
        ms = members[sid]
        entry = reg.entries.get(sid)
        first = ms[0][1]
        names = {e["name"] for _, e in ms} | {a for _, e in ms for a in e.get("aliases") or []}
        if entry is not None:
            name = entry["name"]
            names |= set(entry.get("aliases") or [])
        else:
            # the longest name wins ("Pasi Paroinen" over "Paroinen"); ties alphabetically
            name = sorted({e["name"] for _, e in ms}, key=lambda n: (-len(n.split()), n))[0]
        aliases = sorted({n for n in names if n and norm(n) != norm(name)} | {n for n in names if n != name and n})
        aliases = sorted(set(aliases) - {name})
        description = next((e.get("description") for _, e in ms if e.get("description")), None)
        if description is None and entry is not None:
            description = entry.get("description")
        kind = (entry or {}).get("kind") or next((e.get("kind") for _, e in ms if e.get("kind")), None) or "organization"
        side = (entry or {}).get("side") or next((e.get("side") for _, e in ms if e.get("side") not in (None, "unknown")), "unknown")
        mentions = sorted(
            ({"article_id": aid, "start": m["start"], "end": m["end"], "text": m["text"]} for aid, e in ms for m in e["mentions"]),
            key=lambda m: (m["article_id"], m["start"], m["end"], m["text"]),
        )
        dedup = []
        for m in mentions:
            if not dedup or m != dedup[-1]:
                dedup.append(m)
        rows.append({
            "source_id": sid, "name": name, "aliases": aliases,
            "kind": kind if kind in KINDS else "organization", "side": side if side in SIDES else "unknown",
            "description": description, "wikidata_id": (entry or {}).get("wikidata_id") or first.get("wikidata_id"),
            "mentions": dedup,
        })
    return rows, ids
