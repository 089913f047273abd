"""Shared fixtures: one build of the seeds per test session, made the way `make build` makes it."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "annotations" / "gold"
# The same held-out sets as the Makefile's HELDOUT, in the same order.
HELDOUT = [ROOT / "tests" / "fixtures" / name for name in ("heldout_sealed", "heldout_final", "heldout_dev2", "heldout_fresh", "heldout_blind",
                                                              "heldout_dev3", "heldout_dev4")]

# Loading must work offline, as it does for a user with a local copy.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@pytest.fixture(scope="session", autouse=True)
def _hf_cache(tmp_path_factory):
    os.environ["HF_DATASETS_CACHE"] = str(tmp_path_factory.mktemp("hf-cache"))


@pytest.fixture(scope="session")
def seeds_release(tmp_path_factory) -> Path:
    """The seeds built and scored into a fresh folder, exactly as `make build` does."""
    from pokrovsk_coverage.build import build
    from pokrovsk_coverage.evaluate import evaluate_release

    out = tmp_path_factory.mktemp("release") / "dataset"
    build(SEEDS, out, show_progress=False)
    evaluate_release(GOLD, out, write_card=True, heldout=HELDOUT)
    return out


@pytest.fixture
def release_copy(seeds_release, tmp_path) -> Path:
    """A throw-away copy of the seeds release, for tests that try to damage one."""
    out = tmp_path / "dataset"
    shutil.copytree(seeds_release, out)
    return out
