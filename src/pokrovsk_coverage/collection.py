"""The collection-level stages (sources, link, the final tables) over spilled rows.

``Collection.add`` takes each article's result as it comes back from the engine and
writes its rows to Arrow IPC files in a spill folder (``spill.py``), its text to a
``TextStore`` and its sentence band keys to partition files, keeping in memory only what
the collection-level stages need of every article: its id, a few metadata fields for the
reuse direction, its trigram MinHash signature, its entities without their mentions (equal
entities shared as one object) and the counts the card quotes. ``Collection.finish`` then
resolves sources, links quotes, figures, contests and reuse, and writes each table in
primary-key order, streaming the spilled rows rather than holding them.

The output is the same as assembling every row as a dict and linking them all at once
(``build.assemble`` and ``link.link``): the same functions decide, fed the same values.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa

from . import link, schema, sources
from .spill import TableFile, TextStore, release_memory, sort_table

# Articles whose rows are buffered before they are written as one record batch.
FLUSH_ARTICLES = 64
# Sentence band keys are split by their top bits into this many files, so that finding
# colliding keys holds one part at a time.
KEY_PARTITIONS = 64
_PARTITION_SHIFT = np.uint64(64 - 6)

QUOTE_COMPUTED = ("speaker_id", "cluster_id", "contests_quote_ids")
FIGURE_COMPUTED = ("claimant_id", "cluster_id")


def _spill_schema(table: str, drop: tuple[str, ...], extra: str) -> pa.Schema:
    base = schema.arrow_schema(table)
    return pa.schema([f for f in base if f.name not in drop] + [pa.field(extra, pa.string())])


QUOTES_SPILL = _spill_schema("quotes", QUOTE_COMPUTED, "speaker")
FIGURES_SPILL = _spill_schema("figures", FIGURE_COMPUTED, "claimant")
MENTIONS = pa.schema([("article_id", pa.string()), ("key", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                      ("text", pa.string())])


def _freeze(value):
    return tuple(value) if isinstance(value, list) else value


class Collection:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.articles = TableFile(self.folder / "articles-in.arrow", schema.arrow_schema("articles"))
        self.quotes = TableFile(self.folder / "quotes-in.arrow", QUOTES_SPILL)
        self.figures = TableFile(self.folder / "figures-in.arrow", FIGURES_SPILL)
        self.mentions = TableFile(self.folder / "mentions-in.arrow", MENTIONS)
        self.texts = TextStore(self.folder / "texts.bin")
        self._pending: dict[str, list] = {"articles": [], "quotes": [], "figures": [], "mentions": []}
        self._keys: list[list[tuple[np.ndarray, int]]] = [[] for _ in range(KEY_PARTITIONS)]
        self._key_files = [open(self.folder / f"keys-{p:02d}.bin", "wb") for p in range(KEY_PARTITIONS)]
        self.ids: list[str] = []
        self.meta: dict[str, tuple] = {}
        self.doc_sigs: list[np.ndarray | None] = []
        self.entities: list[tuple[str, list[dict]]] = []
        self._interned: dict[tuple, dict] = {}
        # what collection_stats reports
        self.n_words = 0
        self.n_boilerplate = 0
        self.dates: list = [None, None, 0]
        self.outlets: Counter = Counter()
        self.quote_types: Counter = Counter()
        self.speaker_resolutions: Counter = Counter()

    # --- while articles are processed -------------------------------------------------

    def add(self, result) -> None:
        a = result.article
        aid = a["article_id"]
        position = len(self.ids)
        self.ids.append(aid)
        self.texts.add(aid, a["text"])
        self.meta[aid] = (a["outlet"], a["syndicated_from"], a["published_date"])
        self._pending["articles"].append(a)
        self._pending["quotes"] += result.quotes
        self._pending["figures"] += result.figures
        ents = []
        for e in result.entities:
            self._pending["mentions"] += [{"article_id": aid, "key": e["key"], **m} for m in e["mentions"]]
            # sources.resolve reads entities and never changes them: equal ones (the same
            # name, kind, aliases... in many articles) are one object.
            frozen = tuple(sorted((k, _freeze(v)) for k, v in e.items() if k != "mentions"))
            shared = self._interned.get(frozen)
            if shared is None:
                shared = self._interned[frozen] = {**{k: v for k, v in e.items() if k != "mentions"}, "mentions": []}
            ents.append(shared)
        self.entities.append((aid, ents))
        keys = result.reuse_keys
        if keys is not None and len(keys):
            part = (keys >> _PARTITION_SHIFT).astype(np.int64)
            for p in np.unique(part).tolist():
                self._keys[p].append((keys[part == p], position))
        self.doc_sigs.append(result.doc_signature)
        self.n_words += a["n_words"]
        self.n_boilerplate += len(a["boilerplate"])
        self.outlets[a["outlet"] or "unknown"] += 1
        d = a["published_date"]
        if d is not None:
            lo, hi, n = self.dates
            self.dates = [d if lo is None or d < lo else lo, d if hi is None or d > hi else hi, n + 1]
        for q in result.quotes:
            self.quote_types[q["type"]] += 1
            self.speaker_resolutions[q["speaker_resolution"]] += 1
        if len(self._pending["articles"]) >= FLUSH_ARTICLES:
            self._flush()

    def _flush(self) -> None:
        for name, table in (("articles", self.articles), ("quotes", self.quotes), ("figures", self.figures),
                            ("mentions", self.mentions)):
            table.write(self._pending[name])
            self._pending[name] = []
        for p, parts in enumerate(self._keys):
            if parts:
                keys = np.concatenate([k for k, _ in parts])
                owners = np.concatenate([np.full(len(k), i, dtype=np.int64) for k, i in parts])
                self._key_files[p].write(np.stack([keys.view(np.int64), owners], axis=1).tobytes())
                self._keys[p] = []

    def close(self) -> None:
        self._flush()
        for f in self._key_files:
            f.close()
        for t in (self.articles, self.quotes, self.figures, self.mentions):
            t.close()

    # --- the collection-level stages -----------------------------------------------------

    def finish(self) -> tuple[dict[str, TableFile], dict]:
        """Resolve sources, link, and write the five tables in primary-key order; the
        tables and the partial ``collection_stats`` (what the build adds: rejections)."""
        self.close()
        source_rows, ids = sources.resolve(self.entities)
        self.entities = []
        self._interned = {}
        side = {s["source_id"]: s.get("side") for s in source_rows}

        quote_linker, quote_group, n_quotes, contests = self._link_quotes(ids, side)
        quote_cluster = quote_linker.clusters()
        del quote_linker
        figure_linker, figure_group, n_figures = self._link_figures(ids)
        figure_cluster = figure_linker.clusters()
        del figure_linker

        tables: dict[str, TableFile] = {}
        tables["articles"] = sort_table(self.articles, "article_id", self.folder / "articles.arrow",
                                        schema.arrow_schema("articles"))

        def quote_columns(batch: pa.RecordBatch, rows: np.ndarray) -> dict:
            speakers = batch.column("speaker").to_pylist()
            aids = batch.column("article_id").to_pylist()
            return {
                "speaker_id": [ids.get((a, s)) if s is not None else None for a, s in zip(aids, speakers)],
                "cluster_id": [quote_cluster[g] for g in quote_group[rows].tolist()],
                "contests_quote_ids": [contests.get(q, []) for q in batch.column("quote_id").to_pylist()],
            }

        def figure_columns(batch: pa.RecordBatch, rows: np.ndarray) -> dict:
            claimants = batch.column("claimant").to_pylist()
            aids = batch.column("article_id").to_pylist()
            return {
                "claimant_id": [ids.get((a, c)) if c is not None else None for a, c in zip(aids, claimants)],
                "cluster_id": [figure_cluster[g] if g >= 0 else None for g in figure_group[rows].tolist()],
            }

        tables["quotes"] = sort_table(self.quotes, "quote_id", self.folder / "quotes.arrow", schema.arrow_schema("quotes"),
                                      _completing("quotes", quote_columns))
        tables["figures"] = sort_table(self.figures, "figure_id", self.folder / "figures.arrow",
                                       schema.arrow_schema("figures"), _completing("figures", figure_columns))
        # What linking kept per quote, figure and source is all written by now; the reuse
        # pass, the stage's largest, runs without it (it grows with the collection).
        del quote_columns, figure_columns, quote_group, quote_cluster, figure_group, figure_cluster, contests, side
        tables["sources"] = self._sources_table(source_rows, ids, n_quotes, n_figures)
        source_stats = {
            "n_sources": len(source_rows),
            "source_kinds": sorted(Counter(s["kind"] for s in source_rows).items()),
            "source_sides": sorted(Counter(s["side"] for s in source_rows).items()),
        }
        del ids, source_rows, n_quotes, n_figures
        release_memory()
        tables["reuse"] = self._reuse_table()
        release_memory()
        stats = {
            "n_articles": len(self.ids),
            "n_quotes": tables["quotes"].num_rows,
            "n_figures": tables["figures"].num_rows,
            "n_sources": source_stats["n_sources"],
            "n_rejected": 0,
            "n_words": self.n_words,
            "first_date": self.dates[0].isoformat() if self.dates[0] is not None else None,
            "last_date": self.dates[1].isoformat() if self.dates[1] is not None else None,
            "n_dated": self.dates[2],
            "outlets": sorted(self.outlets.items()),
            "quote_types": sorted(self.quote_types.items()),
            "speaker_resolutions": sorted(self.speaker_resolutions.items()),
            "source_kinds": source_stats["source_kinds"],
            "source_sides": source_stats["source_sides"],
            "n_boilerplate": self.n_boilerplate,
        }
        return tables, stats

    def _link_quotes(self, ids: dict, side: dict):
        """One pass over the spilled quotes: each quote's statement group, the counts per
        speaker, and the contested claims (article by article: an article's quotes are
        contiguous, as process_article returned them)."""
        linker = link.QuoteLinker()
        group = np.empty(self.quotes.num_rows, dtype=np.int32)
        n_quotes: Counter = Counter()
        contests: dict[str, list[str]] = {}
        current: list[dict] = []

        def article_done():
            if current:
                contests.update(link.contests_in_article(current, self.texts[current[0]["article_id"]], side))
                current.clear()

        i = 0
        for batch in self.quotes.batches(["quote_id", "article_id", "text", "start", "end", "cue", "speaker"]):
            for q in batch.to_pylist():
                sid = ids.get((q["article_id"], q["speaker"])) if q["speaker"] is not None else None
                group[i] = linker.add(q["quote_id"], q["text"], sid)
                i += 1
                n_quotes[sid] += 1
                if current and current[0]["article_id"] != q["article_id"]:
                    article_done()
                q["speaker_id"] = sid
                current.append(q)
        article_done()
        return linker, group, n_quotes, contests

    def _link_figures(self, ids: dict):
        linker = link.FigureLinker()
        group = np.empty(self.figures.num_rows, dtype=np.int32)
        n_figures: Counter = Counter()
        i = 0
        for batch in self.figures.batches(["figure_id", "article_id", "unit", "value", "measure", "claimant"]):
            for f in batch.to_pylist():
                cid = ids.get((f["article_id"], f["claimant"])) if f["claimant"] is not None else None
                n_figures[cid] += 1
                group[i] = linker.add(f["figure_id"], f["unit"], f["value"], f["measure"])
                i += 1
        return linker, group, n_figures

    def _sources_table(self, source_rows: list[dict], ids: dict, n_quotes: Counter, n_figures: Counter) -> TableFile:
        """The sources rows with their mentions, which were spilled rather than handed to
        ``sources.resolve``: each mention goes to its entity's source, sorted and
        de-duplicated as ``resolve`` does (by article, start, end, text), in Arrow."""
        import pyarrow.compute as pc

        parts = []
        for batch in self.mentions.batches():
            keys = zip(batch.column("article_id").to_pylist(), batch.column("key").to_pylist())
            sid = pa.array([ids[k] for k in keys], type=pa.string())
            parts.append(pa.table({"source_id": sid, "article_id": batch.column("article_id"),
                                   "start": batch.column("start"), "end": batch.column("end"),
                                   "text": batch.column("text")}))
        mtype = schema.arrow_schema("sources").field("mentions").type
        if parts:
            m = pa.concat_tables(parts).combine_chunks()
            del parts
            order = pc.sort_indices(m, sort_keys=[(c, "ascending") for c in ("source_id", "article_id", "start", "end", "text")])
            m = m.take(order).combine_chunks()
            n = m.num_rows
            cols = {c: m.column(c).to_numpy(zero_copy_only=False) if c in ("start", "end") else m.column(c) for c in m.column_names}
            same = np.zeros(n, dtype=bool)
            if n > 1:
                eq = np.ones(n - 1, dtype=bool)
                for c in ("source_id", "article_id", "text"):
                    col = m.column(c)
                    eq &= pc.equal(col.slice(1), col.slice(0, n - 1)).to_numpy(zero_copy_only=False)
                eq &= (cols["start"][1:] == cols["start"][:-1]) & (cols["end"][1:] == cols["end"][:-1])
                same[1:] = eq
            m = m.filter(pa.array(~same)).combine_chunks()
        else:
            m = pa.table({"source_id": pa.array([], pa.string()), "article_id": pa.array([], pa.string()),
                          "start": pa.array([], pa.int32()), "end": pa.array([], pa.int32()), "text": pa.array([], pa.string())})
        sid_col = m.column("source_id").to_pylist()
        aid_col = m.column("article_id").to_pylist()
        count: Counter = Counter(sid_col)
        n_articles: Counter = Counter(s for s, _ in set(zip(sid_col, aid_col)))
        del sid_col, aid_col
        struct = pa.StructArray.from_arrays([m.column(f.name).combine_chunks() for f in mtype.value_type],
                                            fields=list(mtype.value_type))
        out = TableFile(self.folder / "sources.arrow", schema.arrow_schema("sources"))
        arrow_schema = schema.arrow_schema("sources")
        names = schema.column_names("sources")
        # source_rows are in source_id order, as are the mentions.
        offset = 0
        for s0 in range(0, len(source_rows), 1000):
            chunk = source_rows[s0:s0 + 1000]
            offsets = [0]
            for s in chunk:
                sid = s["source_id"]
                s["n_articles"] = n_articles[sid]
                s["n_quotes"] = n_quotes[sid]
                s["n_figures"] = n_figures[sid]
                offsets.append(offsets[-1] + count[sid])
            values = struct.slice(offset, offsets[-1])
            offset += offsets[-1]
            mentions = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values, type=mtype)
            batch = pa.RecordBatch.from_pylist([{n: r.get(n) for n in names if n != "mentions"} for r in chunk],
                                               schema=arrow_schema.remove(arrow_schema.get_field_index("mentions")))
            arrays = [mentions if f.name == "mentions" else batch.column(f.name) for f in arrow_schema]
            out.write(pa.RecordBatch.from_arrays(arrays, schema=arrow_schema))
        return out.close()

    def _reuse_table(self) -> TableFile:
        cfg = link.config()["reuse"]
        n = len(self.ids)
        order = sorted(range(n), key=self.ids.__getitem__)
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n, dtype=np.int64)
        sorted_ids = [self.ids[i] for i in order]
        doc_sigs = np.zeros((n, cfg["article_perm"]), dtype=np.uint32)
        has_doc = np.zeros(n, dtype=bool)
        for i, sig in enumerate(self.doc_sigs):
            if sig is not None:
                doc_sigs[rank[i]], has_doc[rank[i]] = sig, True
        self.doc_sigs = []
        pairs = []
        for p in range(KEY_PARTITIONS):
            data = np.fromfile(self.folder / f"keys-{p:02d}.bin", dtype=np.int64).reshape(-1, 2)
            if len(data):
                pairs.append(link.sentence_pairs(data[:, 0].view(np.uint64), rank[data[:, 1]]))
            del data
        kept = link.rank_candidates(doc_sigs, has_doc, pairs, cfg)
        del pairs, doc_sigs, has_doc

        def article(aid: str) -> dict:
            outlet, syndicated_from, published_date = self.meta[aid]
            return {"article_id": aid, "text": self.texts[aid], "outlet": outlet, "syndicated_from": syndicated_from,
                    "published_date": published_date}

        spilled = TableFile(self.folder / "reuse-in.arrow", schema.arrow_schema("reuse"))
        names = schema.column_names("reuse")
        pending = []
        for row in link.reuse_rows(((sorted_ids[a], sorted_ids[b]) for a, b in kept.tolist()), article):
            pending.append({n: row.get(n) for n in names})
            if len(pending) >= 256:
                spilled.write(pending)
                pending = []
        spilled.write(pending)
        spilled.close()
        return sort_table(spilled, "pair_id", self.folder / "reuse.arrow", schema.arrow_schema("reuse"))


def _completing(table: str, computed):
    """A ``sort_table`` transform: the spilled columns plus those ``computed`` gives, in
    the table's column order."""
    arrow_schema = schema.arrow_schema(table)

    def transform(batch: pa.RecordBatch, rows: np.ndarray) -> pa.RecordBatch:
        extra = computed(batch, rows)
        arrays = [pa.array(extra[f.name], type=f.type) if f.name in extra else batch.column(f.name) for f in arrow_schema]
        return pa.RecordBatch.from_arrays(arrays, schema=arrow_schema)

    return transform
