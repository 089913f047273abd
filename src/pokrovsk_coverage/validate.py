"""Stage 6, validate: the Great Expectations suites in ``expectations/`` and the
cross-table checks, run in memory on the built tables before anything is published.

A suite is hand-written JSON, one file per table, in GX 1.x's serialised form
(``{"name", "expectations": [{"type", "kwargs"}]}``). Cross-table invariants (ids resolve,
offsets reproduce their text) need more than one table, so they are plain Python here.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from .schema import PRIMARY_KEYS, TABLES

# GX sends usage statistics unless told not to; the build never reaches the network.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

SAMPLE = 3


@dataclass
class Failure:
    table: str
    check: str
    detail: str
    sample: list = field(default_factory=list)

    def __str__(self) -> str:
        rows = "; ".join(json.dumps(s, ensure_ascii=False, default=str)[:200] for s in self.sample)
        return f"{self.table}: {self.check} failed: {self.detail}" + (f" e.g. {rows}" if rows else "")


class ValidationError(Exception):
    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__("\n".join(str(f) for f in failures))


def load_suite(folder: Path, table: str) -> dict:
    path = folder / f"{table}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"{path}: no expectation suite for table {table!r}") from exc


def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def run_suites(tables: dict[str, pa.Table], folder: Path) -> list[Failure]:
    """Validate each table with its suite; one Failure per failing expectation."""
    import great_expectations as gx

    context = _context()
    source = context.data_sources.add_pandas(name="pokrovsk_coverage")
    failures = []
    for name, table in tables.items():
        suite = gx.ExpectationSuite(**load_suite(folder, name))
        frame = table.to_pandas()
        batch_definition = source.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe(name="all")
        result = batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(suite, result_format="SUMMARY")
        for res in result.results:
            if res.success:
                continue
            config = res.expectation_config
            kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
            index = res.result.get("partial_unexpected_index_list") or []
            sample = [frame.iloc[i][[c for c in frame.columns if c in (PRIMARY_KEYS[name], kwargs.get("column"))]].to_dict()
                      for i in index[:SAMPLE] if isinstance(i, int)]
            if not sample:
                sample = [v for v in (res.result.get("partial_unexpected_list") or [])[:SAMPLE]]
            detail = f"{config.type}({json.dumps(kwargs, default=str)[:160]})"
            if res.exception_info and res.exception_info.get("raised_exception"):
                detail += f" raised {res.exception_info.get('exception_message')}"
            elif "observed_value" in res.result:
                detail += f", observed {res.result['observed_value']}"
            failures.append(Failure(name, "expectation", detail, sample))
        # One table's frame at a time: drop it (and GX's reference to it) before the next.
        source.delete_asset(name)
        del frame, result, batch_definition
    return failures


BATCH_ROWS = 10_000


def _rows(table: pa.Table, columns: list[str]):
    """The rows of ``table`` as dicts of ``columns`` only, one record batch at a time: no
    Python copy of a whole table is ever held."""
    columns = [c for c in columns if c in table.column_names]
    for batch in table.select(columns).to_batches(max_chunksize=BATCH_ROWS):
        yield from batch.to_pylist()


class _Texts:
    """article_id -> text, read from the Arrow column on demand. Rows are sorted by ids
    that start with their article_id, so consecutive look-ups hit the one cached text."""

    def __init__(self, articles: pa.Table):
        self.column = articles.column("text")
        self.index = {aid: i for i, aid in enumerate(articles.column("article_id").to_pylist())}
        self.last: tuple[str | None, str | None] = (None, None)

    def __contains__(self, aid) -> bool:
        return aid in self.index

    def __getitem__(self, aid: str) -> str:
        if self.last[0] != aid:
            self.last = (aid, self.column[self.index[aid]].as_py())
        return self.last[1]


def cross_table_checks(tables: dict[str, pa.Table]) -> list[Failure]:
    """Invariants that span tables: every id resolves, every span reproduces its text.

    Read batch by batch from the Arrow tables, with the columns each check needs; the only
    collection-wide Python objects are the id sets (articles, sources, quotes)."""
    failures = []
    for name, columns in TABLES.items():
        expected = [c.name for c in columns]
        missing = [c for c in expected if c not in tables[name].column_names]
        if missing:
            failures.append(Failure(name, "columns", f"missing {missing}"))
    texts = _Texts(tables["articles"])
    source_ids = set(tables["sources"].column("source_id").to_pylist())

    def check(table: str, name: str, bad: list, detail: str) -> None:
        if bad:
            failures.append(Failure(table, name, f"{len(bad)} rows {detail}", bad[:SAMPLE]))

    quote_article = {}
    for table, key, ref in (("quotes", "quote_id", "speaker_id"), ("figures", "figure_id", "claimant_id")):
        unresolved, dangling, misplaced = [], [], []
        for r in _rows(tables[table], [key, "article_id", ref, "start", "end", "text"]):
            if table == "quotes":
                quote_article[r[key]] = r["article_id"]
            if r["article_id"] not in texts:
                unresolved.append({key: r[key], "article_id": r["article_id"]})
            elif texts[r["article_id"]][r["start"]:r["end"]] != r["text"]:
                misplaced.append({key: r[key], "start": r["start"], "end": r["end"], "text": r["text"]})
            if r[ref] is not None and r[ref] not in source_ids:
                dangling.append({key: r[key], ref: r[ref]})
        check(table, "article_id resolves", unresolved, "point to no article")
        check(table, f"{ref} resolves", dangling, "point to no source")
        check(table, "span reproduces text", misplaced, "whose text is not articles.text[start:end]")
    no_article, misplaced = [], []
    for s in _rows(tables["sources"], ["source_id", "mentions"]):
        for m in s["mentions"]:
            if m["article_id"] not in texts:
                no_article.append({"source_id": s["source_id"], **m})
            elif texts[m["article_id"]][m["start"]:m["end"]] != m["text"]:
                misplaced.append({"source_id": s["source_id"], **m})
    check("sources", "mention article resolves", no_article, "have mentions in no article")
    check("sources", "mention span reproduces text", misplaced, "have mentions whose text is not articles.text[start:end]")
    reuse = tables.get("reuse")
    misplaced, self_pairs = [], []
    for r in (_rows(reuse, ["pair_id", "article_id", "source_article_id", "shared_passages"]) if reuse is not None else ()):
        for side in ("article_id", "source_article_id"):
            if r[side] not in texts:
                check("reuse", f"{side} resolves", [{"pair_id": r["pair_id"], side: r[side]}], "point to no article")
        if r["article_id"] in texts:
            misplaced += [{"pair_id": r["pair_id"], **p} for p in r["shared_passages"]
                          if texts[r["article_id"]][p["start"]:p["end"]] != p["text"]]
        if r["article_id"] == r["source_article_id"]:
            self_pairs.append({"pair_id": r["pair_id"]})
    check("reuse", "passage reproduces text", misplaced, "have passages whose text is not articles.text[start:end]")
    # Contested claims (link.py): each id a quote denies resolves to another quote of the
    # same article.
    bad_contests, unmarked = [], []
    for r in _rows(tables["quotes"], ["quote_id", "article_id", "contests_quote_ids", "speaker_id", "speaker_resolution"]):
        bad_contests += [{"quote_id": r["quote_id"], "contests": c} for c in (r.get("contests_quote_ids") or [])
                         if c == r["quote_id"] or quote_article.get(c) != r["article_id"]]
        if (r["speaker_id"] is None) != (r["speaker_resolution"] == "unresolved"):
            unmarked.append({"quote_id": r["quote_id"]})
    check("quotes", "contests_quote_ids resolve", bad_contests, "contest a quote that is missing, itself, or in another article")
    check("reuse", "pair of two articles", self_pairs, "pair an article with itself")
    check("quotes", "unresolved speaker is marked", unmarked,
          "have a null speaker_id without speaker_resolution 'unresolved' or the reverse")
    return failures


def validate_tables(tables: dict[str, pa.Table], expectations: Path) -> list[Failure]:
    return run_suites(tables, expectations) + cross_table_checks(tables)


def read_release(out: Path) -> dict[str, pa.Table]:
    from .publish import read_table_files

    return {name: read_table_files(out, name) for name in TABLES}


def validate_release(out: Path, expectations: Path) -> list[Failure]:
    try:
        tables = read_release(out)
    except FileNotFoundError as exc:
        return [Failure("release", "files", str(exc))]
    return validate_tables(tables, expectations)
