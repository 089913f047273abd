"""Linking across articles: same statement, same measure, text reuse, contested claims.

Two layers. The seed-level tests read the release built once per session and look rows
up by their text, so they hold for any reasonable extraction; when one fails because an
extractor produced no row for the span, its message says so. The unit tests run
``link()`` on hand-made rows that mimic correct extraction.
"""
from __future__ import annotations

import copy
import random
import re
from datetime import date
from itertools import combinations

import pyarrow.parquet as pq
import pytest

from pokrovsk_coverage import link as L

REWRITE, REPUBLISHED = "001_abbeb4e84ccf446e", "002_ca62c524101865a9"
UNRELATED = ("000_ca4fc7d640ad8602", "003_b1de27a61cbefad1", "004_9fdd0aef990c1b81")


def table(release, name):
    return pq.read_table(release / name / "train-00000-of-00001.parquet").to_pylist()


@pytest.fixture(scope="module")
def release(seeds_release):
    return {name: table(seeds_release, name) for name in ("articles", "quotes", "figures", "sources", "reuse")}


def rows_with(rows, article_id, pattern):
    return [r for r in rows if r["article_id"] == article_id and re.search(pattern, r["text"], re.I)]


# --- seeds: reuse ------------------------------------------------------------------------

def test_rewrite_pair_found_with_passages(release):
    texts = {a["article_id"]: a["text"] for a in release["articles"]}
    pairs = [r for r in release["reuse"] if {r["article_id"], r["source_article_id"]} == {REWRITE, REPUBLISHED}]
    assert len(pairs) == 1, release["reuse"]
    pair = pairs[0]
    assert pair["relation"] in ("rewrite", "shared_source")
    assert 0.1 <= pair["similarity"] <= 1
    assert len(pair["shared_passages"]) >= 2
    for p in pair["shared_passages"]:
        assert texts[pair["article_id"]][p["start"]:p["end"]] == p["text"]
        source = texts[pair["source_article_id"]][p["source_start"]:p["source_end"]]
        assert source and p["source_start"] < p["source_end"]
    shared = " ".join(p["text"] for p in pair["shared_passages"])
    for phrase in ("They can then move up their own logistics", "call sign, Phoenix", "Carnegie Endowment"):
        assert phrase in shared


def test_no_pair_among_unrelated_articles(release):
    found = {frozenset((r["article_id"], r["source_article_id"])) for r in release["reuse"]}
    for a, b in combinations(UNRELATED + (REWRITE, REPUBLISHED), 2):
        if {a, b} != {REWRITE, REPUBLISHED}:
            assert frozenset((a, b)) not in found, (a, b)


# --- seeds: figures and quotes ------------------------------------------------------------

def test_prewar_population_is_one_cluster_across_all_articles(release):
    figures = release["figures"]
    members = []
    for a in release["articles"]:
        assert "60,000" in a["text"]
        rows = [f for f in figures if f["article_id"] == a["article_id"] and f["value"] == 60000]
        assert rows, f"extraction: no figure of value 60000 in {a['article_id']} (extractor, not linking)"
        members += rows
    clusters = {f["cluster_id"] for f in members}
    assert len(clusters) == 1 and None not in clusters, [(f["figure_id"], f["cluster_id"]) for f in members]


def _cluster_of(quotes, article_id, pattern):
    rows = rows_with(quotes, article_id, pattern)
    assert rows, f"extraction: no quote matching {pattern!r} in {article_id} (extractor, not linking)"
    return {q["cluster_id"] for q in rows}


@pytest.mark.parametrize("pattern", [r"generally difficult", r"day and night"])
def test_phoenix_quotes_clustered_across_outlets(release, pattern):
    a = _cluster_of(release["quotes"], REWRITE, pattern)
    b = _cluster_of(release["quotes"], REPUBLISHED, pattern)
    assert None not in a | b and len(a | b) == 1, (a, b)


@pytest.mark.parametrize("article_id", UNRELATED)
def test_encirclement_claim_and_denial_linked(release, article_id):
    quotes = {q["quote_id"]: q for q in release["quotes"]}
    denials = [q for q in quotes.values() if q["article_id"] == article_id and q["contests_quote_ids"]]
    assert denials, f"no quote of {article_id} contests another (needs the indirect claim and denial extracted)"
    contested = [quotes[c]["text"] for d in denials for c in d["contests_quote_ids"]]
    assert any(re.search(r"encircl|surround", t, re.I) for t in contested), contested


def test_contests_point_within_the_article(release):
    quotes = {q["quote_id"]: q for q in release["quotes"]}
    for q in quotes.values():
        for c in q["contests_quote_ids"]:
            assert c != q["quote_id"] and quotes[c]["article_id"] == q["article_id"]


# --- link() on hand-made rows mimicking correct extraction of the seeds ----------------------

# (article, quoted text, speaker, cue): what a correct extractor finds in the seeds.
SEED_QUOTES = [
    ("000", "its forces were tightening their encirclement of Ukrainian troops in the city of Pokrovsk", "russia", "said"),
    ("000", "Russian forces were also squeezing surrounded Ukrainian troops near the town of Kupiansk in the Kharkiv region", "russian-defence-ministry", "said"),
    ("000", "its troops are encircled in either location", "ukraine", "has denied"),
    ("000", "Pokrovsk was under severe pressure", "volodymyr-zelensky", "acknowledged"),
    ("001", "generally difficult", "phoenix", "called"),
    ("001", "Russian troops are \"constantly attacking on foot.\"", "phoenix", "explaining"),
    ("001", "they were moving forward \"day and night.\"", "phoenix", "told Reuters"),
    ("001", "If Zelensky wants to participate in the negotiations, I will allocate people to take part", "vladimir-putin", "said"),
    ("002", "The situation is generally difficult, the enemy is constantly attacking on foot", "phoenix", "said"),
    ("002", "Day and night they are moving forwards", "phoenix", "said"),
    ("002", "It seems that, perhaps for the first time, they have started to spare their manpower", "viktor-trehubov", "said"),
    ("003", "its forces have surrounded Pokrovsk and thwarted a Ukrainian operation to reopen logistics lines into the city", "russia", "says"),
    ("003", "there’s a blockade", "ukraine", "denies"),
    ("003", "the Russians control more than 70% of Pokrovsk", "serhii-filimonov", "estimated"),
    ("004", "its troops in the city are surrounded", "russia", "claim"),
    ("004", "Moscow's claim that its troops in the city are surrounded", "ukraine", "denies"),
    ("004", "the extreme complexity of the situation", "ukraine", "acknowledges"),
]
SIDES = {"russia": "russia", "russian-defence-ministry": "russia", "vladimir-putin": "russia", "ukraine": "ukraine",
         "volodymyr-zelensky": "ukraine", "phoenix": "ukraine", "viktor-trehubov": "ukraine", "serhii-filimonov": "ukraine"}
# (article, surface, value, unit, measure)
SEED_FIGURES = [
    ("000", "60,000", 60000, "person", "pre-war population of Pokrovsk"),
    ("000", "35 buildings", 35, "building", "buildings cleared of Ukrainian troops"),
    ("001", "7,000", 7000, "person", "people remaining in Pokrovsk"),
    ("001", "60,000", 60000, "person", "pre-war population of Pokrovsk"),
    ("001", "5 kilometers (3 miles)", 5, "kilometer", "distance of Russian forces from the Dnipropetrovsk border"),
    ("002", "60,000", 60000, "person", "former population of Pokrovsk"),
    ("002", "7,000", 7000, "people", "remaining population of Pokrovsk"),
    ("002", "5 km (3 miles)", 5, "km", "distance of Russian troops from the Dnipropetrovsk region boundary"),
    ("003", "60,000", 60000, "person", "prewar population of Pokrovsk"),
    ("003", "39 kilometers (24 miles)", 39, "km", "Russian advance during the Pokrovsk campaign"),
    ("004", "60,000", 60000, "person", "population of Pokrovsk"),
]


@pytest.fixture(scope="module")
def seed_rows(release):
    articles = [{k: a[k] for k in ("article_id", "text", "outlet", "syndicated_from", "published_date")}
                for a in release["articles"]]
    ids = {a["article_id"][:3]: a["article_id"] for a in articles}
    texts = {a["article_id"]: a["text"] for a in articles}
    quotes, figures = [], []
    for n, (art, text, speaker, cue) in enumerate(SEED_QUOTES):
        aid = ids[art]
        start = texts[aid].index(text)
        quotes.append({"quote_id": f"{aid}-q{n:03d}", "article_id": aid, "text": text, "start": start,
                       "end": start + len(text), "speaker_id": speaker, "cue": cue})
    for n, (art, surface, value, unit, measure) in enumerate(SEED_FIGURES):
        aid = ids[art]
        start = texts[aid].index(surface)
        figures.append({"figure_id": f"{aid}-f{n:03d}", "article_id": aid, "text": surface, "start": start,
                        "end": start + len(surface), "value": value, "unit": unit, "measure": measure})
    sources = [{"source_id": s, "side": side} for s, side in SIDES.items()]
    return {"articles": articles, "quotes": quotes, "figures": figures, "sources": sources}


@pytest.fixture(scope="module")
def seed_linked(seed_rows):
    return L.link(copy.deepcopy(seed_rows))


def by_text(rows, art, pattern):
    found = [r for r in rows if r["article_id"].startswith(art) and re.search(pattern, r["text"], re.I)]
    assert len(found) == 1, (art, pattern, found)
    return found[0]


def test_correct_extraction_clusters_phoenix_and_russian_claim(seed_linked):
    q = seed_linked["quotes"]
    difficult = {by_text(q, "001", "generally difficult")["cluster_id"], by_text(q, "001", "constantly attacking")["cluster_id"],
                 by_text(q, "002", "generally difficult")["cluster_id"]}
    assert len(difficult) == 1 and None not in difficult
    night = {by_text(q, "001", "day and night")["cluster_id"], by_text(q, "002", "day and night")["cluster_id"]}
    assert len(night) == 1 and None not in night and night != difficult
    claim = {by_text(q, art, "^its (forces|troops) (were tightening|have surrounded|in the city)")["cluster_id"] for art in ("000", "003", "004")}
    assert len(claim) == 1 and None not in claim
    # Different speakers, different statements: nothing else is linked.
    assert by_text(q, "001", "allocate people")["cluster_id"] is None
    assert by_text(q, "002", "spare their manpower")["cluster_id"] is None


def test_correct_extraction_links_each_denial_to_its_claim(seed_linked):
    q = seed_linked["quotes"]
    ids = lambda art, pattern: by_text(q, art, pattern)["quote_id"]
    assert by_text(q, "000", "either location")["contests_quote_ids"] == sorted([ids("000", "tightening"), ids("000", "Kupiansk")])
    assert by_text(q, "003", "blockade")["contests_quote_ids"] == [ids("003", "have surrounded")]
    assert by_text(q, "004", "Moscow's claim")["contests_quote_ids"] == [ids("004", "^its troops in the city")]
    # An acknowledgement is no denial, and a claim contests nothing.
    assert by_text(q, "004", "extreme complexity")["contests_quote_ids"] == []
    assert by_text(q, "000", "severe pressure")["contests_quote_ids"] == []
    assert by_text(q, "003", "have surrounded")["contests_quote_ids"] == []


def test_correct_extraction_clusters_figures(seed_linked):
    f = seed_linked["figures"]
    prewar = {r["cluster_id"] for r in f if r["value"] == 60000}
    assert len(prewar) == 1 and None not in prewar
    remaining = {r["cluster_id"] for r in f if r["value"] == 7000}
    assert len(remaining) == 1 and None not in remaining and remaining != prewar
    distance = {r["cluster_id"] for r in f if r["value"] == 5}
    assert len(distance) == 1 and None not in distance
    assert by_text(f, "003", "39 kilometers")["cluster_id"] is None
    assert by_text(f, "000", "35 buildings")["cluster_id"] is None


# --- link() on small hand-made rows ----------------------------------------------------------

def quote(qid, text, speaker=None, cue="said", article=None, start=0):
    article = article or qid.split("-")[0]
    return {"quote_id": qid, "article_id": article, "text": text, "start": start, "end": start + len(text),
            "speaker_id": speaker, "cue": cue}


def figure(fid, value, unit, measure):
    return {"figure_id": fid, "article_id": fid.split("-")[0], "text": str(value), "start": 0, "end": 1,
            "value": value, "unit": unit, "measure": measure}


def run(quotes=(), figures=(), articles=(), sources=()):
    return L.link({"articles": list(articles), "quotes": list(quotes), "figures": list(figures), "sources": list(sources)})


def test_reworded_quote_same_speaker_clusters():
    rows = run([quote("a-q001", "Day and night they are moving forwards", "phoenix"),
                quote("b-q001", "they were moving forward \"day and night.\"", "phoenix")])
    assert [q["cluster_id"] for q in rows["quotes"]] == ["qc-a-q001", "qc-a-q001"]


def test_fragment_clusters_with_full_quote_and_ids_are_stable():
    rows = run([quote("z-q001", "generally difficult", "phoenix"),
                quote("b-q002", "The situation is generally difficult, the enemy is constantly attacking on foot", "phoenix")])
    assert {q["cluster_id"] for q in rows["quotes"]} == {"qc-b-q002"}


def test_different_speakers_never_one_statement():
    rows = run([quote("a-q001", "The situation is generally difficult", "phoenix"),
                quote("b-q001", "The situation is generally difficult", "zelensky"),
                quote("c-q001", "The situation is generally difficult", None)])
    # The unresolved quote may join one of them, never bridge the two.
    clusters = {q["quote_id"]: q["cluster_id"] for q in rows["quotes"]}
    assert clusters["a-q001"] != clusters["b-q001"] or clusters["a-q001"] is None


def test_one_shared_word_is_not_a_statement():
    rows = run([quote("a-q001", "illegitimate", "putin"), quote("b-q001", "Zelensky is illegitimate and must go", "putin"),
                quote("c-q001", "deal", None), quote("d-q001", "a deal to end the war", None)])
    assert all(q["cluster_id"] is None for q in rows["quotes"])


def test_unresolved_speaker_needs_close_wording():
    rows = run([quote("a-q001", "Ukrainian units are simply running out of infantry", None),
                quote("b-q001", "Ukrainian units have enough infantry for the winter", None)])
    assert all(q["cluster_id"] is None for q in rows["quotes"])


def test_figure_that_changes_over_time_shares_a_cluster():
    rows = run(figures=[figure("jan-f001", 7000, "person", "people remaining in Pokrovsk"),
                        figure("nov-f001", 1200, "people", "people remaining in Pokrovsk"),
                        figure("jan-f002", 60000, "person", "pre-war population of Pokrovsk"),
                        figure("nov-f002", 60000, "person", "population of Pokrovsk before the war")])
    c = {f["figure_id"]: f["cluster_id"] for f in rows["figures"]}
    assert c["jan-f001"] == c["nov-f001"] == "fc-jan-f001"
    assert c["jan-f002"] == c["nov-f002"] == "fc-jan-f002"


def test_contrasting_or_generic_measures_do_not_link():
    rows = run(figures=[figure("a-f001", 60000, "person", "pre-war population"),
                        figure("b-f001", 7000, "person", "remaining population"),
                        figure("c-f001", 35, "count", "count"),
                        figure("d-f001", 39, "count", "count"),
                        figure("e-f001", 5, "km", "distance to the border"),
                        figure("f-f001", 5, "percent", "distance to the border")])
    assert all(f["cluster_id"] is None for f in rows["figures"])


def test_unit_aliases_link_kilometres():
    rows = run(figures=[figure("a-f001", 5, "kilometers", "distance from the Dnipropetrovsk border"),
                        figure("b-f001", 5, "km", "distance of troops from the Dnipropetrovsk region border")])
    assert {f["cluster_id"] for f in rows["figures"]} == {"fc-a-f001"}


STORY = ("The deputy commander of the brigade said the situation on the front was generally difficult today. "
         "He asked to be identified by his military call sign for security reasons during the interview. "
         "The officer said the enemy had much greater numbers of infantry and attacked in small groups. "
         "Analysts said the city's road and rail links had made it an important supply centre for the army. "
         "Russian troops are currently about five kilometres from the boundary of the neighbouring region. ")
OTHER = ("Farmers in the south reported a record harvest of sunflowers despite the dry weather this year. "
         "Exports through the Black Sea ports rose for the third month in a row according to the ministry. "
         "Prices for cooking oil in local shops fell slightly while bread prices stayed the same as before. ")


def article(aid, text, outlet=None, syndicated_from=None, published=None):
    return {"article_id": aid, "text": text, "outlet": outlet, "syndicated_from": syndicated_from, "published_date": published}


def test_republication_direction_from_syndication_cue():
    rows = run(articles=[article("a", "Intro line here.\n" + STORY, outlet="Reuters", published=date(2025, 2, 1)),
                         article("b", STORY + "\nFollow latest updates.", outlet="The Independent", syndicated_from="Reuters",
                                 published=date(2025, 1, 1)),
                         article("c", OTHER, outlet="AP")])
    assert [(r["pair_id"], r["relation"]) for r in rows["reuse"]] == [("b~a", "republication")]
    pair = rows["reuse"][0]
    assert pair["similarity"] > 0.9
    texts = {"a": "Intro line here.\n" + STORY, "b": STORY + "\nFollow latest updates."}
    for p in pair["shared_passages"]:
        assert texts["b"][p["start"]:p["end"]] == p["text"]
        assert L.words(texts["a"][p["source_start"]:p["source_end"]]) == L.words(p["text"])


def test_rewrite_direction_from_dates_and_shared_source():
    rewritten = (STORY.replace("asked to be identified", "requested to be known")
                 .replace("important supply centre", "major supply center")
                 .replace("much greater numbers of", "far more"))
    rows = run(articles=[article("a", rewritten, published=date(2025, 1, 30)),
                         article("b", STORY, published=date(2025, 1, 28))])
    assert [(r["pair_id"], r["relation"]) for r in rows["reuse"]] == [("a~b", "rewrite")]
    rows = run(articles=[article("a", rewritten, syndicated_from="Reuters"),
                         article("b", STORY, outlet="The Independent", syndicated_from="Reuters")])
    assert [r["relation"] for r in rows["reuse"]] == ["shared_source"]


def test_one_shared_sentence_is_not_reuse():
    shared = "Kramatorsk and Sloviansk are the two biggest remaining Ukrainian-controlled cities in the region. "
    rows = run(articles=[article("a", OTHER + shared), article("b", STORY + shared)])
    assert rows["reuse"] == []


def test_denial_contests_nearest_claim_of_the_other_side():
    text = ("Russia said its forces had encircled the city. Moscow also said it shot down ten drones. "
            "Ukraine denied that its troops were surrounded. Ukraine said supplies were getting through.")
    def span(qid, s, speaker, cue):
        return quote(qid, s, speaker, cue, article="a", start=text.index(s))
    rows = run(articles=[article("a", text)], sources=[{"source_id": "russia", "side": "russia"}, {"source_id": "ukraine", "side": "ukraine"}],
               quotes=[span("a-q001", "its forces had encircled the city", "russia", "said"),
                       span("a-q002", "it shot down ten drones", "russia", "said"),
                       span("a-q003", "its troops were surrounded", "ukraine", "denied"),
                       span("a-q004", "supplies were getting through", "ukraine", "said")])
    assert {q["quote_id"]: q["contests_quote_ids"] for q in rows["quotes"]} == {
        "a-q001": [], "a-q002": [], "a-q003": ["a-q001"], "a-q004": []}


def test_denial_of_own_side_or_without_cue_is_not_a_contest():
    text = "Ukraine said its troops were encircled near the town. Ukraine denied that its troops were surrounded."
    def span(qid, s, speaker, cue):
        return quote(qid, s, speaker, cue, article="a", start=text.index(s))
    rows = run(articles=[article("a", text)], sources=[{"source_id": "ukraine", "side": "ukraine"}, {"source_id": "kyiv", "side": "ukraine"}],
               quotes=[span("a-q001", "its troops were encircled near the town", "kyiv", "said"),
                       span("a-q002", "its troops were surrounded", "ukraine", "denied")])
    assert all(q["contests_quote_ids"] == [] for q in rows["quotes"])
    # Without a cue, the words just before the quote decide.
    text = "Russia says it surrounded the town. Kyiv rejected claims that the town was surrounded."
    rows = run(articles=[article("a", text)],
               quotes=[quote("a-q001", "it surrounded the town", "russia", "says", "a", text.index("it surrounded")),
                       quote("a-q002", "the town was surrounded", "kyiv", None, "a", text.index("the town was"))])
    assert rows["quotes"][1]["contests_quote_ids"] == ["a-q001"]


def test_link_is_deterministic_under_input_order(seed_rows):
    first = L.link(copy.deepcopy(seed_rows))
    shuffled = copy.deepcopy(seed_rows)
    rng = random.Random(7)
    for name in ("articles", "quotes", "figures"):
        rng.shuffle(shuffled[name])
    second = L.link(shuffled)
    key = lambda rows, k: sorted(rows, key=lambda r: r[k])
    assert key(first["quotes"], "quote_id") == key(second["quotes"], "quote_id")
    assert key(first["figures"], "figure_id") == key(second["figures"], "figure_id")
    assert first["reuse"] == second["reuse"]


def test_near_copies_are_capped_not_quadratic_and_deterministic():
    # 12 copies of one story: every pair is reuse, but each article keeps at most
    # max_partners candidates, so the table stays linear in the number of articles.
    cfg = L.config()["reuse"]
    copies = [article(f"c{i:02d}", STORY + f"\nThis is copy {i} of the story for the test.") for i in range(12)]
    rows = run(articles=copies)["reuse"]
    assert rows and len(rows) <= len(copies) * cfg["max_partners"] < len(copies) * (len(copies) - 1) // 2
    assert all(r["relation"] == "republication" for r in rows)
    assert {a for r in rows for a in (r["article_id"], r["source_article_id"])} == {a["article_id"] for a in copies}
    assert run(articles=list(reversed(copies)))["reuse"] == rows


def test_candidates_scored_a_slice_at_a_time_are_those_scored_at_once(monkeypatch):
    # rank_candidates compares signatures SCORE_PAIRS pairs at a time, to bound memory;
    # slices of 1 and 7 pairs must keep the very pairs one slice of all of them keeps.
    cfg = L.config()["reuse"]
    copies = [article(f"c{i:02d}", STORY + f"\nThis is copy {i} of the story for the test.") for i in range(12)]
    sentences = STORY.split(". ")
    others = [article(f"o{i:02d}", ". ".join(sentences[i % 4:i % 4 + 2]) + f". {OTHER} Line {i} of the test.") for i in range(6)]
    kept = {}
    for size in (1, 7, 10**6):
        monkeypatch.setattr(L, "SCORE_PAIRS", size)
        kept[size] = L._reuse_candidates(copies + others, cfg)
    assert kept[10**6] and kept[1] == kept[7] == kept[10**6]


def test_copies_of_a_quote_cluster_once_and_constraint_holds():
    quotes = [quote(f"a{i:03d}-q001", "The situation is generally difficult on the front", "phoenix") for i in range(50)]
    quotes += [quote("b-q001", "The situation is generally difficult on the front", "zelensky"),
               quote("c-q001", "the situation is generally difficult on the front", None)]
    clusters = {q["quote_id"]: q["cluster_id"] for q in run(quotes)["quotes"]}
    assert {clusters[f"a{i:03d}-q001"] for i in range(50)} == {"qc-a000-q001"}
    assert clusters["b-q001"] != "qc-a000-q001"
