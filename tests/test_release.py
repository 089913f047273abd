"""One version everywhere: package, pyproject, CITATION.cff, CHANGELOG, and, in a built
release, the card, croissant.json, MANIFEST.json and every Parquet file's metadata."""
from __future__ import annotations

import json
import re
import subprocess
import tomllib
from datetime import date

import pyarrow.parquet as pq
import pytest
import yaml

from conftest import ROOT
from pokrovsk_coverage import __version__, card, schema
from pokrovsk_coverage.card import parquet_path


def _card_yaml(readme: str) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", readme, re.S)
    assert match, "the card has no YAML header"
    return yaml.safe_load(match.group(1))


@pytest.fixture(scope="module")
def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_version_is_semver():
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_pyproject_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__


def test_citation_cff_is_a_dataset_citation_of_this_version(citation):
    assert citation["cff-version"] == "1.2.0"
    assert citation["type"] == "dataset"
    assert str(citation["version"]) == __version__
    assert citation["title"] and citation["authors"] and citation["license"]
    released = citation["date-released"]
    assert isinstance(released, date) and released.isoformat() == card.RELEASE_DATE
    preferred = citation.get("preferred-citation")
    if preferred:
        assert str(preferred["version"]) == __version__


def test_changelog_has_an_entry_for_the_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = re.search(rf"^## \[{re.escape(__version__)}\] - (\d{{4}}-\d{{2}}-\d{{2}})$", changelog, re.M)
    assert entry, f"CHANGELOG.md has no '## [{__version__}] - YYYY-MM-DD' entry"
    assert entry.group(1) == card.RELEASE_DATE
    body = changelog[entry.end():].split("\n## [", 1)[0]
    assert len(body.strip()) > 0, "the release entry is empty"
    assert re.search(rf"^\[{re.escape(__version__)}\]: \S+", changelog, re.M), "no link for the version"


def test_built_card_says_the_version(seeds_release):
    readme = (seeds_release / "README.md").read_text(encoding="utf-8")
    assert str(_card_yaml(readme)["version"]) == __version__
    assert f"revision=\"v{__version__}\"" in readme
    assert card.bibtex(__version__) in readme
    assert f"version      = {{{__version__}}}" in readme


def test_built_croissant_says_the_version(seeds_release):
    meta = json.loads((seeds_release / "croissant.json").read_text(encoding="utf-8"))
    assert meta["version"] == __version__
    assert meta["datePublished"].startswith(card.RELEASE_DATE)
    assert __version__ in meta["citeAs"]


def test_built_manifest_says_the_version(seeds_release):
    manifest = json.loads((seeds_release / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["version"] == __version__
    assert manifest["libraries"]["pokrovsk-coverage"] == __version__


@pytest.mark.parametrize("table", tuple(schema.TABLES))
def test_built_parquet_metadata_says_the_version(seeds_release, table):
    metadata = pq.read_schema(seeds_release / parquet_path(table)).metadata
    assert metadata[b"pokrovsk_coverage_version"].decode() == __version__


def test_card_figures_are_computed_not_typed():
    """No digit in DATACARD.md's prose is a data figure: counts come from template variables.
    What remains are encodings (UTF-8/16), the subject's year, legal references and the
    worked examples of the conventions, listed here so a typed count cannot slip in."""
    text = (ROOT / "DATACARD.md").read_text(encoding="utf-8")
    prose = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.S)
    allowed = {"2025", "2019/790", "29A", "3", "5", "20", "25", "1000", "300", "0", "1", "8", "16"}
    numbers = set(re.findall(r"(?<![\w.])\d[\d./]*[A-Z]?(?![\w])", prose))
    assert numbers <= allowed, f"typed numbers in DATACARD.md: {sorted(numbers - allowed)}"


def test_release_check_script_passes_on_identical_trees(seeds_release, tmp_path):
    """scripts/release_check.py compare: byte-identical trees pass, any difference fails loudly."""
    import shutil
    import sys

    script = ROOT / "scripts" / "release_check.py"
    same = tmp_path / "same"
    shutil.copytree(seeds_release, same)
    ok = subprocess.run([sys.executable, str(script), "compare", str(seeds_release), str(same)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (same / "README.md").write_text("changed\n", encoding="utf-8")
    (same / "extra.txt").write_text("extra\n", encoding="utf-8")
    bad = subprocess.run([sys.executable, str(script), "compare", str(seeds_release), str(same)],
                         capture_output=True, text=True)
    assert bad.returncode != 0
    assert "README.md" in bad.stderr and "extra.txt" in bad.stderr


def test_card_scores_every_heldout_set_the_makefile_names(seeds_release):
    """Each held-out set is a row of the card's summary table, described by its README heading,
    and has its own full table; the Makefile and the test fixture name the same sets."""
    from conftest import HELDOUT
    from pokrovsk_coverage.evaluate import describe_set

    make_sets = re.search(r"^HELDOUT := (.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1).split()
    assert [ROOT / s for s in make_sets] == HELDOUT
    section = (seeds_release / "README.md").read_text(encoding="utf-8").split("<!-- heldout_evaluation:start -->")[1]
    section = section.split("<!-- heldout_evaluation:end -->")[0]
    for folder in HELDOUT:
        assert describe_set(folder) != folder.name, f"{folder} has no README.md heading"
        row = next(line for line in section.splitlines() if line.startswith(f"| `{folder.name}`"))
        assert re.fullmatch(r"\| .+ \| \d+ \| (?:[01]\.\d{3} \| ){5}", row + " "), row
        assert f"**`{folder.name}`**" in section
