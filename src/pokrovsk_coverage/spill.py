"""On-disk, columnar storage for the build's rows between the per-article stage and publish,
so the build's memory does not grow with the collection.

- ``TableFile``: one table's rows as an Arrow IPC file written a record batch at a time.
  It is read back a batch at a time (``batches``), by batch number (``batch``), or one
  column at a time (``column``); nothing keeps a whole table unless asked (``read``).
- ``TextStore``: article texts appended to one file, read back by article with
  ``os.pread``; what the reuse alignment and the cross-table checks look texts up in.
- ``sort_table``: a ``TableFile`` rewritten in primary-key order, a slice of output rows
  at a time, reading only the input batches that slice needs.

Files are plain Arrow IPC (no memory mapping), so what is resident is what is being read.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

# Rows per record batch when rows are written in sorted order: small enough that one
# batch of article texts is a few MiB, large enough that per-batch costs stay negligible.
SORTED_BATCH_ROWS = 500


def release_memory() -> None:
    """Hand memory freed by the last step back to the system (Arrow's pool and, on glibc,
    the C heap), so that the next step starts from what is live rather than from the
    allocators' high-water marks."""
    pa.default_memory_pool().release_unused()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class TableFile:
    """A table's rows in an Arrow IPC file, appended with ``write`` and read back lazily.

    Duck-types what the card, croissant.json, the manifest and validation read of a
    ``pa.Table``: ``num_rows``, ``column_names``, ``schema``, ``column(name)``."""

    def __init__(self, path: Path, schema: pa.Schema):
        self.path = Path(path)
        self.schema = schema
        self.num_rows = 0
        self.nbytes = 0
        self.batch_rows: list[int] = []
        self._writer = None
        self._sink = None

    @property
    def column_names(self) -> list[str]:
        return self.schema.names

    def write(self, data: pa.RecordBatch | pa.Table | list[dict]) -> None:
        if isinstance(data, list):
            if not data:
                return
            data = pa.RecordBatch.from_pylist(data, schema=self.schema)
        if data.num_rows == 0:
            return
        if self._writer is None:
            self._sink = pa.OSFile(str(self.path), "wb")
            self._writer = ipc.new_file(self._sink, self.schema)
        batches = data.to_batches() if isinstance(data, pa.Table) else [data]
        for b in batches:
            if b.num_rows:
                self._writer.write_batch(b)
                self.batch_rows.append(b.num_rows)
                self.num_rows += b.num_rows
                self.nbytes += b.nbytes

    def close(self) -> "TableFile":
        if self._writer is not None:
            self._writer.close()
            self._sink.close()
            self._writer = self._sink = None
        return self

    def _reader(self):
        return ipc.open_file(pa.OSFile(str(self.path), "rb"))

    def batches(self, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        self.close()
        if not self.num_rows:
            return
        if columns is None:
            reader = self._reader()
        else:  # read only these columns' buffers from disk
            fields = [self.schema.get_field_index(c) for c in columns]
            reader = ipc.open_file(pa.OSFile(str(self.path), "rb"), options=ipc.IpcReadOptions(included_fields=sorted(fields)))
        for i in range(reader.num_record_batches):
            b = reader.get_batch(i)
            if columns is None:
                yield b
            else:
                # The reader hands the chosen columns out as slices of the batch's whole
                # body, read in one piece: kept, an id column kept every text of the table
                # resident (130 MiB of articles at 10,000). Copied out, the body is freed.
                b = b.select(columns)
                yield pa.RecordBatch.from_arrays([pa.concat_arrays([c]) for c in b.columns], schema=b.schema)

    def batch(self, i: int) -> pa.RecordBatch:
        self.close()
        return self._reader().get_batch(i)

    def read(self, columns: list[str] | None = None) -> pa.Table:
        schema = self.schema if columns is None else pa.schema([self.schema.field(c) for c in columns], metadata=self.schema.metadata)
        batches = list(self.batches(columns))
        return pa.Table.from_batches(batches, schema=schema) if batches else schema.empty_table()

    def column(self, name: str) -> pa.ChunkedArray:
        return self.read([name]).column(0)


class TextStore:
    """Article texts in one file, by article id: appended while articles are processed,
    read back one text at a time (the last few cached)."""

    CACHE = 64

    def __init__(self, path: Path):
        self.path = Path(path)
        self._f = open(self.path, "wb")
        self._fd = None
        self.index: dict[str, tuple[int, int]] = {}
        self._offset = 0
        self._cache: dict[str, str] = {}

    def add(self, article_id: str, text: str) -> None:
        data = text.encode("utf-8")
        self._f.write(data)
        self.index[article_id] = (self._offset, len(data))
        self._offset += len(data)

    def __contains__(self, article_id) -> bool:
        return article_id in self.index

    def __getitem__(self, article_id: str) -> str:
        text = self._cache.get(article_id)
        if text is None:
            if self._fd is None:
                self._f.close()
                self._fd = os.open(self.path, os.O_RDONLY)
            offset, size = self.index[article_id]
            text = os.pread(self._fd, size, offset).decode("utf-8")
            if len(self._cache) >= self.CACHE:
                self._cache.pop(next(iter(self._cache)))
            self._cache[article_id] = text
        return text

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._f.close()


def sort_table(src: TableFile, key: str, dest: Path, schema: pa.Schema,
               transform: Callable[[pa.RecordBatch, np.ndarray], pa.RecordBatch] | None = None,
               batch_rows: int | None = None) -> TableFile:
    """``src`` rewritten to ``dest`` in ascending ``key`` order (byte order of UTF-8, which
    is Python's order of ``str``), ``batch_rows`` rows per batch. ``transform(batch, rows)``
    turns each sorted batch of ``src`` rows (``rows``: their positions in ``src``) into a
    batch of ``schema``. Input already in key order (the usual case: seeds are read in
    name order) is streamed through; otherwise each output slice reads the input batches
    that hold its rows."""
    batch_rows = batch_rows or SORTED_BATCH_ROWS
    out = TableFile(dest, schema)
    if src.num_rows == 0:
        return out.close()
    keys = src.column(key)
    order = pc.sort_indices(keys).to_numpy().astype(np.int64)
    del keys
    starts = np.cumsum([0] + src.batch_rows)
    in_order = bool(np.all(order[1:] > order[:-1]))
    if in_order:
        pending: list[pa.RecordBatch] = []
        position = 0
        for b in src.batches():
            pending.append(b)
            while sum(x.num_rows for x in pending) >= batch_rows:
                table = pa.Table.from_batches(pending).combine_chunks()
                head, rest = table.slice(0, batch_rows), table.slice(batch_rows)
                out.write(_finish(head, position, transform))
                position += batch_rows
                pending = rest.to_batches() if rest.num_rows else []
        if pending:
            out.write(_finish(pa.Table.from_batches(pending).combine_chunks(), position, transform))
        return out.close()
    batch_of = np.searchsorted(starts, order, side="right") - 1
    for s in range(0, len(order), batch_rows):
        rows = order[s:s + batch_rows]
        where = batch_of[s:s + batch_rows]
        pieces, positions = [], []
        # one input batch at a time: read it, keep the rows of this slice, drop it
        for i in np.unique(where).tolist():
            sel = np.flatnonzero(where == i)
            pieces.append(src.batch(i).take(pa.array(rows[sel] - starts[i])))
            positions.append(sel)
        table = pa.Table.from_batches(pieces, schema=src.schema)
        del pieces
        back = np.empty(len(rows), dtype=np.int64)
        back[np.concatenate(positions)] = np.arange(len(rows), dtype=np.int64)
        table = table.take(pa.array(back)).combine_chunks()  # back in key order
        out.write(_finish_rows(table, rows, transform))
        del table
    return out.close()


def _finish(table: pa.Table, position: int, transform) -> pa.RecordBatch:
    rows = np.arange(position, position + table.num_rows, dtype=np.int64)
    return _finish_rows(table, rows, transform)


def _finish_rows(table: pa.Table, rows: np.ndarray, transform) -> pa.RecordBatch:
    batches = table.to_batches()
    batch = batches[0] if len(batches) == 1 else pa.Table.from_batches(batches).combine_chunks().to_batches()[0]
    return transform(batch, rows) if transform is not None else batch


def chunked(batches: Iterable[pa.RecordBatch], rows: int, schema: pa.Schema) -> pa.Table:
    """Batches regrouped into a table of ``rows``-row chunks (the last shorter), each chunk
    one contiguous array per column: the layout ``publish.to_arrow`` gives."""
    chunks, pending, n = [], [], 0
    for b in batches:
        while b.num_rows:
            take = min(rows - n, b.num_rows)
            pending.append(b.slice(0, take))
            b = b.slice(take)
            n += take
            if n == rows:
                chunks.append(pa.Table.from_batches(pending, schema=schema).combine_chunks())
                pending, n = [], 0
    if pending:
        chunks.append(pa.Table.from_batches(pending, schema=schema).combine_chunks())
    if not chunks:
        return schema.empty_table()
    return pa.concat_tables(chunks)


class MappedTable:
    """A ``TableFile`` laid out as ``publish.to_arrow`` lays a table out (``rows``-row
    chunks, one contiguous array per column and chunk), one file per column, and read back
    as a ``pa.Table`` whose buffers are memory-mapped from those files. Inside
    ``released()`` a thread keeps returning the mapped pages to the page cache
    (``madvise(MADV_DONTNEED)``; they are read again from the file if touched again), so
    the Parquet writer, which reads the table column by column, never has the whole table
    resident. Building it holds one column of one chunk at a time."""

    def __init__(self, src: TableFile, folder: Path, rows: int):
        import mmap

        self._maps = []
        columns = []
        src.close()
        with open(src.path, "rb") as f:
            source_map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            # the sorted rows, mapped too: a chunk's pieces are views into the page cache
            pager = _Pager([source_map])
            reader = ipc.open_file(pa.BufferReader(pa.py_buffer(source_map)))
            for k, field in enumerate(src.schema):
                path = Path(folder) / f"{src.path.stem}.col{k:03d}.arrow"
                col_schema = pa.schema([field])
                with pa.OSFile(str(path), "wb") as sink, ipc.new_file(sink, col_schema) as writer:
                    pending, n = [], 0

                    def write():
                        writer.write_batch(pa.record_batch([pa.concat_arrays(pending)], schema=col_schema))
                        pending.clear()
                        source_map.madvise(mmap.MADV_DONTNEED)

                    for i in range(reader.num_record_batches):
                        arr = reader.get_batch(i).column(k)
                        while len(arr):
                            take = min(rows - n, len(arr))
                            pending.append(arr.slice(0, take))
                            arr = arr.slice(take)
                            n += take
                            if n == rows:
                                write()
                                n = 0
                    if pending:
                        write()
                with open(path, "rb") as f:
                    mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                self._maps.append(mm)
                columns.append(ipc.open_file(pa.BufferReader(pa.py_buffer(mm))).read_all().column(0))
            del reader, arr
        finally:
            pager.stop()
            try:
                source_map.close()
            except BufferError:
                pass
        self.table = pa.Table.from_arrays(columns, schema=src.schema)

    def released(self):
        """Context manager: the table, its mapped pages released as they are read."""
        import contextlib

        @contextlib.contextmanager
        def paging():
            pager = _Pager(self._maps)
            try:
                yield self.table
            finally:
                pager.stop()

        return paging()

    def close(self) -> None:
        self.table = None
        for mm in self._maps:
            try:
                mm.close()
            except BufferError:  # still exported by a buffer someone holds: unmapped when freed
                pass
        self._maps = []


class _Pager:
    """A thread that every ``interval`` seconds returns the pages of ``maps`` (read-only
    file mappings) to the page cache, so what is resident of them is what was read since."""

    def __init__(self, maps, interval: float = 0.02):
        import threading

        self.maps = maps
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), name="spill-pager", daemon=True)
        self._thread.start()

    def release(self) -> None:
        import mmap

        for mm in self.maps:
            if not mm.closed:
                mm.madvise(mmap.MADV_DONTNEED)

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.release()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self.release()
