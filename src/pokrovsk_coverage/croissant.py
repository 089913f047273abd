"""croissant.json, generated from the schema with mlcroissant's own classes.

One FileObject (with its sha256) and one RecordSet per table; one Field per column, read
from the Parquet column of the same name. List columns are ``isArray`` fields (Croissant
1.1); list-of-struct columns (``sources.mentions``, ``reuse.shared_passages``) are array
fields with one sub-field per struct member. mlcroissant 1.1 reads all of them, nested
ones included (``tests/test_croissant.py`` iterates every record set and compares row
counts and nested values with the Parquet files).
"""
from __future__ import annotations

from datetime import datetime

import pyarrow as pa

from . import __version__, schema
from .card import AUTHORS, HUB_URL, RELEASE_DATE, bibtex, data_files, parquet_path

DATASET_NAME = "pokrovsk-coverage"
CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
DESCRIPTION = (
    "News coverage of the battle for Pokrovsk (Donetsk region, 2025), as linked tables built by code from raw "
    "English-language article texts: articles (clean text, outlet, date, removed page chrome), quotes (who said "
    "what, with the speaker resolved), figures (quantitative claims with value, unit, qualifier, measure and "
    "claimant), sources (every person or organisation cited, with kind and side) and reuse (which article "
    "reproduces or rewrites which). Offsets are Python string indices into articles.text, half-open."
)
LICENSES = [
    "https://spdx.org/licenses/MIT.html",
    "Code and the annotations it generates: MIT. The article texts (articles.text, raw_text, boilerplate and the "
    "quoted spans) remain the copyright of their publishers and are included for research under quotation and "
    "text-and-data-mining exceptions; see the dataset card, section 'Rights in the article texts'.",
]


def metadata(tables: dict[str, pa.Table], checksums: dict[str, str], files: dict[str, list[str]] | None = None) -> dict:
    """One record set per table; a table in one file is a FileObject with its sha256, a
    sharded table a FileSet over its shards (their sha256 are in MANIFEST.json)."""
    import mlcroissant as mlc
    from datasets import List, Value

    def data_type(feature):
        if isinstance(feature, List):
            return data_type(feature.feature)
        return {
            "string": mlc.DataType.TEXT, "int32": mlc.DataType.INTEGER, "int64": mlc.DataType.INTEGER,
            "float64": mlc.DataType.FLOAT, "date32": mlc.DataType.DATE, "bool": mlc.DataType.BOOL,
        }[feature.dtype] if isinstance(feature, Value) else mlc.DataType.TEXT

    distribution, record_sets = [], []
    for name, columns in schema.TABLES.items():
        file_id = f"{name}-parquet"
        path = data_files(name, files)
        description = f"The {name} table ({tables[name].num_rows} rows), Parquet, zstd."
        if path == parquet_path(name):
            distribution.append(mlc.FileObject(
                id=file_id, name=file_id, content_url=path, description=description,
                encoding_formats=["application/x-parquet"], sha256=checksums[path],
            ))
            source = {"file_object": file_id}
        else:
            distribution.append(mlc.FileSet(
                id=file_id, name=file_id, includes=[path], encoding_formats=["application/x-parquet"],
                description=description + " Sharded; each shard's sha256 is in MANIFEST.json.",
            ))
            source = {"file_set": file_id}
        fields = []
        for c in columns:
            if isinstance(c.feature, List) and isinstance(c.feature.feature, dict):
                sub = [
                    mlc.Field(id=f"{name}/{c.name}/{k}", name=k, data_types=[data_type(v)],
                              source=mlc.Source(**source, extract=mlc.Extract(column=c.name), transforms=[mlc.Transform(json_path=k)]))
                    for k, v in c.feature.feature.items()
                ]
                description = (f"{c.description} A Parquet list of structs, read as an array of records with the "
                               f"sub-fields {', '.join(c.feature.feature)}.")
                fields.append(mlc.Field(id=f"{name}/{c.name}", name=c.name, description=description,
                                        is_array=True, array_shape="-1", sub_fields=sub))
                continue
            is_list = isinstance(c.feature, List)
            fields.append(mlc.Field(
                id=f"{name}/{c.name}", name=c.name, description=c.description, data_types=[data_type(c.feature)],
                source=mlc.Source(**source, extract=mlc.Extract(column=c.name)),
                **({"is_array": True, "array_shape": "-1"} if is_list else {}),
            ))
        record_sets.append(mlc.RecordSet(
            id=name, name=name, description=schema.TABLE_DESCRIPTIONS[name],
            key=[f"{name}/{schema.PRIMARY_KEYS[name]}"], fields=fields,
        ))
    meta = mlc.Metadata(
        name=DATASET_NAME,
        description=DESCRIPTION,
        url=HUB_URL,
        license=LICENSES,
        version=__version__,
        date_published=datetime.fromisoformat(RELEASE_DATE),
        creators=[mlc.Organization(name=AUTHORS)],
        keywords=["news", "journalism", "quotation attribution", "quantity extraction", "Russia-Ukraine war",
                  "Pokrovsk", "media studies", "text reuse"],
        in_language=["en"],
        cite_as=bibtex(),
        distribution=distribution,
        record_sets=record_sets,
        conforms_to=[CONFORMS_TO],
        data_collection="English-language news articles about the battle for Pokrovsk, saved as plain-text files "
                        "(the seeds) byte-identical to what was collected; every table is extracted from them by code.",
        data_biases=[
            "Source side labels (russia, ukraine, western, international, unknown) are editorial judgements from a "
            "hand-written registry and nationality words, not facts.",
            "The collection is small and English-language only, so it over-represents wire agencies and Western "
            "and Ukrainian outlets writing in English.",
        ],
        data_limitations=[
            "Quotes, figures and sources are extracted by rules and a small spaCy model; see the card's accuracy "
            "table for precision and recall against hand annotations.",
            "Publication dates are taken only from an explicit header and never inferred; many are null.",
        ],
        data_use_cases=["Media studies of who is quoted and which figures circulate; benchmarking quotation "
                        "attribution and quantity extraction on war reporting."],
        machine_annotation_tools=["spaCy en_core_web_sm 3.8.0", "rule-based extractors of pokrovsk-coverage " + __version__],
        personal_sensitive_information=["Names and quoted statements of public figures and of soldiers and civilians "
                                        "as published by news outlets."],
    )
    return meta.to_json()
