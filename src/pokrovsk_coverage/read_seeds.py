"""Stage 1, read seeds: a folder of ``.txt`` articles -> raw articles or named rejections.

Nothing is dropped silently: every file in the folder becomes a ``RawArticle`` or a
``Rejection`` that names the file and the reason, which the build prints and records in
MANIFEST.json.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

CHECKSUMS = "SHA256SUMS"
# spaCy refuses texts over 1,000,000 characters by default; a file that large is a dump,
# not a news article, and is rejected rather than silently truncated.
MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class RawArticle:
    article_id: str
    seed_file: str
    seed_sha256: str
    raw_text: str


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
        if digest in seen:
            yield Rejection(name, f"same content as {seen[digest]}")
            continue
        text = decode(name, data, max_bytes)
        if isinstance(text, Rejection):
            yield text
            continue
        seen[digest] = name
        yield RawArticle(article_id=path.stem, seed_file=name, seed_sha256=digest, raw_text=text)
