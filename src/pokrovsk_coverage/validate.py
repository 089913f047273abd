"""Stage 6, validate: the Great Expectations suites in ``expectations/`` and the
cross-table checks, run in memory on the built tables before anything is published.

A suite is hand-written JSON, one file per table, in GX 1.x's serialised form
(``{"name", "expectations": [{"type", "kwargs"}]}``). Cross-table invariants (ids resolve,
offsets reproduce their text) need more than one table, so they are plain Python here.
"""
from __future__ import annotations

import gc
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from .schema import PRIMARY_KEYS, TABLES
from .spill import release_memory

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


# Expectations decided row by row: run on slices of the table, so no pandas copy of a
# whole table (articles' texts, every quote) is ever made. With ``mostly`` an expectation
# is a share of the whole column, so it is not among them.
ROW_LOCAL = frozenset({
    "expect_column_values_to_not_be_null", "expect_column_values_to_be_null",
    "expect_column_values_to_be_between", "expect_column_values_to_be_in_set",
    "expect_column_values_to_not_be_in_set", "expect_column_values_to_match_regex",
    "expect_column_values_to_not_match_regex", "expect_column_value_lengths_to_be_between",
    "expect_column_value_lengths_to_equal", "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_column_pair_values_to_be_equal",
})
# Expectations on the table's column names only.
NAMES_ONLY = frozenset({
    "expect_table_columns_to_match_set", "expect_table_columns_to_match_ordered_list",
    "expect_table_column_count_to_equal", "expect_table_column_count_to_be_between",
})
# A table of at most this many bytes of Arrow data is validated as one pandas frame.
WHOLE_TABLE_BYTES = 4 * 2**20
# Arrow bytes of one slice of a larger table handed to GX for the row-by-row expectations
# (nested columns become many Python objects: a slice's frame is several times this).
SLICE_BYTES = 4 * 2**20


def _columns_of(kwargs: dict) -> list[str] | None:
    """The columns an expectation reads, or None when that is not known (all of them)."""
    cols = [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
    cols += list(kwargs.get("column_list") or [])
    return cols or None


def _batches(table, columns: list[str] | None = None, max_rows: int = 10_000):
    """Record batches of a ``pa.Table`` or a ``spill.TableFile``, of ``columns`` only."""
    if isinstance(table, pa.Table):
        yield from (table if columns is None else table.select(columns)).to_batches(max_chunksize=max_rows)
    else:
        yield from table.batches(columns)


def _read(table, columns: list[str]) -> pa.Table:
    return table.select(columns) if isinstance(table, pa.Table) else table.read(columns)


def _slices(table, columns: list[str]):
    """The table as pa.Tables of ``columns``, each about ``SLICE_BYTES`` of Arrow data."""
    pending, size = [], 0
    for b in _batches(table, columns, max_rows=500):
        pending.append(b)
        size += b.nbytes
        if size >= SLICE_BYTES:
            yield pa.Table.from_batches(pending)
            pending, size = [], 0
    if pending:
        yield pa.Table.from_batches(pending)


def run_suites(tables: dict, folder: Path) -> list[Failure]:
    """Validate each table with its suite; one Failure per failing expectation.

    A table of at most ``WHOLE_TABLE_BYTES`` is one pandas frame and one GX run. A larger one
    is never one frame: the expectations decided row by row (``ROW_LOCAL``) run on slices
    of it, the others (uniqueness, types, column names) on the whole of the columns they
    read, where a column no such expectation reads is an empty placeholder (its name is
    all that is checked)."""
    import great_expectations  # noqa: F401  (imported before the objects alive now are frozen)

    failures = []
    runs = 0
    gc.freeze()
    try:
        return _run_suites(tables, folder, failures, runs)
    finally:
        gc.unfreeze()


def _run_suites(tables, folder, failures, runs):
    import great_expectations as gx

    def run(name: str, suite: dict, items: list[tuple[int, dict]], frame) -> list[tuple[int, Failure]]:
        nonlocal runs
        runs += 1
        suite_obj = gx.ExpectationSuite(**{**suite, "name": f"{suite.get('name', name)}", "expectations": [e for _, e in items]})
        # a context per frame: GX keeps what it loaded and computed for as long as its
        # context lives, which would hold every slice of every table
        context = _context()
        source = context.data_sources.add_pandas(name="pokrovsk_coverage")
        asset = source.add_dataframe_asset(name=f"{name}-{runs}")
        batch_definition = asset.add_batch_definition_whole_dataframe(name="all")
        result = batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(suite_obj, result_format="SUMMARY")
        unused = list(items)
        found = []
        for res in result.results:
            config = res.expectation_config
            kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
            # the suite's own position of this expectation, so failures keep the suite's order
            k = next((j for j, (_, e) in enumerate(unused) if e["type"] == config.type
                      and all(kwargs.get(key) == value for key, value in e["kwargs"].items())), 0)
            index_in_suite = unused.pop(k)[0] if unused else len(suite["expectations"])
            if res.success:
                continue
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
            found.append((index_in_suite, Failure(name, "expectation", detail, sample)))
        # One frame at a time: drop it (and GX's reference to it) before the next.
        source.delete_asset(asset.name)
        context.data_sources.delete(source.name)
        del result, batch_definition, asset, source, context
        # GX leaves its objects in reference cycles: collect them now (cheap, as the
        # objects from before validation are frozen), not when the collector gets to it
        gc.collect()
        release_memory()
        return found

    for name, table in tables.items():
        suite = load_suite(folder, name)
        key = PRIMARY_KEYS[name]
        present = list(table.column_names)
        row_local, whole = [], []
        if table.nbytes <= WHOLE_TABLE_BYTES:  # one frame, one GX run
            failures += [f for _, f in sorted(run(name, suite, list(enumerate(suite["expectations"])),
                                                  _read(table, present).to_pandas()), key=lambda x: x[0])]
            continue
        for i, e in enumerate(suite["expectations"]):
            cols = _columns_of(e.get("kwargs", {}))
            if e["type"] in ROW_LOCAL and "mostly" not in e.get("kwargs", {}) and cols and set(cols) <= set(present):
                row_local.append((i, e))
            else:
                whole.append((i, e))
        found: dict[int, Failure] = {}

        def merge(results):
            for i, failure in results:
                if i in found:  # the same expectation failing in another slice: more samples
                    found[i].sample = (found[i].sample + failure.sample)[:SAMPLE]
                else:
                    found[i] = failure

        if whole:
            needed = []
            for _, e in whole:
                cols = _columns_of(e.get("kwargs", {}))
                if cols is None and e["type"] not in NAMES_ONLY:
                    needed = present
                    break
                needed += [c for c in cols or [] if c in present]
            needed = [c for c in present if c in set(needed) | ({key} if key in present else set())]
            frame = _read(table, needed).to_pandas()
            for c in present:  # a column no expectation here reads: its name only
                if c not in frame.columns:
                    frame[c] = None
            frame = frame[present]
            merge(run(name, suite, whole, frame))
            del frame
        if row_local:
            cols = [c for c in present if c == key or any(c in _columns_of(e["kwargs"]) for _, e in row_local)]
            for piece in _slices(table, cols):
                frame = piece.to_pandas()
                merge(run(name, suite, row_local, frame))
                del frame, piece
        failures += [found[i] for i in sorted(found)]
    return failures


BATCH_ROWS = 10_000


def _rows(table, columns: list[str]):
    """The rows of ``table`` as dicts of ``columns`` only, one record batch at a time: no
    Python copy of a whole table is ever held."""
    columns = [c for c in columns if c in table.column_names]
    for batch in _batches(table, columns, BATCH_ROWS):
        yield from batch.to_pylist()


class _Texts:
    """article_id -> text, read from the Arrow column on demand. Rows are sorted by ids
    that start with their article_id, so consecutive look-ups hit the one cached text."""

    def __init__(self, articles):
        articles = _read(articles, ["article_id", "text"])
        self.column = articles.column("text")
        self.index = {aid: i for i, aid in enumerate(articles.column("article_id").to_pylist())}
        self.last: tuple[str | None, str | None] = (None, None)

    def __contains__(self, aid) -> bool:
        return aid in self.index

    def __getitem__(self, aid: str) -> str:
        if self.last[0] != aid:
            self.last = (aid, self.column[self.index[aid]].as_py())
        return self.last[1]


def cross_table_checks(tables: dict, texts=None) -> list[Failure]:
    """Invariants that span tables: every id resolves, every span reproduces its text.

    Read batch by batch from the tables (``pa.Table`` or ``spill.TableFile``), with the
    columns each check needs; the only collection-wide Python objects are the article and
    source id sets. ``texts`` (article_id -> text, e.g. the build's ``spill.TextStore``)
    saves reading the articles' texts from the table."""
    failures = []
    for name, columns in TABLES.items():
        expected = [c.name for c in columns]
        missing = [c for c in expected if c not in tables[name].column_names]
        if missing:
            failures.append(Failure(name, "columns", f"missing {missing}"))
    if texts is None:
        texts = _Texts(tables["articles"])
    source_ids = set(tables["sources"].column("source_id").to_pylist())

    def check(table: str, name: str, bad: list, detail: str) -> None:
        if bad:
            failures.append(Failure(table, name, f"{len(bad)} rows {detail}", bad[:SAMPLE]))

    claims = []  # (quote_id, article_id, contested quote_id): few, so kept
    for table, key, ref in (("quotes", "quote_id", "speaker_id"), ("figures", "figure_id", "claimant_id")):
        unresolved, dangling, misplaced = [], [], []
        extra = ["contests_quote_ids"] if table == "quotes" else []
        for r in _rows(tables[table], [key, "article_id", ref, "start", "end", "text", *extra]):
            if table == "quotes":
                claims += [(r[key], r["article_id"], c) for c in (r.get("contests_quote_ids") or [])]
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
    # same article. Only the contested quotes' articles are looked up.
    contested = {c for _, _, c in claims}
    quote_article = {}
    bad_contests, unmarked = [], []
    for r in _rows(tables["quotes"], ["quote_id", "article_id", "speaker_id", "speaker_resolution"]):
        if r["quote_id"] in contested:
            quote_article[r["quote_id"]] = r["article_id"]
        if (r["speaker_id"] is None) != (r["speaker_resolution"] == "unresolved"):
            unmarked.append({"quote_id": r["quote_id"]})
    bad_contests = [{"quote_id": q, "contests": c} for q, aid, c in claims if c == q or quote_article.get(c) != aid]
    check("quotes", "contests_quote_ids resolve", bad_contests, "contest a quote that is missing, itself, or in another article")
    check("reuse", "pair of two articles", self_pairs, "pair an article with itself")
    check("quotes", "unresolved speaker is marked", unmarked,
          "have a null speaker_id without speaker_resolution 'unresolved' or the reverse")
    return failures


def validate_tables(tables: dict, expectations: Path, texts=None) -> list[Failure]:
    """``tables``: ``pa.Table`` or ``spill.TableFile`` per table; ``texts``: see
    ``cross_table_checks``."""
    return run_suites(tables, expectations) + cross_table_checks(tables, texts)


def read_release(out: Path) -> dict[str, pa.Table]:
    from .publish import read_table_files

    return {name: read_table_files(out, name) for name in TABLES}


def validate_release(out: Path, expectations: Path) -> list[Failure]:
    try:
        tables = read_release(out)
    except FileNotFoundError as exc:
        return [Failure("release", "files", str(exc))]
    return validate_tables(tables, expectations)
