"""Stage 1, read seeds: a folder of ``.txt`` articles, or one JSONL or Parquet file of
article records -> raw articles or named rejections.

Nothing is dropped silently: every file in the folder (every record of the file) becomes a
``RawArticle`` or a ``Rejection`` that names the file (record) and the reason, which the
build prints and records in MANIFEST.json. Record files are read as a stream (JSONL line by
line, Parquet batch by batch), so a million-article file never sits in memory at once.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

CHECKSUMS = "SHA256SUMS"
# spaCy refuses texts over 1,000,000 characters by default; a file that large is a dump,
# not a news article, and is rejected rather than silently truncated.
MAX_BYTES = 1_000_000
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
# Record fields beyond id/text that are kept on the raw article for provenance. The tables
# state outlet and date only with a cue found in the text, so these do not fill them.
METADATA_FIELDS = ("url", "outlet", "date")
PARQUET_BATCH_ROWS = 1_000


@dataclass(frozen=True)
class RawArticle:
    article_id: str
    seed_file: str
    seed_sha256: str
    raw_text: str
    metadata: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rejection:
    file: str
    reason: str


def read_checksums(folder: Path) -> dict[str, str]:
    path = folder / CHECKSUMS
    if not path.exists():
        return {}
    sums = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.lstrip("*")] = digest.lower()
    return sums


def decode(name: str, data: bytes, max_bytes: int = MAX_BYTES) -> str | Rejection:
    """The article text, or why it cannot be one."""
    if not data:
        return Rejection(name, "empty file")
    if len(data) > max_bytes:
        return Rejection(name, f"{len(data):,} bytes is over the {max_bytes:,}-byte limit for one article")
    if b"\x00" in data:
        return Rejection(name, f"NUL byte at offset {data.index(0)}: binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Rejection(
            name,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-encode the file as UTF-8",
        )
    if not text.strip():
        return Rejection(name, "no text: only whitespace")
    return text


def admit(name: str, data: bytes, digest: str, seen: dict[str, str], max_bytes: int) -> str | Rejection:
    """The text of an article not seen before, or why it is no article; a folder and a
    record file apply the same rules (duplicate content, then ``decode``)."""
    if digest in seen:
        return Rejection(name, f"same content as {seen[digest]}")
    text = decode(name, data, max_bytes)
    if isinstance(text, Rejection):
        return text
    seen[digest] = name
    return text


def read_folder(folder: Path, max_bytes: int = MAX_BYTES) -> Iterator[RawArticle | Rejection]:
    """Every file of ``folder`` in name order, as a raw article or a rejection."""
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder of .txt articles")
    sums = read_checksums(folder)
    seen: dict[str, str] = {}
    names = sorted(p.name for p in folder.iterdir() if p.name != CHECKSUMS)
    for name in sorted(set(sums) - set(names)):
        yield Rejection(name, f"listed in {CHECKSUMS} but missing from the folder")
    for name in names:
        path = folder / name
        if path.is_dir() or name.startswith("."):
            continue  # sub-folders and hidden files are not inputs; .txt files are
        if path.suffix.lower() != ".txt":
            yield Rejection(name, "not a .txt file")
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Rejection(name, f"unreadable: {exc.strerror}")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if name in sums and sums[name] != digest:
            yield Rejection(name, f"sha256 {digest[:12]}… does not match {CHECKSUMS} ({sums[name][:12]}…): the seed was edited")
            continue
        text = admit(name, data, digest, seen, max_bytes)
        if isinstance(text, Rejection):
            yield text
            continue
        yield RawArticle(article_id=path.stem, seed_file=name, seed_sha256=digest, raw_text=text)


def is_record_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in JSONL_SUFFIXES + PARQUET_SUFFIXES


def read_input(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[RawArticle | Rejection]:
    """A folder of ``.txt`` files, or a JSONL/Parquet file of article records."""
    if path.is_dir():
        return read_folder(path, max_bytes=max_bytes)
    if is_record_file(path):
        return read_records(path, max_bytes=max_bytes)
    raise NotADirectoryError(f"{path}: not a folder of .txt articles nor a .jsonl/.parquet file of articles")


def count_input(path: Path) -> int:
    """How many items ``read_input`` will yield, roughly (for a progress bar's ETA), read cheaply."""
    if path.is_dir():
        return sum(1 for p in path.iterdir() if p.name != CHECKSUMS and not p.name.startswith(".") and not p.is_dir())
    if path.suffix.lower() in PARQUET_SUFFIXES:
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    n = 0
    with path.open("rb") as f:
        for line in f:
            n += bool(line.strip())
    return n


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_records(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[RawArticle | Rejection]:
    """Every record of a JSONL or Parquet file, in file order, as a raw article or a rejection.

    A record is ``{"id", "text"}`` plus optional ``url``/``outlet``/``date``; ``id`` becomes
    ``article_id``, ``seed_file`` is ``<file name>#<id>`` and ``seed_sha256`` the SHA-256 of
    the text's UTF-8 bytes. The folder rules apply to the text (empty, too large, NUL bytes,
    duplicate content), plus duplicate ids and records that are not JSON objects.
    """
    if path.suffix.lower() in PARQUET_SUFFIXES:
        records = _parquet_records(path)
    else:
        records = _jsonl_records(path)
    return _raw_articles(path.name, records, max_bytes)


def _jsonl_records(path: Path) -> Iterator[tuple[str, Any]]:
    with path.open("rb") as f:
        for lineno, line in enumerate(f, 1):
            where = f"line {lineno}"
            if not line.strip():
                continue  # blank lines separate nothing and hold no record
            try:
                text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield where, Rejection("", f"{where}: not valid UTF-8 (byte 0x{line[exc.start]:02x} at column {exc.start})")
                continue
            try:
                yield where, json.loads(text)
            except json.JSONDecodeError as exc:
                yield where, Rejection("", f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")


def _parquet_records(path: Path) -> Iterator[tuple[str, Any]]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    wanted = [c for c in ("id", "text", *METADATA_FIELDS) if c in parquet.schema_arrow.names]
    row = 0
    for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=wanted):
        for record in batch.to_pylist():
            row += 1
            yield f"row {row}", record


def _record_id(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip() == value and value and value.isprintable():
        return value
    return None


def _raw_articles(name: str, records: Iterable[tuple[str, Any]], max_bytes: int) -> Iterator[RawArticle | Rejection]:
    seen_ids: dict[str, str] = {}
    seen_content: dict[str, str] = {}
    for where, record in records:
        if isinstance(record, Rejection):
            yield Rejection(f"{name}#{where}", record.reason)
            continue
        if not isinstance(record, dict):
            yield Rejection(f"{name}#{where}", f"{where}: a record must be a JSON object with id and text, not {type(record).__name__}")
            continue
        if record.get("id") is None:
            yield Rejection(f"{name}#{where}", f"{where}: no id")
            continue
        article_id = _record_id(record["id"])
        if article_id is None:
            yield Rejection(f"{name}#{where}", f"{where}: id {record['id']!r} is not a non-empty string or integer without surrounding spaces")
            continue
        seed_file = f"{name}#{article_id}"
        if article_id in seen_ids:
            yield Rejection(f"{name}#{where}", f"{where}: duplicate id {article_id!r}, first at {seen_ids[article_id]}")
            continue
        seen_ids[article_id] = where
        text = record.get("text")
        if text is None:
            yield Rejection(seed_file, f"{where}: no text")
            continue
        if not isinstance(text, str):
            yield Rejection(seed_file, f"{where}: text is {type(text).__name__}, not a string")
            continue
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            yield Rejection(seed_file, f"{where}: text has lone surrogates, not valid Unicode")
            continue
        digest = hashlib.sha256(data).hexdigest()
        decoded = admit(seed_file, data, digest, seen_content, max_bytes)
        if isinstance(decoded, Rejection):
            yield decoded
            continue
        metadata = tuple((k, str(record[k])) for k in METADATA_FIELDS if record.get(k) is not None)
        yield RawArticle(article_id=article_id, seed_file=seed_file, seed_sha256=digest, raw_text=decoded, metadata=metadata)
