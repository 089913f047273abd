"""The build, one readable path from raw files to a published release:

read seeds -> clean articles -> parse -> extract quotes and figures -> resolve sources
-> link across articles -> validate -> publish.

``process_article`` is the per-article work (a pure function of one raw article), so the
same code runs on five articles or five million; everything after it needs the whole
collection. The input is read as a stream and handed out in batches of ``BATCH_SIZE`` to
an engine (``engines.py``: this process, a process pool, or a Dask cluster); results come
back in input order, so the release is byte-identical whatever ran it. No ``Doc``
outlives its article, and no article's rows stay in memory: ``collection.Collection``
writes them to Arrow IPC files as they come back, and the collection-level stages read
them from there (README: What memory holds).
"""
from __future__ import annotations

import functools
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa

from . import engines, publish, schema, sources
from .collection import Collection
from .link import article_keys, link
from .clean_articles import clean_article
from .extract_figures import extract_figures
from .extract_quotes import extract_quotes
from .parse import parse
from .read_seeds import MAX_BYTES, RawArticle, Rejection, count_input, file_sha256, read_input
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
    # What reuse linking needs of the text (link.article_keys), computed here so that it
    # runs in the workers and the collection stage needs no texts to find candidates.
    reuse_keys: object = None
    doc_signature: object = None


# Articles per unit of work sent to a worker: large enough that shipping a batch costs
# little next to parsing it (~0.2 s per article), small enough to balance load and keep the
# progress bar moving. Results do not depend on it: each article is processed alone.
BATCH_SIZE = 16


@dataclass
class BuildReport:
    rows: dict[str, int] = field(default_factory=dict)
    rejections: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    n_words: int = 0
    # This process's RSS high-water mark (MiB) at the end of each phase: where memory grows.
    peak_rss_mib: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        lines = ["rows: " + ", ".join(f"{k} {v}" for k, v in self.rows.items())]
        lines.append(f"rejected: {len(self.rejections)} file(s)")
        lines += [f"  {r['file']}: {r['reason']}" for r in self.rejections]
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in self.phases.items())
        lines.append(f"time: {self.seconds:.1f} s" + (f" ({phases})" if phases else ""))
        if self.peak_rss_mib:
            lines.append("peak RSS of this process: " + ", ".join(f"after {k} {v:,.0f} MiB" for k, v in self.peak_rss_mib.items()))
        return "\n".join(lines)

    def write_json(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def process_article(raw: RawArticle) -> ArticleResult:
    """Everything that can be known from one article alone."""
    cleaned = clean_article(raw.raw_text)
    # One text at a time, not the batch through ``nlp.pipe``: batching was 3% faster but
    # held the model's activations for the whole batch, 220 MiB more at 16 articles.
    doc = parse(cleaned["text"])
    # What the cleaner learnt of the page travels with the Doc, so an extractor can tell
    # the publisher's own name ("told The Associated Press" in an AP story) from a source.
    doc.user_data["outlet"] = cleaned["outlet"]
    doc.user_data["syndicated_from"] = cleaned["syndicated_from"]
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
    reuse_keys, doc_signature = article_keys(cleaned["text"])
    return ArticleResult(article, quotes, figures, quoting["entities"], reuse_keys, doc_signature)


def process_batch(raws: list[RawArticle]) -> list[ArticleResult | Rejection]:
    """``process_article`` over a batch, in order; the unit of work an engine ships to a worker."""
    out: list[ArticleResult | Rejection] = []
    for raw in raws:
        try:
            out.append(process_article(raw))
        except Exception as exc:  # a defect on one article must not sink the collection
            out.append(Rejection(raw.seed_file, f"processing failed: {type(exc).__name__}: {exc}"))
    return out


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def assemble(results: list[ArticleResult]) -> dict[str, list[dict]]:
    """Collection-level stage: give speakers and claimants their source ids and count.

    The in-memory form of what ``collection.Collection`` does over spilled rows; the build
    no longer calls it (it holds every row), tests compare the two."""
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


def progress(total: int | None, enabled: bool | None):
    from tqdm import tqdm

    # Always articles/s (tqdm would flip a rate under 1 to s/article), the ETA, and words/s
    # in the postfix.
    return tqdm(total=total, unit="article", desc="articles", disable=None if enabled is None else not enabled,
                file=sys.stderr, smoothing=0.1,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_noinv_fmt}{postfix}]")


def peak_rss_mib() -> float:
    import resource

    # ru_maxrss is KiB on Linux, bytes on macOS
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)


def _prewarm_collection_stage() -> None:
    try:
        import great_expectations  # noqa: F401
        import mlcroissant  # noqa: F401
    except Exception:  # imported again, and any error raised, where they are used
        pass


def _arrow_from_malloc(fn):
    """Run ``fn`` with Arrow allocating from the C library's malloc rather than pyarrow's
    default mimalloc pool, which kept the pages of freed batches (a sorted slice, a GX
    frame's source) and so made the build's peak grow with the collection;
    ``spill.release_memory`` trims malloc's heap between stages."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        pool = pa.default_memory_pool()
        pa.set_memory_pool(pa.system_memory_pool())
        try:
            return fn(*args, **kwargs)
        finally:
            pa.set_memory_pool(pool)

    return wrapper


@_arrow_from_malloc
def build(seeds: Path, out: Path, *, expectations: Path | None = None, card_template: Path | None = None,
          max_bytes: int = MAX_BYTES, show_progress: bool | None = None, workers: int = 1, engine: str = "local",
          scheduler: str | None = None, batch_size: int = BATCH_SIZE,
          shard_max_bytes: int = publish.SHARD_MAX_BYTES, shard_max_rows: int = publish.SHARD_MAX_ROWS) -> BuildReport:
    """Build, validate and publish; raises ValidationError (``out`` untouched) when a check fails.

    ``seeds`` is a folder of ``.txt`` articles or a JSONL/Parquet file of article records.
    ``workers``/``engine``/``scheduler`` choose where ``process_article`` runs
    (``engines.ordered_map``); the release does not depend on them.
    """
    started = time.perf_counter()
    root = project_root()
    expectations = expectations or root / "expectations"
    card_template = card_template or root / "DATACARD.md"
    phases: dict[str, float] = {}

    from_folder = seeds.is_dir()
    rejections: list[dict] = []
    seed_sums: dict[str, str] = {}
    bar = progress(count_input(seeds), show_progress)

    def raw_articles() -> Iterator[RawArticle]:
        for item in read_input(seeds, max_bytes=max_bytes):
            if isinstance(item, Rejection):
                rejections.append({"file": item.file, "reason": item.reason})
                bar.update(1)
                continue
            if from_folder:
                seed_sums[item.seed_file] = item.seed_sha256
            yield item

    n_words = 0
    # With workers elsewhere this process only waits on them until the collection stage:
    # it imports meanwhile what validation and publishing need (Great Expectations alone
    # takes seconds), from the first result on (the engine is set up by then) until the
    # collection stage, which waits for it.
    prewarm = threading.Thread(target=_prewarm_collection_stage, name="prewarm", daemon=True) \
        if engine == "dask" or workers > 1 else None
    out_parent = out.resolve().parent
    out_parent.mkdir(parents=True, exist_ok=True)
    # Each article's rows go to disk as they come back (collection.py): nothing per row
    # stays in memory, so the build's memory does not grow with the collection.
    with tempfile.TemporaryDirectory(prefix=f".{out.name}-spill-", dir=out_parent) as spill_dir:
        collection = Collection(Path(spill_dir))
        try:
            for done in engines.ordered_map(process_batch, batched(raw_articles(), batch_size),
                                            engine=engine, workers=workers, scheduler=scheduler):
                for result in done:
                    if isinstance(result, Rejection):
                        rejections.append({"file": result.file, "reason": result.reason})
                    else:
                        collection.add(result)
                        n_words += result.article["n_words"]
                if prewarm is not None and prewarm.ident is None:
                    prewarm.start()
                bar.update(len(done))
                bar.set_postfix_str(f"{n_words / max(bar.format_dict['elapsed'], 1e-9):,.0f} words/s", refresh=False)
        finally:
            bar.close()
        done = result = None  # the last batch's rows are spilled too: hold none of them
        if prewarm is not None and prewarm.ident is not None:
            prewarm.join()
        collection.close()
        if not from_folder:
            # One input file: its checksum pins every record (each row carries its own text's).
            seed_sums = {seeds.name: file_sha256(seeds)}
        rejections.sort(key=lambda r: r["file"])
        phases["read and process"] = time.perf_counter() - started
        peaks = {"read and process": peak_rss_mib()}

        mark = time.perf_counter()
        tables, stats = collection.finish()
        stats["n_rejected"] = len(rejections)
        phases["assemble and link"] = time.perf_counter() - mark
        peaks["assemble and link"] = peak_rss_mib()

        mark = time.perf_counter()
        failures = validate_tables(tables, expectations, texts=collection.texts)
        collection.texts.close()
        phases["validate"] = time.perf_counter() - mark
        peaks["validate"] = peak_rss_mib()
        if failures:
            raise ValidationError(failures)

        mark = time.perf_counter()
        template = card_template.read_text(encoding="utf-8") if card_template.exists() else "# Pokrovsk Coverage\n\n{{ evaluation }}\n"
        with publish.staging(out) as staged:
            publish.write_release(staged, tables, template, stats, seed_sums, rejections,
                                  shard_max_bytes=shard_max_bytes, shard_max_rows=shard_max_rows)
            publish.swap_in(staged, out)
        phases["publish"] = time.perf_counter() - mark
        peaks["publish"] = peak_rss_mib()
    return BuildReport(
        rows={name: t.num_rows for name, t in tables.items()},
        rejections=rejections,
        seconds=time.perf_counter() - started,
        phases=phases,
        n_words=n_words,
        peak_rss_mib=peaks,
    )
