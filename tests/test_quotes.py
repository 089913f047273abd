"""Quote extraction: one test per construction, the contract, and the scores on the
seeds and on held-out articles written in other outlets' styles."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from pokrovsk_coverage.build import build
from pokrovsk_coverage.evaluate import load_gold, read_tables, score
from pokrovsk_coverage.extract_quotes import extract_quotes, quotation_spans
from pokrovsk_coverage.parse import parse

ROOT = Path(__file__).parents[1]


def run(text: str) -> dict:
    doc = parse(text)
    result = extract_quotes(doc)
    # the contract holds for every result
    for q in result["quotes"]:
        assert q["text"] == doc.text[q["start"]:q["end"]]
        assert q["type"] in ("direct", "indirect", "mixed")
        assert q["speaker_resolution"] in ("explicit", "pronoun", "context", "unresolved")
        assert (q["speaker"] is None) == (q["speaker_resolution"] == "unresolved")
    keys = {e["key"] for e in result["entities"]}
    for e in result["entities"]:
        for m in e["mentions"]:
            assert m["text"] == doc.text[m["start"]:m["end"]]
    assert {q["speaker"] for q in result["quotes"]} - {None} <= keys
    return result


def find(result: dict, text: str) -> dict:
    hits = [q for q in result["quotes"] if q["text"] == text]
    assert hits, f"no quote {text!r} in {[q['text'] for q in result['quotes']]}"
    return hits[0]


def entity(result: dict, key: str) -> dict:
    return next(e for e in result["entities"] if e["key"] == key)


def name_of(result: dict, q: dict) -> str:
    return entity(result, q["speaker"])["name"]


def test_quotation_marks_straight_curly_and_unclosed_paragraphs():
    text = 'He said "one thing" and “another”.\n“A quote left open at the paragraph end\nNext.'
    spans = [text[a:b] for a, b in quotation_spans(text)]
    assert spans == ["one thing", "another", "A quote left open at the paragraph end"]


def test_split_direct_quote_both_halves_to_the_speaker():
    r = run('"If they want to talk, we will send people," Putin said. "We will strive for what suits us."')
    first = find(r, "If they want to talk, we will send people")
    second = find(r, "We will strive for what suits us.")
    assert first["type"] == second["type"] == "direct"
    assert first["cue"] == "said"
    assert name_of(r, first) == name_of(r, second) == "Vladimir Putin"


def test_inverted_said_with_apposition():
    r = run("“Ukrainian units are simply running out of infantry,” said Pasi Paroinen, an analyst with the Finland-based Black Bird Group.")
    q = find(r, "Ukrainian units are simply running out of infantry")
    e = entity(r, q["speaker"])
    assert e["name"] == "Pasi Paroinen" and e["side"] == "western"


def test_indirect_speech_with_that_and_organisation_speaker():
    r = run("Russia said on Tuesday that its forces were tightening their encirclement of Ukrainian troops.")
    q = find(r, "its forces were tightening their encirclement of Ukrainian troops")
    assert q["type"] == "indirect" and name_of(r, q) == "Russia" and q["speaker_resolution"] == "explicit"


def test_capital_city_speaks_for_its_government():
    r = run("Moscow says it has annexed the region. Kyiv denies that its troops are encircled.")
    assert name_of(r, find(r, "it has annexed the region")) == "Russia"
    assert name_of(r, find(r, "its troops are encircled")) == "Ukraine"


def test_pronoun_it_resolves_to_the_last_organisation():
    r = run("The Russian Defence Ministry said its soldiers had cleared 35 buildings. "
            "It said Russian forces were also squeezing troops near Kupiansk.")
    q = find(r, "Russian forces were also squeezing troops near Kupiansk")
    assert q["speaker_resolution"] == "pronoun"
    assert q["speaker"] == "russian-ministry-of-defence"


def test_possessive_military_of_a_head_of_state():
    r = run("Ukrainian President Volodymyr Zelensky acknowledged on Monday that the city was under pressure, "
            "but his military said Russian troops were not in full control of any district.")
    q = find(r, "Russian troops were not in full control of any district")
    assert q["speaker"] == "armed-forces-of-ukraine" and q["speaker_mention"] == "his military"


def test_mixed_quote_is_one_entry():
    r = run('Russian military blogger Rybar said that control of the town was expanding but "a complete clearing is still far off".')
    q = find(r, 'control of the town was expanding but "a complete clearing is still far off"')
    assert q["type"] == "mixed" and name_of(r, q) == "Rybar"
    assert entity(r, q["speaker"])["description"] == "Russian military blogger"


def test_fragment_after_naming_verb_and_mixed_after_participle():
    r = run('The deputy commander of the brigade called the situation "generally difficult," '
            'explaining that Russian troops are "constantly attacking on foot."')
    frag = find(r, "generally difficult")
    assert frag["type"] == "direct" and frag["cue"] == "called"
    mixed = find(r, 'Russian troops are "constantly attacking on foot."')
    assert mixed["type"] == "mixed" and mixed["speaker"] == frag["speaker"]


def test_according_to_before_and_after_the_clause():
    r = run("According to the regional governor, 7,000 people remain in the city. "
            "Russian forces advanced 39 kilometers, according to calculations by the Institute for the Study of War.")
    first = find(r, "7,000 people remain in the city")
    assert first["cue"] == "according to" and entity(r, first["speaker"])["kind"] == "anonymous"
    second = find(r, "Russian forces advanced 39 kilometers")
    assert name_of(r, second) == "Institute for the Study of War"


def test_according_to_in_the_middle_reports_the_whole_sentence():
    r = run("Russian forces, according to open source data, have begun to encircle the city.")
    find(r, "Russian forces, according to open source data, have begun to encircle the city")


def test_description_resolves_to_the_person_introduced_before():
    r = run("“The situation is difficult,” said the deputy commander of Ukraine’s 59th assault brigade.\n"
            "He asked to be identified by his military call sign, Phoenix, for security reasons.\n"
            "The officer said the enemy had much greater numbers of infantry.")
    first = find(r, "The situation is difficult")
    later = find(r, "the enemy had much greater numbers of infantry")
    assert first["speaker"] == later["speaker"]
    e = entity(r, first["speaker"])
    assert e["name"] == "Phoenix" and e["side"] == "ukraine"
    assert {m["text"] for m in e["mentions"]} >= {"Phoenix", "The officer"}


def test_nationality_description_refers_back_to_the_leader():
    r = run("Russian President Vladimir Putin said talks could take place. "
            "The Russian leader also asserted that the conflict would end within two months.")
    q = find(r, "the conflict would end within two months")
    assert name_of(r, q) == "Vladimir Putin"


def test_uncued_quotation_paragraph_takes_the_preceding_speaker():
    r = run("Michael Kofman, a senior fellow at the Carnegie Endowment, said Russian forces could use the city as a base.\n"
            "“They can then move up their own logistics.”")
    q = find(r, "They can then move up their own logistics.")
    assert q["speaker_resolution"] == "context" and q["cue"] is None
    assert name_of(r, q) == "Michael Kofman"


def test_colon_then_quotation_paragraph_is_context():
    r = run("George Barros, an analyst at the Institute for the Study of War, believes that the fall of the city is not inevitable:\n"
            "\"Ukraine still has a chance to exhaust the Russians.\"")
    assert find(r, "the fall of the city is not inevitable")["type"] == "indirect"
    q = find(r, "Ukraine still has a chance to exhaust the Russians.")
    assert name_of(r, q) == "George Barros" and q["speaker_resolution"] == "context"


def test_anonymous_sources_keep_their_affiliation():
    r = run('"The closer you get, the more likely you are to lose your vehicle," said an officer from the 68th Jaeger Brigade. '
            "Analysts estimate that the city could fall within weeks.")
    officer = entity(r, find(r, "The closer you get, the more likely you are to lose your vehicle")["speaker"])
    assert officer["kind"] == "anonymous" and "68th Jaeger Brigade" in officer["name"]
    analysts = entity(r, find(r, "the city could fall within weeks")["speaker"])
    assert analysts["kind"] == "anonymous"


def test_sentence_final_unnamed_group():
    r = run("Russian forces entered the city last month and appear poised to seize all of it, experts say.")
    q = find(r, "Russian forces entered the city last month and appear poised to seize all of it")
    assert entity(r, q["speaker"])["name"] == "experts"


def test_told_an_outlet_cites_the_outlet():
    r = run("Phoenix, a Ukrainian commander, told Reuters they were moving forward day and night.")
    assert any(e["key"] == "reuters" for e in r["entities"])
    assert name_of(r, find(r, "they were moving forward day and night")) == "Phoenix"


def test_outlet_is_not_its_own_source():
    r = run("MOSCOW, November 8. /TASS/. Fighting continues.\n\nMilitary expert Andrei Marochko told TASS that units were short of ammunition.")
    assert not any(e["key"] == "tass" for e in r["entities"])


def test_headline_style_attribution():
    r = run("Body sentence one.\nUkraine talks possible, but not with 'illegitimate' Zelensky: Putin\nMore text here.")
    q = find(r, "Ukraine talks possible, but not with 'illegitimate' Zelensky")
    assert q["type"] == "mixed" and name_of(r, q) == "Vladimir Putin"


def test_a_title_closed_by_a_dash_and_a_source_reports_its_claim():
    # wire and agency titles put the source last ("... – General Staff")
    r = run("Rebels shelled the northern docks 14 times overnight – Interior Ministry\n\n"
            "The Interior Ministry said on Monday that rebel gunners had shelled the docks.")
    q = find(r, "Rebels shelled the northern docks 14 times overnight")
    assert q["type"] == "indirect" and q["cue"] == "– Interior Ministry"
    assert q["speaker"] is not None


def test_a_dash_before_a_page_name_is_no_attribution():
    r = run("Sevarin Harbour Today - Local News\n\nThe ferries stopped running on Monday.")
    assert r["quotes"] == []


def test_a_quotation_opening_the_title_is_said_by_whoever_says_it_below():
    r = run("“We hold every pier”: a night with the harbour guard\n\n"
            "The guards sleep in shifts in a shipping container by the water.\n\n"
            "“We hold every pier,” said Ivan Petrenko, who leads the night shift.")
    heads = [q for q in r["quotes"] if q["start"] == 1]
    assert len(heads) == 1 and name_of(r, heads[0]) == "Ivan Petrenko"
    assert heads[0]["speaker_resolution"] == "context"


def test_a_title_quotation_nobody_says_below_is_no_quote():
    r = run("“Every pier a front line”: the harbour at night\n\nThe guards sleep in shifts by the water.")
    assert r["quotes"] == []


def test_two_reports_in_one_title_end_where_the_second_begins():
    r = run("Navy says sailors still holding the pier after rebels claim port's capture\n\n"
            "The navy said the sailors held the pier on Monday.")
    assert find(r, "sailors still holding the pier")["cue"] == "says"
    assert find(r, "port's capture")["cue"] == "claim"


def test_a_title_report_the_parse_misattaches_runs_to_the_next_comma():
    r = run("Sevarin: Rebels claim new gains, Navy denies encirclement\n\nThe navy said the pier held.")
    assert find(r, "new gains")["cue"] == "claim"
    assert find(r, "encirclement")["cue"] == "denies"


def test_scare_quotes_and_non_speech_are_not_quotes():
    r = run("Pokrovsk sits along what has been dubbed the “fortress belt” of Donetsk. A view shows buildings hit by strikes.")
    assert r["quotes"] == []


def test_continuation_sentence_after_an_indirect_report():
    r = run("Three analysts said that Russia had two main options.\n\nThe first was to push westward into the plains.")
    q = find(r, "The first was to push westward into the plains")
    assert q["speaker_resolution"] == "context" and entity(r, q["speaker"])["kind"] == "anonymous"


def test_one_entry_per_fragment_of_one_speaker():
    r = run('Putin dismissed Zelensky, whom he labeled "illegitimate," and called the talks "a farce."')
    assert {q["text"] for q in r["quotes"]} >= {"illegitimate", "a farce."}


# -- the collection: seeds and held-out articles, built once per session ------------------
@pytest.fixture(scope="session")
def seed_scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds-out")
    build(ROOT / "seeds", out, show_progress=False)
    return score(load_gold(ROOT / "annotations" / "gold"), read_tables(out))


@pytest.fixture(scope="session")
def heldout_scores(tmp_path_factory):
    folder = ROOT / "tests" / "fixtures" / "heldout_quotes"
    out = tmp_path_factory.mktemp("heldout-out")
    build(folder, out, show_progress=False)
    return score(load_gold(folder), read_tables(out))


def test_seed_targets(seed_scores):
    q, s = seed_scores["quotes"], seed_scores["sources"]
    assert q.f1 >= 0.95, q.as_dict()
    assert q.extra["speaker_accuracy"] >= 0.90, q.as_dict()
    assert s.f1 >= 0.90, s.as_dict()


def test_heldout_targets(heldout_scores):
    q, s = heldout_scores["quotes"], heldout_scores["sources"]
    assert q.f1 >= 0.85, q.as_dict()
    assert q.extra["speaker_accuracy"] >= 0.80, q.as_dict()
    assert s.f1 >= 0.85, s.as_dict()


def test_unseen_targets_on_the_sealed_set(tmp_path):
    # the set no rule was written from and whose errors are never read: the measure of new
    # text (issue targets for unseen articles); scores only, never its errors
    folder = ROOT / "tests" / "fixtures" / "heldout_sealed"
    build(folder, tmp_path / "out", show_progress=False)
    scores = score(load_gold(folder), read_tables(tmp_path / "out"))
    q, s = scores["quotes"], scores["sources"]
    assert q.f1 >= 0.85 and q.extra["speaker_accuracy"] >= 0.80 and s.f1 >= 0.85, (q.f1, q.extra["speaker_accuracy"], s.f1)


def test_errors_listed_are_the_ones_the_scores_count(seeds_release):
    # evaluate --errors: every gold quote the speaker accuracy does not count right is
    # listed (missed or wrong speaker), and every prediction precision does not count
    errors: list[dict] = []
    scores = score(load_gold(ROOT / "annotations" / "gold"), read_tables(seeds_release), errors)
    q = scores["quotes"]
    kinds = Counter(e["error"] for e in errors)
    assert errors, "the seeds have a few errors to list"
    assert kinds["missed"] == q.n_gold - q.tp
    assert kinds["extra"] == q.n_pred - q.tp
    assert kinds["missed"] + kinds["wrong speaker"] == round(q.n_gold * (1 - q.extra["speaker_accuracy"]))
    assert all(e["gold_speaker"] for e in errors if e["error"] != "extra")


def test_heldout_gold_is_well_formed():
    folder = ROOT / "tests" / "fixtures" / "heldout_quotes"
    gold = load_gold(folder)
    assert len(gold) >= 3
    for stem, g in gold.items():
        text = (folder / f"{stem}.txt").read_text(encoding="utf-8")
        assert len(re.findall(r"\w+", text)) >= 300
        for q in g["quotes"]:
            assert q["text"] in text


# -- regression tests: descriptions, names, publishers (hand-written sentences) ----------------
def entity(result: dict, key: str) -> dict:
    return next(e for e in result["entities"] if e["key"] == key)


def run_with(text: str, **user_data) -> dict:
    doc = parse(text)
    doc.user_data.update(user_data)
    return extract_quotes(doc)


def test_a_description_refers_back_only_to_a_person_it_describes():
    r = run_with(
        "Town under siege\n"
        "According to the mayor, 3,000 people remain in the town.\n"
        "The deputy commander of a mechanised brigade said the line was holding.\n"
        "He asked to be identified by his call sign, Falcon.\n"
        "According to the officer, attacks come at night.\n"
        "Falcon told a news agency they would hold.\n"
        "According to the mayor, buses leave every day.")
    mayor = {find(r, t)["speaker"] for t in ("3,000 people remain in the town", "buses leave every day")}
    falcon = {find(r, t)["speaker"] for t in ("the line was holding", "attacks come at night", "they would hold")}
    assert len(mayor) == 1 and len(falcon) == 1 and mayor != falcon
    assert entity(r, falcon.pop())["name"] == "Falcon"
    m = entity(r, mayor.pop())
    assert m["name"] != "Falcon" and m["kind"] == "anonymous" and "Falcon" not in m["aliases"]


def test_a_call_sign_names_one_person():
    r = run_with(
        "Front line\n"
        "A regional governor said 500 people had left.\n"
        "A battalion commander said the enemy attacked at dawn.\n"
        "He asked to be identified by his call sign, Owl.\n"
        "Owl said the attacks continued.\n"
        "Owl added that drones were the main threat.")
    named = [e for e in r["entities"] if e["name"] == "Owl"]
    assert len(named) == 1 and "governor" not in " ".join(named[0]["aliases"]).lower()


def test_a_coordinated_group_is_not_its_members():
    r = run_with(
        "Front report.\n"
        "Soldiers and analysts told the newspaper that the town is a key hub.\n"
        "The road is cut.\n"
        "Analysts say losses are high on both sides.")
    assert find(r, "the town is a key hub")["speaker"] != find(r, "losses are high on both sides")["speaker"]


@pytest.mark.parametrize("text,name,kind", [
    ("According to the General Staff, Russian forces lost 9 tanks.", "General Staff", "military"),
    ("Ukraine's 47th Mechanized Brigade said it destroyed 12 vehicles.", "47th Mechanized Brigade", "military"),
    ("Prices rose 4%, according to the International Grain Council.", "International Grain Council", None),
    ("Ukraine's army chief, Oleksandr Petrenko, said the enemy had 50,000 troops.", "Oleksandr Petrenko", "person"),
    ("One medic, Iryna, 34, said she had treated 40 soldiers.", "Iryna", "person"),
])
def test_entity_names_are_spans_as_written(text, name, kind):
    r = run_with("The war goes on.\n" + text)
    q = r["quotes"][0]
    e = entity(r, q["speaker"])
    assert e["name"] == name, e
    if kind:
        assert e["kind"] == kind


def test_a_namesake_of_a_registered_person_is_not_that_person():
    r = run_with(
        "Battalion view\n"
        "\"We hold,\" said Capt. Andrii Kovalenko, 38, a company commander.\n")
    e = entity(r, find(r, "We hold")["speaker"])
    assert e["name"] == "Andrii Kovalenko" and e["homonym"] and e["kind"] == "person"
    # the registered civilian official of that name, introduced with a compatible role
    r = run_with("Disinformation\nAndrii Kovalenko, who heads a government centre, said the claims were false.\n")
    e = entity(r, find(r, "the claims were false")["speaker"])
    assert not e["homonym"] and e["key"] == "andriy-kovalenko"


def test_the_publisher_is_not_a_source_of_its_own_article():
    text = "Siege\n\"We will not leave,\" the volunteer told the BBC.\n"
    r = run_with(text, outlet="BBC")
    assert "bbc" not in {e["key"] for e in r["entities"]}
    assert find(r, "We will not leave")["speaker"] is not None
    r = run_with("Siege\n\"We will not leave,\" the volunteer told The Associated Press.\n", outlet="AP")
    assert "associated-press" not in {e["key"] for e in r["entities"]}
    # an outlet the text is syndicated from is cited by the republisher
    r = run_with(text, outlet=None, syndicated_from="BBC")
    assert "bbc" in {e["key"] for e in r["entities"]}


def test_a_subject_the_parser_split_off_a_paragraph_start():
    r = run_with(
        "Drones \"hunt everything,\" officers said.\n\nThe 'Price' of the town\n\n"
        "Kyiv denies Moscow's claim that its troops in the city are surrounded but acknowledges the extreme "
        "complexity of the situation.")
    assert find(r, "the extreme complexity of the situation")["speaker"] == "ukraine"


def test_doc_text_and_sentences_are_computed_once():
    from pokrovsk_coverage.extract_quotes import Sentences
    from pokrovsk_coverage.speakers import text_of

    doc = parse("One sentence here. He gave his call sign, Owl. A third one.")
    assert text_of(doc) is text_of(doc) and text_of(doc) == doc.text
    sents = Sentences(doc)
    assert [s.text for s in sents.spans] == [s.text for s in doc.sents]
    assert sents.naming(1)[0][0] == "Owl"


# -- failure categories found on a blind held-out set (hand-written sentences) ----------
def test_sentence_final_cue_after_comma_stops_before_the_cue():
    r = run("Dutch troops are still holding the bridge at Arnhem, the country's army says, despite claims by Berlin.")
    q = find(r, "Dutch troops are still holding the bridge at Arnhem")
    assert q["type"] == "indirect" and name_of(r, q) == "the country's army"


def test_passive_believe_is_not_a_nested_attribution():
    r = run("About 800 residents are believed to remain in the village, according to the district council.")
    find(r, "About 800 residents are believed to remain in the village")


def test_dash_apposition_ends_the_reported_clause():
    r = run("In a statement, Jan Kowalski said the rebels had gathered “more than 9,000 fighters” near the border – a number that, if true, would be unusual.")
    q = find(r, "the rebels had gathered “more than 9,000 fighters” near the border")
    assert q["type"] == "mixed"


def test_said_only_that_with_a_nested_cue_is_one_mixed_quote():
    r = run("Palace spokesman Jan Kowalski, asked on Friday when the talks would end, said only that the ministry would announce it “at the proper time.”")
    q = find(r, "the ministry would announce it “at the proper time.”")
    assert q["type"] == "mixed" and name_of(r, q) == "Jan Kowalski"
    assert not any(x["text"] == "at the proper time." for x in r["quotes"])


def test_question_clause_is_not_a_report():
    r = run("The mayor declined to say when the council expected the repairs to finish.")
    assert not any("repairs" in q["text"] for q in r["quotes"])


def test_cue_at_sentence_end_after_a_named_speaker_with_apposition():
    r = run("On Monday, they used the rain to move trucks toward the port, Anna Berg, head of the port authority, said. Most of them were stopped, she added.")
    q = find(r, "On Monday, they used the rain to move trucks toward the port")
    assert name_of(r, q) == "Anna Berg"
    assert name_of(r, find(r, "Most of them were stopped")) == "Anna Berg"


def test_cue_at_sentence_end_after_a_unit_name():
    r = run("Rebel groups have entered the harbour, but coastal forces continue to hold the docks, the 4th Coastal Defence Brigade of Norway's Home Guard reported on Nov. 2.")
    q = find(r, "Rebel groups have entered the harbour, but coastal forces continue to hold the docks")
    assert "Brigade" in name_of(r, q)


def test_said_during_a_visit_that_with_a_second_that_clause():
    r = run('Earlier, President Ivan Petrov said during a visit to a hospital that enemy troops in Lyman were "completely blocked" and that the government should "make a decision."')
    q = find(r, 'enemy troops in Lyman were "completely blocked"')
    assert q["type"] == "mixed" and name_of(r, q) == "Ivan Petrov"
    assert not any(x["text"] == "Earlier" for x in r["quotes"])


def test_relative_clause_cue_gives_no_final_cue_quote():
    r = run('Jan Kowalski told reporters that the rebels were "retreating fast", a claim the council rejected.')
    assert not any(q["cue"] == "rejected" and q["type"] == "indirect" for q in r["quotes"])


# -- speaker resolution with gender and described names --------------------------------
def test_she_does_not_resolve_to_a_man():
    r = run("A medic, who gave only his call sign Bear, told AFP the roads were mined. "
            "One nurse, Halyna, told AFP that the clinic was open. She said her clinic had moved twice.")
    assert name_of(r, find(r, "her clinic had moved twice")) == "Halyna"
    r = run("A medic, who gave only his call sign Bear, told AFP the roads were mined. She said the clinic had moved twice.")
    assert find(r, "the clinic had moved twice")["speaker"] is None


def test_described_name_after_a_quotation_names_the_speaker():
    r = run("A medic, who gave only his call sign Bear, told AFP the roads were mined. "
            "“We carry the wounded on foot,” one of the nurses, Halyna, told AFP. She said her clinic had moved twice.")
    assert name_of(r, find(r, "We carry the wounded on foot")) == "Halyna"
    assert name_of(r, find(r, "her clinic had moved twice")) == "Halyna"


# -- names, glosses and scare quotes are not quotations -----------------------------------
def test_call_names_and_translations_in_quotes_are_not_quotes():
    r = run("A third channel, Tri Brata (“Three Brothers”), accused the command of “lying to the public” about losses.")
    assert "Three Brothers" not in {q["text"] for q in r["quotes"]}
    r = run("A soldier who goes by “Kedr” said the nights were worst.")
    assert [q["text"] for q in r["quotes"]] == ["the nights were worst"]
    assert name_of(r, r["quotes"][0]) == "Kedr"


def test_colon_after_a_sourced_clause_introduces_the_quotation():
    r = run("One Russian volunteer fighter, who writes under the handle “Kedr,” summed it up in a post on March 5: “We walk only at night.”")
    assert [q["text"] for q in r["quotes"]] == ["We walk only at night."]
    assert name_of(r, r["quotes"][0]) == "Kedr"


def test_naming_verb_does_not_take_a_later_verbs_quoted_object():
    r = run("In October, the army began publishing daily updates from the town it calls Selydove, announcing villages “cleared” one after another.")
    assert "cleared" not in {q["text"] for q in r["quotes"]}


def test_second_cue_after_but_ends_the_first_report():
    r = run("The channel Vostok, which has more than 1.3 million subscribers, wrote on November 6 that Russian units controlled "
            "“at least 75 percent” of the town, but warned that “the fight will take weeks, if not longer.”")
    q = find(r, "Russian units controlled “at least 75 percent” of the town")
    assert q["type"] == "mixed" and name_of(r, q) == "Vostok"
    assert name_of(r, find(r, "the fight will take weeks, if not longer.")) == "Vostok"


# -- more cues ------------------------------------------------------------------------------
def test_late_that_after_a_date_and_a_second_cue_after_but():
    r = run("The channel Vostok, which has more than 1.3 million subscribers, wrote on November 6 that Russian units held "
            "“at least 75 percent” of the city, but warned that “mopping up the ruins will take weeks, if not longer.”")
    q = find(r, "Russian units held “at least 75 percent” of the city")
    assert q["type"] == "mixed" and name_of(r, q) == "Vostok"
    assert "at least 75 percent" not in {x["text"] for x in r["quotes"]}


def test_marks_as_is_a_cue_only_with_as():
    r = run("The Finnish monitoring group Black Bird marks about half of the village as contested ground.")
    assert find(r, "about half of the village as contested ground")["cue"] == "marks"
    assert run("The city marks the anniversary each May.")["quotes"] == []


def test_according_to_a_pronoun():
    r = run("Gerasimov reported to the president that more than half of the town had been taken. "
            "According to him, about 300 soldiers are trapped near the river.")
    q = find(r, "about 300 soldiers are trapped near the river")
    assert q["speaker_resolution"] == "pronoun" and q["speaker"] == find(r, "more than half of the town had been taken")["speaker"]


def test_quotation_and_that_clause_are_two_reports():
    r = run('Zaluzhny claimed that "the front is stable" and that reserves were arriving.')
    assert find(r, "the front is stable")["type"] == "direct"
    assert find(r, "reserves were arriving")["type"] == "indirect"


# -- the publisher's own estimates ---------------------------------------------------------
def test_publisher_estimate_is_not_a_quote_in_its_own_article():
    def with_outlet(text, outlet):
        doc = parse(text)
        doc.user_data["outlet"] = outlet
        return extract_quotes(doc)
    text = "According to Meduza’s estimate, Russian forces have advanced some 40 kilometers this year."
    own = with_outlet(text, "Meduza")
    assert own["quotes"] == [] and not any(e["name"] == "Meduza" for e in own["entities"])
    other = with_outlet(text, "Reuters")
    assert [e["name"] for e in other["entities"]] == ["Meduza"]


def test_description_before_a_name_and_later_descriptions_of_the_organisation():
    r = run("The Polish monitoring project Frontwatch said the village had fallen. "
            "The Polish project said that Russian troops were near the river.")
    assert name_of(r, find(r, "the village had fallen")) == "Frontwatch"
    assert name_of(r, find(r, "Russian troops were near the river")) == "Frontwatch"
    r = run("Frontwatch, a Polish monitoring project, said the village had fallen. "
            "The monitoring project said that Russian troops were near the river.")
    assert name_of(r, find(r, "Russian troops were near the river")) == "Frontwatch"


def test_late_that_after_an_adverbial_run_reports_both_clauses():
    r = run('Earlier, Russian President Vladimir Putin said during a visit to a military school that Ukrainian units in '
            'Kupyansk were "fully encircled" and that Kyiv should "think about its soldiers."')
    assert find(r, 'Ukrainian units in Kupyansk were "fully encircled"')["type"] == "mixed"
    assert find(r, 'Kyiv should "think about its soldiers."')["type"] == "mixed"
    r = run("Head of the Chief Directorate Kyrylo Budanov reported to the Commander-in-Chief that half of the village had been cleared.")
    assert name_of(r, find(r, "half of the village had been cleared")) == "Kyrylo Budanov"
    assert run("He said the things that mattered.")["quotes"] == []


def test_participle_cue_after_an_apposition_and_leadership_subjects():
    r = run("The Centre for Defence Strategies (CDS), a Kyiv-based think tank, assessed on May 2 that "
            "Russian troops had probably advanced in eastern Vuhledar.")
    assert find(r, "Russian troops had probably advanced in eastern Vuhledar")["speaker"] is not None
    r = run("For most of May, Ukraine’s military leadership insisted that Bakhmut was not encircled.")
    assert find(r, "Bakhmut was not encircled")["speaker"] is not None


def test_lead_line_with_a_final_cue_is_not_a_title():
    r = run("Over the past day, the Ukrainian army lost up to 90 servicemen near the river, the ministry said\nAnother line follows here.")
    assert find(r, "Over the past day, the Ukrainian army lost up to 90 servicemen near the river")["cue"] == "said"


def test_title_of_an_organisation_before_a_persons_name():
    r = run("Chief of the Russian General Staff Valery Gerasimov reported to the president that half the town had been cleared. "
            "According to him, 300 soldiers are trapped.")
    assert name_of(r, find(r, "half the town had been cleared")) == "Valery Gerasimov"
    assert name_of(r, find(r, "300 soldiers are trapped")) == "Valery Gerasimov"
    r = run("Commander of the Ukrainian Ground Forces Mykhailo Drapatyi said that the line held.")
    assert name_of(r, find(r, "the line held")) == "Mykhailo Drapatyi"


def test_description_comma_titled_name_and_later_description():
    for text in ("Military analyst, retired Colonel Ivan Petrenko told Reuters that the command was sending its last reserves. "
                 "“They are throwing in new units,” the analyst said.",
                 "Military expert, retired Colonel Ivan Petrenko told Reuters that the command was sending its last reserves. "
                 "“They are throwing in new units,” the expert said."):
        r = run(text)
        assert name_of(r, find(r, "the command was sending its last reserves")) == "Ivan Petrenko"
        assert name_of(r, find(r, "They are throwing in new units")) == "Ivan Petrenko"
    r = run("Commander-in-Chief of the Ukrainian Armed Forces Alexander Syrsky claimed that the situation was under control.")
    assert name_of(r, find(r, "the situation was under control")) == "Oleksandr Syrskyi"


def test_clause_coordinated_after_a_parenthetical_cue():
    r = run("About 300 people remain in the town, the mayor said. Most of them are elderly, he said, and live in cellars without heat.")
    assert find(r, "live in cellars without heat")["speaker"] == find(r, "Most of them are elderly")["speaker"] is not None


def test_report_takes_a_noun_phrase_as_its_content():
    r = run("Title line\nGeneral Staff reports 140 clashes along front line, 40 near Kupiansk\n"
            "The General Staff reported 140 combat clashes along the front line on May 4, 40 of them in the Kupiansk sector.")
    assert find(r, "140 clashes along front line, 40 near Kupiansk")["cue"] == "reports"
    assert any(q["text"].startswith("140 combat clashes along the front line") for q in r["quotes"])


def test_press_service_speaks_for_the_organisation_named_before():
    r = run("A drone operator from the 47th Mechanised Brigade told AFP the town was holding. "
            "The brigade’s press service said its drone crews had hit 30 vehicles.")
    assert name_of(r, find(r, "its drone crews had hit 30 vehicles")) == "47th Mechanised Brigade"
    r = run("The 47th Mechanised Brigade’s press service said its drone crews had hit 30 vehicles.")
    assert name_of(r, find(r, "its drone crews had hit 30 vehicles")) == "47th Mechanised Brigade"


def test_standfirst_description_before_the_named_person():
    r = run("Title here\nUkrainian president says defenders still hold the town.\n"
            "Ukrainian President Volodymyr Zelenskyy has said his forces are still fighting for the town.")
    assert name_of(r, find(r, "defenders still hold the town")) == "Volodymyr Zelensky"
    r = run("Title here\nThe officer said the town was holding. Ukrainian officer Ivan Petrenko said the line held.")
    assert find(r, "the town was holding")["speaker"] != find(r, "the line held")["speaker"]


def test_name_given_after_a_description_ending_in_a_naming_cue():
    r = run('"We hold every cellar," said a corporal with the 93rd Brigade who asked to be identified only by his call sign, '
            'Tundra. "It changes by the hour."\n\nHe said his squad had lost two men.')
    for text in ("We hold every cellar", "It changes by the hour.", "his squad had lost two men"):
        assert name_of(r, find(r, text)) == "Tundra"


def test_name_set_off_after_a_title_with_a_complement():
    r = run("The head of the district military administration, Serhiy Ivanenko, said about 900 people remained in the town.")
    q = find(r, "about 900 people remained in the town")
    assert name_of(r, q) == "Serhiy Ivanenko"
    assert entity(r, q["speaker"])["description"] == "head of the district military administration"


def test_a_dateline_place_is_not_the_subject():
    r = run("Kyiv (AFP) – Ukraine's army on Monday rejected the claim, saying its units still held the station.")
    assert name_of(r, find(r, "its units still held the station")) == "Armed Forces of Ukraine"


def test_according_to_a_chain_of_carriers_names_the_data_owner():
    r = run("According to a Reuters analysis of data from the US-based Institute for the Study of War, "
            "Russian forces seized 400 square kilometres in October.")
    assert name_of(r, find(r, "Russian forces seized 400 square kilometres in October")) == "Institute for the Study of War"


def test_staff_of_a_known_analysis_body_speak_for_it():
    r = run("According to DeepState analysts, Russian forces advanced near the village.")
    assert name_of(r, find(r, "Russian forces advanced near the village")) == "DeepState"
    r = run("ISW experts assessed that Russian forces had advanced near the village.")
    assert name_of(r, find(r, "Russian forces had advanced near the village")) == "Institute for the Study of War"


def test_the_corps_refers_back_to_the_named_corps():
    r = run("Ukraine's 3rd Army Corps said in a statement that its units had destroyed 12 vehicles.\n\n"
            "The corps also warned that Russian troops were using fog to advance.")
    assert name_of(r, find(r, "Russian troops were using fog to advance")) == "3rd Army Corps"


def test_a_hyphenated_title_refers_back_to_the_person_it_describes():
    r = run("Oleksandr Syrskyi said the line held.\n\nThe Commander-in-Chief added that supplies were arriving by drone.")
    assert name_of(r, find(r, "supplies were arriving by drone")) == "Oleksandr Syrskyi"
    assert not any(e["name"] in ("Commander", "The Commander-in-Chief") for e in r["entities"])


def test_a_relative_clause_that_only_names_does_not_end_the_content():
    r = run("The general told the president that his troops had taken the city, which Moscow calls Dimitrov, "
            "as well as two villages nearby.")
    assert any(q["text"] == "his troops had taken the city, which Moscow calls Dimitrov, as well as two villages nearby"
               for q in r["quotes"])


def test_according_to_inside_a_relative_clause_is_its_own_quote():
    r = run('The general claimed that his forces had "fully cleared" the town and were advancing on the station, '
            'where, according to him, "over 900" soldiers were trapped.')
    first = find(r, 'his forces had "fully cleared" the town and were advancing on the station')
    second = next(q for q in r["quotes"] if q["cue"] == "according to")
    assert second["type"] == "mixed" and second["text"].endswith("soldiers were trapped")
    assert first["speaker"] == second["speaker"] is not None


def test_name_with_age_and_relative_clause_before_the_cue():
    r = run("Local teacher Oksana Melnyk, 52, who ran the shelter until August, said about 40 people still lived in the school.")
    assert name_of(r, find(r, "about 40 people still lived in the school")) == "Oksana Melnyk"
    assert not any(q["text"].startswith("Local teacher") for q in r["quotes"])


def test_police_can_speak():
    r = run("Police say they cannot reach the village.")
    assert name_of(r, find(r, "they cannot reach the village")) == "Police"


def test_source_label_attributes_the_lead_before_it():
    r = run("Title of the item\n\nRussia has massed about 9,000 troops near the town for a new assault, and Ukrainian units still hold its north.\n\n"
            "Source: Oleksandr Syrskyi, Commander-in-Chief of the Armed Forces of Ukraine, on Telegram\n\n"
            "Details: Syrskyi said he had visited the front.")
    q = find(r, "Russia has massed about 9,000 troops near the town for a new assault, and Ukrainian units still hold its north")
    assert q["cue"] == "Source:" and name_of(r, q) == "Oleksandr Syrskyi"


def test_praise_verbs_report_only_a_quoted_object():
    r = run('The president hailed the "historic victory" of his troops. He hailed the soldiers on parade.')
    q = find(r, 'the "historic victory" of his troops')
    assert q["type"] == "mixed"
    assert not any("soldiers on parade" in x["text"] for x in r["quotes"])


def test_adjective_of_manner_of_speech_reports_a_colon_or_that_clause():
    r = run('One officer was blunt about the choices facing the command: the unit "cannot hold much longer". '
            "The minister was adamant that the talks would go on. It was clear that the road was cut.")
    assert find(r, 'the unit "cannot hold much longer"')["type"] == "mixed"
    assert find(r, "the talks would go on")["cue"] == "was adamant"
    assert not any(q["text"] == "the road was cut" for q in r["quotes"])


def test_nationality_adjective_on_a_claim_noun_names_the_government():
    r = run("The president said his troops still held the town, rejecting Russian claims that the town had fallen.")
    assert name_of(r, find(r, "the town had fallen")) == "Russia"


def test_a_negated_cue_with_a_noun_object_reports_nothing():
    r = run("Kyiv has not officially acknowledged the withdrawal. Moscow did not deny that its troops were there.")
    assert not any(q["text"] == "the withdrawal" for q in r["quotes"])
    assert name_of(r, find(r, "its troops were there")) == "Russia"


def test_a_publishers_own_service_is_not_cited():
    doc = parse("Soldiers are fighting in the north of the town, commanders told RFE/RL's Ukrainian Service.")
    doc.user_data["outlet"] = "RFE/RL"
    r = extract_quotes(doc)
    assert not any("Service" in e["name"] for e in r["entities"])


def test_a_main_verb_parsed_as_its_subjects_participle():
    r = run("Moscow does not publish its losses, and British intelligence estimated last month that Russia was losing "
            "about 1,000 soldiers a day.")
    q = find(r, "Russia was losing about 1,000 soldiers a day")
    assert name_of(r, q) == "UK Ministry of Defence"
    assert entity(r, q["speaker"])["mentions"][0]["text"] == "British intelligence"


def test_trailing_cue_with_a_possessive_speaker_and_a_subordinate_clause():
    r = run("KYIV, Dec 3 (Reuters) - Russian troops have pushed into the outskirts of the town, Ukraine's military said on "
            "Wednesday, as Moscow pressed its offensive in the region.")
    q = find(r, "Russian troops have pushed into the outskirts of the town")
    assert name_of(r, q) == "Armed Forces of Ukraine"


def test_according_to_the_report_takes_the_preceding_source():
    r = run("Russian forces launched 54 assaults over the past day, the General Staff of Ukraine's Armed Forces reported.\n\n"
            "According to the report, Ukrainian troops repelled most of the attacks.")
    q = find(r, "Ukrainian troops repelled most of the attacks")
    assert name_of(r, q) == "General Staff of the Armed Forces of Ukraine"
    assert not any(e["name"] == "the report" for e in r["entities"])


def test_a_claim_apposition_is_neither_content_nor_speaker():
    r = run('Putin claimed that the units were "completely surrounded," a statement Ukraine\'s military rejected as "propaganda."')
    assert name_of(r, find(r, 'the units were "completely surrounded,"')) == "Vladimir Putin"
    assert not any(e["name"] == "a statement" for e in r["entities"])


def test_first_name_before_a_description_when_the_tagger_misses_it():
    r = run('Yevhen, a soldier of the 59th Brigade, described the road as "a shooting gallery." "You cannot move," he said.')
    assert name_of(r, find(r, "You cannot move")) == "Yevhen"
    assert entity(r, find(r, "You cannot move")["speaker"])["description"] == "a soldier of the 59th Brigade"


def test_title_then_name_in_commas_and_age_appositions():
    r = run("The spokesperson for the 7th Corps, Oleksandr Bobrov, said that Russian losses had doubled.")
    assert name_of(r, find(r, "Russian losses had doubled")) == "Oleksandr Bobrov"
    r = run("Olena, 58, a volunteer from Dnipro, said the road was cut.")
    q = find(r, "the road was cut")
    assert entity(r, q["speaker"])["kind"] == "person"
    assert entity(r, q["speaker"])["description"] == "a volunteer from Dnipro"


def test_same_surname_with_another_first_name_is_another_person():
    r = run("Andriy Kovalenko said Russia was spreading false reports. Military expert Oleksandr Kovalenko believes that "
            "Moscow wants the town before talks.")
    assert name_of(r, find(r, "Moscow wants the town before talks")) == "Oleksandr Kovalenko"


def test_a_document_speaks_for_its_issuer():
    r = run("A spokesperson for the 3rd Corps said Russian units were infiltrating the town. "
            "The statement said the corps had destroyed 14 vehicles in a week. "
            "The Russian Defence Ministry's daily report said 400 soldiers had died.")
    assert find(r, "the corps had destroyed 14 vehicles in a week")["speaker"] == \
        find(r, "Russian units were infiltrating the town")["speaker"]
    assert name_of(r, find(r, "400 soldiers had died")) == "Russian Ministry of Defence"


def test_an_adverbial_before_a_parenthetical_cue_is_not_reported():
    r = run("In addition, the ministry said, Ukraine lost up to 410 servicemen over the past day. "
            "Ukraine, the ministry said, lost 410 servicemen.")
    assert any(q["text"] == "Ukraine lost up to 410 servicemen over the past day" for q in r["quotes"])
    assert any(q["text"] == "Ukraine, the ministry said, lost 410 servicemen" for q in r["quotes"])


def test_data_from_a_source_and_more_collective_speakers():
    r = run("The rouble lost 2.4% to trade at 96.70 versus the euro, data from the Moscow Exchange showed. "
            "Rescue crews say they still take out 20 civilians a day.")
    assert name_of(r, find(r, "The rouble lost 2.4% to trade at 96.70 versus the euro")) == "Moscow Exchange"
    assert name_of(r, find(r, "they still take out 20 civilians a day")) == "Rescue crews"


def test_a_scare_quote_in_the_object_of_a_clause_verb_is_not_speech():
    r = run('The European Union adopted its new sanctions package, adding 117 more vessels of Russia\'s "shadow fleet" to its blacklist.')
    assert not any(q["text"] == "shadow fleet" for q in r["quotes"])


def test_quoted_as_saying():
    r = run('Defence Minister Andrei Belousov was quoted by RIA Novosti as saying that the "liberation" of the town '
            "opened the way west. Peskov was quoted as saying the talks would continue.")
    assert name_of(r, find(r, 'the "liberation" of the town opened the way west')) == "Andrei Belousov"
    assert name_of(r, find(r, "the talks would continue")) == "Dmitry Peskov"


def test_a_surname_refers_to_the_full_name_written_before():
    r = run("Analyst Oleh Zhdanov said the army should withdraw. His colleague, Oleksiy Hetman, disagreed. "
            "Hetman argued that every day of defence bought time.")
    assert name_of(r, find(r, "every day of defence bought time")) == "Oleksiy Hetman"


def test_a_surname_tagged_plural_is_one_person_for_a_later_pronoun():
    r = run('"The enemy keeps pressing in small groups," Dmytro Zaporozhets, spokesperson of the 7th Corps, said on '
            'national television.\n\nHe added that Russian forces had lost more than 300 soldiers.')
    assert name_of(r, find(r, "Russian forces had lost more than 300 soldiers")) == "Dmytro Zaporozhets"


def test_the_officer_refers_to_a_named_person_introduced_without_a_cue():
    r = run('Capt Ivan Sydorenko, a company commander in the 25th Airborne Brigade, has been fighting around the town '
            'since the summer.\n\n"It is a grid of ruins," the officer said by phone.\n\nHe said his men had not been rotated for 40 days.')
    assert name_of(r, find(r, "It is a grid of ruins")) == "Ivan Sydorenko"
    assert name_of(r, find(r, "his men had not been rotated for 40 days")) == "Ivan Sydorenko"
    r = run('Putin launched the invasion in 2022. "We will hold," the official said.')
    assert name_of(r, find(r, "We will hold")) != "Vladimir Putin"


def test_a_possessed_person_noun_with_an_apposition_is_a_new_speaker():
    r = run('Olena Petrenko said the wounded kept coming. Her colleague, a paramedic who asked not to be named, '
            'described the road as a "corridor of death".')
    q = find(r, "corridor of death")
    assert q["speaker"] is not None and name_of(r, q) != "Olena Petrenko"


def test_a_reporting_clause_inside_a_that_clause_does_not_cut_it():
    r = run("Another channel, Two Majors, complained that commanders were reporting captured streets that had not been taken.")
    q = find(r, "commanders were reporting captured streets that had not been taken")
    assert name_of(r, q) == "Two Majors"


def test_a_role_description_after_a_citation_is_that_person():
    # elegant variation: a definite role right after a person was cited is that person when
    # the role fits theirs (spokesperson ~ spokesman) or is a past role ("former ... colonel")
    r = run('Military analyst Petro Hordiienko says the claim is "premature".\n\n'
            '"The north is still contested," the former army colonel told reporters.')
    assert name_of(r, find(r, "The north is still contested")) == "Petro Hordiienko"
    r = run('"We are holding," said Ivan Marchuk, spokesman for the 7th Corps.\n\n'
            'The spokesperson noted that the situation remains difficult.')
    assert name_of(r, find(r, "the situation remains difficult")) == "Ivan Marchuk"
    r = run('"We are holding," said Ivan Marchuk, a drone operator.\n\n"It is hard," the governor said.')
    assert name_of(r, find(r, "It is hard")) != "Ivan Marchuk"


def test_a_title_abbreviation_ending_the_parsed_sentence_is_part_of_the_name():
    # the parser may end the sentence at "Sgt." and take the bare title for the subject
    r = run('"The road is a firing range," said Sgt. Ivan Koval, 41, a logistics officer with the 38th Brigade.\n\n'
            'Koval said the unit now moves at night.\n\n"The drones are the new artillery," the sergeant said.')
    assert name_of(r, find(r, "The road is a firing range")) == "Ivan Koval"
    assert name_of(r, find(r, "The drones are the new artillery")) == "Ivan Koval"


def test_a_person_acting_inside_reported_content_is_not_the_next_he():
    r = run('Kremlin spokesman Dmitry Peskov said the capture was "important".\n\n'
            'Mr Peskov confirmed that US envoy Steve Witkoff would meet Vladimir Putin later today.\n\n'
            '"Our diplomats are doing their job," he said.')
    assert name_of(r, find(r, "Our diplomats are doing their job")) == "Dmitry Peskov"


def test_a_possessive_role_description_after_a_citation_is_that_person():
    r = run("Oleksandr Syrskyi, the commander in chief of Ukraine's armed forces, said the situation remained difficult. "
            "Ukraine's top commander also said Russia had concentrated about 170,000 troops in the area.")
    assert name_of(r, find(r, "Russia had concentrated about 170,000 troops in the area")) == "Oleksandr Syrskyi"


def test_a_persons_name_ends_before_of_and_a_place():
    r = run('"We will hold," President Volodymyr Zelensky of Ukraine said on Monday.')
    assert name_of(r, find(r, "We will hold")) == "Volodymyr Zelensky"
    r = run("The Ministry of Defence of Ukraine said the town was held.")
    assert name_of(r, find(r, "the town was held")) == "Ukrainian Ministry of Defence"


def test_a_capitalised_number_word_inside_a_sentence_is_part_of_a_name():
    r = run('The pro-Kremlin Telegram channel Two Majors wrote on Monday that the town was "practically closed."')
    assert name_of(r, find(r, 'the town was "practically closed."')) == "Two Majors"
    r = run('Two Ukrainian soldiers said the town was "practically closed."')
    assert name_of(r, find(r, 'the town was "practically closed."')) == "Two Ukrainian soldiers"


def test_a_definite_description_of_an_outlet_is_the_last_outlet_cited():
    r = run("The Financial Times reported on Monday that commanders were weighing a pullback. "
            "The only supply route is now within range of drones, the British newspaper reported.")
    assert name_of(r, find(r, "The only supply route is now within range of drones")) == "Financial Times"
    r = run("The town is surrounded, the newspaper said.")
    assert name_of(r, find(r, "The town is surrounded")) == "the newspaper"


def test_an_outlet_description_before_any_outlet_is_cited_is_the_outlet_a_digest_retells():
    text = "The only supply route is now within range of drones, the British newspaper reported."
    r = run_with(text, outlet="Kyiv Post", syndicated_from="Financial Times")
    q = find(r, "The only supply route is now within range of drones")
    assert entity(r, q["speaker"])["name"] == "Financial Times"
    r = run_with(text, outlet="Kyiv Post", syndicated_from=None)
    assert entity(r, find(r, "The only supply route is now within range of drones")["speaker"])["name"] == "the British newspaper"


def test_cue_after_a_quotation_of_several_sentences_whose_last_has_a_subject_of_its_own():
    r = run("The institute said the road was cut.\n\n"
            "“Everything that moves is a target. A motorcycle, a man with a bag of bread, a dog,” Kit said.")
    assert name_of(r, find(r, "Everything that moves is a target. A motorcycle, a man with a bag of bread, a dog")) == "Kit"


def test_subject_after_a_fronted_participle_hung_on_its_object():
    r = run("Speaking to Kyiv Post, Maj. Andrii Sydorenko, a spokesman for the 7th Rapid Response Corps, "
            'declined to comment on the report but said the situation around the town was "complicated but controlled."')
    assert name_of(r, find(r, 'the situation around the town was "complicated but controlled."')) == "Andrii Sydorenko"


def test_the_kremlin_is_the_presidency_and_moscow_the_state():
    r = run("The Kremlin has said the battle is all but over. Moscow said the town had fallen.")
    assert name_of(r, find(r, "the battle is all but over")) == "Kremlin"
    assert name_of(r, find(r, "the town had fallen")) == "Russia"
def test_two_that_clauses_set_against_each_other_or_quoting_are_two_reports():
    r = run('The mayor said on Monday that the bridge remained “passable” but that reports of its collapse were “not true.”')
    assert find(r, "the bridge remained “passable”")["type"] == "mixed"
    assert find(r, "reports of its collapse were “not true.”")["type"] == "mixed"
    r = run("The Baltic Institute said in its latest report that rebels had likely advanced in the east, "
            "but that satellite images did not confirm claims about the port.")
    assert name_of(r, find(r, "satellite images did not confirm claims about the port")) == \
        name_of(r, find(r, "rebels had likely advanced in the east"))
    r = run('The agency said losses had averaged about 300 a day in March, and that the army would keep pressing "whatever the cost".')
    assert find(r, "losses had averaged about 300 a day in March")["type"] == "indirect"
    assert find(r, 'the army would keep pressing "whatever the cost"')["type"] == "mixed"
    # two plain clauses joined by "and that" are two reports too (the held-out gold of six
    # annotators out of eight; the seed gold joins them)
    r = run("The colonel added that the raids had become less intense, and that the rebels were firing fewer shells.")
    assert name_of(r, find(r, "the raids had become less intense")) == name_of(r, find(r, "the rebels were firing fewer shells"))


def test_second_that_clause_without_a_complementiser_tag_and_a_second_cue_with_its_object():
    r = run('The governor said about 900 people remained in the town, including 12 children, and that '
            'evacuation was possible "only by boat".')
    assert find(r, 'evacuation was possible "only by boat"')["type"] == "mixed"
    find(r, "about 900 people remained in the town, including 12 children")
    r = run('Mr Petrov said his troops were "doing all they can" and accused the rebels of "lying to the world".')
    assert find(r, 'his troops were "doing all they can"')["cue"] == "said"
    q = find(r, 'the rebels of "lying to the world"')
    assert q["cue"] == "accused" and name_of(r, q) == "Petrov"


def test_organisation_names_keep_their_of_complement_and_host_country():
    r = run("Freedonia's Ministry of Fisheries said the port had reopened.")
    assert name_of(r, find(r, "the port had reopened")) == "Ministry of Fisheries"
    r = run("The Nordic Ceasefire Observer Mission in Moldova said two villages had been shelled.")
    assert name_of(r, find(r, "two villages had been shelled")) == "Nordic Ceasefire Observer Mission in Moldova"
    # a ministry "in" a city is located there, not named after it
    r = run("The Regional Ministry in Tallinn said the bridge was closed.")
    assert "Tallinn" not in name_of(r, find(r, "the bridge was closed"))


def test_counted_subject_and_a_name_given_only_as():
    r = run("One medic from the 12th Rescue Brigade, who gave his name only as Andrii, said the clinic had moved twice.")
    assert name_of(r, find(r, "the clinic had moved twice")) == "Andrii"


def test_live_blog_titles_that_name_the_speaker_before_a_colon():
    r = run("Key points\n\n"
            "Harbour official: 'Nobody has left the docks'\n\n"
            "Mayor Petrenko: Situation in the harbour 'tense'\n\n"
            "Analysis: Why the rebels want the port before spring\n\n"
            "Harbour official: 'Nobody has left the docks'\n\n"
            "One port official, who gave his name only as Taras, said the cranes were still working.\n\n"
            "Mayor Ivan Petrenko said the harbour was \"tense\".")
    titles = [q for q in r["quotes"] if q["cue"] == ":"]
    assert [q["text"] for q in titles] == ["Nobody has left the docks", "Situation in the harbour 'tense'",
                                           "Nobody has left the docks"]
    assert [q["type"] for q in titles] == ["direct", "mixed", "direct"]
    assert name_of(r, titles[0]) == name_of(r, titles[2]) == "Taras"
    assert "Petrenko" in name_of(r, titles[1])
    assert not any(q["text"].startswith("Why") for q in r["quotes"])


def test_age_description_one_of_with_apposition_and_a_clause_after_a_parenthetical_cue():
    r = run('A medic, who gave only his call sign "Grizzly", told AFP that the clinic was "full every night". '
            "The 34-year-old said his team now treated about 20 soldiers a day.")
    assert name_of(r, find(r, "his team now treated about 20 soldiers a day")) == "Grizzly"
    r = run("One of the rebel sources, a battalion staff officer, told the agency that the rebels had reached the river.")
    assert name_of(r, find(r, "the rebels had reached the river")) == "a battalion staff officer"
    r = run("Petrenko said his trucks had been hit 12 times. Two drivers had been killed, he said, "
            "and the unit now moves supplies only at night.")
    q = find(r, "the unit now moves supplies only at night")
    assert name_of(r, q) == "Petrenko" and q["type"] == "indirect"


def test_uncued_quotation_after_a_sentence_about_what_a_person_did():
    r = run('"The river is rising," said Olena Marchuk, a nurse. Maj Ivan Hordiienko, who commands the bridge unit, '
            'was more cautious. "We will see by morning," he said.\n\n'
            'Asked whether the bridge would hold, the major paused. "Maybe. Ask me tomorrow."')
    q = find(r, "Maybe. Ask me tomorrow.")
    assert name_of(r, q) == "Ivan Hordiienko" and q["speaker_resolution"] == "context"
    # after a sentence that quotes or cites, the quotation stays with that attribution
    r = run('"The river is rising," said Olena Marchuk, a nurse. "We will see by morning."')
    assert name_of(r, find(r, "We will see by morning.")) == "Olena Marchuk"


def test_gloss_of_a_quoted_call_sign_and_this_was_stated_by():
    r = run("A medic who uses the call sign “Bober”, or “Beaver”, said the clinic was full.")
    assert not any(q["text"] == "Beaver" for q in r["quotes"])
    assert name_of(r, find(r, "the clinic was full")) == "Bober"
    r = run("The rebels shelled the port twice overnight, and the ferry no longer runs.\n\n"
            "This was stated on the air of a regional broadcaster by Ivan Sokolov, the governor.")
    q = find(r, "The rebels shelled the port twice overnight, and the ferry no longer runs")
    assert name_of(r, q) == "Ivan Sokolov" and q["type"] == "indirect"


def test_a_cue_inside_the_report_of_the_same_speaker_is_no_second_quote():
    r = run("Rebel commanders said they expected the harbour to fall within two weeks.")
    assert [q["text"] for q in r["quotes"]] == ["they expected the harbour to fall within two weeks"]


def test_citing_a_source_quotes_nothing_citing_a_reason_does():
    r = run("Rebels have taken the harbour over the past week, Reuters reported, citing two naval sources and a police official.")
    assert not any(q["cue"] == "citing" for q in r["quotes"])
    assert any(e["name"] == "two naval sources" for e in r["entities"])
    r = run("The governor dismissed the council's vote, citing the absence of a quorum.")
    assert find(r, "the absence of a quorum")["cue"] == "citing"


def test_standfirst_without_a_stop_in_the_says_form_is_reported():
    r = run("Harbour pilots say the rebels are mining the channel as the siege enters its third month\n\n"
            "The ferries stopped running on Monday.")
    q = find(r, "the rebels are mining the channel as the siege enters its third month")
    assert name_of(r, q) == "Harbour pilots"
    r = run("Rebels close in on the harbour as ferries stop\n\nThe ferries stopped running on Monday.")
    assert r["quotes"] == []


def test_backshifted_verb_phrase_after_a_that_clause_and_a_long_parenthetical_speaker():
    r = run("The governor wrote on Monday that the rebels were “using the fog as cover” and had sent "
            "two boats into the harbour over the weekend.")
    q = find(r, "the rebels were “using the fog as cover” and had sent two boats into the harbour over the weekend")
    assert q["type"] == "mixed"
    r = run("These days, the men who drive the trucks say, the shelling barely slows the convoys down.")
    assert name_of(r, find(r, "the shelling barely slows the convoys down")) == "the men who drive the trucks"


def test_organisation_name_with_of_the_complement():
    r = run("The Office of the Harbour Commissioner for Fisheries said 14 boats had sunk.")
    assert name_of(r, find(r, "14 boats had sunk")) == "Office of the Harbour Commissioner for Fisheries"


def test_quotation_paragraph_after_a_described_first_name_who_acted():
    r = run('"Talks are premature," Mr Sokolov said.\n\nMarta, a 52-year-old nurse, stayed behind when her sons left.\n\n'
            '"I have nowhere to go. This is my home."')
    assert name_of(r, find(r, "I have nowhere to go. This is my home.")) == "Marta"


def test_live_blog_title_after_an_entry_time_stamp():
    r = run("Live updates\n\n14:05 Mayor Petrenko: Harbour 'calm but tense'\n\n9.30am - Ivan Sokolov: 'We are not leaving'\n\n"
            "Mayor Ivan Petrenko said the harbour was calm.")
    assert find(r, "Harbour 'calm but tense'")["type"] == "mixed"
    assert name_of(r, find(r, "We are not leaving")) == "Ivan Sokolov"


def test_cue_after_a_dash_following_the_quotation_and_a_mission_to_a_country():
    r = run("“We are tired, but we are holding” — a harbour pilot told the Gazette.")
    q = find(r, "We are tired, but we are holding")
    assert name_of(r, q) == "a harbour pilot" and q["cue"].startswith("told")
    r = run("The Nordic Ceasefire Observer Mission to Moldova said it had recorded 30 explosions.")
    assert name_of(r, find(r, "it had recorded 30 explosions")) == "Nordic Ceasefire Observer Mission to Moldova"


def test_a_capitalised_number_word_opens_a_name():
    r = run("The Telegram channel Three Harbours reported that rebel boats had reached the pier.")
    assert name_of(r, find(r, "rebel boats had reached the pier")) == "Three Harbours"


def test_that_clause_the_parser_hung_on_the_addressee():
    r = run("Minister Ivan Sokolov told a meeting of pilots that rebel boats were circling the port.")
    assert name_of(r, find(r, "rebel boats were circling the port")) == "Ivan Sokolov"
    r = run("The council denies the rebels' claim that the port is closed.")
    assert not any(q["text"] == "the port is closed" and name_of(r, q) != "rebels" and q["cue"] == "told" for q in r["quotes"])


def test_a_reported_figure_s_breakdown_continues_the_report():
    r = run("Rebels have lost 4,000 boats since the war began, the Harbour Authority reported on Monday. "
            "This number includes 12 boats lost over the past day.")
    q = find(r, "This number includes 12 boats lost over the past day")
    assert name_of(r, q) == "Harbour Authority" and q["speaker_resolution"] == "context"


def test_examples_set_off_by_commas_are_no_part_of_the_speaker():
    r = run("Rebel officials, including Harbour Minister Ivan Sokolov, have said the port is closed.")
    assert name_of(r, find(r, "the port is closed")) == "Rebel officials"


def test_section_labels_before_a_colon_are_no_speakers():
    r = run("Key points\n\nExclusive: Pilots 'abandoned' in the harbour\n\nWatch: Mayor 'will not give up' the port\n\n"
            "The town was quiet.")
    assert r["quotes"] == []


def test_what_a_speaker_warns_against_is_reported():
    r = run('The mayor said the port would reopen, but cautioned against "loose talk" over the date of the opening.')
    q = find(r, 'loose talk" over the date of the opening')
    assert q["type"] == "mixed" and q["cue"] == "cautioned"


def test_a_cue_right_after_a_relative_clause_is_said_by_the_noun_it_describes():
    # the parser leaves "say" without a subject after "pilots who still use it"; a bare
    # group met first ("Pilots say") and described more closely later is one source
    r = run("The road is lined with burned-out trucks, and local drivers who still use it say they travel only at night.")
    assert name_of(r, find(r, "they travel only at night")).startswith("local drivers")
    r = run("Pilots say mines drift into anything that moves. Now the last stretch of road into the besieged port is "
            "lined with burned-out trucks and shredded netting, and Moldovan pilots who still use it say they travel "
            "only at night, in fog or in rain.")
    assert find(r, "they travel only at night, in fog or in rain")["speaker"] == \
        find(r, "mines drift into anything that moves")["speaker"]
    # a counted group with its own description is not refined by a later sided one
    r = run("The bank has refused to sign off, according to two diplomats familiar with the discussions. "
            "Diplomats in Brussels say they expect the rebels to strike before the summit.")
    assert find(r, "they expect the rebels to strike before the summit")["speaker"] != \
        find(r, "The bank has refused to sign off")["speaker"]


def test_a_carrier_noun_speaks_for_the_agent_of_its_participle():
    r = run("Neither claim could be verified. But maps compiled by HarbourWatch, a group that analyzes satellite "
            "images, show that the channel had narrowed to six miles.")
    assert name_of(r, find(r, "the channel had narrowed to six miles")) == "HarbourWatch"


def test_the_staff_of_an_analysis_body_speak_for_it():
    # "its analysts" after DeepState, "the American analysts" right after ISW was cited
    r = run('The monitoring project DeepState on Monday still marked most of the port as a "gray zone" contested by '
            'both sides, though its analysts wrote that rebel boats had "consolidated" their presence in the harbour.')
    assert name_of(r, find(r, "most of the port as a \"gray zone\" contested by both sides")) == "DeepState"
    assert name_of(r, find(r, 'rebel boats had "consolidated" their presence in the harbour')) == "DeepState"
    r = run("The Institute for the Study of War (ISW) noted that rebel boats were circling the port. "
            "The American analysts estimated that the rebels had advanced about 5 kilometers.")
    assert name_of(r, find(r, "the rebels had advanced about 5 kilometers")) == "Institute for the Study of War"


def test_a_report_nested_after_a_temporal_subordinator_stays_in_the_outer_report():
    r = run("According to the FT, the talks intensified after the Harbour Authority claimed on Monday that its "
            "boats had reached the pier.")
    q = find(r, "the talks intensified after the Harbour Authority claimed on Monday that its boats had reached the pier")
    assert name_of(r, q) == "Financial Times"
    assert name_of(r, find(r, "its boats had reached the pier")) == "Harbour Authority"


def test_a_text_without_double_marks_quotes_in_single_marks():
    # British tabloid style; apostrophes (don't, the pilots' boats) are no quotation marks
    text = ("'We don't need to win the firefight,' said Tom Harbour, a former officer.\n\n"
            "'That's what has changed. The pilots' boats are gone.'\n\n"
            "The council wrote that the claim was 'propaganda for internal consumption'.")
    spans = [text[a:b] for a, b in quotation_spans(text)]
    assert spans[:2] == ["We don't need to win the firefight,", "That's what has changed. The pilots' boats are gone."]
    r = run(text)
    assert name_of(r, find(r, "We don't need to win the firefight")) == "Tom Harbour"
    q = find(r, "That's what has changed. The pilots' boats are gone.")
    assert name_of(r, q) == "Tom Harbour" and q["type"] == "direct"
    assert find(r, "the claim was 'propaganda for internal consumption'")["type"] == "mixed"
    # a quotation ending in a plural before "and" closes there ('the troops' and ...)
    r = run("Spokesman Ivan Sokolov said the mayor had 'congratulated the pilots' and that the rescue showed the "
            "'harbour operation' was achieving its goals.")
    assert find(r, "the mayor had 'congratulated the pilots'")["type"] == "mixed"
    # with double marks present, single marks stay nested quotations or apostrophes
    assert quotation_spans("He said \"it was 'liberated' today\" and 'nothing' else.") == [(9, 33)]


def test_the_official_refers_to_an_official_introduced_without_a_cue():
    r = run('Harbour Minister Ivan Sokolov said the port would reopen. "We are ready," Sokolov said.\n\n'
            'A Moldovan official who travels regularly to the port was blunter. "Every time the council delays, '
            'we pay for it," the official said.')
    q = find(r, "Every time the council delays, we pay for it")
    assert name_of(r, q) != "Ivan Sokolov" and name_of(r, q).startswith("A Moldovan official")


def test_a_participle_describing_the_speaker_after_a_quotation_is_no_cue():
    r = run('"This is not a siege," one Western military officer posted to Chisinau said of the port.')
    q = find(r, "This is not a siege")
    assert q["cue"] == "said" and name_of(r, q).startswith("one Western military officer")


def test_a_lead_ending_in_a_cue_with_its_auxiliary_after_a_dateline():
    # the parser hangs "has reported" on "the most" as a relative clause
    r = run("KYIV. Nov 27 (Interfax-Ukraine) – Rebel troops carried out 52 attacks in the harbour direction over the "
            "past day, the most on any section of the front, the General Staff of the Armed Forces of Ukraine has reported.")
    q = find(r, "Rebel troops carried out 52 attacks in the harbour direction over the past day, the most on any section of the front")
    assert q["cue"] == "has reported" and name_of(r, q).startswith("General Staff")


def test_a_title_with_its_complement_run_into_the_name():
    r = run("Spokesman for the Southern operational-strategic group of troops Ivan Sokolov told Harbour News that the "
            "situation remains difficult.")
    assert name_of(r, find(r, "the situation remains difficult")) == "Ivan Sokolov"


def test_analysts_of_a_known_project_speak_for_it():
    r = run("Analysts of the DeepState project, in their turn, reported an advance near the port by about 1.2 km.")
    assert name_of(r, find(r, "an advance near the port by about 1.2 km")) == "DeepState"


def test_a_person_a_description_names_without_citing_them_is_who_he_refers_to():
    r = run('"The port is closed," Harbour Minister Ivan Sokolov told reporters.\n\n'
            'At a farmhouse west of the port, the commander of a boat unit, who asked to be identified only by his '
            'call sign, Kobzar, watched a live feed from a drone.\n\n"They come in twos and threes," he said.')
    assert name_of(r, find(r, "They come in twos and threes")) == "Kobzar"
    r = run('"The port is closed," Harbour Minister Ivan Sokolov told reporters.\n\n'
            'Another milblogger, Pavel Grachev, who writes under the name Grom, was more scathing.\n\n'
            '"Every time the generals report a port taken, our boys find out from the television," he wrote.')
    assert name_of(r, find(r, "Every time the generals report a port taken, our boys find out from the television")) == "Pavel Grachev"


def test_a_verbless_small_clause_after_find_reports_nothing():
    r = run('"My husband is buried there," she said from a shelter in Cahul, where volunteers had found her a bed.')
    assert not any(q["text"] == "her a bed" for q in r["quotes"])


def test_a_speaker_who_cuts_in_and_then_gives_his_name():
    r = run('"We used to get 30 a day," said a medic with the call sign Lastivka, who has worked at the point since '
            'the spring.\n\n"Because of the fog," the driver of an armoured ambulance cut in. He gave his name as Petro. '
            '"You cannot sail in the daytime."\n\n"He sails anyway," Lastivka said.\n\n"Somebody has to," said Petro.')
    assert find(r, "Because of the fog")["cue"] == "cut in"
    assert name_of(r, find(r, "Because of the fog")) == "Petro"
    assert name_of(r, find(r, "He sails anyway")) == "Lastivka"
    assert name_of(r, find(r, "Somebody has to")) == "Petro"


def test_he_refers_to_a_person_introduced_by_a_description_after_the_last_one_cited():
    r = run('"The port is closed," Harbour Minister Ivan Sokolov told reporters.\n\n'
            'A contract soldier from Cahul who was wounded near the pier spoke to Harbour News by phone.\n\n'
            '"They send us in threes," he said.')
    q = find(r, "They send us in threes")
    assert "soldier" in name_of(r, q)


def test_a_title_s_role_description_is_the_person_the_body_names_with_that_role():
    r = run("Ukraine's top commander says the port holds as rebel boats circle\n\n"
            "Commander-in-Chief Oleksandr Syrskyi said on Telegram that rebel boats were circling the port.\n\n"
            "The battalion commander in charge of the pier, who asked not to be named, said the rebels had moved closer. "
            '"The roads are the whole battle now," he said.')
    assert name_of(r, find(r, "the port holds as rebel boats circle")) == "Oleksandr Syrskyi"
    q = find(r, "The roads are the whole battle now")
    assert name_of(r, q) != "Oleksandr Syrskyi" and "battalion commander" in name_of(r, q)


def test_a_quotation_paragraph_and_then_whose_words_they_were():
    r = run("Harbour Minister Ivan Sokolov said the port would reopen.\n\n'We are still here.'\n\n"
            "Those were the words of a Moldovan boat pilot known by the call sign Shaman, who posted a short video "
            "from a cellar on Monday.\n\n'They said we were surrounded a month ago,' he says.")
    q = find(r, "We are still here.")
    assert name_of(r, q) == "Shaman" and q["cue"] == "Those were the words of"
    assert name_of(r, find(r, "They said we were surrounded a month ago")) == "Shaman"


def test_a_pull_quote_heading_is_said_by_whoever_says_its_words_below():
    r = run('"We will hold the pier," Harbour Minister Ivan Sokolov said.\n\n"The hardest part is the waiting"\n\n'
            'Halyna Moroz, 71, left the port on Monday.\n\n"The hardest part is the waiting. You hear the boats," she said.')
    assert name_of(r, find(r, "The hardest part is the waiting")).endswith("Halyna Moroz")
    r = run('"We will hold the pier," Harbour Minister Ivan Sokolov said.\n\n“Small groups”\n\nRebels cross the bay at night.')
    assert not any(q["text"] == "Small groups" for q in r["quotes"])
    r = run("The port was quiet on Monday.\n\n‘Not a siege’\n\nRebels crossed the bay.\n\n“This is not a siege,” Harbour Minister Ivan Sokolov said.")
    assert name_of(r, find(r, "Not a siege")) .endswith("Ivan Sokolov")


def test_a_long_relative_clause_describes_the_speaker_and_a_place_after_from_is_no_name():
    r = run("A contract soldier from Buryatia who was wounded near the railway station in November and is now in a "
            'hospital in Rostov spoke to reporters by phone.\n\n"They send us in threes," he said.')
    assert name_of(r, find(r, "They send us in threes")) == "A contract soldier from Buryatia"
    r = run("A Moldovan official who travels regularly to the port said the talks had stalled.")
    assert name_of(r, find(r, "the talks had stalled")) == "A Moldovan official who travels regularly to the port"


def test_the_description_that_gives_a_name_names_the_person_it_refers_back_to():
    # "a woman from ..." after a comma is an apposition the parser makes a conjunct
    r = run("“They told us he was in the reserve,” another member of the chat, a woman from Cahul whose husband "
            "signed a contract in the spring, wrote in a message to Harbour News.\n\n"
            "The woman, who gave her name as Olga, said her husband was 41.")
    assert name_of(r, find(r, "They told us he was in the reserve")) == "Olga"
    assert find(r, "They told us he was in the reserve")["speaker"] == find(r, "her husband was 41")["speaker"]


def test_describe_reports_only_with_as_a_clause_or_a_quotation():
    r = run("Pilots who survived the raids describe the same method. The council described the situation as critical.")
    assert not any(q["text"] == "the same method" for q in r["quotes"])
    assert any("the situation as critical" in q["text"] for q in r["quotes"])


def test_a_question_the_outlet_s_own_staff_asks_is_no_quote():
    r = run('"They come in twos," Harbour Minister Ivan Sokolov said.\n\n"Is the pier still open?" a Harbour News '
            'producer asked.\n\n"Open for whom?" Sokolov replied.')
    assert not any(q["text"].startswith("Is the pier still open") for q in r["quotes"])
    assert name_of(r, find(r, "Open for whom?")).endswith("Ivan Sokolov")


def test_labelled_interview_answers_are_the_interviewee_s_quotes():
    r = run("The harbour was quiet on Tuesday.\n\nHarbour Weekly spoke with port engineer Marta Kowalczyk about the repairs.\n\n"
            "Harbour Weekly: Is the pier safe?\n\nKowalczyk: Mostly. The east side is cracked, but ships still dock there.\n\n"
            "Harbour Weekly: When will the work end?\n\nKowalczyk: Not before spring. The crane told us what we wanted to hear.\n")
    first = find(r, "Mostly. The east side is cracked, but ships still dock there.")
    assert first["type"] == "direct" and name_of(r, first) == "Marta Kowalczyk"
    assert name_of(r, find(r, "Not before spring. The crane told us what we wanted to hear.")) == "Marta Kowalczyk"
    assert not any(q["text"] == "what we wanted to hear" for q in r["quotes"])
    r = run("Lena Brandt, a retired pilot, talked to us about the airfield.\n\nQ: Did you expect the closure?\n\n"
            "A: No. Nobody warned us.\n\nQ: Will you stay?\n\nA: Yes, until they force me out.\n")
    assert name_of(r, find(r, "Yes, until they force me out.")) == "Lena Brandt"
    # one labelled line is no interview
    r = run("Harbour Weekly: Is the pier safe?\nKowalczyk: Mostly.\nThe council met on Monday.")
    assert not any(q["text"] == "Mostly." for q in r["quotes"])


def test_a_name_set_off_with_an_age_is_a_person_a_pronoun_refers_back_to():
    r = run("“The cranes are down,” said a dock worker who gave his name only as Piet.\n\n"
            "Outside, Ilse, 63, waits for the ferry. “I have nowhere else to go,” she said.")
    assert name_of(r, find(r, "I have nowhere else to go")) == "Ilse"


def test_a_gendered_title_picks_the_namesake_of_that_gender():
    r = run("Greta Hollander, 81, sat by the stove. “The roof fell in,” she said.\n\n“She would not leave,” said Jan Hollander, 52.\n\n"
            "Mrs Hollander later added that the garden was “the last thing left”.")
    q = find(r, "the garden was “the last thing left”")
    assert name_of(r, q) == "Greta Hollander"


def test_a_title_of_several_words_is_the_role_not_part_of_the_name():
    r = run("Deputy Harbour Minister Anton Weller said the pier would reopen. Later, Weller added that the cranes were fixed.")
    q = find(r, "the pier would reopen")
    assert name_of(r, q) == "Anton Weller"
    assert q["speaker"] == find(r, "the cranes were fixed")["speaker"]


def test_a_first_name_and_the_full_name_given_later_are_one_person():
    r = run("The ferry stopped on Monday.\n\nHer son Tomas, who drove from the coast, said the bridge was closed.\n\n"
            "“We waited six hours,” said Tomas Verhoeven, 38.")
    assert find(r, "the bridge was closed")["speaker"] == find(r, "We waited six hours")["speaker"]
    assert name_of(r, find(r, "the bridge was closed")) == "Tomas Verhoeven"


def test_a_definite_description_with_an_indefinite_apposition_introduces_a_person_named_later():
    r = run("The ferry docks at noon. The pilot, a tall woman in a yellow coat, ties the rope.\n\n"
            "“We sail when the wind drops,” she says.\n\n"
            "She goes by the call sign Heron, and has crossed the bay every day since June.\n\n"
            "The harbour master, Paul Grey, said the port would stay open.\n\n"
            "At the quay, Heron is already untying the boat. “One more trip,” she said.")
    first = find(r, "We sail when the wind drops")
    assert name_of(r, first) == "Heron"
    assert find(r, "One more trip")["speaker"] == first["speaker"]


def test_a_rank_before_a_name_given_late_is_no_part_of_the_name():
    r = run("The harbour was dark. The pilot of one of the tugs – a quiet former fisherman – checks the radar.\n\n"
            "“Nobody moves tonight,” he says.\n\n"
            "Only when we leave does he give his name: Captain Erik Vos.\n\n“Back to work,” he said.")
    assert name_of(r, find(r, "Nobody moves tonight")) == "Erik Vos"


def test_according_to_after_a_verb_that_reports_its_own_words_attributes_nothing_more():
    r = run("The ferry stopped on Monday.\n\n“Where would I go? The sea is my home,” the old skipper said, according to the newspaper.")
    assert name_of(r, find(r, "Where would I go? The sea is my home")) == "the old skipper"
    assert not any(q["cue"] == "according to" for q in r["quotes"])


def test_according_to_a_known_source_s_estimates_names_that_source():
    r = run("According to Ukrainian military intelligence estimates seen by the gazette, 400 boats were lost.")
    q = find(r, "400 boats were lost")
    assert name_of(r, q) == "Main Directorate of Intelligence of Ukraine"


def test_a_comment_set_off_on_a_claim_is_no_attribution_an_uncued_quotation_continues():
    r = run("The ferry stopped on Monday.\n\nAccording to Marek, his crew moves 300 crates a day, a figure the newspaper said it "
            "could not verify.\n\n\"Some days we move more. Nobody counts the night shifts.\"")
    assert name_of(r, find(r, "Some days we move more. Nobody counts the night shifts.")) == "Marek"


def test_who_refers_back_to_the_person_not_to_the_organisation_in_their_description():
    r = run("The gazette also cites Ines Holm, an analyst at the Oslo-based research group Fjordline, who estimated that "
            "the port had lost half its trade.")
    q = find(r, "the port had lost half its trade")
    assert name_of(r, q) == "Ines Holm"
    assert not any(q["cue"] == "cites" for q in r["quotes"])


def test_assessed_that_a_but_that_b_is_two_reports_even_when_a_participle_follows_that():
    r = run("The Harbour Research Institute, a Bergen-based think tank, assessed that the storm had damaged the northern pier "
            "but that geolocated photos did not support the council's claim of a full closure.")
    a = find(r, "the storm had damaged the northern pier")
    b = find(r, "geolocated photos did not support the council's claim of a full closure")
    assert a["speaker"] == b["speaker"]


def test_a_backshifted_verb_of_evidence_inside_a_report_is_the_speaker_s_account():
    r = run("The mayor, speaking at the harbour, said the crews had shown “real courage.” Nothing else was said.")
    q = find(r, "the crews had shown “real courage.”")
    assert q["type"] == "mixed" and name_of(r, q) == "The mayor"


def test_a_passive_verb_going_on_with_a_reported_clause_is_no_cue():
    r = run("The woman, who gave her name as Ilse, said her son was 22 and had been promised a job at the port.")
    assert name_of(r, find(r, "her son was 22 and had been promised a job at the port")) == "Ilse"


def test_according_to_before_a_verb_with_an_object_attributes_the_whole_clause():
    r = run("In May the forum's moderators drew up a list of 40 boats. By the end of June, according to the moderators, "
            "the owners had confirmed the loss of nine of them.")
    q = find(r, "the owners had confirmed the loss of nine of them")
    assert name_of(r, q) == "the moderators"
    assert not any(q["text"] == "the loss of nine of them" for q in r["quotes"])


def test_a_statement_a_source_published_claims_for_that_source():
    r = run("The Harbour Authority later published a statement claiming that “the last two cranes” were being “repaired” at the dock.")
    q = find(r, "“the last two cranes” were being “repaired” at the dock")
    assert name_of(r, q) == "Harbour Authority"


def test_the_question_put_to_a_speaker_is_no_report():
    r = run("One skipper worried about the fuel. Asked whether she feared that a closure of the port would hurt trade, "
            "Mayor Ilse Brandt said she did not believe so.")
    assert not any(q["text"].startswith("a closure of the port") for q in r["quotes"])
    assert name_of(r, find(r, "she did not believe so")) == "Ilse Brandt"


def test_a_coordinated_group_is_a_new_source_not_one_of_its_parts():
    r = run("Dutch officials said the dyke was holding.\n\nLater, Dutch and Belgian officials said the talks would resume on Friday.\n\n"
            "Port officials and pilots say they are worried that the channel will silt up.")
    first = find(r, "the dyke was holding")
    assert find(r, "the talks would resume on Friday")["speaker"] != first["speaker"]
    assert name_of(r, find(r, "they are worried that the channel will silt up")) == "Port officials and pilots"


def test_what_a_source_said_was_something_reports_it_and_it_refers_to_the_main_subject():
    r = run("The council said the ferry was late. Local radio showed a crowd gathering near what it said was the old "
            "lighthouse. Ines Holm, a ferry pilot, said the tide was low. She posted a photo showing what she said were "
            "seals resting on the northern pier.")
    q = find(r, "the old lighthouse")
    assert name_of(r, q) == "Local radio"
    assert name_of(r, find(r, "seals resting on the northern pier")) == "Ines Holm"
    assert not any(q["text"] == "what" for q in r["quotes"])


def test_an_unquoted_title_under_a_known_outlet_or_person_label_attributes_its_claim():
    r = run("The port reopened on Monday.\n\nReuters: Harbour cranes back in service after the storm\n\n"
            "Reuters reported that the cranes were repaired overnight.\n\n"
            "Analysis: Why the harbour matters\n\nThe harbour handles most of the grain.")
    q = find(r, "Harbour cranes back in service after the storm")
    assert name_of(r, q) == "Reuters" and q["type"] == "indirect"
    assert not any(q["text"].startswith("Why the harbour") for q in r["quotes"])
    # a related link at the foot of the page quotes nobody
    r = run("The port reopened on Monday.\n\nThe cranes were repaired overnight.\n\nReuters: Grain prices rise again in Europe\n\n"
            "Subscribe to our newsletter.")
    assert not any(q["text"].startswith("Grain prices") for q in r["quotes"])


def test_a_title_closed_by_a_dash_and_a_known_source_attributes_its_claim():
    r = run("Harbour cranes back in service after the storm – Reuters\nThe port reopened on Monday.\n\n"
            "The cranes were repaired overnight, the authority said.")
    q = find(r, "Harbour cranes back in service after the storm")
    assert name_of(r, q) == "Reuters"


def test_evidence_set_beside_a_claim_with_as_is_no_part_of_it():
    r = run("The port was hit on Monday. The council insists its crews are still working in the ruins as drone "
            "footage shows divers searching the wreck through the night.")
    assert name_of(r, find(r, "its crews are still working in the ruins")) == "The council"


def test_two_contrasted_clauses_after_a_cue_are_two_reports():
    r = run("Harbour master Ines Holm told reporters that the situation at the pier remains difficult but the ferry "
            "line is not closed.")
    a = find(r, "the situation at the pier remains difficult")
    b = find(r, "the ferry line is not closed")
    assert a["speaker"] == b["speaker"]
    r = run("The storm has damaged the northern pier, but crews continue to clear the channel, the ministry said.")
    assert any(q["text"].startswith("The storm has damaged the northern pier, but crews") for q in r["quotes"])


def test_a_past_report_nested_right_under_said_is_the_outer_speaker_s():
    r = run("A port official, speaking on condition of anonymity, said the ministry estimated that 40 boats had been lost "
            "since the spring.")
    q = find(r, "the ministry estimated that 40 boats had been lost since the spring")
    assert name_of(r, q) == "A port official"
    # a clause of its own after ", and" is a second report
    r = run("The ministry said its crews had cleared the channel, and Ines Holm, the harbour master, told reporters the "
            "pier was open.")
    assert name_of(r, find(r, "the pier was open")) == "Ines Holm"


def test_a_first_line_under_a_known_person_s_label_is_attributed():
    r = run("Zelensky: 'We Will Not Leave The Port On Anyone's Schedule'\n\nPresident Volodymyr Zelensky said on Monday "
            "that the harbour was still held.")
    q = find(r, "We Will Not Leave The Port On Anyone's Schedule")
    assert name_of(r, q) == "Volodymyr Zelensky"


def test_a_standfirst_role_is_the_person_the_body_names_first_with_that_role():
    r = run("Navy's top commander insists the harbour is still supplied.\n\n"
            "The commander-in-chief of the navy, Piet Smit, wrote on Telegram that the convoys were getting through.\n\n"
            "A boat commander with the call sign Heron said the nights were the hardest.")
    assert name_of(r, find(r, "the harbour is still supplied")) == "Piet Smit"
    assert name_of(r, find(r, "the nights were the hardest")) == "Heron"


def test_a_first_line_opening_with_according_to_reports():
    r = run("According to the ministry, 40 boats were lost in the harbour over the past week\n\n"
            "The port has been closed since Monday.")
    assert name_of(r, find(r, "40 boats were lost in the harbour over the past week")) == "the ministry"


def test_by_a_source_s_count_opens_a_report():
    r = run("“The season is slow,” Ines Holm, head of research at the Harbour Institute, told the gazette.\n\n"
            "By her count, the port has needed 12 days to unload each of the last five ships.\n\n"
            "By the time the tugs arrived, the pier was empty.")
    assert name_of(r, find(r, "the port has needed 12 days to unload each of the last five ships")) == "Ines Holm"
    assert not any(q["text"].startswith("the pier was empty") for q in r["quotes"])


def test_a_role_described_on_a_title_case_line_is_the_speaker_its_entry_names():
    r = run("The port was quiet on Monday.\n\nDutch Navy Spokesman Denies Closure\n\n"
            "The spokesman for the Dutch navy, Piet Smit, told the gazette that the harbour was open.")
    q = find(r, "Closure")
    assert name_of(r, q) == "Piet Smit"


def test_a_media_noun_refers_back_to_the_outlet_cited_before():
    r = run("The ferry stopped on Monday, the BBC reported. The broadcaster added that the pier was empty.")
    assert name_of(r, find(r, "the pier was empty")) == "BBC"


def test_a_title_case_entry_line_with_a_source_and_a_cue_verb_quotes_its_words():
    r = run("The port was quiet on Monday.\n\nDeepState Calls Harbour Claim 'Premature'\n\n"
            "Ukraine's DeepState monitoring group wrote on Telegram that the claim was \"premature.\"\n\n"
            "Zelensky Tells Macron Harbour 'Still Ours'\n\nPresident Volodymyr Zelensky told Emmanuel Macron that the port was held.")
    assert name_of(r, find(r, "Premature")) == "DeepState"
    assert find(r, "Premature")["speaker"] == find(r, 'the claim was "premature."')["speaker"]
    assert name_of(r, find(r, "Harbour 'Still Ours'")) == "Volodymyr Zelensky"


def test_a_country_label_over_an_entry_is_whoever_speaks_for_it_there():
    r = run("The port was quiet on Monday.\n\nNorway: Harbour 'Not The End Of The Fleet'\n\n"
            "Norwegian Foreign Minister Kari Dahl wrote on X that the fleet would sail again.")
    assert name_of(r, find(r, "Harbour 'Not The End Of The Fleet'")) == "Kari Dahl"


def test_a_government_label_over_an_entry_is_its_spokesperson_there():
    r = run("The port was quiet on Monday.\n\nKremlin: 'Going to plan'\n\n"
            "Kremlin spokesman Dmitry Peskov told reporters that the harbour works were \"going to plan.\"")
    assert name_of(r, find(r, "Going to plan")) == "Dmitry Peskov"


def test_a_role_after_the_colon_of_a_quoted_title_is_the_speaker_the_entry_names():
    r = run("The port was quiet on Monday.\n\n'It Is About Who Stays': Analyst On Harbour\n\n"
            "Marta Kowalczyk, an analyst at the Harbour Institute, said the port would stay open \"as long as crews stay.\"")
    q = find(r, "It Is About Who Stays")
    assert q["type"] == "direct" and name_of(r, q) == "Marta Kowalczyk"


def test_report_on_something_reports_what_it_is_on():
    r = run("On Monday, harbour master Marta Kowalczyk reported to the mayor on the complete reopening of the northern pier. "
            "The council reported on Tuesday.")
    assert name_of(r, find(r, "the complete reopening of the northern pier")) == "Marta Kowalczyk"
    assert not any(q["text"] == "Tuesday" for q in r["quotes"])
