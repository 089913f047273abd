"""``pokrovsk-coverage bench``: the full build against spaCy alone, on N articles made
from the seeds, each run in its own subprocess so its wall time and peak RSS are its own.

The articles are the seeds varied deterministically (the first lines kept, the rest of the
lines permuted by a seeded RNG, an index sentence appended), so none is a byte-identical
duplicate the reader would reject. Words are whitespace-separated words of the raw texts,
the same count for both, so words/s compare like with like.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .read_seeds import RawArticle, read_folder

# The build's batch size, without importing the build (and its extractors) into the baseline.
BATCH_SIZE = 16

HEADER_LINES = 3  # headline and standfirst stay on top, where the cleaner looks for them

# Bare spaCy, timed from the first text to the last Doc: the floor for any spaCy pipeline.
# It streams like the build: texts read one line at a time, Docs made in batches of the
# build's BATCH_SIZE and dropped as soon as they are consumed, so its peak RSS is the
# model plus one batch, as a build worker's is (nlp.pipe's default batch of 1,000 Docs,
# over a list of every text, peaked at 4 GiB at 1,000 articles).
SPACY_ONLY = """
import json, sys, time
from pokrovsk_coverage.parse import load_nlp
def texts():
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]
nlp = load_nlp()
started, cpu = time.perf_counter(), time.process_time()
n = 0
for doc in nlp.pipe(texts(), batch_size=int(sys.argv[2])):
    n += len(doc)
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "tokens": n}))
"""


def make_articles(seeds: Path, n: int) -> list[dict]:
    bases = [r for r in read_folder(seeds) if isinstance(r, RawArticle)]
    if not bases:
        raise ValueError(f"{seeds}: no readable .txt articles to vary")
    records = []
    for i in range(n):
        base = bases[i % len(bases)]
        lines = base.raw_text.split("\n")
        head, body = lines[:HEADER_LINES], lines[HEADER_LINES:]
        random.Random(i).shuffle(body)
        text = "\n".join(head + body).rstrip("\n") + f"\n\nThis is benchmark copy {i} of {base.article_id}.\n"
        records.append({"id": f"bench-{i:07d}", "text": text})
    return records


def write_jsonl(records: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main(args) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="pokrovsk-bench-")) if args.keep is None else args.keep
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        return _bench(args, tmp)
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


def _bench(args, tmp: Path) -> int:
    records = make_articles(args.seeds, args.articles)
    jsonl = tmp / "bench.jsonl"
    write_jsonl(records, jsonl)
    n, words = len(records), sum(len(r["text"].split()) for r in records)
    del records
    print(f"{n:,} articles, {words:,} words ({words / n:,.0f} per article), {os.cpu_count()} CPU(s)", flush=True)

    runs = []
    if not args.no_spacy:
        script = tmp / "spacy_only.py"
        script.write_text(SPACY_ONLY, encoding="utf-8")
        runs.append(("spaCy alone, nlp.pipe, 1 process", _measure([sys.executable, str(script), str(jsonl), str(BATCH_SIZE)])))
        inner = json.loads(runs[-1][1]["stdout"])
        runs[-1][1]["parse_seconds"], runs[-1][1]["parse_cpu"] = inner["seconds"], inner["cpu"]
    for w in args.workers:
        out = tmp / f"build-w{w}"
        report = tmp / f"report-w{w}.json"
        cmd = [sys.executable, "-m", "pokrovsk_coverage.cli", "build", "--seeds", str(jsonl), "--out", str(out),
               "--no-progress", "--workers", str(w), "--engine", args.engine, "--report-json", str(report)]
        m = _measure(cmd)
        data = json.loads(report.read_text(encoding="utf-8"))
        m["phases"] = data["phases"]
        # the build process's own RSS high-water mark at the end of each phase (MiB)
        m["peak_rss_mib_after"] = data.get("peak_rss_mib", {})
        m["rows"] = data["rows"]
        m["rejected"] = len(data["rejections"])
        runs.append((f"build --engine {args.engine} --workers {w}", m))

    results = {"articles": n, "words": words, "cpus": os.cpu_count(), "runs": {}}
    # Wall time is what a user waits; CPU time (user + system, every process of the run) is
    # what the work costs, and is far less disturbed by other jobs sharing the machine.
    print(f"\n{'run':40} {'wall s':>7} {'CPU s':>7} {'articles/s':>10} {'words/s':>8} {'words/CPU-s':>11} {'peak RSS':>9}")
    for name, m in runs:
        seconds, cpu = m.get("parse_seconds", m["seconds"]), m.get("parse_cpu", m["cpu"])
        results["runs"][name] = {k: v for k, v in m.items() if k != "stdout"}
        print(f"{name:40} {seconds:7.1f} {cpu:7.1f} {n / seconds:10.2f} {words / seconds:8,.0f} {words / cpu:11,.0f}"
              f" {m['peak_rss'] / 2**20:5,.0f} MiB")
        if "phases" in m:
            process = m["phases"]["read and process"]
            phases = ", ".join(f"{k} {v:.1f}" for k, v in m["phases"].items())
            print(f"{'':4}phases (wall s): {phases}; per-article stage alone {words / process:,.0f} words/s")
            if m.get("peak_rss_mib_after"):
                peaks = ", ".join(f"{k} {v:,.0f}" for k, v in m["peak_rss_mib_after"].items())
                print(f"{'':4}peak RSS of the build process after each phase (MiB): {peaks}")
    spacy = next((m for name, m in runs if "parse_seconds" in m), None)
    builds = [(name, m) for name, m in runs if "phases" in m]
    if spacy and builds:
        name, first = builds[0]
        wall = spacy["parse_seconds"] / first["seconds"]
        stage = spacy["parse_seconds"] / first["phases"]["read and process"]
        cpu = spacy["parse_cpu"] / first["cpu"]
        results["build_vs_spacy"] = {"wall_end_to_end": wall, "wall_per_article_stage": stage, "cpu_end_to_end": cpu}
        print(f"\n{name} / spaCy alone throughput: {wall:.2f} wall end to end, {stage:.2f} wall on the "
              f"per-article stage, {cpu:.2f} in CPU time end to end (target >= 0.7)")
    if len(builds) >= 2:
        (n1, m1), (n2, m2) = builds[0], builds[1]
        scaling = m1["seconds"] / m2["seconds"]
        stage = m1["phases"]["read and process"] / m2["phases"]["read and process"]
        results["scaling"] = {"wall_end_to_end": scaling, "wall_per_article_stage": stage}
        print(f"{n2} vs {n1}: {scaling:.2f}x faster end to end, {stage:.2f}x on the per-article stage (target >= 1.7)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_rss": usage.ru_maxrss * 1024,
                  "returncode": proc.returncode,
                  "stdout": proc.stdout, "stderr": proc.stderr[-4000:]}))
"""


def _measure(cmd: list[str]) -> dict:
    """Run ``cmd`` under a fresh measuring process: wall seconds and the RSS high-water mark
    of the largest process it started (the build itself, or a worker)."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], stdout=subprocess.PIPE, text=True, check=True)
    m = json.loads(out.stdout)
    if m["returncode"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {m['returncode']}:\n{m['stderr']}")
    return m
