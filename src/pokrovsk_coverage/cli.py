"""The command line: thin wrappers over build, validate, evaluate and bench."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_CODES = """exit codes:
  0  success (build: every table passed validation and the release is in place)
  1  validation failed: the failing checks are listed; the previous --out is untouched
  2  usage error or unusable input (argparse errors, missing folder or file)
  3  evaluate: a gold file could not be read or matched to an article
"""


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive integer")
    return n


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pokrovsk-coverage",
        description="Build, validate and evaluate the Pokrovsk Coverage dataset: four Parquet tables "
                    "(articles, quotes, figures, sources) built from a folder of UTF-8 .txt articles.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build and publish the tables from a folder of .txt articles",
                       description="Read every .txt file of --seeds, extract the four tables, validate them and, only "
                                   "if every check passes, replace --out atomically. Unreadable files become named "
                                   "rejections in the report and in MANIFEST.json.",
                       epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("--seeds", type=Path, default=Path("seeds"),
                   help="folder of UTF-8 .txt articles, or a .jsonl/.parquet file of records {id, text[, url, outlet, date]} "
                        "(default: seeds)")
    b.add_argument("--out", type=Path, default=Path("dataset"), help="release folder to write (default: dataset)")
    b.add_argument("--expectations", type=Path, default=None, help="folder of Great Expectations suites (default: the project's expectations/)")
    b.add_argument("--card-template", type=Path, default=None, help="card source text (default: the project's DATACARD.md)")
    b.add_argument("--max-bytes", type=int, default=None, help="reject files larger than this (default: 1,000,000)")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")
    b.add_argument("--workers", type=_positive, default=1,
                   help="processes running the per-article work (local engine) or LocalCluster workers (dask engine "
                        "without --scheduler); the output does not depend on it (default: 1)")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this machine (a process pool when --workers > 1); dask: a Dask cluster (default: local)")
    b.add_argument("--scheduler", default=None,
                   help="dask engine: address of a running scheduler (tcp://host:8786), e.g. on Slurm or Kubernetes; "
                        "without it a LocalCluster of --workers processes is started")
    b.add_argument("--batch-size", type=_positive, default=None, help="articles per unit of work (default: 16)")
    b.add_argument("--shard-max-bytes", type=_positive, default=None,
                   help="split a table into train-0000k-of-0000n.parquet files above this many Arrow bytes (default: 256 MiB)")
    b.add_argument("--shard-max-rows", type=_positive, default=None,
                   help="... or above this many rows per file (default: 1,000,000)")
    b.add_argument("--report-json", type=Path, default=None, help="also write the build report (rows, rejections, phase times) as JSON")

    n = sub.add_parser("bench", help="time the build on N articles made from the seeds against bare spaCy",
                       description="Make N distinct articles from --seeds (paragraphs permuted, an index sentence added), "
                                   "then, each in its own subprocess, parse them with spaCy alone and build them with each "
                                   "worker count; print articles/s, words/s and peak RSS.",
                       epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    n.add_argument("--articles", type=_positive, default=1000, help="how many articles (default: 1000)")
    n.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of .txt articles to vary (default: seeds)")
    n.add_argument("--workers", type=_positive, nargs="+", default=[1, 2], help="worker counts to build with (default: 1 2)")
    n.add_argument("--engine", choices=("local", "dask"), default="local", help="engine for the builds (default: local)")
    n.add_argument("--no-spacy", action="store_true", help="skip the bare-spaCy baseline")
    n.add_argument("--keep", type=Path, default=None, help="keep the generated JSONL and the builds in this folder")
    n.add_argument("--json", type=Path, default=None, help="also write the measurements as JSON")

    v = sub.add_parser("validate", help="run the expectation suites and cross-table checks on a built dataset",
                       epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("--out", type=Path, default=Path("dataset"), help="built release folder (default: dataset)")
    v.add_argument("--expectations", type=Path, default=None, help="folder of suites (default: the project's expectations/)")

    e = sub.add_parser("evaluate", help="score a built dataset against gold annotation files",
                       description="Print precision, recall and F1 per table against gold files in the format of "
                                   "the gold guidelines (GUIDELINES.md beside the gold files).",
                       epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("--gold", type=Path, required=True, help="folder of gold JSON files, one per article")
    e.add_argument("--out", type=Path, default=Path("dataset"), help="built release folder (default: dataset)")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.add_argument("--write-card", action="store_true", help="also write the score table into the release's README.md")
    e.add_argument("--errors", action="store_true",
                   help="also list each gold quote missed or given another speaker, and each predicted quote "
                        "no gold quote matches (tab-separated: article, error, speakers and cues, text)")
    e.add_argument("--heldout", type=Path, action="append", default=None, metavar="DIR",
                   help="also build and score a held-out folder (.txt articles with their gold .json beside them); "
                        "repeat for several sets, each a row of the card's held-out table")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "build":
        return _build(args)
    if args.command == "validate":
        return _validate(args)
    if args.command == "bench":
        from .bench import main as bench_main

        return bench_main(args)
    return _evaluate(args)


def _build(args) -> int:
    from . import publish
    from .build import BATCH_SIZE, build
    from .read_seeds import MAX_BYTES, is_record_file
    from .validate import ValidationError

    if not (args.seeds.is_dir() or is_record_file(args.seeds)):
        print(f"error: --seeds {args.seeds}: not a folder of .txt articles nor a .jsonl/.parquet file", file=sys.stderr)
        return 2
    if args.scheduler and args.engine != "dask":
        print("error: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    try:
        report = build(args.seeds, args.out, expectations=args.expectations, card_template=args.card_template,
                       max_bytes=args.max_bytes or MAX_BYTES, show_progress=False if args.no_progress else None,
                       workers=args.workers, engine=args.engine, scheduler=args.scheduler,
                       batch_size=args.batch_size or BATCH_SIZE,
                       shard_max_bytes=args.shard_max_bytes or publish.SHARD_MAX_BYTES,
                       shard_max_rows=args.shard_max_rows or publish.SHARD_MAX_ROWS)
    except ValidationError as exc:
        print(f"validation failed; {args.out} left as it was:", file=sys.stderr)
        for failure in exc.failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    if args.report_json:
        report.write_json(args.report_json)
    print(report.summary())
    print(f"release written to {args.out}")
    return 0


def _validate(args) -> int:
    from .build import project_root
    from .validate import validate_release

    failures = validate_release(args.out, args.expectations or project_root() / "expectations")
    for failure in failures:
        print(f"  {failure}", file=sys.stderr)
    if failures:
        print(f"{len(failures)} check(s) failed on {args.out}", file=sys.stderr)
        return 1
    print(f"{args.out}: every expectation and cross-table check passed")
    return 0


def _evaluate(args) -> int:
    from .evaluate import GoldError, evaluate_release

    try:
        return evaluate_release(args.gold, args.out, as_json=args.json, write_card=args.write_card, heldout=args.heldout,
                                show_errors=args.errors)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
