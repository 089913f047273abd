"""The build, one readable path from raw files to a published release:

read seeds -> clean articles -> parse -> extract quotes and figures -> resolve sources
-> link across articles -> validate -> publish.

``process_article`` is the per-article work (a pure function of one raw article), so the
same code runs on five articles or five million; everything after it needs the whole
collection.
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyarrow as pa

from . import publish, schema, sources
from .link import link
from .clean_articles import clean_article
from .extract_figures import extract_figures
from .extract_quotes import extract_quotes
from .parse import parse
from .read_seeds import MAX_BYTES, RawArticle, Rejection, read_folder
from .validate import ValidationError, validate_tables


def project_root() -> Path:
    """The checkout this package runs from (editable install), else the working directory:
    where ``expectations/`` and ``DATACARD.md`` live."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "expectations").is_dir() else Path.cwd()


@dataclass
class ArticleResult:
    article: dict
    quotes: list[dict]
    figures: list[dict]
    entities: list[dict]


@dataclass
class BuildReport:
    rows: dict[str, int] = field(default_factory=dict)
    rejections: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        lines = ["rows: " + ", ".join(f"{k} {v}" for k, v in self.rows.items())]
        lines.append(f"rejected: {len(self.rejections)} file(s)")
        lines += [f"  {r['file']}: {r['reason']}" for r in self.rejections]
        lines.append(f"time: {self.seconds:.1f} s")
        return "\n".join(lines)


def process_article(raw: RawArticle) -> ArticleResult:
    """Everything that can be known from one article alone."""
    cleaned = clean_article(raw.raw_text)
    doc = parse(cleaned["text"])
    quoting = extract_quotes(doc)
    figures = extract_figures(doc, quoting)
    article = {
        "article_id": raw.article_id,
        "seed_file": raw.seed_file,
        "seed_sha256": raw.seed_sha256,
        "raw_text": raw.raw_text,
        **cleaned,
        "n_quotes": len(quoting["quotes"]),
        "n_figures": len(figures),
    }
    quotes = [
        {"quote_id": f"{raw.article_id}-q{i:03d}", "article_id": raw.article_id, **q}
        for i, q in enumerate(sorted(quoting["quotes"], key=lambda q: (q["start"], q["end"])), 1)
    ]
    figures = [
        {"figure_id": f"{raw.article_id}-f{i:03d}", "article_id": raw.article_id, **f}
        for i, f in enumerate(sorted(figures, key=lambda f: (f["start"], f["end"])), 1)
    ]
    return ArticleResult(article, quotes, figures, quoting["entities"])


def assemble(results: list[ArticleResult]) -> dict[str, list[dict]]:
    """Collection-level stage: give speakers and claimants their source ids and count."""
    source_rows, ids = sources.resolve([(r.article["article_id"], r.entities) for r in results])
    quotes, figures = [], []
    for r in results:
        aid = r.article["article_id"]
        for q in r.quotes:
            speaker = q.pop("speaker")
            quotes.append({**q, "speaker_id": ids.get((aid, speaker)) if speaker is not None else None})
        for f in r.figures:
            claimant = f.pop("claimant")
            figures.append({**f, "claimant_id": ids.get((aid, claimant)) if claimant is not None else None})
    n_quotes = Counter(q["speaker_id"] for q in quotes)
    n_figures = Counter(f["claimant_id"] for f in figures)
    for s in source_rows:
        s["n_articles"] = len({m["article_id"] for m in s["mentions"]})
        s["n_quotes"] = n_quotes[s["source_id"]]
        s["n_figures"] = n_figures[s["source_id"]]
    return {"articles": [r.article for r in results], "quotes": quotes, "figures": figures, "sources": source_rows}


def collection_stats(rows: dict[str, list[dict]], rejections: list[dict]) -> dict:
    """Figures the card quotes; computed here so none is typed by hand."""
    articles = rows["articles"]
    dates = sorted(a["published_date"] for a in articles if a["published_date"] is not None)
    return {
        "n_articles": len(articles),
        "n_quotes": len(rows["quotes"]),
        "n_figures": len(rows["figures"]),
        "n_sources": len(rows["sources"]),
        "n_rejected": len(rejections),
        "n_words": sum(a["n_words"] for a in articles),
        "first_date": dates[0].isoformat() if dates else None,
        "last_date": dates[-1].isoformat() if dates else None,
        "n_dated": len(dates),
        "outlets": sorted(Counter(a["outlet"] or "unknown" for a in articles).items()),
        "quote_types": sorted(Counter(q["type"] for q in rows["quotes"]).items()),
        "speaker_resolutions": sorted(Counter(q["speaker_resolution"] for q in rows["quotes"]).items()),
        "source_kinds": sorted(Counter(s["kind"] for s in rows["sources"]).items()),
        "source_sides": sorted(Counter(s["side"] for s in rows["sources"]).items()),
        "n_boilerplate": sum(len(a["boilerplate"]) for a in articles),
    }


def progress(items: Iterable, total: int | None, enabled: bool | None):
    from tqdm import tqdm

    return tqdm(items, total=total, unit="article", desc="articles", disable=None if enabled is None else not enabled, file=sys.stderr)


def build(seeds: Path, out: Path, *, expectations: Path | None = None, card_template: Path | None = None,
          max_bytes: int = MAX_BYTES, show_progress: bool | None = None) -> BuildReport:
    """Build, validate and publish; raises ValidationError (``out`` untouched) when a check fails."""
    started = time.perf_counter()
    root = project_root()
    expectations = expectations or root / "expectations"
    card_template = card_template or root / "DATACARD.md"

    inputs = list(read_folder(seeds, max_bytes=max_bytes))
    raws = [i for i in inputs if isinstance(i, RawArticle)]
    rejections = [{"file": i.file, "reason": i.reason} for i in inputs if isinstance(i, Rejection)]
    results = []
    for raw in progress(raws, len(raws), show_progress):
        try:
            results.append(process_article(raw))
        except Exception as exc:  # a defect on one article must not sink the collection
            rejections.append({"file": raw.seed_file, "reason": f"processing failed: {type(exc).__name__}: {exc}"})
    rejections.sort(key=lambda r: r["file"])

    rows = link(assemble(results))
    tables: dict[str, pa.Table] = {name: publish.to_arrow(name, rows[name]) for name in schema.TABLES}
    failures = validate_tables(tables, expectations)
    if failures:
        raise ValidationError(failures)

    template = card_template.read_text(encoding="utf-8") if card_template.exists() else "# Pokrovsk Coverage\n\n{{ evaluation }}\n"
    with publish.staging(out) as staged:
        publish.write_release(
            staged, tables, template, collection_stats(rows, rejections),
            {r.seed_file: r.seed_sha256 for r in raws}, rejections,
        )
        publish.swap_in(staged, out)
    return BuildReport(
        rows={name: t.num_rows for name, t in tables.items()},
        rejections=rejections,
        seconds=time.perf_counter() - started,
    )
