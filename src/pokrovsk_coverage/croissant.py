"""croissant.json, generated from the schema with mlcroissant's own classes."""
from __future__ import annotations

import pyarrow as pa

from . import __version__, schema
from .card import parquet_path

DATASET_NAME = "pokrovsk-coverage"


def metadata(tables: dict[str, pa.Table], checksums: dict[str, str]) -> dict:
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
        distribution.append(mlc.FileObject(
            id=file_id, name=file_id, content_url=parquet_path(name),
            encoding_formats=["application/x-parquet"], sha256=checksums[parquet_path(name)],
        ))
        fields = []
        for c in columns:
            if isinstance(c.feature, List) and isinstance(c.feature.feature, dict):
                sub = [
                    mlc.Field(id=f"{name}/{c.name}/{k}", name=k, data_types=[data_type(v)],
                              source=mlc.Source(file_object=file_id, extract=mlc.Extract(column=c.name), transforms=[mlc.Transform(json_path=k)]))
                    for k, v in c.feature.feature.items()
                ]
                fields.append(mlc.Field(id=f"{name}/{c.name}", name=c.name, description=c.description,
                                        is_array=True, array_shape="-1", sub_fields=sub))
                continue
            is_list = isinstance(c.feature, List)
            fields.append(mlc.Field(
                id=f"{name}/{c.name}", name=c.name, description=c.description, data_types=[data_type(c.feature)],
                source=mlc.Source(file_object=file_id, extract=mlc.Extract(column=c.name)),
                **({"is_array": True, "array_shape": "-1"} if is_list else {}),
            ))
        record_sets.append(mlc.RecordSet(
            id=name, name=name, description=schema.TABLE_DESCRIPTIONS[name],
            key=[f"{name}/{schema.PRIMARY_KEYS[name]}"], fields=fields,
        ))
    meta = mlc.Metadata(
        name=DATASET_NAME,
        description="News coverage of the battle for Pokrovsk (Donetsk region, 2025): articles, quotes with speakers, figures and sources, extracted by code from raw article texts.",
        url="https://huggingface.co/datasets/pokrovsk-coverage/pokrovsk-coverage",
        license=["https://spdx.org/licenses/MIT.html"],
        version=__version__,
        cite_as="Pokrovsk Coverage contributors (2026). Pokrovsk Coverage, version " + __version__ + ".",
        distribution=distribution,
        record_sets=record_sets,
        conforms_to=["http://mlcommons.org/croissant/1.0"],
    )
    return meta.to_json()


