"""The one schema: a ``datasets.Features`` per table, with a description per column.

Everything else is generated from here: the Parquet schema (``arrow_schema``), the card's
``dataset_info`` and column dictionary, and ``croissant.json``'s fields. Closed value sets
live here too; ``expectations/*.json`` restates them by hand and a test keeps both equal.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
from datasets import Features, List, Value

from . import __version__

QUOTE_TYPES = ("direct", "indirect", "mixed")
SPEAKER_RESOLUTIONS = ("explicit", "pronoun", "context", "unresolved")
QUALIFIERS = ("about", "some", "more than", "up to", "at least", "nearly", "only", "over", "less than", "at most")
SOURCE_KINDS = ("person", "government", "military", "media", "think_tank", "osint", "organization", "anonymous")
SIDES = ("russia", "ukraine", "western", "international", "unknown")


@dataclass(frozen=True)
class Column:
    name: str
    feature: object
    description: str


ARTICLES = (
    Column("article_id", Value("string"), "The seed file's stem; primary key."),
    Column("seed_file", Value("string"), "File name of the raw article in the input folder."),
    Column("seed_sha256", Value("string"), "SHA-256 of the raw file's bytes, as in seeds/SHA256SUMS."),
    Column("headline", Value("string"), "Headline line as written, or null when the text has none."),
    Column("outlet", Value("string"), "Publisher whose text this is (canonical name), or null without a cue."),
    Column("outlet_evidence", Value("string"), "Exact cue in the raw text that shows the outlet, or null."),
    Column("syndicated_from", Value("string"), "Original wire/outlet when the text says or shows it is republished, rewritten or summarised, else null."),
    Column("published_date", Value("date32"), "Publication date, or null when the text gives none (never guessed)."),
    Column("date_evidence", Value("string"), "'explicit-header', 'byline: <cue>', or null."),
    Column("text", Value("string"), "Clean text: the headline (when found) as the first paragraph, then the body; no page chrome, ads, donation appeals, repeated captions or UI text. All offsets point here."),
    Column("raw_text", Value("string"), "The file as decoded (UTF-8, BOM removed), unchanged."),
    Column("boilerplate", List(Value("string")), "Removed chrome segments, each an exact substring of raw_text, in order."),
    Column("n_words", Value("int32"), "Whitespace-separated words in text."),
    Column("n_quotes", Value("int32"), "Rows of quotes for this article."),
    Column("n_figures", Value("int32"), "Rows of figures for this article."),
)

QUOTES = (
    Column("quote_id", Value("string"), "'<article_id>-q<NNN>', numbered in text order; primary key."),
    Column("article_id", Value("string"), "Article the quote is in (-> articles.article_id)."),
    Column("text", Value("string"), "The quoted words without surrounding quotation marks; for indirect speech the reported clause. Equals articles.text[start:end]."),
    Column("start", Value("int32"), "Start offset in articles.text (Python string index, inclusive)."),
    Column("end", Value("int32"), "End offset in articles.text (exclusive)."),
    Column("type", Value("string"), "direct (inside quotation marks) | indirect (reported clause) | mixed (reported clause containing a quoted fragment)."),
    Column("speaker_id", Value("string"), "Speaker (-> sources.source_id); null only when unresolved."),
    Column("speaker_mention", Value("string"), "The speaker as written at the attribution ('he', 'the officer', 'Zelenskyy')."),
    Column("speaker_resolution", Value("string"), "explicit (named at the cue) | pronoun (pronoun or description resolved) | context (uncued, from the preceding attribution) | unresolved."),
    Column("cue", Value("string"), "Reporting verb or phrase ('said', 'told Reuters', 'according to'), or null for uncued follow-on quotes."),
    Column("cluster_id", Value("string"), "Same statement reported across articles share an id ('qc-<smallest quote_id>'); null when not linked."),
    Column("contests_quote_ids", List(Value("string")), "Quotes (-> quote_id, same article) whose claim this one denies or rejects: its cue is a denial verb (deny, reject, dismiss, refute, ...) and they are another speaker's claims on the same topic (encirclement, capture, ...); lexicon and rule in data/linking.yaml. Empty when it contests nothing."),
)

FIGURES = (
    Column("figure_id", Value("string"), "'<article_id>-f<NNN>', numbered in text order; primary key."),
    Column("article_id", Value("string"), "Article the figure is in (-> articles.article_id)."),
    Column("text", Value("string"), "Surface string of the figure ('60,000', '5 kilometers (3 miles)'). Equals articles.text[start:end]."),
    Column("start", Value("int32"), "Start offset in articles.text (inclusive)."),
    Column("end", Value("int32"), "End offset in articles.text (exclusive)."),
    Column("value", Value("float64"), "Numeric value in the first unit written; vague amounts follow the card's convention ('thousands' -> 1000 with 'more than', 'a few hundred' -> 300 with 'about')."),
    Column("value_max", Value("float64"), "Upper end for ranges ('three- or four-man' -> 4), else null."),
    Column("unit", Value("string"), "Normalised singular unit (person, km, percent, building, month, ...)."),
    Column("qualifier", Value("string"), "about | some | more than | up to | at least | nearly | only | over | less than | at most, or null."),
    Column("measure", Value("string"), "What is counted or measured, a short noun phrase."),
    Column("claimant_id", Value("string"), "Source asserting the figure (-> sources.source_id), or null in the outlet's own voice."),
    Column("cluster_id", Value("string"), "Same measure across articles share an id ('fc-<smallest figure_id>'), whether the values agree or not; null when not linked."),
)

MENTION = {
    "article_id": Value("string"),
    "start": Value("int32"),
    "end": Value("int32"),
    "text": Value("string"),
}

SOURCES = (
    Column("source_id", Value("string"), "Stable slug of the canonical name; primary key."),
    Column("name", Value("string"), "Canonical name."),
    Column("aliases", List(Value("string")), "Every other form used for this source in the collection."),
    Column("kind", Value("string"), "person | government | military | media | think_tank | osint | organization | anonymous."),
    Column("side", Value("string"), "russia | ukraine | western | international | unknown: an editorial judgement, see the card."),
    Column("description", Value("string"), "Role or affiliation as written ('a senior fellow at ...'), or null."),
    Column("wikidata_id", Value("string"), "Wikidata QID from the curated registry, or null."),
    Column("mentions", List(MENTION), "Every place an article cites or names this source: article_id, start, end, text."),
    Column("n_articles", Value("int32"), "Distinct articles that mention the source."),
    Column("n_quotes", Value("int32"), "Quotes attributed to the source."),
    Column("n_figures", Value("int32"), "Figures claimed by the source."),
)

PASSAGE = {
    "start": Value("int32"),
    "end": Value("int32"),
    "source_start": Value("int32"),
    "source_end": Value("int32"),
    "text": Value("string"),
}
REUSE_RELATIONS = ("republication", "rewrite", "summary", "shared_source")

REUSE = (
    Column("pair_id", Value("string"), "'<article_id>~<source_article_id>'; primary key."),
    Column("article_id", Value("string"), "The reuser: the article that reproduces, rewrites or summarises the other (-> articles.article_id); direction from syndication cues, then publication dates (rule in link.py)."),
    Column("source_article_id", Value("string"), "The article whose text is reused (-> articles.article_id)."),
    Column("relation", Value("string"), "republication (verbatim copy) | rewrite | summary (much shorter) | shared_source (both credit the same wire, neither is it)."),
    Column("similarity", Value("float64"), "Share of the shorter article's sentence text aligned to the other article, each aligned sentence weighted by its rapidfuzz score (0-1)."),
    Column("shared_passages", List(PASSAGE), "Runs of aligned sentences: start/end in article_id's text, source_start/source_end in source_article_id's text, and text == articles.text[start:end] of article_id."),
)

# The four contract tables come first; ``reuse`` is the fifth config.
TABLES: dict[str, tuple[Column, ...]] = {
    "articles": ARTICLES,
    "quotes": QUOTES,
    "figures": FIGURES,
    "sources": SOURCES,
    "reuse": REUSE,
}

PRIMARY_KEYS = {"articles": "article_id", "quotes": "quote_id", "figures": "figure_id", "sources": "source_id", "reuse": "pair_id"}

TABLE_DESCRIPTIONS = {
    "articles": "One row per input file that could be read: metadata, clean body, raw text and removed chrome.",
    "quotes": "One row per attributed statement (direct, indirect or mixed) with its speaker.",
    "figures": "One row per quantitative claim with value, unit, qualifier, measure and claimant.",
    "sources": "One row per distinct person or organisation cited, with every mention.",
    "reuse": "One row per pair of articles where one reproduces, rewrites or summarises the other, with the shared passages.",
}


def features(table: str) -> Features:
    return Features({c.name: c.feature for c in TABLES[table]})


def arrow_schema(table: str) -> pa.Schema:
    """Parquet schema: the Features' Arrow types, with the Features in the 'huggingface'
    metadata key (so ``load_dataset`` restores typed features) and our version."""
    schema = features(table).arrow_schema
    metadata = dict(schema.metadata or {})
    metadata[b"pokrovsk_coverage_version"] = __version__.encode()
    return schema.with_metadata(metadata)


def column_names(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]
