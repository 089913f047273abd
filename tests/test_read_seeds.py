"""Stage 1: every input file becomes a raw article or a named rejection."""
from __future__ import annotations

import hashlib

from pokrovsk_coverage.read_seeds import RawArticle, Rejection, decode, read_folder


def test_decode_accepts_bom_and_crlf():
    text = decode("a.txt", "\ufeffHello\r\nworld".encode("utf-8"))
    assert text == "Hello\r\nworld"


def test_decode_names_each_bad_input():
    assert "empty" in decode("e.txt", b"").reason
    assert "NUL" in decode("n.txt", b"abc\x00def").reason
    latin1 = decode("l.txt", "Zelenskyy a déclaré".encode("latin-1"))
    assert isinstance(latin1, Rejection) and "UTF-8" in latin1.reason and "0xe9" in latin1.reason
    assert "limit" in decode("big.txt", b"a" * 3_000_000).reason
    assert "whitespace" in decode("w.txt", b"  \n\t ").reason


def test_folder_rows_and_rejections(tmp_path):
    body = "Kyiv said on Monday that the city was holding.\n".encode()
    (tmp_path / "a.txt").write_bytes(body)
    (tmp_path / "b.txt").write_bytes(body)  # same content as a.txt
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / "SHA256SUMS").write_text(
        f"{hashlib.sha256(body).hexdigest()}  a.txt\n{'0' * 64}  e.txt\n"
    )
    (tmp_path / "e.txt").write_text("edited after the checksum was taken")
    items = {(i.article_id if isinstance(i, RawArticle) else i.file): i for i in read_folder(tmp_path)}
    assert isinstance(items["a"], RawArticle) and items["a"].seed_sha256 == hashlib.sha256(body).hexdigest()
    reasons = {k: v.reason for k, v in items.items() if isinstance(v, Rejection)}
    assert reasons["b.txt"] == "same content as a.txt"
    assert reasons["c.txt"] == "empty file"
    assert "NUL" in reasons["d.txt"] or "UTF-8" in reasons["d.txt"]
    assert reasons["notes.md"] == "not a .txt file"
    assert "does not match SHA256SUMS" in reasons["e.txt"]
    assert len(items) == 6  # nothing dropped


def test_seed_checksums_hold():
    from conftest import SEEDS

    items = list(read_folder(SEEDS))
    assert all(isinstance(i, RawArticle) for i in items), [i for i in items if isinstance(i, Rejection)]
    assert len(items) == 5
