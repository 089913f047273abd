"""The dataset card: YAML header generated from the schema, body rendered from DATACARD.md
with figures the build computed (none is typed by hand)."""
from __future__ import annotations

import pyarrow as pa

from . import __version__, schema

PRETTY_NAME = "Pokrovsk Coverage"
LICENSE = "other"
# Release identity, used by the card, croissant.json and (checked by tests/test_release.py)
# CITATION.cff and CHANGELOG.md. The version itself is ``__version__``.
HUB_REPO = "pokrovsk-coverage/pokrovsk-coverage"
HUB_URL = f"https://huggingface.co/datasets/{HUB_REPO}"
RELEASE_DATE = "2026-11-21"
AUTHORS = "Pokrovsk Coverage contributors"
TITLE = "Pokrovsk Coverage: news coverage of the battle for Pokrovsk (2025)"
# Sections of the card that `evaluate --write-card` fills in after the build: the scores on
# the seeds' gold, and on a held-out set the rules were not written from.
SECTIONS = ("evaluation", "heldout_evaluation")
EVALUATION_START = "<!-- evaluation:start -->"
EVALUATION_END = "<!-- evaluation:end -->"
NOT_EVALUATED = (
    "This build has not been scored. `pokrovsk-coverage evaluate --gold DIR --out DIR --write-card` "
    "scores it against gold annotations and writes the table here."
)


def shard_path(table: str, index: int, count: int) -> str:
    """The Hub's shard naming, the one rule for every Parquet file of a release."""
    return f"{table}/train-{index:05d}-of-{count:05d}.parquet"


def parquet_path(table: str) -> str:
    """The file of a table written in one piece."""
    return shard_path(table, 0, 1)


def data_files(table: str, files: dict[str, list[str]] | None) -> str:
    """What a config names for a table: its one file, or a glob over its shards."""
    paths = (files or {}).get(table, [parquet_path(table)])
    return paths[0] if len(paths) == 1 else f"{table}/train-*.parquet"


def size_category(n: int) -> str:
    """The Hub's size_categories bucket for the largest table's row count."""
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
              (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M")]
    return next((label for bound, label in bounds if n < bound), "n>100M")


def yaml_header(tables: dict[str, pa.Table], sizes: dict[str, int], files: dict[str, list[str]] | None = None) -> str:
    """The card's YAML header, generated from the schema with huggingface_hub's card data."""
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    infos = DatasetInfosDict({
        name: DatasetInfo(
            features=schema.features(name),
            config_name=name,
            splits=SplitDict({"train": SplitInfo(name="train", num_bytes=sizes[name], num_examples=tables[name].num_rows)}),
            download_size=sizes[name],
            dataset_size=sizes[name],
        )
        for name in schema.TABLES
    })
    card = DatasetCardData(
        pretty_name=PRETTY_NAME,
        license=LICENSE,
        language=["en"],
        task_categories=["text-classification", "token-classification"],
        tags=["news", "journalism", "quotation-attribution", "quantity-extraction", "russia-ukraine-war", "media-studies"],
        size_categories=[size_category(max(t.num_rows for t in tables.values()))],
        configs=[
            {"config_name": name, "data_files": [{"split": "train", "path": data_files(name, files)}]}
            for name in schema.TABLES
        ],
        version=__version__,
    )
    infos.to_dataset_card_data(card)
    return card.to_yaml()


def column_dictionary() -> str:
    parts = []
    for name, columns in schema.TABLES.items():
        parts.append(f"#### `{name}`\n\n{schema.TABLE_DESCRIPTIONS[name]}\n\n| column | type | description |\n|---|---|---|")
        for c in columns:
            # a bare "|" (closed value sets are written "a | b") would split the Markdown cell
            description = c.description.replace("|", "\\|")
            parts.append(f"| `{c.name}` | {_type_name(c.feature)} | {description} |")
        parts.append("")
    return "\n".join(parts)


def _type_name(feature) -> str:
    from datasets import List, Value

    if isinstance(feature, Value):
        return feature.dtype
    if isinstance(feature, List):
        inner = feature.feature
        if isinstance(inner, dict):
            return "list of {" + ", ".join(f"{k}: {v.dtype}" for k, v in inner.items()) + "}"
        return f"list of {_type_name(inner)}"
    return type(feature).__name__


def bibtex(version: str = __version__) -> str:
    """The BibTeX entry a paper cites; the key and the Hub revision carry the version."""
    key = "pokrovsk_coverage_" + version.replace(".", "_")
    return "\n".join([
        f"@misc{{{key},",
        f"  title        = {{{{{TITLE}}}}},",
        f"  author       = {{{{{AUTHORS}}}}},",
        f"  year         = {{{RELEASE_DATE[:4]}}},",
        f"  version      = {{{version}}},",
        "  publisher    = {Hugging Face},",
        f"  howpublished = {{\\url{{{HUB_URL}}}}},",
        f"  note         = {{Dataset, revision v{version}, released {RELEASE_DATE}}}",
        "}",
    ])


def derived(tables: dict[str, pa.Table]) -> dict:
    """Figures the card quotes that ``build.collection_stats`` does not compute, derived here
    from the published tables themselves (so they are never typed by hand either)."""
    from collections import Counter

    def column(table: str, name: str) -> list:
        t = tables.get(table)
        return t.column(name).to_pylist() if t is not None and name in t.column_names else []

    outlets = {o for o in column("articles", "outlet") if o}
    syndicated = [s for s in column("articles", "syndicated_from") if s]
    quote_clusters = [c for c in column("quotes", "cluster_id") if c]
    figure_clusters = [c for c in column("figures", "cluster_id") if c]
    return {
        "rows": {name: t.num_rows for name, t in tables.items()},
        "outlets": sorted(outlets),
        "n_outlets": len(outlets),
        "n_syndicated": len(syndicated),
        # every publisher whose words are in the texts: the outlets and the wires they reproduce
        "publishers": sorted(outlets | set(syndicated)),
        "n_unresolved_quotes": sum(r == "unresolved" for r in column("quotes", "speaker_resolution")),
        "n_own_voice_figures": sum(c is None for c in column("figures", "claimant_id")),
        "n_wikidata": sum(w is not None for w in column("sources", "wikidata_id")),
        "n_quotes_linked": len(quote_clusters),
        "n_quote_clusters": len(set(quote_clusters)),
        "n_figures_linked": len(figure_clusters),
        "n_figure_clusters": len(set(figure_clusters)),
        "n_reuse": tables["reuse"].num_rows if "reuse" in tables else 0,
        "reuse_relations": sorted(Counter(column("reuse", "relation")).items()),
    }


def render(template: str, stats: dict, tables: dict[str, pa.Table], sizes: dict[str, int],
           files: dict[str, list[str]] | None = None) -> str:
    import jinja2

    from . import parse

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    body = env.from_string(template).render(
        stats=stats, derived=derived(tables), version=__version__, column_dictionary=column_dictionary(),
        **{section: f"<!-- {section}:start -->\n{NOT_EVALUATED}\n<!-- {section}:end -->" for section in SECTIONS},
        hub_repo=HUB_REPO, hub_url=HUB_URL, release_date=RELEASE_DATE, authors=AUTHORS, title=TITLE,
        bibtex=bibtex(), sizes=sizes, spacy_model_version=parse.MODEL_VERSION,
    )
    return f"---\n{yaml_header(tables, sizes, files).strip()}\n---\n\n{body}"


def replace_evaluation(card: str, table_markdown: str, section: str = "evaluation") -> str:
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    head, rest = card.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{table_markdown.strip()}\n{end}{tail}"


