"""Knowledge the pipeline uses, kept as data files in ``data/`` with their provenance.

The lexicons and registries are facts about the world (reporting verbs, units, known
sources, outlets, page chrome), never facts about one article; keeping them out of code
lets a researcher read, cite and extend them without touching the pipeline.
"""
from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml


@functools.lru_cache(maxsize=None)
def load(name: str) -> Any:
    """Parsed ``data/<name>.yaml``, cached for the life of the process."""
    path = resources.files("pokrovsk_coverage") / "data" / f"{name}.yaml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"knowledge file data/{name}.yaml is missing from the package") from exc
