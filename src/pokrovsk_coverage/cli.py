"""The command line: thin wrappers over build, validate and evaluate."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_CODES = """exit codes:
  0  success (build: every table passed validation and the release is in place)
  1  validation failed: the failing checks are listed; the previous --out is untouched
  2  usage error or unusable input folder (argparse errors, missing folder)
  3  evaluate: a gold file could not be read or matched to an article
"""


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
    b.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of UTF-8 .txt articles (default: seeds)")
    b.add_argument("--out", type=Path, default=Path("dataset"), help="release folder to write (default: dataset)")
    b.add_argument("--expectations", type=Path, default=None, help="folder of Great Expectations suites (default: the project's expectations/)")
    b.add_argument("--card-template", type=Path, default=None, help="card source text (default: the project's DATACARD.md)")
    b.add_argument("--max-bytes", type=int, default=None, help="reject files larger than this (default: 1,000,000)")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")

    v = sub.add_parser("validate", help="run the expectation suites and cross-table checks on a built dataset",
                       epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("--out", type=Path, default=Path("dataset"), help="built release folder (default: dataset)")
    v.add_argument("--expectations", type=Path, default=None, help="folder of suites (default: the project's expectations/)")

    e = sub.add_parser("evaluate", help="score a built dataset against gold annotation files",
                       description="Print precision, recall and F1 per table against gold files in the format of "
                                   "annotations/gold/GUIDELINES.md.",
                       epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("--gold", type=Path, required=True, help="folder of gold JSON files, one per article")
    e.add_argument("--out", type=Path, default=Path("dataset"), help="built release folder (default: dataset)")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.add_argument("--write-card", action="store_true", help="also write the score table into the release's README.md")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "build":
        return _build(args)
    if args.command == "validate":
        return _validate(args)
    return _evaluate(args)


def _build(args) -> int:
    from .build import build
    from .read_seeds import MAX_BYTES
    from .validate import ValidationError

    if not args.seeds.is_dir():
        print(f"error: --seeds {args.seeds}: not a folder", file=sys.stderr)
        return 2
    try:
        report = build(args.seeds, args.out, expectations=args.expectations, card_template=args.card_template,
                       max_bytes=args.max_bytes or MAX_BYTES, show_progress=False if args.no_progress else None)
    except ValidationError as exc:
        print(f"validation failed; {args.out} left as it was:", file=sys.stderr)
        for failure in exc.failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
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
        return evaluate_release(args.gold, args.out, as_json=args.json, write_card=args.write_card)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
