"""One schema: the suites restate its closed sets and columns; the Parquet schema comes from it."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT
from pokrovsk_coverage import schema

CLOSED = {
    ("quotes", "type"): schema.QUOTE_TYPES,
    ("quotes", "speaker_resolution"): schema.SPEAKER_RESOLUTIONS,
    ("figures", "qualifier"): schema.QUALIFIERS,
    ("sources", "kind"): schema.SOURCE_KINDS,
    ("sources", "side"): schema.SIDES,
    ("reuse", "relation"): schema.REUSE_RELATIONS,
}


def suite(table):
    return json.loads((ROOT / "expectations" / f"{table}.json").read_text())


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_suite_lists_every_column(table):
    columns = next(e for e in suite(table)["expectations"] if e["type"] == "expect_table_columns_to_match_set")
    assert set(columns["kwargs"]["column_set"]) == set(schema.column_names(table))


@pytest.mark.parametrize("key", list(CLOSED))
def test_suite_closed_sets_match_schema(key):
    table, column = key
    sets = [e["kwargs"]["value_set"] for e in suite(table)["expectations"]
            if e["type"] == "expect_column_values_to_be_in_set" and e["kwargs"]["column"] == column]
    assert sets and set(sets[0]) == set(CLOSED[key])


def test_suites_are_hand_written_without_generated_ids():
    for table in schema.TABLES:
        assert all("id" not in e for e in suite(table)["expectations"])


def test_arrow_schema_carries_features_and_version():
    s = schema.arrow_schema("articles")
    assert s.field("published_date").type == "date32[day]"
    assert b"huggingface" in s.metadata and s.metadata[b"pokrovsk_coverage_version"] == b"1.0.0"
