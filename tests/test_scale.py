"""Issue 6: JSONL/Parquet input read as a stream, the same release from any engine or
worker count, and sharded tables that stay deterministic and loadable."""
from __future__ import annotations

import hashlib
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import SEEDS
from pokrovsk_coverage import publish
from pokrovsk_coverage.bench import make_articles, write_jsonl
from pokrovsk_coverage.build import build
from pokrovsk_coverage.cli import main
from pokrovsk_coverage.read_seeds import RawArticle, Rejection, read_input

N = 12
# Records the reader must reject, each with the reason it must name.
BAD_LINES = [
    ('{"id": "broken", "text": "no closing brace"', "not valid JSON"),
    ('["a", "list"]', "must be a JSON object"),
    ('{"text": "Kyiv said nothing new on Monday."}', "no id"),
    ('{"id": "no-text"}', "no text"),
    ('{"id": "empty", "text": ""}', "empty"),
    ('{"id": "blank", "text": "  \\n "}', "whitespace"),
    ('{"id": "number", "text": 42}', "not a string"),
    ('{"id": "nul", "text": "Kyiv said\\u0000 nothing"}', "NUL"),
    ('{"id": "bench-0000003", "text": "A second record under an id already used."}', "duplicate id"),
]


def tree_hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def records():
    return make_articles(SEEDS, N)


@pytest.fixture(scope="module")
def jsonl(records, tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "articles.jsonl"
    write_jsonl(records, path)
    with path.open("a", encoding="utf-8") as f:
        for line, _ in BAD_LINES:
            f.write(line + "\n")
        f.write("\n")  # a blank line is no record
        f.write(json.dumps({"id": "copy", "text": records[0]["text"]}) + "\n")
    with path.open("ab") as f:
        f.write(b'{"id": "latin1", "text": "d\xe9clar\xe9"}\n')
    return path


class _Row(dict):
    """A row dict that can be weakly referenced, to tell when nothing holds it any more."""


@pytest.fixture(scope="module")
def one_worker(jsonl, tmp_path_factory):
    """The one-worker build, watched: how many of the row dicts process_article returned
    are still alive when the collection-level stages start (``test_build_holds_no_rows``)."""
    import gc
    import weakref

    from pokrovsk_coverage import build as build_module, collection

    refs, alive = [], []
    real_process, real_finish = build_module.process_article, collection.Collection.finish

    def tracked(raw):
        r = real_process(raw)
        r.article = _Row(r.article)
        r.quotes, r.figures, r.entities = ([_Row(x) for x in xs] for xs in (r.quotes, r.figures, r.entities))
        refs.extend(weakref.ref(x) for x in (r.article, *r.quotes, *r.figures, *r.entities))
        return r

    def finish(self):
        gc.collect()
        alive.append(sum(ref() is not None for ref in refs))
        return real_finish(self)

    out = tmp_path_factory.mktemp("w1") / "dataset"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build_module, "process_article", tracked)
        mp.setattr(collection.Collection, "finish", finish)
        report = build(jsonl, out, show_progress=False, workers=1)
    report.watched = {"rows": len(refs), "alive": alive}
    return out, report


def test_jsonl_records_become_articles_or_named_rejections(jsonl, records):
    items = list(read_input(jsonl))
    raws = [i for i in items if isinstance(i, RawArticle)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [r.article_id for r in raws] == [r["id"] for r in records]
    assert raws[0].seed_file == "articles.jsonl#bench-0000000"
    assert raws[0].seed_sha256 == hashlib.sha256(records[0]["text"].encode("utf-8")).hexdigest()
    assert len(rejections) == len(BAD_LINES) + 2  # nothing dropped: every non-blank line is accounted for
    for (_, reason), rejection in zip(BAD_LINES, rejections):
        assert reason in rejection.reason, rejection
        assert rejection.file.startswith("articles.jsonl#")
    copy, latin1 = rejections[-2:]
    assert copy.file == "articles.jsonl#copy" and copy.reason == "same content as articles.jsonl#bench-0000000"
    assert "UTF-8" in latin1.reason and "line" in latin1.reason


def test_parquet_input_reads_like_jsonl(records, tmp_path):
    path = tmp_path / "articles.parquet"
    pq.write_table(pa.Table.from_pylist([{**r, "url": f"https://example.org/{r['id']}"} for r in records]), path,
                   row_group_size=5)  # several row groups: read batch by batch
    from_parquet = list(read_input(path))
    assert all(isinstance(i, RawArticle) for i in from_parquet)
    assert [(r.article_id, r.seed_sha256, r.raw_text) for r in from_parquet] == \
        [(r["id"], hashlib.sha256(r["text"].encode()).hexdigest(), r["text"]) for r in records]
    assert from_parquet[0].seed_file == "articles.parquet#bench-0000000"
    assert dict(from_parquet[0].metadata) == {"url": "https://example.org/bench-0000000"}


def test_jsonl_build_names_rejections(one_worker):
    out, report = one_worker
    assert report.rows["articles"] == N
    manifest = json.loads((out / "MANIFEST.json").read_text())
    assert len(manifest["rejections"]) == len(BAD_LINES) + 2
    assert list(manifest["seeds"]) == ["articles.jsonl"]


def test_two_workers_build_is_byte_identical(jsonl, one_worker, tmp_path, monkeypatch):
    out = tmp_path / "dataset"
    # every table written from memory-mapped column files here (spill.MappedTable), read
    # into memory in the one-worker build: the same bytes either way
    monkeypatch.setattr(publish, "MAP_OVER_BYTES", -1)
    build(jsonl, out, show_progress=False, workers=2, batch_size=2)
    assert tree_hashes(out) == tree_hashes(one_worker[0])


def test_dask_local_cluster_build_is_byte_identical(jsonl, one_worker, tmp_path):
    out = tmp_path / "dataset"
    assert main(["build", "--seeds", str(jsonl), "--out", str(out), "--engine", "dask", "--workers", "2",
                 "--batch-size", "3", "--no-progress"]) == 0
    assert tree_hashes(out) == tree_hashes(one_worker[0])


def test_scheduler_needs_dask_engine(jsonl, tmp_path, capsys):
    assert main(["build", "--seeds", str(jsonl), "--out", str(tmp_path / "o"), "--scheduler", "tcp://x:8786"]) == 2
    assert main(["build", "--seeds", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o")]) == 2


def test_sharded_release_is_deterministic_and_loads_in_full(records, one_worker, tmp_path):
    from datasets import load_dataset

    path = tmp_path / "articles.parquet"
    pq.write_table(pa.Table.from_pylist(records), path)
    out = tmp_path / "dataset"
    build(path, out, show_progress=False, shard_max_rows=5)
    manifest = json.loads((out / "MANIFEST.json").read_text())
    n = manifest["rows"]["articles"]
    count = -(-n // 5)
    shards = sorted(p.name for p in (out / "articles").glob("*.parquet"))
    assert count >= 2 and shards == [f"train-{k:05d}-of-{count:05d}.parquet" for k in range(count)]
    sizes = [manifest["files"][f"articles/{s}"]["rows"] for s in shards]
    assert sum(sizes) == n and max(sizes) <= 5 and max(sizes) - min(sizes) <= 1  # equal shards under the limit
    card = (out / "README.md").read_text()
    assert "path: articles/train-*.parquet" in card
    croissant = json.loads((out / "croissant.json").read_text())
    filesets = {d["@id"]: d["includes"] for d in croissant["distribution"] if d["@type"] == "cr:FileSet"}
    assert filesets["articles-parquet"] == "articles/train-*.parquet"

    unsharded = {name: publish.read_table_files(one_worker[0], name) for name in manifest["rows"]}
    for name, rows in manifest["rows"].items():
        table = publish.read_table_files(out, name)
        # shard boundaries are a function of the rows: publishing the same rows again, in
        # another order, gives the same files
        again = tmp_path / "again"
        written = publish.write_table_files(again, name, publish.to_arrow(name, table.to_pylist()[::-1]), max_rows=5)
        for rel in written:
            assert (again / rel).read_bytes() == (out / rel).read_bytes(), rel
        ds = load_dataset(str(out), name, split="train")
        assert ds.num_rows == rows == table.num_rows == unsharded[name].num_rows
        if name != "articles":  # articles differ only in seed_file (file name)
            assert table.equals(unsharded[name]), name


def test_bench_baseline_streams_in_the_builds_batches():
    from pokrovsk_coverage import bench, build as b

    assert bench.BATCH_SIZE == b.BATCH_SIZE
    assert "batch_size=int(sys.argv[2])" in bench.SPACY_ONLY and "readlines" not in bench.SPACY_ONLY


def test_build_holds_no_rows_once_spilled(one_worker):
    # Memory flat in the number of articles: each article's output rows go to disk as
    # they come back. By the time the collection-level stages start, every row dict that
    # process_article returned must be garbage; a build that kept its results (a list of
    # ArticleResult, the last batch, a cache) would keep them alive and fail here.
    watched = one_worker[1].watched
    assert watched["rows"] > 3 * N
    assert watched["alive"] == [0], f"{watched['alive']} of {watched['rows']} row dicts still held at the collection stage"


def test_a_spilled_column_read_holds_that_column_only(tmp_path):
    # The IPC reader returns a column as a slice of its batch's whole body; a kept id
    # column (the sort key, a card count) then kept every text of the table resident.
    from pokrovsk_coverage.spill import TableFile

    table = TableFile(tmp_path / "t.arrow", pa.schema([("id", pa.string()), ("text", pa.string())]))
    for b in range(3):
        table.write([{"id": f"a{b}-{i}", "text": "x" * 10_000} for i in range(64)])
    column = table.column("id")
    held = sum(buf.parent.size if buf.parent is not None else buf.size
               for chunk in column.chunks for buf in chunk.buffers() if buf is not None)
    assert column.to_pylist()[:2] == ["a0-0", "a0-1"]
    assert held < 10_000, f"{held:,} bytes held for a {column.nbytes:,}-byte column"


def test_spilled_collection_equals_in_memory_assembly(jsonl, tmp_path, monkeypatch):
    # The streamed collection stage (spilled rows, group-level linking, sources' mentions
    # re-attached in Arrow, tables sorted on disk) gives exactly the tables that assembling
    # and linking every row in memory gives, here with the articles arriving out of id
    # order so that the sorted tables are gathered from the spill, not streamed through.
    import copy

    from pokrovsk_coverage.build import assemble, process_article
    from pokrovsk_coverage.collection import Collection
    from pokrovsk_coverage.link import link
    from pokrovsk_coverage.spill import chunked

    from pokrovsk_coverage import collection as collection_module, spill

    # small spill and output batches, so that sorting gathers rows across many batches
    monkeypatch.setattr(collection_module, "FLUSH_ARTICLES", 2)
    monkeypatch.setattr(spill, "SORTED_BATCH_ROWS", 7)
    results = [process_article(r) for r in read_input(jsonl) if isinstance(r, RawArticle)]
    expected = link(assemble(copy.deepcopy(results)))
    collection = Collection(tmp_path)
    for r in reversed(results):
        collection.add(r)
    tables, stats = collection.finish()
    assert stats["n_quotes"] == len(expected["quotes"]) and stats["n_sources"] == len(expected["sources"])
    for name, table in tables.items():
        got = chunked(table.batches(), publish.ARROW_CHUNK_ROWS, table.schema)
        want = publish.to_arrow(name, expected[name])
        assert got.num_rows == want.num_rows > 0, name
        assert got.equals(want), name
    collection.texts.close()


def test_validation_in_slices_fails_as_whole_tables_do(one_worker, monkeypatch):
    # A table over validate.WHOLE_TABLE_BYTES is never one pandas frame: row-by-row expectations
    # run slice by slice, the rest on the columns they read. The same expectations must
    # fail as when each table is one frame.
    from conftest import ROOT
    from pokrovsk_coverage import validate

    tables = validate.read_release(one_worker[0])
    quotes = tables["quotes"].to_pylist()
    for q in quotes[::40]:
        q["type"] = "bogus"  # in several slices
    quotes[-1]["end"] = quotes[-1]["start"]
    articles = tables["articles"].to_pylist()
    articles[-1]["text"] = ""
    articles[0]["seed_file"] = articles[1]["seed_file"]
    tables["quotes"], tables["articles"] = publish.to_arrow("quotes", quotes), publish.to_arrow("articles", articles)
    whole = validate.run_suites(tables, ROOT / "expectations")
    monkeypatch.setattr(validate, "WHOLE_TABLE_BYTES", 0)
    monkeypatch.setattr(validate, "SLICE_BYTES", 1)
    sliced = validate.run_suites({n: pa.Table.from_batches(t.to_batches(max_chunksize=100 if n != "articles" else 5),
                                                             schema=t.schema) for n, t in tables.items()},
                                 ROOT / "expectations")
    failed = lambda failures: [(f.table, f.detail.split("(")[0]) for f in failures]
    assert failed(sliced) == failed(whole)
    assert set(failed(whole)) >= {("quotes", "expect_column_values_to_be_in_set"),
                                  ("quotes", "expect_column_pair_values_a_to_be_greater_than_b"),
                                  ("articles", "expect_column_value_lengths_to_be_between"),
                                  ("articles", "expect_column_values_to_be_unique")}
