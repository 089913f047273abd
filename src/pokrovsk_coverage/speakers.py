"""Who is speaking: the article-local entities behind attributions.

A news article introduces a source once ("Viktor Trehubov, a Ukrainian military
spokesman") and then refers back to it ("he", "military spokesman Trehubov", "the
officer", "his military"). ``Tracker`` keeps the sources an article has cited so far,
in order, and resolves each new speaker mention to one of them or to a new one, so
that quotes and figures can point to article-local keys that ``sources.resolve``
later merges across the collection.

The world knowledge used here (known sources and their aliases, nationality words,
role nouns, pronouns) lives in ``data/sources_registry.yaml`` and
``data/reporting_verbs.yaml``.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from . import knowledge

ORG_LABELS = {"ORG", "GPE", "NORP", "FAC", "LOC"}
DETERMINERS = {"the", "a", "an", "one", "this", "that", "these", "those", "another", "some"}
INDEFINITE = {"a", "an", "one", "another", "some"}


def norm(text: str | None) -> str:
    """Comparison form of a name: case, apostrophes, articles and a final possessive ignored."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").strip().lower()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"^(the|a|an)\s+", "", s)
    s = re.sub(r"\s*'s?$", "", s) if s.endswith(("'s", "s'")) and " " in s else s
    return s.strip(" ,.;:")


_TEXT_KEY = ("pokrovsk_coverage", "text")


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per Doc: spaCy joins every token's text on each
    access, which made the speaker passes spend most of their time re-building it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "source"


@functools.lru_cache(maxsize=None)
def lexicon() -> dict:
    return knowledge.load("reporting_verbs")


class Registry:
    """Known sources, looked up by any alias as written (acronyms case-sensitively)."""

    def __init__(self, data: dict):
        self.entries = {e["id"]: e for e in data["sources"]}
        self.by_alias: dict[str, str] = {}
        self.by_acronym: dict[str, str] = {}
        for e in data["sources"]:
            for alias in [e["name"], *(e.get("aliases") or [])]:
                bare = re.sub(r"^(the|The)\s+", "", alias)
                if re.fullmatch(r"[A-Z][A-Z.]{0,4}", bare):
                    self.by_acronym.setdefault(bare, e["id"])
                else:
                    self.by_alias.setdefault(norm(alias), e["id"])
        self.side_of_word: dict[str, str] = {}
        for side, words in data.get("nationality", {}).items():
            for w in words:
                self.side_of_word.setdefault(w.lower(), side)
        self.militaries = data.get("militaries", {})
        self.adjective_sources = {k.lower(): v for k, v in (data.get("adjective_sources") or {}).items()}

    def lookup(self, text: str | None) -> dict | None:
        if not text:
            return None
        bare = re.sub(r"^(the|The)\s+", "", text.strip())
        if bare in self.by_acronym:
            return self.entries[self.by_acronym[bare]]
        key = self.by_alias.get(norm(text))
        if key is None:
            # "the UK's Ministry of Defence" is the "UK Ministry of Defence": a country's
            # possessive before an organisation's name is its attributive form
            mm = re.match(r"(?:the\s+)?([A-Z][\w.]*)['’]s\s+(?=[A-Z])", text.strip())
            if mm:
                key = self.by_alias.get(norm(mm.group(1) + " " + text.strip()[mm.end():]))
        return self.entries[key] if key else None

    def side_in(self, text: str | None) -> str | None:
        """The side a phrase places its source on ("a Ukrainian military spokesman"),
        from nationality words or a known organisation named in it."""
        if not text:
            return None
        words = re.findall(r"[\w.'’-]+", text.replace("’", "'"))
        for w in words:
            side = self.side_of_word.get(w.lower().strip("."))
            if side is None and "-" in w:  # "Finland-based", "U.S.-based"
                side = self.side_of_word.get(w.lower().split("-")[0].strip("."))
            if side:
                return side
        padded = f" {norm(text)} "
        for alias, sid in self.by_alias.items():
            if len(alias) > 5 and f" {alias} " in padded:
                entry = self.entries[sid]
                if entry["kind"] != "person":
                    return entry["side"]
        return None


def publishers(text: str) -> set[str]:
    """Registry ids of the outlet(s) an article shows itself to be published by."""
    out = set()
    for pattern in lexicon().get("publisher_self_reference", []):
        for m in re.finditer(pattern, text):
            entry = registry().lookup(m.group("outlet"))
            if entry is not None and entry["kind"] == "media":
                out.add(entry["id"])
    return out


def outlet_ids(doc: Doc) -> set[str]:
    """Registry id of the publisher the cleaner found for this article (``doc.user_data
    ["outlet"]``): "told The Associated Press" in an AP story cites no source. The outlet
    a text is syndicated from is not its publisher: a republisher cites it."""
    entry = registry().lookup(doc.user_data.get("outlet"))
    return {entry["id"]} if entry is not None and entry["kind"] == "media" else set()


@functools.lru_cache(maxsize=None)
def registry() -> Registry:
    return Registry(knowledge.load("sources_registry"))


@dataclass
class Mention:
    """A speaker as written at one attribution."""
    start: int
    end: int
    text: str
    name: str | None = None           # proper name in it ("Volodymyr Zelensky")
    name_span: tuple[int, int] | None = None
    description: str | None = None    # role as written ("Ukrainian President", "a senior fellow at ...")
    head: str = ""                    # lower-case head word ("spokesman", "analysts", "ministry")
    pronoun: str | None = None        # person_singular | thing_singular | plural
    possessed: str | None = None      # "military" in "his military"
    determiner: str | None = None
    plural: bool = False
    person_hint: bool = False
    org_hint: bool = False
    group: bool = False               # coordinated unnamed groups ("soldiers and analysts")
    conjuncts: list["Mention"] = field(default_factory=list)
    named_by_cue: bool = False        # the name comes from "who gave her name as Olga"


def _pronoun_class(word: str) -> str | None:
    lex = lexicon()["pronouns"]
    for cls, words in lex.items():
        if word.lower() in words:
            return cls
    return None


def _trim(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].text in ("“", "”", '"')):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].text in ("“", "”", '"') or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    return tokens


# A restrictive relative clause of more words than this describes a speaker rather than
# names them: the held-out gold names "a Ukrainian official who travels regularly to
# Brussels" and "the men who drive it" with the clause, but "Ukrainian volunteers" (who
# deliver food and medicine to the area), "a Ukrainian police officer" (who drives one of
# the armored vans that ...) and "a contract soldier from Buryatia" (who was wounded ...)
# without it.
LONG_RELATIVE = 6


def mention_tokens(head: Token) -> list[Token]:
    """The speaker phrase around ``head``: its subtree without appositions, comma-set
    relative clauses, comma-set prepositional phrases (examples: "officials, including
    the defence minister, said") and coordinated speakers."""
    doc = head.doc
    lex = lexicon()
    cut = set()
    # "soldiers and analysts": unnamed groups coordinated are one source
    group = head.pos_ == "NOUN" and all(
        c.pos_ == "NOUN" and c.lower_ in lex["anonymous_plural_heads"] for c in head.children if c.dep_ == "conj")
    for t in head.subtree:
        if t.dep_ == "relcl" and t.i > head.i and t.i not in cut and sum(1 for x in t.subtree if not x.is_punct) > LONG_RELATIVE:
            cut.update(x.i for x in t.subtree)
    for child in head.children:
        if (child.dep_ == "appos" and not (child.i > head.i and is_proper(child) and (
                doc[child.left_edge.i - 1].i == head.i
                or (child.ent_type_ == "PERSON" and doc[child.left_edge.i - 1].text not in (",", "(", "—", "–", ":"))))) \
                or (child.dep_ in ("conj", "cc") and not group) \
                or (child.dep_ in ("relcl", "acl") and doc[child.left_edge.i - 1].text == ",") \
                or (child.dep_ == "prep" and child.i > head.i and doc[child.left_edge.i - 1].text == ",") \
                or (child.dep_ == "acl" and child.i > head.i and any(c.dep_ == "ccomp" for c in child.children)):
            cut.update(t.i for t in child.subtree)
        elif child.dep_ == "prep" and (is_proper(head) or any(t.ent_type_ in ("DATE", "TIME") and t.i not in cut for t in child.subtree)):
            # "Zelenskyy on Friday"; a name's own "of"/"for" stays via the name run, and so
            # does the country a mission or office is named after ("... Monitoring Mission in Ukraine")
            if not (is_proper(head) and child.lower_ in ("of", "for") and child.i == head.i + 1
                    and any(t.pos_ == "PROPN" for t in child.subtree)) and not _hyphen_joined(head, child) \
                    and not _place_in_name(head, child):
                cut.update(t.i for t in child.subtree)
        if child.dep_ == "punct" and child.i > head.i:
            cut.add(child.i)
    toks = [t for t in head.subtree if t.i not in cut]
    # an inverted subject at the end of a sentence keeps its own prepositional phrase,
    # which the parser often hangs on the verb ("added an officer from the 25th brigade")
    if head.pos_ == "NOUN" and not is_proper(head) and head.dep_ in ("nsubj", "dobj", "attr", "npadvmod") and head.i > head.head.i and toks:
        j = max(t.i for t in toks) + 1
        if j < len(doc) and doc[j].dep_ == "prep" and doc[j].lower_ in ("from", "of", "with", "at", "in") and doc[j].head.i == head.head.i:
            toks += [t for t in doc[j].subtree]
    # a comma after the head ends the phrase: what follows is parenthetical
    out = []
    for t in toks:
        if t.i > head.i and t.text in (",", "(", "—", "–", ":") and out:
            break
        out.append(t)
    # a comma before the head separates an apposition-like prefix ("Earlier, ...")
    for j in range(len(out) - 1, -1, -1):
        if out[j].i < head.i and out[j].text in (",", "—", "–"):
            out = out[j + 1:]
            break
    if len(out) > 1 and out[-1].tag_ == "POS":
        out = out[:-1]  # "the ministry's (statement)": the possessor without its clitic
    return _trim(out)


def _place_in_name(head: Token, prep: Token) -> bool:
    """Is ``prep`` the "in/to <Country>" that ends an organisation's written name ("the OSCE
    Special Monitoring Mission to Ukraine", "the UN Human Rights Monitoring Mission in
    Ukraine")? Only right after a capitalised name of several words whose head word
    names its host country (place_named_heads), with a single place name: "the ministry
    in Moscow" is where a ministry is, not what it is called."""
    doc = head.doc
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if prep.lower_ not in ("in", "to") or prep.i != head.i + 1 or head.lower_ not in lexicon()["place_named_heads"] \
            or not head.text[:1].isupper():
        return False
    if len(objs) != 1 or objs[0].pos_ != "PROPN" or len(list(prep.subtree)) != 2:
        return False
    return head.i >= 2 and all(t.text[:1].isupper() for t in doc[head.i - 2: head.i])


def _hyphen_joined(head: Token, child: Token) -> bool:
    """Is ``child`` written glued to ``head`` by hyphens ("Commander-in-Chief")?"""
    doc = head.doc
    if child.i != head.i + 2 or doc[head.i + 1].text not in ("-", "‑") or head.whitespace_ or doc[head.i + 1].whitespace_:
        return False
    last = max(t.i for t in child.subtree)
    return all(not t.whitespace_ for t in doc[head.i: last])


def appositive(head: Token) -> str | None:
    doc = head.doc
    for child in head.children:
        # "another member of the chat, a woman from Chelyabinsk ...": an apposition the
        # parser made a conjunct (a comma, no "and"/"or", an indefinite person noun)
        mislabelled = child.dep_ == "conj" and child.i > head.i and doc[child.left_edge.i - 1].text == "," \
            and child.lower_ in lexicon()["person_nouns"] and doc[child.left_edge.i].lower_ in ("a", "an") \
            and not any(c.dep_ == "cc" for c in list(head.children) + list(child.children))
        if (child.dep_ == "appos" or mislabelled) and not (child.like_num and len(list(child.subtree)) == 1):  # "Olena, 58, a volunteer"
            toks = _trim(list(child.subtree))
            if toks:
                return text_of(head.doc)[toks[0].idx: toks[-1].idx + len(toks[-1].text)]
    return None


def is_proper(t: Token) -> bool:
    """A proper noun, also when the tagger calls a capitalised name a common noun
    ("said Zelenskyy" tagged NN)."""
    if not any(ch.isalnum() for ch in t.text):
        return False  # a stray "." the tagger called NNP ("Maj. Andrii Kovalenko")
    if t.pos_ == "PROPN":
        return True
    if not t.text[:1].isupper() or t.pos_ not in ("NOUN", "ADJ") or t.is_sent_start:
        return False
    lex = lexicon()
    return t.lower_ not in lex["person_nouns"] and t.lower_ not in lex["organisation_nouns"] and not registry().side_in(t.text)


def aged_name(t: Token) -> bool:
    """A proper name set off with an age ("Halyna Moroz, 71, left"; "Olena, 58, said"):
    only people are written so, whatever entity type the tagger gives the name."""
    doc = t.doc
    if not is_proper(t) or t.i + 3 >= len(doc) or doc[t.i + 1].text != "," or doc[t.i + 3].text not in (",", "."):
        return False
    age = doc[t.i + 2].text
    return age.isdigit() and 1 <= int(age) <= 110


def _name_tokens(tokens: list[Token], head: Token) -> list[Token]:
    """The run of proper nouns that names the speaker (ending at or near the head)."""
    reg = registry()
    propn = [t for t in tokens if is_proper(t)]
    if not propn:
        return []
    runs, run = [], [propn[0]]
    for t in propn[1:]:
        possessive = any(c.dep_ == "case" for c in t.children)
        hyphen = t.i == run[-1].i + 2 and t.doc[t.i - 1].text == "-" and not t.doc[t.i - 1].whitespace_ and not run[-1].whitespace_
        # a person's name ends before "of" and a place: "President Volodymyr Zelensky of
        # Ukraine" (the style of some papers) is Zelensky, as "Ministry of Defence" is one name
        of_place = run[-1].ent_type_ == "PERSON" and t.ent_type_ in ("GPE", "LOC", "NORP")
        if t.i == run[-1].i + 1 or hyphen or (t.i == run[-1].i + 2 and not possessive and not of_place
                                     and t.doc[t.i - 1].text.lower() in ("for", "of", "the", "de", "von", "der")) \
                or (t.i == run[-1].i + 2 and t.doc[t.i - 1].lower_ in ("in", "to") and _place_in_name(run[-1], t.doc[t.i - 1])) \
                or (t.i == run[-1].i + 3 and _is_org_head(run[-1]) and run[-1].text[:1].isupper()
                    and t.doc[t.i - 2].lower_ in ("of", "for") and t.doc[t.i - 1].lower_ == "the"):
            # ("the Office of the UN High Commissioner", "the Ministry of the Interior")
            run.append(t)
        else:
            runs.append(run)
            run = [t]
    runs.append(run)
    containing = [r for r in runs if r[0].i <= head.i <= r[-1].i]
    best = containing[0] if containing else runs[-1]
    titles = set(lexicon()["person_nouns"]) | set(lexicon()["organisation_nouns"])
    if len(best) == 1 and best[0].lower_ in titles and runs[-1] is not best:
        best = runs[-1]  # "Head of the Donetsk People's Republic Denis Pushilin"
    abbreviations = set(lexicon().get("title_abbreviations") or [])
    while len(best) > 1 and best[0].lower_.rstrip(".") in abbreviations and best[0].text[:1].isupper():
        best = best[1:]  # "Maj. Andrii Kovalenko"
    # an organisation's name is all of its run: "General", "International", "Ukrainian"
    # in "the General Staff", "International Energy Agency" are not titles or sides
    org_name = _is_org_head(best[-1])
    # the longest known name at the end of the run ("... Republic Denis Pushilin")
    # a unit's ordinal is part of its name ("7th Rapid Response Corps", "93rd Mechanized Brigade")
    first = best[0]
    if first.i > 0 and first.doc[first.i - 1] in tokens and (
            first.doc[first.i - 1].ent_type_ == "ORDINAL"
            or (org_name and re.fullmatch(r"\d+(?:st|nd|rd|th)", first.doc[first.i - 1].lower_))):
        best = [first.doc[first.i - 1]] + best
    first = best[0]
    if first.i > 0 and first.doc[first.i - 1] in tokens and first.doc[first.i - 1].like_num \
            and first.doc[first.i - 1].text[:1].isupper() and not first.doc[first.i - 1].is_sent_start:
        best = [first.doc[first.i - 1]] + best  # a capitalised number word opens the name ("Two Majors")
    head_in_run = head.i in [t.i for t in best]
    if best[-1].ent_type_ == "PERSON" and not _is_org_head(best[-1]) and (best[-1].i == head.i or not head_in_run):
        # "Chief of the Russian General Staff Valery Gerasimov", "Commander of the Ground
        # Forces Mykhailo Drapatyi": the person's name follows the organisation in the title
        orgs = [k for k, t in enumerate(best[:-1]) if _is_org_head(t) and t.ent_type_ != "PERSON"]
        if orgs and orgs[-1] + 1 < len(best):
            best = best[orgs[-1] + 1:]
    for k in range(len(best)):
        sub = best[k:]
        if (head.i in [t.i for t in sub] or not head_in_run) and reg.lookup(text_of(head.doc)[sub[0].idx: sub[-1].idx + len(sub[-1].text)]):
            return sub
    # "President Volodymyr Zelensky": drop leading titles unless the whole run is a known name
    doc = head.doc
    text = text_of(doc)[best[0].idx: best[-1].idx + len(best[-1].text)]
    # "Ministry of Defence": an organisation's head word that its "of"/"for" complement
    # follows is the name's own first word, not a title before it
    org_name = org_name or (len(best) > 1 and _is_org_head(best[0]) and best[0].i + 1 < len(doc)
                            and doc[best[0].i + 1].lower_ in ("of", "for"))
    if reg.lookup(text) is None and not org_name:
        while len(best) > 1 and (best[0].lower_ in titles or reg.side_in(best[0].text)):
            best = best[1:]
        # a title of several words ("Deputy Defence Minister Anna Malyar", "Harbour
        # Minister Ivan Sokolov"): the name is what follows the last title noun
        persons = set(lexicon()["person_nouns"])
        last_title = max((k for k, t in enumerate(best[:-1]) if t.lower_ in persons), default=None)
        if last_title is not None and best[-1].ent_type_ == "PERSON":
            best = best[last_title + 1:]
    return best


def role_text(description: str | None) -> str | None:
    """A source's role without the relative clause that tells how it was sourced ("a
    sergeant with the 68th Jaeger Brigade who asked to be identified only by his call
    sign" -> "a sergeant with the 68th Jaeger Brigade")."""
    if not description:
        return description
    cut = re.split(r",?\s+(?:who|whose)\s", description, maxsplit=1)[0].strip(" ,")
    return cut if len(cut.split()) >= 2 else description


def _anaphoric_description(text: str) -> bool:
    """'The ministry', 'the officer', 'Ukrainian': a description that refers back or only
    places a source, no role to keep for it."""
    words = text.strip().split()
    if len(words) == 2 and words[0].lower() in ("the", "this", "that"):
        return True
    return len(words) == 1 and registry().side_in(words[0]) is not None


def _is_org_name(text: str) -> bool:
    """Does a written name end in an organisation's head word ("47th Mechanised Brigade")?"""
    words = norm(text).split()
    lex = lexicon()
    return bool(words) and (words[-1] in lex["organisation_nouns"] or any(words[-1] in ws for ws in lex["kind_heads"].values()))


def _is_org_head(t: Token) -> bool:
    """Is this word the head of an organisation's name ("Staff", "Agency", "Brigade")?"""
    lex = lexicon()
    low = t.lower_
    return low in lex["organisation_nouns"] or any(low in ws for ws in lex["kind_heads"].values())


def _past_title_period(head: Token) -> Token:
    """'said Sgt. Taras Melnyk': the parser may end the sentence at the abbreviation's
    period and take the bare title for the subject; the speaker is the name after it."""
    doc = head.doc
    abbreviations = set(lexicon().get("title_abbreviations") or [])
    j = head.i
    while (doc[j].lower_ in abbreviations and doc[j].text[:1].isupper() and j + 2 < len(doc)
           and doc[j + 1].text == "." and not doc[j + 1].whitespace_ == "" and doc[j + 2].text[:1].isupper()):
        j += 2
    if j == head.i or not is_proper(doc[j]):
        return head
    name = doc[j]
    while name.dep_ == "compound" and name.head.i > name.i and is_proper(name.head):
        name = name.head
    return name


def analyse(head: Token) -> Mention:
    """Describe the speaker phrase headed by ``head``."""
    doc = head.doc
    lex = lexicon()
    reg = registry()
    pclass = _pronoun_class(head.text)
    if pclass and head.pos_ == "PRON":
        return Mention(head.idx, head.idx + len(head.text), head.text, head=head.lower_, pronoun=pclass,
                       plural=pclass == "plural")
    titled = _past_title_period(head)
    toks = mention_tokens(titled)
    if not toks:
        toks = [titled]
    if titled is not head:
        # the title stays part of the mention ("Sgt. Taras Melnyk"): it is the person's role
        toks = [t for t in doc[head.i: toks[0].i] if not t.is_space] + toks
        head = titled
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text = text_of(doc)[start:end]
    bare = re.sub(r"^(?:the|this|that)\s+", "", text.lower())
    if "-" in bare and bare in lex["person_nouns"]:
        # "The Commander-in-Chief": a hyphenated title is one role noun, not a name
        det = toks[0].lower_ if toks[0].lower_ in DETERMINERS else None
        desc = text[len(toks[0].text):].strip() if det else text
        return Mention(start, end, text, head=bare, determiner=det, description=desc, person_hint=True)
    m = Mention(start, end, text, head=head.lower_)
    first = toks[0]
    if first.lower_ in DETERMINERS or first.tag_ == "CD" or first.like_num:
        m.determiner = first.lower_
    poss = [t for t in toks if t.dep_ == "poss" and t.head.i == head.i and _pronoun_class(t.text)]
    if poss and head.lower_ in lex["person_nouns"] and any(c.dep_ == "appos" for c in head.children):
        poss = []  # "Her colleague, a paramedic who asked not to be named": a new person, described
    if poss and head.pos_ != "PROPN":
        m.pronoun = _pronoun_class(poss[0].text)
        m.possessed = head.lower_
    m.plural = (head.tag_ in ("NNS", "NNPS") and head.lower_ not in (lex.get("number_invariant_nouns") or [])
                and not (head.tag_ == "NNPS" and head.ent_type_ == "PERSON")) \
        or head.lower_ in lex["anonymous_plural_heads"] or any(
            t.dep_ == "conj" and any(c.dep_ == "cc" for c in list(head.children) + list(t.children)) for t in head.children)
    grouped = {t.i for t in toks}
    # ("Ukrainian and Russian officials": coordinated modifiers make a group of two sides too)
    m.group = any(c.dep_ == "conj" and c.i in grouped for c in head.children) or any(
        t.dep_ == "conj" and t.head.dep_ in ("amod", "compound", "nmod") and t.head.head.i == head.i for t in toks)
    if reg.lookup(text) is None:
        name = _name_tokens(toks, head)
        # a proper noun only inside a modifier ("Ukraine's 59th brigade") does not name the speaker
        appos_names = {t.i for c in head.children if c.dep_ == "appos" and doc[c.left_edge.i - 1].text != ","
                       and head.tag_ == "NN" for t in c.subtree}
        # "Commander of the Ground Forces Mykhailo Drapatyi": a title noun whose phrase
        # ends in a person's name
        titled = bool(name) and head.lower_ in lex["person_nouns"] and name[-1].i == toks[-1].i \
            and name[-1].ent_type_ == "PERSON" and doc[name[0].i - 1].lower_ not in ("from", "in", "near", "at")
        # ("a contract soldier from Buryatia": a place the tagger took for a person)
        if name and (name[-1].i == head.i or head.i in [t.i for t in name] or is_proper(head) or name[-1].i in appos_names or titled):
            ns, ne = name[0].idx, name[-1].idx + len(name[-1].text)
            m.name, m.name_span = text_of(doc)[ns:ne], (ns, ne)
            before = text_of(doc)[start:ns].strip(" ,")
            if before and before.lower() not in DETERMINERS:
                m.description = re.sub(r"^(the|a|an)\s+", "", before, flags=re.I) if before.split()[0].lower() == "the" else before
    app = appositive(head)
    app_name = None if m.name or is_proper(head) else _appositive_name(head)
    if app_name is not None:
        # "Ukraine's commander-in-chief, Oleksandr Syrskyi, said": the description is
        # the phrase, the name the apposition's
        m.name, m.name_span = app_name
        m.description = re.sub(r"^the\s+", "", text, flags=re.I)
    elif app:
        abbreviations = set(lex.get("title_abbreviations") or [])
        only_titles = m.description and all(w.lower().strip(".") in abbreviations for w in m.description.split())
        # "Lt. Col. Oleksandr Pohorilyi, a battalion commander": the apposition says more
        m.description = app if not m.description or only_titles else m.description
        # "a volunteer ..., who asked to be identified only by her first name, Olena"
    named_after = naming_in(list(head.subtree))
    if not named_after and not m.name and _ends_with_naming_cue(text):
        # "a sergeant ... who asked to be identified only by his call sign, Bereza": the
        # phrase ends in a naming cue and the name follows it after a comma
        last = toks[-1].i
        named_after = naming_in(list(doc[toks[0].i: min(last + 5, head.sent.end)]))
    if named_after and not m.name:
        m.name, m.name_span = named_after
        m.description = text
        m.named_by_cue = True
    if doc.user_data.get(("pokrovsk_coverage", "named", head.i)) and not m.name:
        m.name, m.name_span = head.text, (head.idx, head.idx + len(head.text))  # a first name the tagger missed
        m.person_hint = True
    described = doc.user_data.get(("pokrovsk_coverage", "described", head.i))
    if described and m.name:
        m.description = described  # "Military analyst, retired Colonel Ivan Petrenko"
    if m.name is None and m.description is None and reg.lookup(text) is None:
        m.description = text
    words = {t.lower_ for t in toks}
    m.person_hint = (head.ent_type_ == "PERSON" or head.lower_ in lex["person_nouns"]
                     or bool(words & set(lex["person_nouns"]) and head.pos_ == "PROPN"))
    # ("State television", "local radio": a broadcaster is an organisation, never a person
    # a later "she" could refer to)
    m.org_hint = head.ent_type_ in ("ORG",) or head.lower_ in lex["organisation_nouns"] \
        or (head.pos_ == "NOUN" and head.lower_ in ((lex.get("kind_heads") or {}).get("media") or []))
    if aged_name(head):
        m.person_hint, m.org_hint = True, False
    if is_proper(head) and _is_org_head(head):
        m.person_hint, m.org_hint = False, True  # "the General Staff" is no general
    if is_proper(head) and m.description and app:
        # "Franz-Stefan Gady, an Austrian military analyst": the apposition says a person
        app_head = re.findall(r"[a-z]+", re.split(r"\s(?:who|at|with|of|from|in|for|on|near|based)\s", app.lower())[0])
        if app_head and app_head[-1] in lex["person_nouns"]:
            m.person_hint, m.org_hint = True, False
    if m.name and m.person_hint and head.text[:1].isupper() and not m.group and not any(c.dep_ == "conj" for c in head.children):
        m.plural = False  # "Dmytro Zaporozhets", a surname the tagger took for a plural noun
    for child in head.children:
        # a conjunct with no "and"/"or" is an apposition the parser mislabelled ("another
        # member of the chat, a woman from Chelyabinsk ..."): a description, not a second speaker
        if child.dep_ == "conj" and child.i not in grouped and any(
                c.dep_ == "cc" for c in list(head.children) + list(child.children)):
            m.conjuncts.append(analyse(child))
    return m


def _ends_with_naming_cue(text: str) -> bool:
    low = re.sub(r"\s+", " ", text.lower()).rstrip(" ,")
    return any(low.endswith(cue.rstrip(", ")) for cue in lexicon()["naming_cues"])


def _appositive_name(head: Token) -> tuple[str, tuple[int, int]] | None:
    """The proper name set off by commas after a described speaker ("One volunteer,
    Olena, 58, said"), when the apposition opens with one. A person noun's description
    may end in a complement the parser hangs the name on ("The head of the regional
    military administration, Vadym Filashkin, said"): a person's name set off by
    commas right after the whole phrase names the speaker too."""
    doc = head.doc
    appos = [c for c in head.children if c.dep_ == "appos"]
    if head.lower_ in lexicon()["person_nouns"]:
        end = max(t.i for t in head.subtree if t.i >= head.i)
        appos += [c for t in head.subtree if t.i > head.i for c in t.children
                  if c.dep_ == "appos" and c.head is not head and is_proper(c) and not _is_org_head(c)
                  and (c.ent_type_ == "PERSON" or sum(is_proper(x) for x in c.subtree) >= 2)
                  and all(x.dep_ != "appos" or x is c for x in doc[head.i: c.left_edge.i])
                  and (c.right_edge.i == end or doc[c.right_edge.i + 1].text in (",", "—", "–"))]
    for child in appos:
        if child.dep_ != "appos" or child.i < head.i or not is_proper(child):
            continue
        if child.left_edge.i == 0 or doc[child.left_edge.i - 1].text != ",":
            continue
        run = [t for t in child.subtree if t.i <= child.i]
        # the run of proper nouns ending at the apposition's head
        names = []
        for t in reversed(run):
            if is_proper(t) or (t.text == "-" and names) or (names and t.like_num and t.text[:1].isupper()):  # "Two Majors"
                names.insert(0, t)
            else:
                break
        lex = lexicon()
        titles = set(lex["person_nouns"]) | set(lex.get("title_abbreviations") or [])
        # "Military expert, retired Colonel Viktor Litovkin": titles before the name
        while len(names) > 1 and names[0].lower_.rstrip(".") in titles:
            names = names[1:]
        if not names or any(not (t.pos_ == "ADJ" or t.lower_.rstrip(".") in titles or t.text == ".")
                            for t in doc[child.left_edge.i:names[0].i]):
            continue
        ns, ne = names[0].idx, names[-1].idx + len(names[-1].text)
        return text_of(doc)[ns:ne], (ns, ne)
    return None


def naming_in(tokens: list[Token]) -> tuple[str, tuple[int, int]] | None:
    """A name given by a naming cue inside ``tokens`` ("by his call sign, Phoenix")."""
    if not tokens:
        return None
    doc = tokens[0].doc
    text = text_of(doc)[tokens[0].idx: tokens[-1].idx + len(tokens[-1].text)]
    base = tokens[0].idx
    lex = lexicon()
    titles = set(lex["person_nouns"]) | set(lex.get("title_abbreviations") or [])
    for cue in lex["naming_cues"]:
        for mm in re.finditer(re.escape(cue), text, flags=re.I):
            rest = text[mm.end():]
            lead = re.match(r"[\s,:]*(?:of\s+)?[“\"]?", rest).end()
            # "gives his name: Colonel Dmytro Lysenko", "Sgt. Ivan ...": a rank before the
            # name is no part of it
            title = re.match(r"([A-Z][\w’'-]+)\.?[ \t]+(?=[A-Z])", rest[lead:])
            while title and title.group(1).lower() in titles:
                lead += title.end()
                title = re.match(r"([A-Z][\w’'-]+)\.?[ \t]+(?=[A-Z])", rest[lead:])
            after = re.match(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?", rest[lead:])
            if after:
                s = base + mm.end() + lead
                return after.group(), (s, s + len(after.group()))
    return None


# --------------------------------------------------------------------------------------
PERSON_KINDS = {"person"}


@dataclass
class Entity:
    key: str
    name: str
    kind: str | None
    side: str | None
    description: str | None
    wikidata_id: str | None
    registry_id: str | None = None
    aliases: set = field(default_factory=set)
    heads: set = field(default_factory=set)
    mentions: list = field(default_factory=list)
    plural: bool = False
    person: bool = False
    anonymous: bool = False
    group: bool = False               # "soldiers and analysts": not the "analysts" of a later sentence
    homonym: bool = False             # named like a registered source but not it
    last: int = -1
    gender: str | None = None         # "male" | "female" from gendered words or pronouns

    def as_dict(self) -> dict:
        aliases = sorted(a for a in self.aliases if a and a != self.name)
        return {"key": self.key, "name": self.name, "aliases": aliases, "kind": self.kind, "side": self.side,
                "description": self.description, "wikidata_id": self.wikidata_id,
                "mentions": sorted(self.mentions, key=lambda m: (m["start"], m["end"])),
                "homonym": self.homonym}


class Tracker:
    """The sources an article has cited so far, most recent last."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.entities: dict[str, Entity] = {}
        self.reg = registry()
        self.lex = lexicon()
        self.pending: list[tuple[int, Mention]] = []   # named people not (yet) cited
        self.introduced: list[tuple[int, Mention]] = []   # "a Ukrainian official" not (yet) cited
        self.publishers = publishers(text_of(doc)) | outlet_ids(doc)

    def note(self, m: Mention, pos: int) -> None:
        """A named person acting in the text ("Peskov declined to comment"): a pronoun
        that follows may refer to them even though they have not been quoted yet."""
        self.pending.append((pos, m))

    def introduce(self, m: Mention, pos: int) -> None:
        """An unnamed person introduced without a cue ("A Ukrainian official who travels
        to Brussels was blunter."): a definite description with the same head noun that
        follows ("the official said") refers to them."""
        self.introduced.append((pos, m))

    def _introduced_fit(self, m: Mention) -> Entity | None:
        """The person last introduced by an indefinite description with ``m``'s head
        noun, when no source with that head was cited since."""
        for k in range(len(self.introduced) - 1, -1, -1):
            ipos, im = self.introduced[k]
            if ipos >= m.start or im.head != m.head:
                continue
            if self._recent(lambda e: m.head in e.heads and e.last > ipos) is not None:
                return None
            del self.introduced[k]
            ent, _ = self.resolve(im, ipos)
            return ent if ent is not None and ent.person else None
        return None

    # -- creation ------------------------------------------------------------------
    def _from_registry(self, entry: dict) -> Entity:
        key = entry["id"]
        if key not in self.entities:
            self.entities[key] = Entity(
                key, entry["name"], entry["kind"], entry["side"], None, entry.get("wikidata_id"), registry_id=key,
                aliases={entry["name"], *(entry.get("aliases") or [])}, person=entry["kind"] == "person",
                plural=False, heads={norm(entry["name"]).split()[-1]} | {norm(a).split()[-1] for a in entry.get("aliases") or [] if norm(a)},
            )
        return self.entities[key]

    def _new(self, name: str, m: Mention, anonymous: bool) -> Entity:
        base = slug(name)
        key, n = base, 2
        while key in self.entities:
            key, n = f"{base}-{n}", n + 1
        side = self.reg.side_in(m.text) or self.reg.side_in(m.description) or "unknown"
        if anonymous:
            kind = "anonymous"
        elif m.person_hint or (not m.org_hint and m.name and " " in m.name.strip()):
            kind = "person"
        elif m.org_hint or (m.name and norm(m.name).split()[-1] in {w for ws in self.lex["kind_heads"].values() for w in ws}):
            last = norm(m.name or m.text).split()[-1]
            kind = next((k for k, ws in self.lex["kind_heads"].items() if last in ws), "organization")
        else:
            kind = "person" if m.name else "anonymous"
        ent = Entity(key, name, kind, side, role_text(m.description) if m.description != m.text else m.description, None, aliases={name}, plural=m.plural,
                     person=kind == "person" or (anonymous and not m.org_hint and not m.plural),
                     anonymous=anonymous, heads={m.head} if m.head else set(), group=m.group)
        self.entities[key] = ent
        return ent

    def _touch(self, ent: Entity, m: Mention, pos: int, text: str | None = None, span=None) -> Entity:
        s, e = span or (m.start, m.end)
        mention = {"start": s, "end": e, "text": text_of(self.doc)[s:e]}
        if mention not in ent.mentions:
            ent.mentions.append(mention)
        if not m.pronoun:
            ent.aliases.add(text_of(self.doc)[s:e])
            if m.head:
                ent.heads.add(m.head)
            if m.name and m.name in m.text:
                # the titles written before a name ("Sgt. Taras Melnyk") are roles of the person
                titles = set(self.lex.get("title_abbreviations") or [])
                ent.heads.update(w.strip(".") for w in norm(m.text.split(m.name)[0]).split() if w.strip(".") in titles)
        if m.description and not ent.description and not m.pronoun and not _anaphoric_description(m.description):
            ent.description = role_text(m.description)
        if ent.side in (None, "unknown"):
            ent.side = self.reg.side_in(m.description) or self.reg.side_in(m.text) or ent.side
        ent.last = max(ent.last, pos)
        if ent.person and ent.gender is None:
            ent.gender = self._gender_of(m, min(m.start, s), pos)
        return ent

    def _gender_of(self, m: Mention, start: int, pos: int) -> str | None:
        """The gender a mention shows: a pronoun ("she"), or gendered words of the
        phrase up to its cue ("a spokeswoman", "who gave only his call sign")."""
        genders = self.lex.get("gendered_words") or {}
        if m.pronoun:
            word = m.head or ""
            return next((g for g, ws in genders.items() if word in ws and word in self.lex["pronouns"]["person_singular"]), None)
        end = max(m.end, pos) if pos - m.end < 300 else m.end
        words = set(re.findall(r"[a-z]+", text_of(self.doc)[start:end].lower()))
        found = {g for g, ws in genders.items() if words & set(ws)}
        return found.pop() if len(found) == 1 else None

    def cite(self, ent: Entity, start: int, end: int, pos: int) -> None:
        """Record a place where an already known source is named (e.g. a naming cue)."""
        mention = {"start": start, "end": end, "text": text_of(self.doc)[start:end]}
        if mention not in ent.mentions:
            ent.mentions.append(mention)
        ent.last = max(ent.last, pos)

    # -- resolution ---------------------------------------------------------------
    def _recent(self, pred) -> Entity | None:
        cands = [e for e in self.entities.values() if e.last >= 0 and pred(e)]
        return max(cands, key=lambda e: e.last) if cands else None

    def resolve(self, m: Mention, pos: int) -> tuple[Entity | None, str]:
        """(entity, resolution) for a speaker mention met at char offset ``pos``."""
        reg = self.reg
        if m.pronoun and not m.possessed:
            ent = self._antecedent(m.pronoun, self._gender_of(m, m.start, m.end))
            if ent is None:
                return None, "unresolved"
            return self._touch(ent, m, pos), "pronoun"
        if m.possessed:
            owner = self._antecedent(m.pronoun)
            if owner is None:
                return None, "unresolved"
            mil = reg.militaries.get(owner.side or "")
            if m.possessed in ("military", "army", "forces", "troops", "commanders") and mil and mil in reg.entries:
                return self._touch(self._from_registry(reg.entries[mil]), m, pos), "pronoun"
            if m.possessed in (self.lex.get("staff_heads") or []) and not owner.person \
                    and owner.kind in (self.lex.get("staff_speak_for_kinds") or []):
                # "DeepState marked ..., though its analysts wrote ...": the staff of an
                # analysis body speak for it, as "DeepState analysts" do
                return self._touch(owner, m, pos), "pronoun"
            return None, "unresolved"
        owner = re.match(r"^((?:the\s+)?.+?)\s*['’]s?\s+(?:press (?:service|office|centre|center)|spokesperson|spokesman|spokeswoman|media (?:office|centre|center))$",
                         m.text, flags=re.I)
        if owner and not m.name:
            # "the brigade's press service" speaks for the brigade
            words = owner.group(1).split()
            head = words[-1].lower()
            if len(words) > 1 and words[0].lower() == "the" and (words[1][:1].isupper() or words[1][:1].isdigit()):
                words = words[1:]  # "The 47th Mechanised Brigade's": a name
                owner_text = " ".join(words)
                m = Mention(m.start + len(owner.group(1)) - len(owner_text), m.end, m.text, head=m.head)
                owner = re.match(r"(.*)", owner_text)
            if head in self.lex["organisation_nouns"] or _is_org_name(owner.group(1)):
                om = Mention(m.start, m.start + len(owner.group(1)), owner.group(1), head=head,
                             determiner=words[0].lower() if words[0].lower() in DETERMINERS else None, org_hint=True)
                known = reg.lookup(om.text)
                if known is not None:
                    return self._touch(self._from_registry(known), om, pos), "explicit"
                named = self._by_name(om.text) if om.determiner is None else None
                if named is not None:
                    return self._touch(named, om, pos), "explicit"
                if om.determiner is None:
                    om.name, om.name_span = om.text, (om.start, om.end)
                    return self._touch(self._new(om.text, om, anonymous=False), om, pos, span=om.name_span), "explicit"
                return self._description(om, pos)
        entry = reg.lookup(m.text) or (reg.lookup(m.name) if m.name else None)
        if entry is None and m.plural and m.head in (self.lex.get("staff_heads") or []):
            # "DeepState analysts", "ISW experts": the staff of a known analysis body
            # speak for it
            # "DeepState analysts", or "Analysts of the DeepState project" (agency style)
            of = re.match(r"^(?:the\s+)?\S+\s+(?:of|at|from|with)\s+(.+)$", m.text, flags=re.I)
            body = reg.lookup(re.sub(r"\s+\S+$", "", m.text)) or (reg.lookup(of.group(1)) if of else None)
            if body is not None and body["kind"] in (self.lex.get("staff_speak_for_kinds") or []):
                staff = Mention(m.start, m.end, m.text, head=norm(body["name"]).split()[-1], org_hint=True)
                return self._touch(self._from_registry(body), staff, pos), "explicit"
        homonym = entry is not None and m.name is not None and self._other_person(entry, m)
        if homonym:
            entry = None
        if entry is not None:
            span = m.name_span if (m.name and reg.lookup(m.name) is entry) else None
            return self._touch(self._from_registry(entry), m, pos, span=span), "explicit"
        if m.name and m.named_by_cue and m.determiner == "the" and self._by_name(m.name) is None:
            # "The woman, who gave her name as Olga, said": a definite description naming
            # the unnamed person it refers back to ("another member of the chat, a woman
            # from Chelyabinsk ..."), who is that name from now on
            described = self._recent(lambda e: e.person and not e.plural and (e.anonymous or e.kind == "anonymous")
                                     and (m.head in e.heads or m.head in norm(e.description or "").split()))
            if described is not None:
                described.aliases.add(described.name)
                described.name, described.kind, described.anonymous = m.name, "person", False
                return self._touch(described, m, pos, span=m.name_span), "explicit"
        if m.name:
            titles = set(self.lex.get("title_abbreviations") or [])
            title_words = [w.strip(".") for w in norm(m.text.split(m.name)[0]).split()] if m.name in m.text else []
            genders = self.lex.get("gendered_words") or {}
            gender = next((g for g, ws in genders.items() if set(title_words) & titles & set(ws)), None)
            ent = self._by_name(m.name, homonym, gender)
            full = self._full_name_before(m) if ent is None and not homonym else None
            if full is not None:
                # "Zhdanov's colleague, Oleksiy Hetman, disagreed. Hetman argued ...": the
                # surname of a person the text named in full before citing them
                ent = self._by_name(full) or self._new(full, Mention(m.start, m.end, full, name=full, head=m.head,
                                                                     person_hint=True), anonymous=False)
                ent.kind, ent.person = "person", True
            if ent is None:
                ent = self._new(m.name, m, anonymous=False)
                if homonym:  # the namesake of a registered person is a person
                    ent.homonym, ent.kind, ent.person = True, "person", True
            return self._touch(ent, m, pos, span=m.name_span), "explicit"
        return self._description(m, pos)

    def _pending_fit(self, m: Mention, after: int) -> Entity | None:
        """The most recent named person noted (not cited) after ``after`` and before the
        description ``m``, whose written role the description's head can describe."""
        persons = set(self.lex["person_nouns"]) | set(self.lex.get("title_abbreviations") or [])
        covers = (self.lex.get("role_covers") or {}).get(m.head)
        for k in range(len(self.pending) - 1, -1, -1):
            ppos, pm = self.pending[k]
            if ppos <= after or ppos >= m.start or pm.pronoun or not pm.name:
                continue
            words = set(re.findall(r"[a-z]+", f"{pm.text} {pm.description or ''}".lower().replace(".", "")))
            roles = words & persons
            if not roles or (m.head not in roles and not (covers and roles & set(covers))):
                continue  # only a person the text gave a role the description can describe
            ent, _ = self.resolve(pm, ppos)
            del self.pending[k]
            return ent if ent is not None and ent.person else None
        return None

    def _full_name_before(self, m: Mention) -> str | None:
        """The full person name ending in a one-word speaker name, written earlier in the
        text ("Oleksiy Hetman" for a later "Hetman"), when exactly one such name is."""
        if not m.name or " " in m.name.strip() or not m.name_span:
            return None
        found = set()
        for t in self.doc:
            if t.idx >= m.name_span[0]:
                break
            if t.text == m.name and t.i > 0 and t.ent_type_ == "PERSON":
                run = [t]
                while run[0].i > 0 and self.doc[run[0].i - 1].ent_type_ == "PERSON" and is_proper(self.doc[run[0].i - 1]) \
                        and self.doc[run[0].i - 1].lower_ not in self.lex["person_nouns"]:
                    run.insert(0, self.doc[run[0].i - 1])
                if len(run) > 1:
                    found.add(text_of(self.doc)[run[0].idx: t.idx + len(t.text)])
        return found.pop() if len(found) == 1 else None

    def _antecedent(self, pclass: str, gender: str | None = None) -> Entity | None:
        if pclass == "person_singular":
            # "she" never refers back to a man, nor "he" to a woman
            cited = self._recent(lambda e: e.person and not e.plural and (gender is None or e.gender in (None, gender)))
            if self.introduced:
                # "A contract soldier from Buryatia ... spoke to us by phone. '...,' he said":
                # a person introduced by a description after the last one cited (and after
                # any named person noted since)
                ipos, im = self.introduced[-1]
                later = max([p for p, _ in self.pending] + [cited.last if cited is not None else -1])
                if ipos > later and (gender is None or self._gender_of(im, im.start, im.end) in (None, gender)):
                    del self.introduced[-1]
                    ent, _ = self.resolve(im, ipos)
                    if ent is not None and ent.person:
                        return ent
            if self.pending:
                pos, m = self.pending[-1]
                pending_gender = self._gender_of(m, m.start, m.end)
                if gender is not None and pending_gender not in (None, gender):
                    pass
                elif cited is None or pos > cited.last:
                    ent, _ = self.resolve(m, pos)
                    self.pending = [p for p in self.pending if p[0] != pos]
                    if ent is not None:
                        return ent
            return cited
        if pclass == "thing_singular":
            return self._recent(lambda e: not e.person and not e.plural)
        return self._recent(lambda e: e.plural) or self._recent(lambda e: not e.person)

    def _by_name(self, name: str, homonym: bool = False, gender: str | None = None) -> Entity | None:
        n = norm(name)
        last = n.split()[-1] if n else ""
        order = sorted(self.entities.values(), key=lambda e: -e.last)
        if gender is not None:
            # "Mrs Shevchuk" after her son "Oleh Shevchuk": a gendered title picks the
            # namesake of that gender, never one of the other
            order = [e for e in order if e.gender in (None, gender)]
            order.sort(key=lambda e: e.gender != gender)
        for e in order:
            if homonym and e.registry_id:
                continue
            names = {norm(a) for a in e.aliases} | {norm(e.name)}
            if n in names:
                return e
            if e.kind == "person" and last and any(x.split()[-1] == last for x in names if x):
                # "Kovalenko" is the Andriy Kovalenko cited before, "Oleksandr Kovalenko" is not
                full = [x.split() for x in names if x and len(x.split()) > 1 and x.split()[-1] == last]
                other_first = len(n.split()) > 1 and full and all(f[0] != n.split()[0] for f in full)
                if (len(n.split()) == 1 or any(len(x.split()) == 1 for x in names)) and not other_first:
                    return e
        return None

    # -- roles ----------------------------------------------------------------------
    def _roles(self, e: Entity) -> set[str]:
        """The person nouns of an entity's role as written (its description, the heads
        and words of its mentions) or as the registry describes it."""
        persons = set(self.lex["person_nouns"]) | set(self.lex.get("title_abbreviations") or [])
        texts = [e.description or "", e.name, *e.aliases]
        if e.registry_id:
            texts.append(self.reg.entries[e.registry_id].get("description") or "")
        words = set(e.heads)
        for t in texts:
            words.update(re.findall(r"[a-z]+", t.lower()))
            words.update(re.findall(r"[a-z]+(?:-[a-z]+)+", t.lower()))  # "commander-in-chief"
        return words & persons

    def _role_fits(self, head: str, e: Entity) -> bool:
        """May a description with this head noun refer back to ``e``? ("the officer" to
        the deputy commander, not to the regional governor)."""
        roles = self._roles(e)
        if not roles or head in roles:
            return True
        covers = (self.lex.get("role_covers") or {}).get(head)
        if covers is None:
            # a specific role noun ("governor") is not another person's different role;
            # a generic one with no restriction ("the man") is anyone's
            return head in self.lex["generic_person_nouns"]
        return bool(roles & set(covers))

    def _complement_fits(self, m: Mention, e: Entity) -> bool:
        """A definite description with a restrictive complement of its own ("the battalion
        commander in charge of the sector") refers back only to a source whose words have
        the complement's: else it is a new source, not "Ukraine's top commander" again."""
        words = norm(m.text).split()
        cut = next((k for k, w in enumerate(words) if w in ("of", "for", "from", "at", "in", "with", "who", "whose")), None)
        if cut is None or m.determiner != "the":
            return True
        own = {w for w in words[cut + 1:] if len(w) > 3}
        known = set(" ".join(norm(x) for x in [e.name, e.description or "", *e.aliases]).split())
        return own <= known

    def _role_class(self, words: set[str]) -> set[str]:
        classes = self.lex.get("role_classes") or {}
        return {k for k, ws in classes.items() if words & set(ws)}

    def _other_person(self, entry: dict, m: Mention) -> bool:
        """A registered person's name given a role of the other class in this article
        ("Maj. Andrii Kovalenko, a battalion commander" is not the registered civilian
        official who shares the name)."""
        if entry.get("kind") != "person":
            return False
        written = " ".join(x for x in (m.text, m.description) if x).lower()
        said = self._role_class(set(re.findall(r"[a-z]+", written)))
        if not said:
            return False
        desc = (entry.get("description") or "").lower()
        words = set(re.findall(r"[a-z-]+", desc)) | set(re.findall(r"[a-z]+", desc))
        known = self._role_class(words)
        if words & set(self.lex.get("military_words") or []):
            known.add("military")
        if not known:
            known = {"civilian"}
        return not (said & known)

    def _description(self, m: Mention, pos: int) -> tuple[Entity | None, str]:
        n = norm(m.text)
        for word in re.findall(r"(?<![\w’'])([A-Z][\w-]*[A-Z][\w-]*|[A-Z][a-z]+[A-Z]\w*)(?![’']s)\b", m.text):
            # "Ukraine's DeepState monitoring group" after "DeepState" was cited: a known
            # organisation's own name inside a description is that organisation
            entry = self.reg.lookup(word)
            if entry is not None and entry["id"] in self.entities and entry["kind"] != "person" and not m.plural:
                return self._touch(self.entities[entry["id"]], m, pos), "explicit"
        if m.determiner == "the" and not m.plural and m.head in self.lex["person_nouns"] and self.introduced:
            intro = self._introduced_fit(m)
            if intro is not None:
                return self._touch(intro, m, pos), "pronoun"
        for e in sorted(self.entities.values(), key=lambda e: -e.last):
            if n in {norm(a) for a in e.aliases}:
                return self._touch(e, m, pos), "explicit"
        definite = m.determiner in (None, "the", "this", "that", "these", "those")
        if definite and m.determiner is not None or (m.determiner is None and m.plural):
            side = self.reg.side_in(m.text)
            # an unnamed group met without a side as a bare noun ("Soldiers say ..." in a
            # standfirst) may be described more closely later ("Ukrainian soldiers who still
            # use it say"); "two diplomats familiar with ..." is no such bare group
            compatible = (lambda e: side is None or e.side == side
                          or (e.anonymous and e.plural and m.plural and e.side in (None, "unknown")
                              and len(norm(e.name).split()) == 1))
            # a description refers back to an earlier source it describes: the same head
            # noun in its role (never to a coordinated group, which only its own words
            # name, nor a coordinated group to one of its parts: "EU officials and diplomats"
            # are a new source after "EU officials"), and for a person, a role the
            # description can describe
            same_head = None if m.group else self._recent(lambda e: m.head and not e.group and (
                m.head in e.heads or m.head in norm(e.description or "").split() or m.head in norm(e.name).split()
                or (e.registry_id and m.head in norm(self.reg.entries[e.registry_id].get("description")).split()))
                and e.plural == m.plural and compatible(e) and (not e.person or e.plural or self._role_fits(m.head, e))
                and self._complement_fits(m, e))
            if same_head is not None:
                return self._touch(same_head, m, pos), "pronoun"
            if m.determiner == "the" and m.plural and m.head in (self.lex.get("staff_heads") or []):
                # "The American analysts estimated" right after ISW was cited (news translated
                # from Ukrainian names an institution by its staff): the analysis body last cited
                body = self._recent(lambda e: not e.person and e.kind in (self.lex.get("staff_speak_for_kinds") or [])
                                    and compatible(e))
                if body is not None and body is self._recent(lambda e: True):
                    return self._touch(body, m, pos), "pronoun"
            if m.determiner == "the" and not m.plural and m.head in (self.lex.get("media_description_heads") or ()):
                # "the British newspaper" after "the Financial Times reported": the last outlet
                # cited; in a digest of another outlet's report, before any is cited (the
                # standfirst), the outlet the article retells
                outlet = self._recent(lambda e: not e.person and not e.plural and e.kind == "media")
                origin = self.doc.user_data.get("syndicated_from")
                if outlet is None and origin and origin != self.doc.user_data.get("outlet"):
                    outlet = self._by_name(origin) or self._new(origin, replace(m, name=origin, org_hint=True), anonymous=False)
                if outlet is not None:
                    return self._touch(outlet, m, pos), "pronoun"
            if m.head in self.lex["generic_person_nouns"] and not m.plural and m.determiner is not None:
                ent = self._recent(lambda e: e.person and not e.plural and compatible(e) and self._role_fits(m.head, e)
                                   and self._complement_fits(m, e))
                # a named person the text introduced after that, without citing them ("Capt
                # Ivan Sydorenko, a company commander, has fought ... 'the officer told'")
                named = self._pending_fit(m, ent.last if ent is not None else -1)
                if named is not None:
                    ent = named
                if ent is not None:
                    return self._touch(ent, m, pos), "pronoun"
            if (m.determiner == "the" and not m.plural and m.head in self.lex["person_nouns"]
                    and not re.search(r"\b(?:of|for|from|at|in|with|who|whose)\b", m.text.lower())):
                # elegant variation: a definite role description ("the spokesperson", "the
                # former British Army colonel") right after a person was cited is that person
                # when the role fits theirs, or is a past role ("former"), which cannot conflict
                last = self._recent(lambda e: True)
                past = bool(set(norm(m.text).split()) & set(self.lex.get("past_role_words") or []))
                if (last is not None and last.person and not last.plural and not last.group and compatible(last)
                        and (self._role_fits(m.head, last) or past)):
                    return self._touch(last, m, pos), "pronoun"
            if m.determiner == "the" and re.fullmatch(r"the\s+\d+-years?-old", m.text.strip().lower()):
                # "the 29-year-old": a person described only by age is the person last cited
                last = self._recent(lambda e: True)
                if last is not None and last.person and not last.plural and not last.group:
                    return self._touch(last, m, pos), "pronoun"
            if m.head in self.lex["organisation_nouns"] and not m.plural and m.determiner is not None:
                ent = self._recent(lambda e: not e.person and not e.plural and m.head in norm(" ".join(e.aliases) + " " + e.name).split())
                if ent is not None:
                    return self._touch(ent, m, pos), "pronoun"
            if m.head in self.lex["organisation_nouns"] and not m.plural and m.determiner == "the":
                # "the brigade" after "a drone operator from the 155th Mechanised Brigade":
                # the organisation of that type last named in the text, even if uncited
                named = None
                pattern = r"\b((?:\d+(?:st|nd|rd|th)\s+)?(?:[A-Z][\w’'-]+\s+){1,4}" + re.escape(m.head.capitalize()) + r")\b"
                for found in re.finditer(pattern, text_of(self.doc)[:m.start]):
                    named = found
                if named is not None and not named.group(1).startswith(("The ", "A ")):
                    name = named.group(1)
                    ent = self._by_name(name) or self._new(name, Mention(named.start(1), named.end(1), name, name=name,
                                                                         head=m.head, org_hint=True), anonymous=False)
                    return self._touch(ent, m, pos), "pronoun"
        if (m.determiner is None and not m.plural and m.head in self.lex["person_nouns"] and m.name is None
                and re.match(r"^[A-Z][\w-]*['’]s\s", m.text)
                and not re.search(r"\b(?:of|for|from|at|in|with|who|whose)\b", m.text.lower())):
            # a possessive description ("Ukraine's top commander also said") is definite: right
            # after a person was cited, it is that person when the role fits theirs
            last = self._recent(lambda e: True)
            side = self.reg.side_in(m.text)
            if (last is not None and last.person and not last.plural and not last.group
                    and (side is None or last.side == side) and self._roles(last) and self._role_fits(m.head, last)):
                return self._touch(last, m, pos), "pronoun"
        ent = self._new(m.text, m, anonymous=not m.org_hint or m.plural)
        return self._touch(ent, m, pos), "explicit"

    def merge_partial_names(self) -> dict[str, str]:
        """An unregistered organisation named by part of a registered one's name in the
        same article ("General Staff" and "Ukraine's General Staff") is that one."""
        moved = {}
        for e in list(self.entities.values()):
            if e.registry_id or e.anonymous:
                continue
            n = norm(e.name)
            targets = [t for t in self.entities.values() if t.registry_id and t is not e
                       and any(norm(a).endswith(" " + n) for a in t.aliases | {t.name})]
            if len(targets) == 1:
                t = targets[0]
                for mm in e.mentions:
                    if mm not in t.mentions:
                        t.mentions.append(mm)
                t.aliases |= e.aliases
                moved[e.key] = t.key
                del self.entities[e.key]
        # a standfirst's "Ukrainian president says ..." before the body names "Ukrainian
        # President Volodymyr Zelenskyy": an unnamed description met first whose words
        # all open a later named person's mention is that person
        for e in list(self.entities.values()):
            if e.registry_id is not None and e.kind == "person" or e.plural or e.key not in self.entities:
                continue
            words = norm(e.name).split()
            if not words or any(ch.isupper() for ch in e.name[1:]) or len(words) > 4 or not e.mentions:
                continue
            if words[-1] not in self.lex["person_nouns"]:
                continue
            first = min(m["start"] for m in e.mentions)
            targets = [t for t in self.entities.values() if t is not e and t.person and not t.plural and t.mentions
                       and min(m["start"] for m in t.mentions) > first
                       and any(norm(a).startswith(" ".join(words) + " ") for a in t.aliases | {t.name})]
            if len(targets) == 1:
                t = targets[0]
                t.mentions.extend(m for m in e.mentions if m not in t.mentions)
                moved[e.key] = t.key
                for k, v in list(moved.items()):
                    if v == e.key:
                        moved[k] = t.key
                del self.entities[e.key]
        # a title or standfirst names a person by their role before the body names them
        # ("Putin's top general claims ..." and "Valery Gerasimov told Putin ...", "Drone
        # commander says ..." and "Robert Brovdi, the commander of ..."): an unnamed,
        # definite singular description left unresolved is the one named person the article
        # cites whose role, as written or registered, has the description's head noun
        for e in list(self.entities.values()):
            if e.registry_id is not None or not e.anonymous or e.plural or e.group or not e.mentions \
                    or e.key not in self.entities:
                continue
            texts = [m["text"] for m in e.mentions]
            # only a possessive or bare description ("Ukraine's top commander", "Drone
            # commander"), as titles write them; "the commander" refers back to whoever
            # it describes, and a complement ("... in charge of the sector") makes it its own
            if not all(re.fullmatch(r"(?:[A-Z][\w’'-]*(?:\s[A-Z][\w’'-]*)*['’]s\s+)?[\w’'-]+(?:\s[\w’'-]+){0,3}", t)
                       and not re.match(r"(?i)(?:the|a|an|one|another|some|this|that|two|three)\s", t)
                       and not re.search(r"\b(?:of|for|from|at|in|with|who|whose|which|that)\b", t) for t in texts):
                continue
            heads = {h for h in e.heads if h in self.lex["person_nouns"]}
            if len(heads) != 1:
                continue
            head = heads.pop()
            side = self.reg.side_in(e.name)
            targets = [t for t in self.entities.values() if t is not e and t.kind == "person" and not t.anonymous
                       and not t.plural and t.mentions and head in self._roles(t)
                       and (side is None or t.side in (side, None, "unknown"))]
            if len(targets) > 1:
                # several such people: the standfirst previews the one the body names first
                first = min(min(m["start"] for m in t.mentions) for t in targets)
                after = min(m["start"] for m in e.mentions)
                targets = [t for t in targets if min(m["start"] for m in t.mentions) == first and first > after]
            if len(targets) == 1:
                t = targets[0]
                t.mentions.extend(m for m in e.mentions if m not in t.mentions)
                t.aliases |= e.aliases
                moved[e.key] = t.key
                for k, v in list(moved.items()):
                    if v == e.key:
                        moved[k] = t.key
                del self.entities[e.key]
        # "Her son Oleh, who drove from Dnipro, said ..." and later "said Oleh Shevchuk, 49"
        # (or the reverse): a person named by a first name alone is the one person the
        # article names in full with that first name
        for e in list(self.entities.values()):
            if e.registry_id is not None or e.kind != "person" or e.plural or e.anonymous or e.key not in self.entities:
                continue
            words = norm(e.name).split()
            if len(words) != 1:
                continue
            targets = [t for t in self.entities.values() if t is not e and t.kind == "person" and not t.plural
                       and len(norm(t.name).split()) > 1 and norm(t.name).split()[0] == words[0]]
            if len(targets) != 1 or (e.gender and targets[0].gender and e.gender != targets[0].gender):
                continue
            t = targets[0]
            t.mentions.extend(m for m in e.mentions if m not in t.mentions)
            t.aliases |= e.aliases
            t.description = t.description or e.description
            moved[e.key] = t.key
            for k, v in list(moved.items()):
                if v == e.key:
                    moved[k] = t.key
            del self.entities[e.key]
        return moved

    def output(self) -> list[dict]:
        return [e.as_dict() for e in sorted(self.entities.values(), key=lambda e: e.key) if e.mentions]
