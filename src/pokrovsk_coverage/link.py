"""Stage 5, link across articles: the same statement or measure reported by several
outlets, text reuse between articles, and contested claims.

FIRST VERSION (placeholder until the linking issue): no links.

Contract: ``link(rows) -> rows`` takes the assembled tables (dict of lists of row dicts)
and returns them with ``cluster_id`` set on quotes and figures and a ``reuse`` table.
"""
from __future__ import annotations


def link(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    for table in ("quotes", "figures"):
        for row in rows[table]:
            row.setdefault("cluster_id", None)
    rows.setdefault("reuse", [])
    return rows
