"""The dataset card: YAML header generated from the schema, body rendered from DATACARD.md
with figures the build computed (none is typed by hand)."""
from __future__ import annotations

import pyarrow as pa

from . import __version__, schema

PRETTY_NAME = "Pokrovsk Coverage"
LICENSE = "other"
EVALUATION_START = "<!-- evaluation:start -->"
EVALUATION_END = "<!-- evaluation:end -->"
NOT_EVALUATED = (
    "This build has not been scored. `pokrovsk-coverage evaluate --gold DIR --out DIR --write-card` "
    "scores it against gold annotations and writes the table here."
)


def parquet_path(table: str) -> str:
    return f"{table}/train-00000-of-00001.parquet"


def yaml_header(tables: dict[str, pa.Table], sizes: dict[str, int]) -> str:
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
        size_categories=["n<1K"],
        configs=[
            {"config_name": name, "data_files": [{"split": "train", "path": parquet_path(name)}]}
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
            parts.append(f"| `{c.name}` | {_type_name(c.feature)} | {c.description} |")
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


def render(template: str, stats: dict, tables: dict[str, pa.Table], sizes: dict[str, int]) -> str:
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    body = env.from_string(template).render(
        stats=stats, version=__version__, column_dictionary=column_dictionary(),
        evaluation=f"{EVALUATION_START}\n{NOT_EVALUATED}\n{EVALUATION_END}",
    )
    return f"---\n{yaml_header(tables, sizes).strip()}\n---\n\n{body}"


def replace_evaluation(card: str, table_markdown: str) -> str:
    head, rest = card.split(EVALUATION_START, 1)
    _, tail = rest.split(EVALUATION_END, 1)
    return f"{head}{EVALUATION_START}\n{table_markdown.strip()}\n{EVALUATION_END}{tail}"


