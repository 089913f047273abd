"""The checks behind `make release`; publishes nothing.

    python scripts/release_check.py all              # what `make release` runs
    python scripts/release_check.py compare A B      # byte-for-byte comparison of two release folders

`all`: (1) the git tree is clean (no modified, staged or untracked files), (2) the version
agrees in the package, CITATION.cff and CHANGELOG.md, (3) a fresh build of seeds/ into a
temporary folder, made by `make build OUT=<tmp>` itself, is byte-identical to the committed dataset/; then it prints the commands
that publish dataset/ to the Hugging Face Hub and tag the version there. Exit 0 only when
every check passed.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fail(message: str) -> None:
    print(f"release check FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(expected: Path, actual: Path) -> list[str]:
    a, b = tree(expected), tree(actual)
    out = [f"  missing from {actual}: {k}" for k in sorted(a.keys() - b.keys())]
    out += [f"  not in {expected}: {k}" for k in sorted(b.keys() - a.keys())]
    out += [f"  differs: {k}" for k in sorted(a.keys() & b.keys()) if a[k] != b[k]]
    return out


def compare(expected: Path, actual: Path) -> int:
    for folder in (expected, actual):
        if not folder.is_dir():
            fail(f"{folder} is not a folder")
    diff = differences(expected, actual)
    if diff:
        print(f"{actual} is not byte-identical to {expected}:", file=sys.stderr)
        print("\n".join(diff), file=sys.stderr)
        return 1
    print(f"{actual} is byte-identical to {expected} ({len(tree(expected))} files)")
    return 0


def check_git_clean() -> None:
    try:
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=normal"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        fail(f"cannot read the git status ({exc}); a release is made from a git checkout")
    if status.strip():
        fail("the git tree is not clean; commit or remove these first:\n" + status.rstrip())
    print("git tree clean")


def check_versions() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from pokrovsk_coverage import __version__
    from pokrovsk_coverage.card import RELEASE_DATE

    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    if not re.search(rf"^version:\s*\"?{re.escape(__version__)}\"?\s*$", citation, re.M):
        fail(f"CITATION.cff does not say version {__version__}")
    if not re.search(rf"^date-released:\s*\"?{re.escape(RELEASE_DATE)}\"?\s*$", citation, re.M):
        fail(f"CITATION.cff does not say date-released {RELEASE_DATE}")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    if not re.search(rf"^## \[{re.escape(__version__)}\] - {re.escape(RELEASE_DATE)}$", changelog, re.M):
        fail(f"CHANGELOG.md has no '## [{__version__}] - {RELEASE_DATE}' entry")
    print(f"version {__version__} (released {RELEASE_DATE}) in the package, CITATION.cff and CHANGELOG.md")
    return __version__


def rebuild_and_compare() -> None:
    committed = ROOT / "dataset"
    if not committed.is_dir():
        fail("no dataset/ folder: run `make build` and commit dataset/")
    cli = Path(sys.executable).parent / "pokrovsk-coverage"
    if not cli.exists():
        fail(f"{cli} not found: run `make build` first to create the environment")
    tmp = Path(tempfile.mkdtemp(prefix="pokrovsk-release-"))
    try:
        out = tmp / "dataset"
        # exactly what `make build` runs, into a temporary folder
        args = ["make", "--no-print-directory", "build", f"OUT={out}"]
        run = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0:
            fail(f"`{' '.join(args)}` exited {run.returncode}:\n{run.stdout}{run.stderr}")
        diff = differences(committed, out)
        if diff:
            fail("the committed dataset/ is not what the build makes from seeds/ (run `make build`, "
                 "check the difference, commit dataset/):\n" + "\n".join(diff))
        print(f"dataset/ is byte-identical to a fresh build ({len(tree(committed))} files)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def print_publish_commands(version: str) -> None:
    from pokrovsk_coverage.card import HUB_REPO

    tag = f"v{version}"
    print(f"""
Every check passed. To publish {tag} (not run here; needs `hf auth login` with write access):

  hf upload {HUB_REPO} dataset . --repo-type dataset --commit-message "Release {tag}"
  # older clients: huggingface-cli upload {HUB_REPO} dataset . --repo-type dataset --commit-message "Release {tag}"
  python -c 'from huggingface_hub import HfApi; HfApi().create_tag("{HUB_REPO}", tag="{tag}", repo_type="dataset")'
  git tag -a {tag} -m "Pokrovsk Coverage {version}" && git push origin {tag}

Papers cite: load_dataset("{HUB_REPO}", "<table>", split="train", revision="{tag}")""")


def main(argv: list[str]) -> int:
    if argv[:1] == ["compare"] and len(argv) == 3:
        return compare(Path(argv[1]), Path(argv[2]))
    if argv == ["all"]:
        check_git_clean()
        version = check_versions()
        rebuild_and_compare()
        print_publish_commands(version)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
