"""croissant.json: valid for mlcroissant, and its record sets load the Parquet files, offline."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pokrovsk_coverage import croissant, publish, schema
from pokrovsk_coverage.card import parquet_path

mlc = pytest.importorskip("mlcroissant")

TABLES = tuple(schema.TABLES)


def _plain(value):
    """mlcroissant yields text as bytes and records keyed '<table>/<column>'; make them comparable."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k.rsplit("/", 1)[-1]: _plain(v) for k, v in value.items()}
    return value


def _records(jsonld: Path, table: str) -> list[dict]:
    ds = mlc.Dataset(jsonld=str(jsonld))
    return [_plain(r) for r in ds.records(record_set=table)]


def test_croissant_has_no_validation_errors(seeds_release):
    ds = mlc.Dataset(jsonld=str(seeds_release / "croissant.json"))
    assert not ds.metadata.issues.errors, ds.metadata.issues.report()
    # warnings are not fatal for mlcroissant, but this metadata has none: keep it that way
    assert not ds.metadata.issues.warnings, ds.metadata.issues.report()


def test_mlcroissant_cli_validates(seeds_release):
    cli = Path(sys.executable).parent / "mlcroissant"
    if not cli.exists():
        pytest.skip("mlcroissant console script not installed in this environment")
    run = subprocess.run([str(cli), "validate", "--jsonld", str(seeds_release / "croissant.json")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "error" not in (run.stdout + run.stderr).lower(), run.stdout + run.stderr


def test_one_record_set_and_one_checksummed_file_per_table(seeds_release):
    meta = json.loads((seeds_release / "croissant.json").read_text())
    assert [r["@id"] for r in meta["recordSet"]] == list(TABLES)
    files = {f["contentUrl"]: f for f in meta["distribution"]}
    assert set(files) == {parquet_path(t) for t in TABLES}
    for rel, entry in files.items():
        assert entry["sha256"] == publish.sha256_file(seeds_release / rel)
    for rs in meta["recordSet"]:
        assert [f["name"] for f in rs["field"]] == schema.column_names(rs["@id"])


@pytest.mark.parametrize("table", TABLES)
def test_records_load_with_the_parquet_row_counts(seeds_release, table):
    records = _records(seeds_release / "croissant.json", table)
    expected = pq.read_table(seeds_release / parquet_path(table))
    assert len(records) == expected.num_rows
    key = schema.PRIMARY_KEYS[table]
    assert sorted(r[key] for r in records) == sorted(expected.column(key).to_pylist())


def test_nested_list_columns_load_with_their_values(seeds_release, tmp_path):
    """The seeds' reuse table may be empty and no source may have aliases yet, so the nested
    columns are exercised on a copy with rows put in: list of strings (aliases) and lists of
    structs (mentions, shared_passages) must come back value for value."""
    out = tmp_path / "dataset"
    shutil.copytree(seeds_release, out)
    tables = {t: pq.read_table(out / parquet_path(t)) for t in TABLES}
    articles = tables["articles"].to_pylist()
    a, b = articles[0]["article_id"], articles[-1]["article_id"]
    passage = {"start": 0, "end": 5, "source_start": 2, "source_end": 7, "text": articles[0]["text"][:5]}
    reuse = [
        {"pair_id": f"{a}~{b}", "article_id": a, "source_article_id": b, "relation": "rewrite",
         "similarity": 0.5, "shared_passages": [passage, {**passage, "start": 1, "text": articles[0]["text"][1:5]}]},
        {"pair_id": f"{b}~{a}", "article_id": b, "source_article_id": a, "relation": "summary",
         "similarity": 0.25, "shared_passages": []},
    ]
    sources = tables["sources"].to_pylist()
    sources[0]["aliases"] = ["alias one", "alias two"]
    tables["reuse"] = publish.to_arrow("reuse", reuse)
    tables["sources"] = publish.to_arrow("sources", sources)
    for t in ("reuse", "sources"):
        publish.write_parquet(tables[t], out / parquet_path(t))
    checksums = {parquet_path(t): publish.sha256_file(out / parquet_path(t)) for t in TABLES}
    publish.write_json(out / "croissant.json", croissant.metadata(tables, checksums))

    got = {r["pair_id"]: r for r in _records(out / "croissant.json", "reuse")}
    assert set(got) == {r["pair_id"] for r in reuse}
    for want in reuse:
        assert got[want["pair_id"]]["shared_passages"] == want["shared_passages"]
    got_sources = {r["source_id"]: r for r in _records(out / "croissant.json", "sources")}
    for want in tables["sources"].to_pylist():
        assert got_sources[want["source_id"]]["aliases"] == want["aliases"]
        assert got_sources[want["source_id"]]["mentions"] == want["mentions"]
