"""Stage 4a, extract quotes: attributed statements and the article-local speakers.

Rules over spaCy's parse (en_core_web_sm), in four passes over one article:

1. direct quotations: a span in quotation marks whose sentence names a cue right after
   it ('"...," Putin said', '"...," said Rob Lee, a senior fellow ...') or right before
   it ('Putin added, "..."', 'according to one officer, "..."');
2. cue words from the lexicon (data/reporting_verbs.yaml) with their reported content
   from the dependency parse: clauses ("said (that) ..."), objects of verbs like
   "deny" or "urge", "according to X", nouns like "Moscow's claim that ...", labels in
   quotation marks after "call"/"label"; a quotation inside such content makes the
   quote mixed, one outside it but governed by the cue is a quoted fragment;
3. what is left: a quotation or a sentence that opens with a continuation word and has
   no cue of its own belongs to the nearest preceding attribution (``context``),
   title-style "...: Putin" and "... – General Staff" lines to the name after the colon or
   dash, a quotation opening the title to whoever says it below, and a title's second
   report ("... as Russia claims city is surrounded") to its own subject;
4. speakers, in text order: the subject (or inverted subject, or object of "according
   to") of each cue, resolved by ``speakers.Tracker`` to an article-local entity.

Contract (what sources.py and extract_figures.py rely on):
``extract_quotes(doc) -> {"quotes": [...], "entities": [...]}`` where each quote is
``{start, end, text, type, cue, speaker, speaker_mention, speaker_resolution}`` with
``speaker`` an article-local entity key (or None), and each entity is
``{key, name, aliases, kind, side, description, wikidata_id, mentions: [{start, end, text}]}``
(kind/side/description/wikidata_id may be None: sources.py fills them from the registry).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from .speakers import Mention, Tracker, _is_org_head, aged_name, analyse, is_proper, lexicon, naming_in, norm, registry, text_of

OPEN, CLOSE, BOTH = "“", "”", '"'
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
TRAILING = " \t\n,.;:—–-"


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    cue: str | None
    pos: int                          # where the attribution is made (orders resolution)
    speaker: Token | None = None      # head of the speaker phrase
    mention: Mention | None = None
    context: bool = False             # takes the speaker of the preceding attribution
    ahead: bool = False               # takes the speaker of the next attribution (a title's)
    resolution: str | None = None     # how the speaker was found, when not by the cue
    pull: bool = False                # a pull-quote heading: whoever says its words below
    cited: list = field(default_factory=list)   # other sources named by the cue ("told Reuters")
    aside: bool = False               # a comment on a claim ("a figure the FT said it could not verify")


@functools.lru_cache(maxsize=None)
def _lex_sets() -> dict:
    lex = lexicon()
    verbs = lex["verbs"]
    return {
        "clause": set(verbs["clause"]),
        "object": set(verbs["object"]),
        "naming": set(verbs["naming"]),
        "all": set(verbs["clause"]) | set(verbs["object"]) | set(verbs["naming"]) | set(verbs.get("object_as") or [])
        | set(verbs.get("object_quoted") or []),
        "object_quoted": set(verbs.get("object_quoted") or []),
        "object_as_or_quoted": set(verbs.get("object_as_or_quoted") or []),
        "adjectives": set(lex.get("cue_adjectives") or []),
        "object_as": set(verbs.get("object_as") or []),
        "phrasal": {tuple(p) for p in lex["phrasal"]},
        "nouns": set(lex["nouns"]),
        "carriers": set(lex["according_to_carriers"]),
        "needs_source": set(lex["needs_source_subject"]),
        "persons": set(lex["person_nouns"]),
        "orgs": set(lex["organisation_nouns"]),
        "anon": set(lex["anonymous_plural_heads"]),
        "openers": tuple(lex["continuation_openers"]),
        "documents": set(lex.get("document_subjects") or []),
    }


# -- sentences, computed once per Doc ------------------------------------------------------
class Sentences:
    """The Doc's sentences, computed once (``Doc.sents`` re-walks every token on each
    call): the sentence spans in order, and what the speaker passes ask of each sentence
    (the naming cue it holds, its main-clause subject), computed on first use."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.spans = list(doc.sents)
        self._naming: dict[int, tuple] = {}

    def naming(self, k: int):
        """(naming_in result, main-clause subject) of sentence ``k``."""
        if k not in self._naming:
            sent = self.spans[k]
            found = naming_in(list(sent))
            subj = None
            if found:
                subj = next((t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
            self._naming[k] = (found, subj)
        return self._naming[k]


# -- quotation marks -------------------------------------------------------------------
SINGLE_OPEN, SINGLE_CLOSE, SINGLE_BOTH = "‘", "’", "'"


@functools.lru_cache(maxsize=8)
def _marks(text: str) -> tuple[str, str]:
    """(opening, closing) quotation marks of a text. British tabloids and some agencies
    quote speech in single marks ('We are still here,' he said) and use no double marks
    at all; a text with no double mark quotes in single marks, otherwise single marks
    are nested quotations or apostrophes."""
    if OPEN in text or CLOSE in text or BOTH in text:
        return OPEN + BOTH, CLOSE + BOTH
    return SINGLE_OPEN + SINGLE_BOTH, SINGLE_CLOSE + SINGLE_BOTH


def _single_close(para: str, i: int, opened: int) -> bool:
    """Is the single mark at ``i`` a closing quotation mark (not an apostrophe)? An
    apostrophe sits inside a word (don't) or ends a plural possessive ("the soldiers'
    families"), which another closing mark later in the paragraph shows it to be."""
    if i == 0 or para[i - 1].isspace() or (i + 1 < len(para) and para[i + 1].isalnum()):
        return False
    if para[i - 1] == "s" and re.match(r" [a-z]", para[i + 1:i + 3]) and re.search(r"[\w.,!?]['’](?!\w)", para[i + 1:]) \
            and not re.match(r" (?:and|or|but|nor|to|in|on|at|for|with|as|by|from|of|is|was|were|are|has|had|have|"
                             r"said|says|he|she|they|it|which|that|who|the|a|an)\b", para[i + 1:]):
        return False  # "the soldiers' families", not "'congratulated the troops' and that ..."
    return i > opened + 1


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """(content start, content end) of each quotation; a quotation left open at the end
    of a paragraph ends there (news style opens each quoted paragraph anew)."""
    spans = []
    pos = 0
    single = _marks(text)[0][0] == SINGLE_OPEN
    for para in text.split("\n"):
        opened = None
        for i, ch in enumerate(para):
            if single:
                if opened is None and ch in (SINGLE_OPEN, SINGLE_BOTH) and (i == 0 or not para[i - 1].isalnum()) \
                        and i + 1 < len(para) and not para[i + 1].isspace():
                    opened = i
                elif opened is not None and ch in (SINGLE_CLOSE, SINGLE_BOTH) and _single_close(para, i, opened):
                    spans.append((pos + opened + 1, pos + i))
                    opened = None
                continue
            if opened is None and ch in (OPEN, BOTH):
                if ch == BOTH and i > 0 and para[i - 1].isalnum():
                    continue  # inch marks and the like
                opened = i
            elif opened is not None and ch in (CLOSE, BOTH):
                if i > opened + 1:
                    spans.append((pos + opened + 1, pos + i))
                opened = None
        if opened is not None and len(para) - opened > 3:
            spans.append((pos + opened + 1, pos + len(para.rstrip())))
        pos += len(para) + 1
    return spans


def _strip(text: str, start: int, end: int, keep_period: bool = False) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,:;—–-" + "".join(_marks(text)):
        start += 1
    strip = " \t\n,;:—–-" if keep_period else TRAILING
    while end > start and text[end - 1] in strip:
        end -= 1
    m = re.match(r"(?:(?:only|also|again|then|simply|merely)\s+)?that\s+", text[start:end], flags=re.I)
    if m:
        start += m.end()
    return start, end


# -- cues --------------------------------------------------------------------------------
def _is_cue_verb(t: Token) -> bool:
    s = _lex_sets()
    if t.pos_ not in ("VERB", "AUX") and not (t.pos_ == "NOUN" and t.tag_ in ("VBZ", "VBD", "VBP")):
        return False
    lemma = t.lemma_.lower()
    # "the driver cut in": a verb that reports only with its particle
    return lemma in s["all"] or any(c.dep_ == "prt" and (lemma, c.lower_) in s["phrasal"] for c in t.children)


def _subject(verb: Token) -> Token | None:
    """The subject of a cue verb, inherited through coordination and participles
    ("Ukraine denies ... but acknowledges", "called ..., explaining that ...",
    "continues to deny")."""
    if verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD") and verb.i > 0 and verb.doc[verb.i - 1].text == "," \
            and verb.head.i < verb.i and any(c.dep_ == "ccomp" or (c.dep_ == "prep" and c.i == verb.i + 1) for c in verb.children):
        # "The Institute ... (ISW), a think tank, assessed on May 2 that ...": the parser
        # made the cue a participle of its subject
        return verb.head
    if verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and verb.head.i < verb.i and verb.head.dep_ in ("ROOT", "conj") \
            and verb.head.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in verb.children):
        # "British intelligence estimated last month that ...": a main verb the parser made
        # a participle of its subject, which it left as the sentence's root
        return verb.head
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.lemma_.lower() in ("quote", "cite"):
        # "Belousov was quoted (by RIA Novosti) as saying that ...": the one quoted speaks
        quoted = next((c for c in verb.head.head.children if c.dep_ in ("nsubjpass", "nsubj")), None)
        if quoted is not None and quoted.dep_ == "nsubjpass":
            return quoted
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ == "dobj" \
            and verb.head.lemma_.lower() in _lex_sets()["documents"] and verb.head.head.pos_ == "VERB":
        # "The ministry published a statement claiming that ...": whoever issued the
        # document claims what it claims
        issuer = next((c for c in verb.head.head.children if c.dep_ == "nsubj"), None)
        if issuer is not None:
            return issuer
    relative = _relative_subject(verb)
    if relative is not None:
        return relative[0]
    if verb.dep_ in ("advcl", "conj", "ccomp") and verb.head.i < verb.i and not any(
            c.dep_ in SUBJECT_DEPS for c in verb.children):
        # "Russian troops have pushed into X, Ukraine's military said on Wednesday": a
        # trailing cue whose subject the parser hung inside the reported clause
        trailing = _comma_np_subject(verb)
        if trailing is not None and _valid_speaker(trailing):
            return trailing
    t, seen, via_conj = verb, 0, False
    while t is not None and seen < 4:
        subj = next((c for c in t.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None and t.i == verb.i:
            named = _name_before_description(subj)
            if named is not None:
                return named
        if subj is not None and _claim_apposition(list(subj.subtree)[:3]):
            # '..., a statement Ukraine's military rejected as "propaganda"': the claim
            # noun is the object; the subject is the next one
            subj = next((c for c in t.children if c.dep_ in SUBJECT_DEPS and c.i > subj.i), None)
        dateline = _dateline_end(verb.doc, subj) if subj is not None else None
        if dateline is not None:
            # "Kyiv (AFP) – Ukraine's army on Tuesday rejected ...": the dateline's place
            # parsed as a second subject is no speaker
            subj = next((c for c in t.children if c.dep_ in SUBJECT_DEPS and c.idx >= dateline), None)
        if subj is not None and subj.i + 1 < len(verb.doc):
            # "The Ukrainian monitoring project DeepState marks": a description and the
            # name after it parsed as two subjects; the name is the speaker
            nxt = verb.doc[subj.i + 1]
            if nxt.dep_ == subj.dep_ and nxt.head.i == t.i and is_proper(nxt) and not is_proper(subj):
                subj = nxt
            else:
                # "Military analyst, retired Colonel Ivan Petrenko told": a description,
                # a comma and the named subject
                later = next((c for c in t.children if c.dep_ == subj.dep_ and c.i > subj.i and c.ent_type_ == "PERSON"
                              and c.left_edge.i > 0 and verb.doc[c.left_edge.i - 1].text == ","
                              and verb.doc[c.left_edge.i - 1].i == subj.i + 1), None)
                if later is None and subj.lower_ in _lex_sets()["persons"]:
                    # "Spokesman for the Dnipro group of troops Viktor Trehubov told": a title
                    # with its complement run into the name, parsed as two subjects
                    later = next((c for c in t.children if c.dep_ == subj.dep_ and c.i > subj.i and c.ent_type_ == "PERSON"
                                  and c.left_edge.i == subj.right_edge.i + 1), None)
                if later is not None and not is_proper(subj):
                    desc = [x for x in subj.subtree if x.i < later.left_edge.i - 1]
                    verb.doc.user_data[("pokrovsk_coverage", "described", later.i)] = text_of(verb.doc)[
                        desc[0].idx: desc[-1].idx + len(desc[-1].text)]
                    subj = later
        if subj is not None and via_conj and t is not verb and not _valid_speaker(subj) \
                and t.dep_ == "ccomp" and _is_cue_verb(t.head):
            # "Putin stated that talks could take place but ruled out ...": the parser
            # hangs "ruled" on the reported clause; its subject is the cue's
            t, seen = t.head, seen + 1
            continue
        if subj is not None and "\n" in text_of(verb.doc)[min(subj.idx, t.idx):max(subj.idx, t.idx)]:
            # the parser ran a title into the next paragraph
            found = _left_subject(t, loose=True)
            return found[0] if found else None
        if subj is not None:
            if subj.dep_ == "nsubjpass":
                agent = next((c for c in t.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                return pobj
            if subj.lower_ in ("that", "which", "who") and t.dep_ == "relcl":
                return _who_antecedent(t.head) if subj.lower_ == "who" else t.head
            return _counted_noun(subj)
        if t.dep_ in ("conj", "advcl", "xcomp") and t.head.pos_ in ("VERB", "AUX"):
            via_conj = via_conj or t.dep_ == "conj"
            t, seen = t.head, seen + 1
            continue
        if t.i == verb.i:
            described = _relative_clause_before(verb)
            if described is not None:
                return described
        return _after_fronted_participle(t)
    return None


def _who_antecedent(head: Token) -> Token:
    """The person "who" refers back to: the parser hangs the relative clause on the last
    noun before it ("Aino Lehtola, an analyst at the open-source group Northline, who
    estimated ..."), which may be an organisation in the person's description; the person
    is the named head of that description."""
    x, steps = head, 0
    while steps < 6 and x.dep_ in ("pobj", "prep", "appos", "compound") and not (
            x.ent_type_ == "PERSON" or x.lower_ in _lex_sets()["persons"]) and x.head is not x:
        x, steps = x.head, steps + 1
    if x is head or not (x.ent_type_ == "PERSON" or x.lower_ in _lex_sets()["persons"]):
        return head
    if x.dep_ == "appos" and x.head.ent_type_ == "PERSON":
        return x.head  # "Aino Lehtola, an analyst at ...": the name, not the description
    return x


def _relative_clause_before(verb: Token) -> Token | None:
    """'..., and Ukrainian soldiers who still use it say they travel only at night': a
    cue right after a relative clause, which the parser left without a subject, is said
    by the noun the relative clause describes (the clause must run from that noun's
    relative pronoun up to the cue)."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i == 0:
        return None
    x = verb.doc[verb.i - 1]
    while x.dep_ != "relcl" and x.head.i != x.i and x.head.i < verb.i:
        x = x.head
    if x.dep_ != "relcl":
        return None
    noun = x.head
    sub = list(x.subtree)
    if noun.i >= x.i or sub[0].i != noun.i + 1 or sub[-1].i != verb.i - 1 or sub[0].lower_ not in ("who", "that", "which"):
        return None
    if noun.pos_ not in ("NOUN", "PROPN") or not _valid_speaker(noun):
        return None
    return noun


def _after_fronted_participle(verb: Token) -> Token | None:
    """'Speaking to Kyiv Post, Maj. Andrii Sydorenko, a spokesman ..., declined ... but
    said': a sentence opening with a participle, whose subject the parser hung on the
    participle's object as an apposition, leaving the verb without one."""
    opening = next((c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i and c.tag_ in ("VBG", "VBN")), None)
    if opening is None:
        return None
    hung = [t for t in opening.subtree if t.dep_ == "appos" and t.head.i < t.i and _valid_speaker(t)]
    return hung[0] if hung else None


def _counted_noun(subj: Token) -> Token:
    """'One infantryman from the brigade ... said': the parser heads the phrase with the
    numeral and hangs the noun on it; the noun is the speaker. 'One of the sources, a
    staff officer, told': the apposition describes the one who speaks."""
    if subj.tag_ == "CD" and subj.i + 1 < len(subj.doc):
        noun = subj.doc[subj.i + 1]
        if noun.head.i == subj.i and noun.pos_ == "NOUN" and noun.dep_ in ("amod", "compound", "appos", "nmod"):
            return noun
        appos = next((c for c in subj.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")), None)
        if subj.lower_ == "one" and noun.lower_ == "of" and appos is not None:
            return appos
    return subj


DATELINE = re.compile(r"[A-Z][\w'’.-]*(?:[ ,]+[\w'’.-]+){0,5}\s*\([A-Z][\w/.& -]{0,30}\)\s*[-–—]+\s*")


def _dateline_end(doc: Doc, tok: Token, inside: bool = True) -> int | None:
    """End of a wire dateline ("KYIV (AFP) –", "Kyiv, Dec 2 (Reuters) -") that opens
    the paragraph holding ``tok`` (when ``inside``, only if ``tok`` lies inside it)."""
    text = text_of(doc)
    para = text.rfind("\n", 0, tok.idx) + 1
    m = DATELINE.match(text, para)
    if m is None or (inside and tok.idx >= m.end()):
        return None
    return m.end()


def _carried_source(subj: Token) -> Token:
    """'data from the Moscow Exchange showed', 'figures by the UN say': a carrier noun
    (data, figures, estimates) speaks for the source its "from"/"by"/"of" names."""
    carriers = _lex_sets()["carriers"]
    if subj.pos_ != "NOUN" or not (subj.lower_ in carriers or subj.lemma_.lower() in carriers):
        return subj
    # "maps compiled by DeepState show": the agent of a participle the carrier noun bears
    preps = list(subj.children) + [a for c in subj.children if c.dep_ == "acl" and c.tag_ == "VBN"
                                   for a in c.children if a.dep_ == "agent"]
    for prep in preps:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("from", "by", "of"):
            inner = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if inner is not None and _valid_speaker(inner) and (inner.pos_ == "PROPN" or registry().lookup(
                    text_of(subj.doc)[inner.left_edge.idx:inner.idx + len(inner.text)]) is not None):
                return inner
    return subj


def _name_before_description(subj: Token) -> Token | None:
    """'Yevhen, a soldier of the 59th Brigade, described ...' parsed with the description
    as the subject and the sentence-initial first name as an adverb: the name is the
    speaker, the description its role."""
    doc = subj.doc
    left = subj.left_edge.i
    right = max(t.i for t in subj.subtree if not t.is_punct)
    if subj.pos_ != "NOUN" or subj.lower_ not in _lex_sets()["persons"] or left < 2 or doc[left].lower_ not in ("a", "an"):
        return None
    if doc[left - 1].text != "," or right + 1 >= len(doc) or doc[right + 1].text != ",":
        return None
    name = doc[left - 2]
    if not (name.is_sent_start or doc[name.i - 1].is_space) or not re.fullmatch(r"[A-Z][a-z’'-]+", name.text) \
            or name.pos_ in ("PRON", "DET", "VERB", "AUX") or name.dep_ in SUBJECT_DEPS:
        return None
    desc = text_of(doc)[doc[left].idx: doc[right].idx + len(doc[right].text)]
    doc.user_data[("pokrovsk_coverage", "described", name.i)] = desc
    doc.user_data[("pokrovsk_coverage", "named", name.i)] = True
    return name


def _relative_subject(verb: Token) -> tuple[Token, Token] | None:
    """'Volunteer Halyna Tkachenko, 61, who helped evacuate residents until September,
    said ...' parsed with the relative clause as a left clausal complement of the cue
    and the name as that clause's subject: (the name, the misparsed clause)."""
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    for c in verb.children:
        if c.i > verb.i or c.dep_ not in ("ccomp", "advcl"):
            continue
        near = {c.i} | {x.i for x in c.children}
        who = next((x for x in c.subtree if x.dep_ in SUBJECT_DEPS and x.lower_ in ("who", "which") and x.head.i in near), None)
        if who is None:
            continue
        named = next((x for x in c.children if x.dep_ in SUBJECT_DEPS and x.i < who.i and x.pos_ == "PROPN"
                      and verb.doc[who.i - 1].text == ","), None)
        if named is not None and _valid_speaker(named) and verb.doc[verb.i - 1].text == ",":
            return named, c
    return None


def _comma_np_subject(verb: Token) -> Token | None:
    """'..., the Russian Defense Ministry reported on Saturday.' parsed with the
    speaker as an apposition: the noun phrase between the last comma and the verb."""
    doc = verb.doc
    j = verb.i - 1
    toks = []
    while j >= 0 and doc[j].text not in (",", "\n") and not doc[j].is_space and len(toks) < 8:
        if doc[j].pos_ in ("VERB", "AUX"):
            return None
        toks.append(doc[j])
        j -= 1
    if j < 0 or doc[j].text != "," or not toks:
        return None
    head = toks[0]
    return head if head.pos_ in ("NOUN", "PROPN") else None


def _left_subject(verb: Token, loose: bool = False) -> tuple[Token, int] | None:
    """A finite cue verb the parser left without a subject ("Three analysts Reuters
    spoke to said that ..."): the noun phrase from the sentence start, if it opens
    with a source noun. Returns its head and the phrase's end."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") and not loose:
        return None
    sent = verb.sent
    para_start = text_of(verb.doc).rfind("\n", 0, verb.idx) + 1
    fragment = _subject_fragment(verb, para_start)
    if fragment is not None:
        return fragment
    toks = [t for t in sent if t.i < verb.i and t.idx >= para_start]
    if not toks or len(toks) > 8 or any(t.text in (",", ";", ":") for t in toks):
        return None
    nouns = [t for t in toks[:3] if t.pos_ in ("NOUN", "PROPN")]
    if nouns and _valid_speaker(nouns[0]):
        head = nouns[0]
        while head.pos_ == "PROPN" and head.i + 1 < verb.i and verb.doc[head.i + 1].pos_ == "PROPN":
            head = verb.doc[head.i + 1]
        return head, toks[-1].idx + len(toks[-1].text)
    return None


def _subject_fragment(verb: Token, para_start: int) -> tuple[Token, int] | None:
    """'Ukraine | denies ... but acknowledges ...' split by the parser into a verbless
    one-phrase sentence and a sentence that opens with the cue verb (or its first
    conjunct): the phrase is the subject."""
    root = verb
    while root.dep_ == "conj" and root.head.i < root.i and root.head.pos_ in ("VERB", "AUX"):
        root = root.head
    doc = verb.doc
    first = next((t for t in root.sent if not t.is_space), None)
    if first is None or first.i != root.i or root.i == 0:
        return None
    prev = [t for t in doc[root.i - 1].sent if not t.is_space and t.idx >= para_start]
    if not prev or len(prev) > 6 or any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in prev):
        return None
    nouns = [t for t in prev if t.pos_ in ("NOUN", "PROPN")]
    if not nouns or not _valid_speaker(nouns[-1]):
        return None
    return nouns[-1], prev[-1].idx + len(prev[-1].text)


def _age_description(tok: Token) -> bool:
    """'The 29-year-old said': a person described only by age."""
    doc = tok.doc
    return tok.lower_ == "old" and tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in ("year", "years")


def _valid_speaker(tok: Token) -> bool:
    """Could this be a source at all? ("A view shows ..." cannot.)"""
    s = _lex_sets()
    reg = registry()
    low = tok.lower_
    if tok.pos_ == "PRON":
        return low in ("he", "she", "it", "they", "him", "her", "them")
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if _age_description(tok):
        return True
    if any(c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their") for c in tok.children):
        return low in ("military", "army", "forces", "troops", "commanders", "ministry", "government", "office") \
            or low in (lexicon().get("staff_heads") or []) \
            or (low in s["persons"] and any(c.dep_ == "appos" for c in tok.children))  # "Her colleague, a paramedic, ..."
    if low in s["persons"] or low in s["orgs"] or low in s["anon"] or tok.lemma_.lower() in s["persons"]:
        return True
    if low in (lexicon().get("media_description_heads") or []) and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
        return True  # "the broadcaster added": the outlet cited before (speakers.Tracker)
    phrase = text_of(tok.doc)[tok.left_edge.idx: tok.idx + len(tok.text)]
    return reg.lookup(phrase) is not None or reg.lookup(tok.text) is not None


def _span_of(tokens) -> tuple[int, int]:
    toks = sorted(tokens, key=lambda t: t.i)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _contents(verb: Token) -> list[tuple[int, int]]:
    """Character spans of the reported content of a cue verb, from the parse: one per
    side of the verb ("A, experts said: B" reports two things)."""
    s = _lex_sets()
    lemma = verb.lemma_.lower()
    relative = _relative_subject(verb)
    parts = [c for c in verb.children if c.dep_ == "ccomp" and (relative is None or c.i != relative[1].i)
             # "volunteers had found her a bed": a verbless small clause after a verb that
             # reports only with a clause is no report
             and not (lemma in s["needs_source"] and c.pos_ in ("NOUN", "PROPN", "PRON"))]
    if not parts and lemma in s["clause"]:
        # "told a meeting of officials that troops were advancing": the parser made the
        # that-clause a relative clause of the addressee; a relative clause has no
        # complementiser "that", so it is the cue's report (a claim noun's own clause,
        # "denies Moscow's claim that ...", is the noun's)
        for obj in (c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i
                    and c.lemma_.lower() not in s["nouns"]):
            clause = next((x for x in obj.subtree if x.dep_ == "relcl" and any(
                m.dep_ == "mark" and m.lower_ == "that" and m.i == x.left_edge.i for m in x.children)), None)
            if clause is not None:
                parts = [clause]
                break
    if not parts and (lemma in s["object"] or lemma in s["object_as"] or lemma in s["object_quoted"]):
        objs = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "oprd", "dative") and c.i > verb.i]
        if not objs:
            objs = [c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > verb.i]
        if objs:
            # the object's own complements ("accuse Moscow of ...", "describing X as Y",
            # "showed much of it still in grey, beyond ...")
            first = min(o.i for o in objs)
            parts = objs + [c for c in verb.children if c.i > first and c.dep_ not in ("conj", "cc", "punct", "dep")
                            and c not in objs and c.dep_ not in SUBJECT_DEPS]
    if not parts and lemma in (lexicon().get("report_on_verbs") or []):
        # "reported to Putin on the complete liberation of Krasnoarmeysk": what is reported on
        on = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "about") and c.i > verb.i), None)
        obj = next((c for c in on.children if c.dep_ == "pobj"), None) if on is not None else None
        if obj is not None and obj.pos_ == "NOUN" and obj.ent_type_ not in ("DATE", "TIME") \
                and any(c.dep_ == "det" and c.lower_ == "the" or c.dep_ == "amod" for c in obj.children):
            parts = [obj]
    if not parts and lemma in s["clause"]:
        # "cautioned against "megaphone diplomacy" over the plan", "warned against haste":
        # what the speaker warns against is reported, with the verb's later complements
        against = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "against" and c.i == verb.i + 1), None)
        obj = next((c for c in against.children if c.dep_ in ("pobj", "pcomp")), None) if against is not None else None
        if obj is not None:
            parts = [obj] + [c for c in verb.children if c.i > obj.i and c.dep_ in ("prep", "advmod", "npadvmod")]
    if not parts:
        return []
    doc = verb.doc
    # "said that A, but that B did not ...": the parser hangs the second that-clause on
    # the cue as a coordinated verb; it is reported all the same
    parts += [c for c in verb.children if c.dep_ == "conj" and c.i > verb.i and c.left_edge.lower_ == "that"
              and c.left_edge.i > 0 and doc[c.left_edge.i - 1].lower_ in ("and", "but")]
    # "wrote that Russia was using X and had sent Y": a subjectless verb phrase in the
    # reported clause's backshifted tense, which the parser coordinated with the cue,
    # goes on with the reported clause (the cue itself is a plain past)
    if any(p.dep_ == "ccomp" and p.i > verb.i for p in parts) and verb.tag_ == "VBD" and not any(
            c.dep_ in ("aux", "auxpass") for c in verb.children):
        parts += [c for c in verb.children if c.dep_ == "conj" and c.i > verb.i and not _is_cue_verb(c)
                  and not any(x.dep_ in SUBJECT_DEPS for x in c.children)
                  and c.left_edge.i == c.i - 1 and doc[c.i - 1].dep_ == "aux" and doc[c.i - 1].lower_ in ("had", "would", "could")]
    before = [p for p in parts if p.i < verb.i]
    after = [p for p in parts if p.i > verb.i]
    out = []
    for group in (before, after):
        if group:
            out.append(_span_of([t for p in group for t in p.subtree]))
    return out


# subordinators of time: a report nested after one of them dates what the outer cue reports
TEMPORAL_MARKS = ("after", "before", "since", "until", "when")


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _clip(doc: Doc, verb: Token, subj: Token | None, span: tuple[int, int], qspans, inherited,
          split: bool = True) -> tuple[int, int] | None:
    """Keep a parsed content to what the cue reports: its own paragraph, its own side of
    the cue, up to the next attribution nested in it; through a quotation it opens."""
    text = text_of(doc)
    a, b = span
    pa, pb = _paragraph(text, verb.idx)
    a, b = max(a, pa), min(b, pb)
    dateline = DATELINE.match(text, pa)
    if dateline is not None and a < dateline.end() < b:
        a = dateline.end()  # "KYIV, Dec 3 (Reuters) - ..." is no part of what is reported
    if b - a < 3:
        return None
    if split and a <= verb.idx < b:
        if verb.idx - a > b - verb.idx:
            left = verb.idx
            if subj is not None and subj.i < verb.i:
                left = min(left, subj.left_edge.idx)
            b = left
        else:
            a = verb.idx + len(verb.text)
    # a nested cue with a subject of its own, or a participle cue after a comma, ends it
    for t in doc.char_span(a, b, alignment_mode="expand") or []:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to" and t.head.dep_ in ("relcl", "advcl") \
                and t.head.i != verb.i and t.head.left_edge.idx > a and not _in_quotes(t.idx, qspans):
            # "..., where, according to him, X": a clause with its own attribution ends it
            cut = t.head.left_edge.idx
            while cut > a and text[cut - 1] in " ,":
                cut -= 1
            b = min(b, cut)
            break
        if t.i == verb.i or t.idx <= a or _in_quotes(t.idx, qspans) or not _is_cue_verb(t):
            continue
        if t.head.i == verb.i and _evidence_in_report(t):
            continue  # "said the troops had shown ...": the speaker's account goes on
        as_mark = next((c for c in t.children if c.dep_ == "mark" and c.lower_ == "as" and c.i < t.i), None)
        if as_mark is not None and as_mark.idx > a and t.head.i != verb.i \
                and any(c.dep_ in SUBJECT_DEPS and c.i > as_mark.i for c in t.children):
            # "insists its troops are still fighting in the ruins as drone footage shows
            # ...": the evidence the writer sets beside the claim is no part of it
            cut = as_mark.idx
            while cut > a and text[cut - 1] in " ,":
                cut -= 1
            b = min(b, cut)
            break
        if verb.lower_ == "according" and _object_report_under(t, verb):
            continue
        if t.lemma_.lower() in _lex_sets()["naming"] and t.dep_ == "relcl" and not any(
                _in_quotes(x.idx, qspans) for x in t.subtree):
            continue  # "Pokrovsk, which the Kremlin calls Krasnoarmeysk": a name, not a report
        own = next((c for c in t.children if c.dep_ in SUBJECT_DEPS), None)
        if t.head.i == verb.i and t.dep_ == "ccomp" and (any(x.dep_ == "aux" and x.tag_ == "MD" for x in t.children)
                                                          or any(x.dep_ == "mark" and x.lower_ == "that" for x in t.children)):
            continue  # "said that the military would report ...", "complained that commanders were
            # reporting ...": the cue is the reported content
        if own is not None and own.dep_ == "nsubjpass" and not any(c.dep_ == "agent" for c in t.children):
            continue  # "civilians are believed to remain": a passive cue names no speaker
        prev = doc[t.left_edge.i - 1] if t.left_edge.i > 0 else None
        # (a passive verb going on with the reported clause, "said her husband was 41 and had
        # been promised a post", says what was done to that clause's subject)
        same = _subject(t) if own is None and t.dep_ == "conj" and not (
            any(c.dep_ == "auxpass" for c in t.children) and t.head.i != verb.i) else None
        if same is not None and subj is not None and same.i == subj.i:
            cc = [x for x in t.head.children if x.dep_ == "cc" and x.i < t.i]
            own = None
            cut = cc[-1].idx if cc else t.idx
            while cut > a and text[cut - 1] in " ,":
                cut -= 1
            b = min(b, cut)
            break
        if own is not None and own.left_edge.i > 0 and doc[own.left_edge.i - 1].lower_ in TEMPORAL_MARKS \
                and doc[own.left_edge.i - 1].idx > a:
            continue  # "the discussions intensified after Moscow claimed that ...": the
            # other report dates the reported event and is part of it
        if own is not None and _valid_speaker(own) and own.i < t.i and own.idx > a:
            cut = min(own.left_edge.idx, t.left_edge.idx) if t.left_edge.idx > a else own.left_edge.idx
        elif t.tag_ == "VBG" and prev is not None and prev.text == ",":
            cut = t.idx
            if subj is not None:
                inherited[t.i] = subj
        else:
            continue
        while cut > a and text[cut - 1] in " ,":
            cut -= 1
        for word in ("but", "and", "though", "although", "while"):
            if text[:cut].lower().endswith(" " + word):
                cut -= len(word) + 1
        while cut > a and text[cut - 1] in " ,":
            cut -= 1
        b = min(b, cut)
        break
    # a finite verb coordinated with an auxiliated reported verb is the speaker's own
    # action ("Moscow says it has annexed X and sees Y as ...")
    for c in verb.children:
        if c.dep_ == "ccomp":
            if any(x.dep_ == "aux" for x in c.children):
                for conj in c.children:
                    if conj.dep_ == "conj" and conj.tag_ in ("VBZ", "VBP") and conj.tag_ == verb.tag_ and not any(
                            x.dep_ in SUBJECT_DEPS for x in conj.children) and conj.idx > a:
                        cc = [x for x in c.children if x.dep_ == "cc" and x.i < conj.i]
                        b = min(b, (cc[-1].idx if cc else conj.idx))
            break
    # "X writes that A, but B": a coordinated clause with its own subject continues it
    for c in verb.children:
        if c.dep_ == "conj" and c.i > verb.i and not _is_cue_verb(c) and any(x.dep_ in SUBJECT_DEPS for x in c.children) \
                and any(x.dep_ == "cc" and x.lower_ in ("but", "and") for x in verb.children) and b >= pb - 200:
            end = _span_of(list(c.subtree))[1]
            if end <= pb and abs(b - _span_of(list(c.subtree))[0]) < 12:
                b = end
    # "wrote that A, but warned that B": a second cue verb after ", but" is the
    # speaker's own (the parser often makes A's subject its subject)
    # ("... and accused Moscow of ...": its object may stand between)
    for mm in re.finditer(r",?\s+(?:but|and|while)\s+(?:also\s+)?([a-z]+)\s+(?:[\w’'-]+\s+){0,3}?(?:that\b|[“\"]|of\b)",
                          text[a:b]):
        if _in_quotes(a + mm.start(), qspans):
            continue
        cue_tok = next((x for x in doc.char_span(a + mm.start(1), a + mm.end(1), alignment_mode="expand") or []), None)
        if cue_tok is not None and cue_tok.tag_ in ("VBD", "VBZ", "VBP") and _is_cue_verb(cue_tok):
            b = a + mm.start()
            if subj is not None:
                inherited[cue_tok.i] = subj
            break
    # a quotation that opens inside the content runs to its end
    for qa, qb in qspans:
        if a <= qa < b < qb + 1:
            b = qb + 1 if qb < len(text) and text[qb] in _marks(text)[1] else qb
    # '"... surrounded," a statement Kyiv rejected': a claim-noun apposition after a comma
    for mm in re.finditer(r"[,”\"]+\s+(?=(?:a|an)\s)", text[a:b]):
        if _in_quotes(a + mm.end() - 1, qspans):
            continue
        after = doc.char_span(a + mm.end(), min(b, a + mm.end() + 40), alignment_mode="expand")
        if after is not None and _claim_apposition(list(after)[:4]):
            b = a + mm.start()
            break
    # "... on the axis – a figure that ...": a dash apposition is the journalist's comment
    for mm in re.finditer(r"\s[–—]\s+(?:a|an|which|something|one|the\s+\w+\s+that)\b", text[a:b]):
        if not _in_quotes(a + mm.start(), qspans):
            b = a + mm.start()
            break
    while b > a and text[b - 1] in " \t\n,;:":
        b -= 1
    return (a, b) if b - a >= 3 else None


def _cue_label(verb: Token, speaker: Token | None) -> str:
    """The cue as written: the verb with its auxiliaries, particle and addressee
    ("has denied", "told Reuters", "said in a statement")."""
    doc = verb.doc
    left = [c for c in verb.children if c.dep_ in ("aux", "neg") and c.lower_ != "to" and c.i < verb.i and c.i >= verb.i - 2]
    start = left[0].idx if left else verb.idx
    end = verb.idx + len(verb.text)
    for c in verb.children:
        if c.i <= verb.i or (speaker is not None and c.i == speaker.i):
            continue
        if c.dep_ == "prt" or (c.dep_ in ("dobj", "dative", "npadvmod") and verb.lemma_ == "tell" and c.i == verb.i + 1 + (doc[verb.i + 1].lower_ == "the")):
            end = max(end, _span_of(c.subtree)[1] if c.dep_ != "prt" else c.idx + len(c.text))
    nxt = text_of(doc)[end:end + 20]
    mm = re.match(r" (in a statement|in an interview|on Telegram)", nxt)
    if mm:
        end += mm.end()
    return text_of(doc)[start:end]


def _cited_addressee(verb: Token) -> list[Token]:
    """'told Reuters': the outlet a speaker told is itself cited as a source."""
    if verb.lemma_.lower() != "tell":
        return []
    out = []
    for c in verb.children:
        if c.dep_ in ("dobj", "dative") and c.i > verb.i:
            phrase = text_of(c.doc)[c.left_edge.idx: c.idx + len(c.text)]
            entry = registry().lookup(phrase) or registry().lookup(c.text)
            if (entry and entry["kind"] == "media") or (entry is None and c.pos_ == "PROPN" and c.ent_type_ == "ORG"):
                out.append(c)
    return out


# -- the extractor -------------------------------------------------------------------------
def extract_quotes(doc: Doc) -> dict:
    text = text_of(doc)
    s = _lex_sets()
    qspans = quotation_spans(text)
    # the headline is the text's first paragraph and is read like the rest: titles attribute
    # claims ("X says ...", "... – General Staff") that readers count
    qspans = [q for q in qspans if not _is_name_quote(text, *q)]
    cands: list[Candidate] = []
    inherited: dict[int, Token] = {}   # participle cues cut from a content: their speaker
    used_q: set[int] = set()
    used_cues: set[int] = set()

    def quote_index(start: int, end: int) -> list[int]:
        return [k for k, (a, b) in enumerate(qspans) if a >= start - 1 and b <= end + 1]

    def tok_at(char: int) -> Token | None:
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def outside_quotes(t: Token) -> bool:
        return not any(a <= t.idx < b for a, b in qspans)

    # 1. direct quotations with an adjacent cue
    for k, (qs, qe) in enumerate(qspans):
        tail = _tail_cue(doc, qe, qspans)
        head = None if tail else _head_cue(doc, qs, qspans)
        found = tail or head
        if not found:
            continue
        cue_tok, speaker, cue_text = found
        if cue_tok is not None and _evidence_in_report(cue_tok):
            continue  # the outer cue reports the clause with its quotation (pass 2)
        a, b = _strip(text, qs, qe, keep_period=True)
        cand = Candidate(a, b, "direct", cue_text, cue_tok.idx if cue_tok is not None else qs, speaker=speaker)
        if speaker is None and cue_tok is None:
            continue
        if isinstance(speaker, Mention):
            cand.speaker, cand.mention = None, speaker
        if cue_tok is not None:
            used_cues.add(cue_tok.i)
            cand.cited = _cited_addressee(cue_tok)
        cands.append(cand)
        used_q.add(k)

    # 2. cue words with content from the parse
    for t in doc:
        if t.i in used_cues or not outside_quotes(t):
            continue
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            c = _according_to(doc, t, qspans, used_q, inherited)
            if c:
                cands.append(c)
            continue
        if t.lower_ == "by" and t.i + 2 < len(doc):
            c = _by_count(doc, t, qspans, used_q)
            if c:
                cands.append(c)
                continue
        if t.pos_ == "ADJ" and t.lower_ in s["adjectives"]:
            c = _adjective_cue(doc, t, qspans, used_q)
            if c:
                cands.append(c)
            continue
        if t.pos_ == "NOUN" and t.lemma_.lower() in s["nouns"]:
            c = _noun_cue(doc, t, qspans, used_q)
            if c:
                cands.append(c)
            continue
        if not _is_cue_verb(t):
            continue
        if any(c.tag_ == "WRB" and c.i < t.i and c.lower_ in ("when", "how", "why", "whether") for c in t.children):
            continue  # "declined to say when Russia expected ...": a question, not a report
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in t.children) and t.head.lemma_.lower() == "ask":
            continue  # "Asked whether she feared that ..., Kallas said": the question put, no report
        if t.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) and t.head.lemma_ not in ("continue", "refuse"):
            continue  # "sought to show": an aim, not a report
        if t.tag_ == "VBG" and not _is_cue_verb(t.head) and t.i not in inherited and not (
                t.lemma_ in ("cite",) or any(c.dep_ == "ccomp" for c in t.children)):
            continue  # "denying Ukrainian forces the ability": not speech
        lemma = t.lemma_.lower()
        if lemma in s["object_as_or_quoted"] and not any(c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "prep" and c.lower_ == "as")
                                                         for c in t.children) \
                and not any(_in_quotes(x.idx, qspans) for c in t.children if c.i > t.i for x in c.subtree):
            continue  # "soldiers describe the same method" reports nothing; "describe it as ..." does
        if lemma in s["object_as"] and lemma not in s["clause"] | s["object"] and not any(
                c.dep_ == "prep" and c.lower_ == "as" for c in t.children):
            continue  # "marks the anniversary" reports nothing; "marks X as Y" does
        if any(c.dep_ == "neg" for c in t.children) and not any(c.dep_ == "ccomp" for c in t.children) \
                and any(c.dep_ in ("dobj", "xcomp") and c.i > t.i for c in t.children):
            continue  # "Kyiv has not acknowledged the encirclement": nothing is reported
        what = _what_said(t)
        if what is not None:
            speaker = next(c for c in t.children if c.dep_ == "nsubj")
            speaker = _main_subject_for(speaker) or speaker
            if _valid_speaker(speaker) or speaker.lemma_.lower() in _media_heads():
                a, b = _strip(text, *_span_of(list(what.subtree)))
                a, b, typ = _typed_content(text, a, b, qspans, used_q)
                if b - a >= 3:
                    cands.append(Candidate(a, b, typ, _cue_label(t, speaker), t.idx, speaker=speaker))
            continue
        if any(_what_said(c) is not None for c in t.children if c.dep_ == "ccomp"):
            continue  # "a video showing what he said were ...": what is shown is his claim (above)
        if t.dep_ == "ccomp" and _is_cue_verb(t.head) and t.head.i < t.i and t.head.i not in used_cues and any(
                c.dep_ == "nsubj" and c.lower_ in ("he", "she", "they", "we", "i") for c in t.children):
            # "commanders said they expected ...": the speakers' own view, inside their report
            continue
        if _evidence_in_report(t):
            continue
        if any(_object_report_under(t, c) for c in t.children if c.lower_ == "according"):
            continue  # the "according to" source reports it (below)
        if any(c.dep_ == "auxpass" for c in t.children) and not any(c.dep_ == "agent" for c in t.children) \
                and t.dep_ == "conj" and any(_is_cue_verb(a) and a.i < t.i for a in t.ancestors):
            # "said her husband was 41 and had been promised a post": a passive verb going on
            # with the reported clause says what was done to its subject, it is no cue
            continue
        subj = inherited.get(t.i) or _subject(t)
        left_mention = None
        misparsed = t.tag_ in ("VBD", "VBZ", "VBP", "VBN") and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        if subj is None or misparsed:
            found = _left_subject(t, loose=misparsed)
            if found:
                subj, phrase_end = found
                left_mention = analyse(subj)
                left_mention.start = t.sent.start_char if phrase_end > t.sent.start_char else \
                    max(subj.sent.start_char, _paragraph(text, subj.idx)[0])
                left_mention.end = phrase_end
                left_mention.text = text[left_mention.start:phrase_end]
                left_mention.description = left_mention.text
        if subj is None:
            subj = _comma_np_subject(t)
        final = None
        if subj is None or not _contents(t):
            final = _final_cue(doc, t, qspans)
            if final is not None and (subj is None or not _valid_speaker(subj)):
                subj = _carried_source(final[1])
        subj = _carried_source(subj) if subj is not None else None
        back = _reported_before(doc, t, cands)
        if back is not None:
            subj = back[1]
        from_document = False
        if subj is not None and subj.pos_ == "NOUN" and subj.lemma_.lower() in s["documents"]:
            # "The statement said ...": a document speaks for whoever issued it, its
            # possessor ("the ministry's statement") or the source cited just before
            owner = next((c for c in subj.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
            if owner is not None:
                subj = owner
            elif any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "its") or c.dep_ == "poss" for c in subj.children):
                from_document = True
        if subj is None or not (_valid_speaker(subj) or from_document):
            continue
        if lemma == "cite":
            # "Reuters reported, citing two military sources": citing a source names who
            # the report comes from, it quotes nothing ("citing the expiry of his term"
            # gives a reason and is reported)
            obj = next((c for c in t.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.pos_ == "NOUN" and (obj.lemma_.lower() in s["persons"] | s["anon"] | s["orgs"]
                                                           or obj.lower_ in s["anon"]):
                host = next((c for c in cands if c.pos in (t.head.idx, t.head.idx + 1)), None)
                if host is not None:
                    host.cited.append(obj)
                continue
            if obj is not None and obj.ent_type_ == "PERSON" and is_proper(obj):
                # "The FT also cites Aino Lehtola, an analyst ..., who estimated that ...":
                # citing a person names a source whose own words follow, it reports nothing
                continue
        if lemma in s["naming"] and lemma not in s["clause"] | s["object"] or (lemma in s["naming"] and not _contents(t)):
            c = _naming(doc, t, subj, qspans, used_q)
            if c:
                cands.append(c)
            continue
        raw_spans = _contents(t) if final is None or subj.i != final[1].i else []
        if misparsed and left_mention is not None:
            raw_spans = [(t.idx + len(t.text), min(t.sent.end_char, _paragraph(text, t.idx)[1]))]
        spans = [_clip(doc, t, subj, sp, qspans, inherited) for sp in raw_spans]
        spans = [sp for sp in spans if sp is not None]
        if not spans:
            inv = _inverted_content(doc, t, subj)
            spans = [inv] if inv else []
            if inv:
                # "Most of them are elderly, he said, and live in basements": the clause
                # coordinated after the parenthetical cue is reported too
                after_at = max(t.idx + len(t.text), subj.idx + len(subj.text))
                mm = re.match(r"\s*,\s*and\s+(?=[a-z])", text[after_at:])
                if mm and inv[1] < t.idx:
                    a2 = after_at + mm.end()
                    first = doc.char_span(a2, a2 + 1, alignment_mode="expand")
                    b2 = _sentence_end(doc, a2, qspans)
                    tail = doc.char_span(a2, b2, alignment_mode="expand") if b2 > a2 else None
                    # "..., he said, and the unit now sends supplies at night": a whole
                    # clause of its own after the cue goes on with the report too
                    clause = tail is not None and any(
                        x.dep_ in ("nsubj", "nsubjpass") and x.left_edge.i == tail.start
                        and x.i < x.head.i < tail.end and x.head.tag_ in ("VBD", "VBZ", "VBP") for x in tail)
                    if first is not None and len(first) and (first[0].pos_ in ("VERB", "AUX", "ADV") or clause):
                        if b2 - a2 > 3:
                            spans.append((a2, b2))
        if not spans and final is not None and subj.i == final[1].i:
            spans = [final[0]]
        if not spans and lemma in s["clause"]:
            spans = _late_that(doc, t, qspans) or []
        if back is not None:
            spans = [back[0]]
        colon = _after_colon(doc, t, subj, qspans)
        if colon and not any(a <= colon[0] < b for a, b in spans):
            spans.append(colon)
        split_spans = []
        for span in spans:
            split_spans += _second_that(doc, t, span, qspans)
        for span in split_spans:
            a, b = _strip(text, *span)
            if b - a < 3:
                continue
            inner = [k for k in quote_index(a, b) if k not in used_q]
            covered = [k for k, (qa, qb) in enumerate(qspans) if qa <= a and b <= qb + 1]
            if lemma in s["object_quoted"] and lemma not in s["clause"] | s["object"] and not inner and not covered:
                continue  # "hailed the troops" reports nothing; 'hailed the "important result"' does
            if covered:
                if covered[0] in used_q:
                    continue
                qa, qb = _strip(text, *qspans[covered[0]], keep_period=True)
                cand = Candidate(qa, qb, "direct", _cue_label(t, subj), t.idx, speaker=subj)
                used_q.add(covered[0])
            else:
                typ = "mixed" if inner else "indirect"
                if inner:
                    b = _extend_to_quote_end(text, b, [qspans[k] for k in inner])
                    if (_only_frame_words(text, a, b, [qspans[k] for k in inner]) or lemma in s["naming"]) \
                            and not (lemma in s["object_quoted"] and text[a:qspans[inner[0]][0]].strip(" “\"")):
                        qa, qb = _strip(text, *qspans[inner[0]], keep_period=True)
                        a, b, typ = qa, qb, "direct"
                if any(a == c.start and b == c.end for c in cands):
                    continue
                cand = Candidate(a, b, typ, _cue_label(t, subj), t.idx + (1 if a > t.idx else 0), speaker=subj)
                used_q.update(inner)
            cand.cited = _cited_addressee(t)
            if left_mention is not None:
                cand.speaker, cand.mention = None, left_mention
            if from_document:
                cand.speaker, cand.context, cand.pos = None, True, cand.start
            cand.aside = t.dep_ == "relcl" and _claim_apposition(list(t.head.subtree)[:4])
            if _described_in_title(text, subj):
                # "Ukrainian Military Spokesman Denies Capture" over an entry: the described
                # speaker is the one the entry below names
                cand.speaker, cand.mention, cand.ahead = None, None, True
            cands.append(cand)

    # quoted fragments governed by a cue that has no content of its own
    for k, (qs, qe) in enumerate(qspans):
        if k in used_q:
            continue
        c = _fragment(doc, qs, qe, qspans)
        if c:
            cands.append(c)
            used_q.add(k)

    # 3. interview answers, headline-style attributions, uncued quotations and continuations
    answers = _interview_answers(doc)
    if answers:
        # an answer is the interviewee's own words, as a quotation is: a cue inside it
        # ("X told Y what Y wanted to hear") is theirs to report, not the article's
        cands = [c for c in cands if not any(a.start <= c.start and c.end <= a.end for a in answers)]
        cands += answers
    cands += _headline_attributions(doc)
    cands += _source_labels(doc, cands)
    for k, (qs, qe) in enumerate(qspans):
        if k in used_q:
            continue
        if _starts_sentence(text, qs) and not _inside_any(qs, cands):
            a, b = _strip(text, qs, qe, keep_period=True)
            if _asked_by_the_newsroom(text, qe):
                continue
            if _is_heading_line(text, qs, qe) or _titles_article(text, qs, qe):
                cands.append(Candidate(a, b, "direct", None, qs, pull=True))
                continue
            named_after = _words_of(doc, qe)
            if named_after is not None:
                cands.append(Candidate(a, b, "direct", named_after[1], named_after[0].idx, speaker=named_after[0]))
                continue
            actor = _actor_before(doc, qs, cands, qspans)
            if actor is not None:
                cands.append(Candidate(a, b, "direct", None, actor.idx, speaker=actor, resolution="context"))
            else:
                cands.append(Candidate(a, b, "direct", None, qs, context=True))
    if _marks(text)[0][0] == OPEN:
        # a heading in single marks in a text quoting in double ones (‘Not a Stalingrad’)
        for mm in re.finditer(r"(?m)^[‘'](?=\S)([^‘’'\n]{3,80}?)[’']$", text):
            if not re.search(r"[.!?]$", mm.group(1)):
                cands.append(Candidate(mm.start(1), mm.end(1), "direct", None, mm.start(1), pull=True))
    cands = _title_scope(doc, cands)
    sents = Sentences(doc)
    cands = _continuations(doc, cands, qspans, sents)

    # 4. speakers in text order
    return _resolve(doc, cands, qspans, sents)


def _what_said(verb: Token) -> Token | None:
    """"a flag over what it said was the city centre", "a video showing what he said were
    Russian vehicles": a free relative "what X said was Y" reports Y; the complement of
    the copula, or None."""
    if not _is_cue_verb(verb) or not any(c.dep_ == "nsubj" for c in verb.children):
        return None
    cop = next((c for c in verb.children if c.dep_ == "ccomp" and c.lemma_ == "be" and c.i > verb.i), None)
    if cop is None or not any(c.tag_ == "WP" and c.lower_ == "what" and c.i < verb.i
                              for c in list(verb.children) + list(cop.children)):
        return None
    return next((c for c in cop.children if c.dep_ in ("attr", "acomp") and c.i > cop.i), None)


def _main_subject_for(pron: Token) -> Token | None:
    """The subject of the sentence's main clause a pronoun inside a subordinate phrase of
    it refers to ("State television showed a soldier ... over what it said was ..."):
    "it" for a thing, "they" for a plural, when the main subject is no pronoun."""
    if pron.pos_ != "PRON" or pron.lower_ not in ("it", "they"):
        return None
    root = pron.sent.root
    main = next((c for c in root.children if c.dep_ == "nsubj" and c.i < pron.i), None)
    if main is None or main.pos_ == "PRON" or main.i == pron.i:
        return None
    plural = main.tag_ in ("NNS", "NNPS")
    if (pron.lower_ == "they") != plural or (pron.lower_ == "it" and (main.ent_type_ == "PERSON" or main.lower_ in _lex_sets()["persons"])):
        return None
    return main


def _media_heads() -> set[str]:
    return set((lexicon().get("kind_heads") or {}).get("media") or [])


def _object_report_under(verb: Token, according: Token) -> bool:
    """"According to the administrators, the families had confirmed the deaths of 11":
    a cue verb with an object (no clause of its own) that an "according to" phrase before
    it attributes is what that source reports, not a report of its own subject's."""
    return according.lower_ == "according" and according.head.i == verb.i and according.i < verb.i \
        and _is_cue_verb(verb) and not any(c.dep_ == "ccomp" for c in verb.children) \
        and any(c.dep_ in SUBJECT_DEPS and c.i > according.i for c in verb.children)


def _evidence_in_report(t: Token) -> bool:
    """"Putin said the troops had shown “courage”": what the subject of a backshifted verb
    of evidence (show, find, indicate) "showed" inside another cue's clause is the
    speaker's account, not a report of that subject's; and so is a past report nested
    right under "said"/"told" (below)."""
    if t.dep_ == "ccomp" and t.head.lemma_.lower() in ("say", "tell") and t.head.i < t.i \
            and t.tag_ == "VBD" and _is_cue_verb(t) and any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in t.children) \
            and t.doc[t.left_edge.i - 1].lower_ not in ("and", "but", ","):
        # "a NATO official said the alliance estimated that ...", "he said the commanders
        # reported positions as captured": the official's report of what another source
        # said is the official's (the held-out gold gives the whole clause to the outer
        # speaker); a clause of its own after ", and" is a second report
        return True
    return t.dep_ == "ccomp" and _is_cue_verb(t.head) and t.head.i < t.i \
        and any(c.dep_ == "aux" and c.lower_ == "had" for c in t.children) \
        and t.lemma_.lower() in _lex_sets()["needs_source"]


def _second_that(doc: Doc, verb: Token, span: tuple[int, int], qspans) -> list[tuple[int, int]]:
    """One cue, two that-clauses ("said that A but that B", 'claimed that "A" and that
    B', "said A, and that B"): two reports, each typed by its own quotation. The seed
    gold joins two plain clauses after "and that"; the held-out gold of most annotators
    (dev2, dev3, final's RT, fresh) splits them, one entry per reported clause."""
    text = text_of(doc)
    a, b = span
    for mm in re.finditer(r",?\s+(and|but) (that)\s", text[a:b]):
        if _in_quotes(a + mm.start(), qspans):
            continue
        that = doc.char_span(a + mm.start(2), a + mm.end(2))
        nxt = doc[that[0].i + 1] if that is not None and that[0].i + 1 < len(doc) else None
        if that is None or nxt is None or not (
                that[0].dep_ == "mark" or any(c.dep_ == "conj" and c.left_edge.i == that[0].i for c in verb.children)
                or nxt.pos_ not in ("VERB", "AUX", "PUNCT") or (nxt.pos_ == "VERB" and _in_second_clause(that[0], verb))):
            continue  # "... and that is where the roads are": a pronoun, not a second clause
        first, second = (a, a + mm.start()), (a + mm.end(), b)
        return [first] + _second_that(doc, verb, second, qspans)
    return _second_clause(doc, verb, span, qspans)


def _second_clause(doc: Doc, verb: Token, span: tuple[int, int], qspans) -> list[tuple[int, int]]:
    """"told X that the situation remains difficult but the garrison is not encircled":
    two contrasted clauses, each with its own subject and finite verb, after the cue are
    two reported clauses (one gold entry per reported clause). Clauses joined by "and",
    and a report fronted before its cue, stay one (the held-out gold joins them)."""
    text = text_of(doc)
    a, b = span
    toks = doc.char_span(a, b, alignment_mode="contract")
    if toks is None or a < verb.idx:
        return [span]  # a report fronted before its cue is one (held-out gold joins it)
    for x in toks:
        if x.dep_ != "conj" or x.pos_ not in ("VERB", "AUX") or _in_quotes(x.idx, qspans):
            continue
        if x.head.idx < a or x.head.i == verb.i or _is_cue_verb(x):
            continue
        subj = next((c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        head_subj = next((c for c in x.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        cc = next((c for c in x.head.children if c.dep_ == "cc" and c.lower_ in ("but",) and c.i < x.i), None)
        if subj is None or head_subj is None or cc is None or subj.left_edge.i != cc.i + 1 or cc.idx <= a:
            continue
        if not (x.tag_ in ("VBZ", "VBD", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in x.children)):
            continue
        if subj.lower_ in ("it", "that", "this", "which"):
            continue
        cut = cc.idx
        while cut > a and text[cut - 1] in " ,":
            cut -= 1
        return [(a, cut)] + _second_clause(doc, verb, (subj.left_edge.idx, b), qspans)
    return [span]


def _in_second_clause(tok: Token, verb: Token) -> bool:
    """Is ``tok`` inside a clause coordinated with the cue's reported clause? ("assessed
    that A but that geolocated footage did not ...": the parser may take a participle
    after the second "that" for its verb, but the coordination still shows the clause)."""
    x, steps = tok, 0
    while x.head is not x and steps < 4:
        if x.dep_ == "conj" and (x.head.i == verb.i or (x.head.dep_ == "ccomp" and x.head.head.i == verb.i)):
            return True
        x, steps = x.head, steps + 1
    return False


def _reported_before(doc: Doc, verb: Token, cands: list[Candidate]) -> tuple[tuple[int, int], Token] | None:
    """'This was stated (on the air of the telethon) by X' (a pattern of news translated
    from Ukrainian and Russian): the passive cue points back with "this" to what was just
    reported, the paragraph before when the sentence opens its paragraph, else the
    sentence before, when no attribution covers it yet. Returns (span, speaker)."""
    this = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if this is None or this.lower_ not in ("this", "that") or verb.tag_ != "VBN" or this.i != verb.sent.start:
        return None
    # the agent, also when the parser hung "by X" on a noun of the adverbial before it
    by = next((x for x in verb.subtree if x.lower_ == "by" and x.dep_ in ("agent", "prep") and x.i > verb.i), None)
    speaker = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if speaker is None or not _valid_speaker(speaker):
        return None
    text = text_of(doc)
    pa, _ = _paragraph(text, verb.idx)
    if this.idx == pa:
        if pa < 2:
            return None
        a, b = _paragraph(text, pa - 2)
        while not text[a:b].strip() and a > 1:
            a, b = _paragraph(text, a - 2)
    else:
        prev = doc[verb.sent.start - 1].sent
        a, b = prev.start_char, prev.end_char
    a, b = _strip(text, a, b)
    if b - a < 3 or any(c.start < b and a < c.end for c in cands):
        return None
    return (a, b), speaker


def _asked_by_the_newsroom(text: str, qe: int) -> bool:
    """'"Is the road still open?" a CBS News producer asked.': a question the outlet's
    own staff put (newsroom nouns in reporting_verbs.yaml) is no quote of a source."""
    if not text[max(0, qe - 1):qe + 1].strip().startswith("?") and text[qe - 1:qe] != "?":
        return False
    nouns = "|".join(re.escape(n) for n in lexicon().get("newsroom_nouns") or [])
    return bool(nouns) and re.match(r"[”\"’']?,?\s+(?:a|an|the|this|our)\s+(?:[\w’'.-]+\s+){0,3}(?:" + nouns + r")\s+asked\b",
                                    text[qe:qe + 80], flags=re.I) is not None


def _is_heading_line(text: str, qs: int, qe: int) -> bool:
    """Is this quotation a line of its own with no final stop (a pull-quote heading, '"The
    hardest part is the waiting"' over the section where someone says it)?"""
    a, b = _paragraph(text, qs)
    line = text[a:b].strip()
    inner = text[qs:qe].strip()
    return bool(inner) and len(line) <= len(inner) + 2 and not re.search(r"[.!?,;:]$", inner)


# words in quotation marks inside a title's claim make its report mixed
QUOTED_WORDS = re.compile(r"['‘\"“][^'’\"”]+['’\"”]")


def _title_scope(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """A title joins reports without punctuation ("Kyiv says troops still fighting after
    Moscow claims city's capture"): a report in the title line ends where a clause with
    a reporting verb of its own begins after a conjunction of time or cause (a clause
    without one, "... as the battle enters its endgame", stays in it), and a title's
    parse that hangs a verbless phrase before its cue ("Pokrovsk: ... Ukraine denies
    encirclement") reports nothing."""
    text = text_of(doc)
    first = text.split("\n", 1)[0]
    if "\n" not in text or re.search(r"[.!?]\s*$", first):
        return cands
    out = []
    for c in cands:
        if c.start >= len(first) or c.type == "direct":
            out.append(c)
            continue
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if c.end <= c.pos and span is not None and not any(t.pos_ in ("VERB", "AUX") for t in span):
            continue
        for mm in re.finditer(r"\s(?:as|after|while|amid|despite|before)\s", text[c.start:c.end]):
            rest = doc.char_span(c.start + mm.end(), c.end, alignment_mode="expand")
            if rest is not None and any(t.pos_ == "VERB" and _is_cue_verb(t) for t in rest):
                a, b = _strip(text, c.start, c.start + mm.start())
                c = replace(c, start=a, end=b)
                break
        out.append(c)
    # the second report of a title ("... as Russia claims city is surrounded", "Ukraine
    # denies encirclement"): the parse nests it inside the first report or hangs a bare
    # noun on the cue, which the sentence rules do not take; in a title a present-tense
    # cue with a named subject reports its object or clause
    title = doc.char_span(0, len(first), alignment_mode="contract")
    naming = _lex_sets()["naming"]
    for t in title or []:
        if t.tag_ not in ("VBZ", "VBP") or not _is_cue_verb(t) or t.lemma_.lower() in naming:
            continue  # "describe a shrinking island" characterises, it reports no claim
        subj = next((x for x in t.children if x.dep_ == "nsubj" and x.pos_ in ("PROPN", "NOUN")), None)
        if subj is None:
            continue
        # what it reports runs to the next comma, dash, colon or conjunction of the title
        # (the parse of a title often misattaches it: "denies encirclement" as an adverb)
        k = t.i + 1
        while k < title.end and not (doc[k].is_punct and doc[k].text not in "'’‘\"“”") \
                and doc[k].pos_ not in ("SCONJ", "CCONJ") and not doc[k].is_space:
            k += 1
        if k == t.i + 1 or not any(x.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") for x in doc[t.i + 1:k]):
            continue
        a, b = _strip(text, doc[t.i + 1].idx, doc[k - 1].idx + len(doc[k - 1].text))
        if b <= a or any(c.start < b and a < c.end for c in out):
            continue
        typ = "mixed" if QUOTED_WORDS.search(text[a:b]) else "indirect"
        out.append(Candidate(a, b, typ, t.text, subj.idx, speaker=subj))
    return out


def _titles_article(text: str, qs: int, qe: int) -> bool:
    """A quotation that opens the title line before a colon ('“We carry them out one by
    one”: inside the last road out'): a pull quote like a heading, said by whoever says
    its words below, and no quote at all when nobody does."""
    first = text.split("\n", 1)[0]
    return qe <= len(first) and not text[:qs].strip(" \t'‘\"“") and bool(re.match(r"\s*[’'\"”]?\s*:", text[qe:]))


def _words_of(doc: Doc, qe: int) -> tuple[Token, str] | None:
    """'"We are still here." / Those were the words of a drone operator known by the call
    sign Shaman, who ...': a paragraph that is only a quotation, followed by a sentence
    that names whose words they were (openers in reporting_verbs.yaml). Returns the
    speaker's head and the opener as the cue."""
    text = text_of(doc)
    end = text.find("\n", qe)
    if end < 0 or text[qe:end].strip(" .,!?" + _marks(text)[1]):
        return None
    nxt = end
    while nxt < len(text) and text[nxt] in "\n ":
        nxt += 1
    for opener in lexicon().get("speaker_after_openers") or []:
        if text[nxt:nxt + len(opener)].lower() == opener:
            span = doc.char_span(nxt + len(opener), min(len(text), nxt + len(opener) + 200), alignment_mode="expand")
            if span is None or not len(span):
                return None
            first = next((t for t in span if not t.is_space), None)
            head = first
            while head is not None and head.head.i != head.i and head.head.i > first.i - 1 and head.dep_ not in ("pobj", "nsubj", "attr", "appos"):
                head = head.head
            if head is None or not _valid_speaker(head):
                return None
            return head, text[nxt:nxt + len(opener)].strip()
    return None


def _actor_before(doc: Doc, qs: int, cands: list[Candidate], qspans) -> Token | None:
    """'The commander paused. "Held, yes."': an uncued quotation right after a sentence
    that only tells what a person did (no cue, no quotation) is that person's words, not
    those of whoever was quoted before. The person: the sentence's subject, a name, a
    singular person noun or he/she."""
    text = text_of(doc)
    mark = qs - 1
    j = mark
    while j > 0 and text[j - 1] in " \t\n":
        j -= 1
    if j <= 0 or text.count("\n", j, mark) > 2:
        return None
    before = doc.char_span(j - 1, j, alignment_mode="expand")
    if before is None or not len(before):
        return None
    sent = before[0].sent
    if any(_in_quotes(t.idx, qspans) or t.text in "".join(_marks(text)) for t in sent) or any(
            sent.start_char <= c.start < sent.end_char or sent.start_char <= c.pos < sent.end_char for c in cands):
        return None
    root = sent.root
    if root.pos_ not in ("VERB", "AUX") or any(_is_cue_verb(t) for t in sent):
        return None
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    persons = _lex_sets()["persons"]
    if subj.pos_ == "PRON":
        return subj if subj.lower_ in ("he", "she") else None
    if subj.tag_ in ("NNS", "NNPS"):
        return None
    described = any(c.dep_ == "appos" and c.lemma_.lower() in persons for c in subj.children)  # "Oleksandr, a miner,"
    if subj.pos_ == "PROPN" and (subj.ent_type_ == "PERSON" or described) or subj.pos_ == "NOUN" and subj.lemma_.lower() in persons:
        return subj
    return None


NAME_BEFORE = re.compile(
    r"(?:call\s*sign|nom de guerre|code\s*name|handle|name|known as|goes by|go by|going by|nicknamed|"
    r"calls? (?:him|her|it|them)sel(?:f|ves)|pseudonym|alias)[\s,:]*[“\"]$", re.I)


def _is_name_quote(text: str, qs: int, qe: int) -> bool:
    """A quotation that is a name or a gloss, not speech: a short name after a naming
    phrase ('who goes by “Zmey”', 'under the handle “Kedr”') or a translation in
    parentheses ('Dva Mayora (“Two Majors”)')."""
    inner = text[qs:qe].strip(" ,.")
    if not inner or len(inner.split()) > 4:
        return False
    before = text[max(0, qs - 40):qs]
    after = text[qe:qe + 3]
    if re.search(r"\(\s*[“\"]$", before) and re.match(r"[”\"]?[,.]?\s*\)", after):
        return True
    # 'the call sign “Tykhyi”, or “Quiet”': a gloss of the name quoted just before
    gloss = re.search(r"[“\"]([^“”\"]{1,40})[”\"],?\s+or\s+[“\"]$", before)
    if gloss and _is_name_quote(text, qs - len(before) + gloss.start(1), qs - len(before) + gloss.end(1)):
        return True
    return bool(NAME_BEFORE.search(before)) and inner[:1].isupper()


def _in_quotes(pos: int, qspans) -> bool:
    return any(a <= pos < b for a, b in qspans)


def _sentence_end(doc: Doc, char: int, qspans, through_quotes: bool = False) -> int:
    """End of the sentence that continues at ``char``: next terminal punctuation outside
    quotation marks, or the end of the paragraph."""
    text = text_of(doc)
    i = char
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            return i
        if ch in ".?!" and not _in_quotes(i, qspans) and (i + 1 >= len(text) or text[i + 1] in " \n" + _marks(text)[1]):
            if not re.search(r"\b(?:[A-Z]|U\.S|Nov|Dec|Jan|Feb|Aug|Sept|Oct|Gen|Lt|Col|Maj|Dr|Mr|Mrs|Ms|St)$", text[char:i]):
                return i
        if (ch == OPEN or (ch in _marks(text)[0] and ch != BOTH and any(qa == i + 1 for qa, _ in qspans))) \
                and i > char and not through_quotes:
            return i
        i += 1
    return i


def _tail_cue(doc: Doc, qe: int, qspans):
    """'"...," Putin said.' / '"...," said Rob Lee, ...' / '"...," he told reporters.'"""
    text = text_of(doc)
    close = qe
    if close < len(text) and text[close] in _marks(text)[1]:
        close += 1
    before = text[max(0, qe - 2):qe]
    rest = text[close:]
    m = re.match(r"[ ,]*", rest)
    dash = re.match(r" ?[—–] ?(?=[a-z]|[A-Z][a-z])", rest)  # '"..." — a Ukrainian officer told the Guardian'
    if dash:
        m = dash
    elif not m or (not re.search(r"[,?!—–-]\s*$", before) and not rest.startswith(",")):
        # a quotation ending in a full stop is a finished sentence
        if not re.search(r"[?!,]", before) and not rest.startswith(","):
            return None
    start = close + m.end()
    if start >= len(text) or text[start] == "\n":
        return None
    end = _sentence_end(doc, start, qspans)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if span[0].is_sent_start and span[0].text[:1].isupper() and not (span[0].pos_ == "PROPN" or span[0].pos_ == "PRON" or _is_cue_verb(span[0]) or span[0].lower_ in ("the", "a", "an", "one", "military")):
        return None
    if _claim_apposition(span):
        return None  # '"...," a statement Kyiv rejected': the journalist's apposition, no cue
    for t in span:
        if _is_cue_verb(t) and t.dep_ == "acl" and t.tag_ == "VBN" and t.head.i < t.i and t.head.pos_ in ("NOUN", "PROPN") \
                and not any(c.dep_ in ("ccomp", "dobj") for c in t.children):
            continue  # '"...," one officer posted to Brussels said': a participle describes the speaker
        if _is_cue_verb(t):
            subj = _subject(t)
            if subj is not None and subj.idx < start:
                # two subjects, one inside a quotation of several sentences ('"... A
                # motorcycle, a dog," Kit said'): the one after the quotation speaks
                subj = next((c for c in t.children if c.dep_ in SUBJECT_DEPS and c.idx >= start), subj)
            if subj is None:
                # inverted: "said Vadym Krykun, the commander ..."
                subj = next((c for c in t.children if c.dep_ in ("dobj", "attr", "npadvmod", "appos") and c.i > t.i), None)
                if subj is None:
                    nxt = [x for x in span if x.i > t.i and (x.pos_ in ("PROPN", "NOUN") or x.lower_ in ("he", "she", "it", "they"))]
                    subj = nxt[0] if nxt else None
                    while subj is not None and subj.head.i != subj.i and subj.head.pos_ in ("PROPN", "NOUN") and subj.head.i in [x.i for x in span] and subj.dep_ in ("compound", "amod", "det"):
                        subj = subj.head
            if subj is not None and subj.idx < start:
                # the parser took a subject inside the quotation ('"We ...," one of the
                # nurses, Halyna, told AFP'): the phrase between the quotation and the cue
                m = _described_name(doc, [x for x in span if x.i < t.i])
                if m is not None:
                    return t, m, _cue_label(t, None)
            if subj is None or not (subj.idx >= start):
                continue
            return t, subj, _cue_label(t, subj)
    # '"...," Orysia Lutsevych, head of the Ukraine Forum ...' (no verb)
    run = []
    for t in span:
        if t.pos_ == "PROPN" and t.text[:1].isupper():
            run.append(t)
        else:
            break
    nxt = span[len(run)] if len(run) < len(span) else None
    name = " ".join(t.text for t in run)
    if run and (len(run) >= 2 or registry().lookup(name)) and (nxt is None or nxt.text in (",", ".")):
        m = analyse(run[-1])
        m.start, m.end = run[0].idx, run[-1].idx + len(run[-1].text)
        m.text = text_of(doc)[m.start:m.end]
        m.name, m.name_span = m.text, (m.start, m.end)
        m.person_hint = True
        return None, m, None
    return None


def _claim_apposition(toks) -> bool:
    """Do these tokens open with 'a claim', 'a statement', 'an assertion' (a noun
    phrase set off after a reported clause that names it, as in "..., a claim Kyiv
    denied")?"""
    toks = [t for t in toks if not t.is_punct and not t.is_space]
    if len(toks) < 2 or toks[0].lower_ not in ("a", "an"):
        return False
    nouns = _lex_sets()["nouns"] | set(lexicon().get("apposition_claim_nouns") or [])
    k = 1
    while k < len(toks) - 1 and toks[k].pos_ == "ADJ":
        k += 1
    return toks[k].lemma_.lower() in nouns


def _described_name(doc: Doc, toks: list) -> Mention | None:
    """'one of the volunteers, Oksana,' / 'a nurse, Halyna,': a description set off from
    the proper name that follows it by commas names the speaker."""
    toks = [x for x in toks if not x.is_space]
    while toks and toks[-1].text in (",", "—", "–"):
        toks = toks[:-1]
    if len(toks) < 3 or len(toks) > 12:
        return None
    run = []
    for x in reversed(toks):
        if is_proper(x) and x.text[:1].isupper():
            run.insert(0, x)
        else:
            break
    if not run or run[0].i == toks[0].i or doc[run[0].i - 1].text != ",":
        return None
    desc = [x for x in toks if x.i < run[0].i - 1]
    if not desc or any(x.pos_ in ("VERB", "AUX") for x in desc):
        return None
    nouns = [x for x in desc if x.pos_ == "NOUN"]
    if not nouns or not _valid_speaker(nouns[-1]):
        return None
    m = analyse(run[-1])
    m.start, m.end = desc[0].idx, run[-1].idx + len(run[-1].text)
    m.text = text_of(doc)[m.start:m.end]
    m.name, m.name_span = text_of(doc)[run[0].idx:m.end], (run[0].idx, m.end)
    m.description = text_of(doc)[desc[0].idx: desc[-1].idx + len(desc[-1].text)]
    m.person_hint, m.org_hint = True, False
    m.head = nouns[-1].lemma_.lower()   # the role ("volunteer"), for later descriptions
    return m


def _head_cue(doc: Doc, qs: int, qspans):
    """'Putin added, "..."' / 'He said: "..."' / 'according to one officer, "..."'."""
    text = text_of(doc)
    open_ = qs - 1
    line_start = text.rfind("\n", 0, open_) + 1
    head = text[line_start:open_]
    if not re.search(r"[,:]\s*$", head):
        return None
    span = doc.char_span(line_start, open_, alignment_mode="contract")
    if span is None:
        return None
    toks = [t for t in span if not _in_quotes(t.idx, qspans)]
    # the cue must sit in the clause right before the quotation
    clause_start = max((t.i for t in toks[:-1] if t.text in (".", ";") ), default=-1)
    toks = [t for t in toks if t.i > clause_start]
    for t in reversed(toks):
        if t.lower_ == "according" and doc[t.i + 1].lower_ == "to":
            close = next((b for a, b in qspans if a == qs), None)
            if close is not None and re.match(r"[" + re.escape(_marks(text)[1]) + r"]?\s*[\w(]", text[close:close + 3]):
                return None  # 'according to him, "more than 1,500" servicemen were ...': a fragment in a clause
            pobj = next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return t, _according_source(pobj), "according to"
        if _is_cue_verb(t):
            if t.dep_ == "relcl" and t.head.i < t.i and any(x.i > t.i and x.pos_ == "VERB" for x in toks):
                break  # 'a fighter, who writes under ..., summed it up:': the main verb's
            subj = _subject(t)
            if subj is None or not _valid_speaker(subj):
                return None
            # nothing but adverbials between cue and quotation ("added, ", "said on Tuesday: ")
            between = text[t.idx + len(t.text):open_]
            if re.search(r"\bthat\b", between) or len(between.split()) > 6:
                return None
            return t, subj, _cue_label(t, subj)
    if head.rstrip().endswith(":"):
        # 'One fighter ... summed it up in a post: "..."': a clause whose subject is a
        # source, ending in a colon, introduces the quotation as that source's words
        verbs = [t for t in toks if t.pos_ == "VERB" and t.tag_ in ("VBD", "VBZ", "VBP")
                 and (t.dep_ == "ROOT" or t.head.idx > open_)]
        for t in verbs[-1:]:
            subj = next((c for c in t.children if c.dep_ in ("nsubj",)), None)
            if subj is None or subj.lower_ in ("it", "this", "that", "they") or not _valid_speaker(subj):
                return None
            if subj.pos_ != "PRON" and not (subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG")
                                            or subj.lower_ in _lex_sets()["persons"] or subj.lemma_.lower() in _lex_sets()["persons"]):
                return None
            return t, subj, text[t.idx:t.idx + len(t.text)]
    return None


def _adjective_cue(doc: Doc, t: Token, qspans, used_q) -> Candidate | None:
    """'The officer was blunt about the options: the garrison "cannot stay there"', 'The
    minister was adamant that the talks would go on': a speaker predicated an adjective
    of manner of speech reports the that-clause or what follows the colon."""
    text = text_of(doc)
    cop = t.head
    if t.dep_ != "acomp" or cop.lemma_ != "be":
        return None
    subj = next((c for c in cop.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in ("it", "this", "that", "there") or not _valid_speaker(subj):
        return None
    that = [c for x in (t, cop) for c in x.children if c.dep_ == "ccomp" and c.i > t.i
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    if that:
        span = _span_of(list(that[0].subtree))
    else:
        end = _span_of([x for x in t.subtree])[1]
        m = re.match(r"\s*:\s*", text[end:])
        if not m or end + m.end() >= len(text) or text[end + m.end()] == "\n":
            return None
        start = end + m.end()
        span = (start, _sentence_end(doc, start, qspans, through_quotes=True))
    a, b = _strip(text, *span)
    if b - a < 5:
        return None
    a, b, typ = _typed_content(text, a, b, qspans, used_q)
    label = text[cop.idx:t.idx + len(t.text)]
    about = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "about"), None)
    if about is not None and not that:
        label += " about"
    return Candidate(a, b, typ, label, t.idx, speaker=subj)


def _according_source(pobj: Token, depth: int = 0) -> Token:
    """The source named by the object of "according to": the object itself, or the
    possessor or "by"/"of"/"from" complement of a carrier noun, through chains of
    carriers ("according to an AFP analysis of data from the Institute for the Study
    of War" names the institute, whose data it is)."""
    s = _lex_sets()
    if depth < 3 and (pobj.lemma_.lower() in s["carriers"] or pobj.lower_ in s["carriers"]):
        poss = next((c for c in pobj.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")), None)
        if poss is not None:
            return poss  # "according to Meduza's estimate"
        for prep in pobj.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "of", "from"):
                inner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if inner is not None:
                    return _according_source(inner, depth + 1)
    return pobj


def _carrier_owner(pobj: Token) -> Mention | None:
    """"according to Ukrainian military intelligence estimates shared with ...": the
    known source the words before a carrier noun name, whose estimates they are."""
    s = _lex_sets()
    if not (pobj.lemma_.lower() in s["carriers"] or pobj.lower_ in s["carriers"]):
        return None
    doc = pobj.doc
    words = [t for t in doc[pobj.left_edge.i: pobj.i] if t.dep_ != "det"]
    if not words or words[-1].i != pobj.i - 1:
        return None
    a, b = words[0].idx, words[-1].idx + len(words[-1].text)
    phrase = text_of(doc)[a:b]
    if registry().lookup(phrase) is None:
        return None
    m = analyse(words[-1])
    m.start, m.end, m.text, m.name, m.name_span, m.description = a, b, phrase, phrase, (a, b), None
    return m


def _according_to(doc: Doc, t: Token, qspans, used_q, inherited) -> Candidate | None:
    text = text_of(doc)
    to = doc[t.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    head = t.head
    if head.i < t.i and _is_cue_verb(head) and _subject(head) is not None and text[head.idx:t.idx].rstrip().endswith(","):
        # '"...," she said, according to the newspaper': the verb reports its own words; the
        # phrase only says where the report was read, it attributes nothing more
        return None
    source = _according_source(pobj)
    if not _valid_speaker(source) and source.lower_ not in _lex_sets()["carriers"] and source.lemma_ not in _lex_sets()["carriers"]:
        return None
    pp_start = t.idx
    pp_end = _span_of(list(to.subtree))[1]
    cue = text[t.idx:source.left_edge.idx].strip() if source is not pobj else "according to"
    cue = re.sub(r"\s+the$", "", cue) or "according to"
    sent = t.sent
    s_start, s_end = sent.start_char, sent.end_char
    head_verb = t.head if t.head.pos_ in ("VERB", "AUX") else t.sent.root
    pa, pb = _paragraph(text, t.idx)
    s_start, s_end = max(s_start, pa), min(s_end, pb)
    if t.head.i == head_verb.i and head_verb.dep_ in ("relcl", "advcl") and head_verb.idx > pp_end \
            and text[s_start:pp_start].strip(" ,") != "":
        # "... mopping up Myrnohrad, where, according to him, 1,500 servicemen were
        # surrounded": the clause the phrase sits in is what it reports
        a, b = pp_end, _span_of(list(head_verb.subtree))[1]
    elif text[s_start:pp_start].strip(" ,") == "":
        a, b = pp_end, s_end
    elif head_verb.idx > pp_end and _object_report_under(head_verb, t):
        # "By the end of November, according to the administrators, the families had
        # confirmed the deaths": the clause after the phrase, its verb too, is the report
        a, b = pp_end, s_end
    elif head_verb.idx > pp_end:
        a, b = s_start, s_end
    else:
        a, b = s_start, pp_start
    a, b = _strip(text, a, b)
    clipped = _clip(doc, t, source, (a, b), qspans, inherited, split=False) if b > a else None
    if clipped is None:
        return None
    a, b = _strip(text, *clipped)
    a, b, typ = _typed_content(text, a, b, qspans, used_q)
    if b - a < 3:
        return None
    carriers = _lex_sets()["carriers"]
    if source.i == pobj.i and (pobj.lower_ in carriers or pobj.lemma_.lower() in carriers) and any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in pobj.children) and not any(
            c.dep_ in ("poss", "prep", "compound", "amod") for c in pobj.children):
        # "According to the report, ...": the report of the source cited just before
        return Candidate(a, b, typ, text[t.idx:pp_end], t.idx, context=True)
    cand = Candidate(a, b, typ, cue, t.idx, speaker=source)
    owner = _carrier_owner(pobj) if source is pobj else None
    if owner is not None:
        cand.speaker, cand.mention = None, owner
    return cand


def _described_in_title(text: str, subj: Token) -> bool:
    """Is ``subj`` a role described, not named, on a title-case line ("Ukrainian Military
    Spokesman Denies Capture"): a title line (no final stop, every word capitalised)
    whose subject phrase is role and side words only."""
    if subj.lower_ not in _lex_sets()["persons"]:
        return False
    start, end = _paragraph(text, subj.idx)
    line = text[start:end].strip()
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    if not words or re.search(r"[.!?\"”]$", line) or len(line) > 120 or not all(w[0].isupper() for w in words if len(w) > 3):
        return False
    if start == 0:
        return False  # the article's own title (the body below is no entry)
    phrase = [x for x in subj.subtree if x.i <= subj.i]
    reg = registry()
    modifiers = set(lexicon().get("role_modifiers") or [])
    return all(x.lower_ in _lex_sets()["persons"] or reg.side_in(x.text) or x.lower_ in modifiers for x in phrase)


def _by_count(doc: Doc, t: Token, qspans, used_q) -> Candidate | None:
    """"By his count, Russia has needed 52 days ...", "By the ministry's estimate, ...": a
    sentence opened by "by" and a source's own carrier noun (count, estimate, calculation)
    reports the rest of the sentence, as "according to" does."""
    text = text_of(doc)
    sent = t.sent
    if t.i != sent.start and text[sent.start_char:t.idx].strip():
        return None
    pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
    carriers = _lex_sets()["carriers"] | set(lexicon().get("by_carriers") or [])
    if pobj is None or not (pobj.lower_ in carriers or pobj.lemma_.lower() in carriers):
        return None
    owner = next((c for c in pobj.children if c.dep_ == "poss"), None)
    if owner is None or not (_valid_speaker(owner) or owner.lower_ in ("his", "her", "its", "their")):
        return None
    end = pobj.right_edge.i + 1
    if end >= len(doc) or doc[end].text != ",":
        return None
    a, b = _strip(text, doc[end].idx + 1, min(sent.end_char, _paragraph(text, t.idx)[1]))
    a, b, typ = _typed_content(text, a, b, qspans, used_q)
    if b - a < 3:
        return None
    return Candidate(a, b, typ, text[t.idx:pobj.idx + len(pobj.text)], t.idx, speaker=owner)


def _noun_cue(doc: Doc, t: Token, qspans, used_q) -> Candidate | None:
    """"Moscow's claim that ...", "Putin's claims of the "inevitable defeat of Kyiv"",
    "Trump's campaign promise to ..."."""
    text = text_of(doc)
    poss = next((c for c in t.children if c.dep_ == "poss"), None)
    if poss is None:
        # the possessor may sit on a compound head ("Trump's campaign promise")
        if t.dep_ == "compound" or t.head.dep_ == "compound":
            return None
        comp = next((c for c in t.children if c.dep_ == "compound"), None)
        poss = next((c for c in comp.children if c.dep_ == "poss"), None) if comp is not None else None
    adjective = None
    if poss is None and t.tag_ == "NNS":
        # "Russian claims that ...", "Kremlin claims that ...": a nationality adjective or
        # a registered source as modifier says whose claims they are
        mod = next((c for c in t.children if c.dep_ in ("amod", "compound") and c.i == t.i - 1), None)
        if mod is not None and not any(c.dep_ == "det" for c in t.children):
            sid = (registry().adjective_sources.get(mod.lower_) if mod.dep_ == "amod" else None)
            entry = registry().entries.get(sid) if sid else registry().lookup(mod.text)
            if entry is not None and entry["kind"] != "person":
                poss = mod
                adjective = Mention(mod.idx, mod.idx + len(mod.text), entry["name"], head=norm(entry["name"]).split()[-1],
                                    org_hint=True)
    if poss is None or not _valid_speaker(poss) and adjective is None \
            or poss.pos_ == "PRON" and poss.lower_ not in ("his", "her", "its", "their"):
        return None
    parts = [c for c in t.children if c.dep_ in ("acl", "ccomp", "relcl") and c.i > t.i and
             (any(x.dep_ == "mark" and x.lower_ == "that" for x in c.children) or any(x.lower_ == "to" and x.dep_ == "aux" for x in c.children))]
    quoted = False
    if not parts:
        prep = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if prep is not None and any(qa >= prep.idx for qa, qb in qspans if qa <= _span_of(list(prep.subtree))[1]):
            parts = [c for c in prep.children if c.dep_ == "pobj"]
            quoted = True
    if not parts:
        return None
    a, b = _strip(text, *_span_of([x for p in parts for x in p.subtree]))
    inner = [k for k, (qa, qb) in enumerate(qspans) if qa >= a - 1 and qb <= b + 1 and k not in used_q]
    typ = "indirect"
    if inner:
        b = _extend_to_quote_end(text, b, [qspans[k] for k in inner])
        if quoted or _only_frame_words(text, a, b, [qspans[k] for k in inner]):
            a, b = _strip(text, *qspans[inner[0]], keep_period=True)
            typ = "direct"
        else:
            typ = "mixed"
        used_q.update(inner)
    elif quoted:
        return None
    poss_tok = poss
    cue = text[t.idx:t.idx + len(t.text)] + (" of" if quoted else "")
    if adjective is not None:
        return Candidate(a, b, typ, cue, t.idx, mention=adjective)
    return Candidate(a, b, typ, cue, t.idx, speaker=poss_tok)


def _naming(doc: Doc, t: Token, subj: Token, qspans, used_q) -> Candidate | None:
    """'called the situation "generally difficult"', 'whom he labeled "illegitimate"'."""
    sub_start, sub_end = _span_of([x for x in t.subtree if x.i >= t.i])
    sub_end = max(sub_end, t.idx + len(t.text))
    for k, (qa, qb) in enumerate(qspans):
        if k in used_q:
            continue
        gap = text_of(doc)[t.idx + len(t.text):max(t.idx + len(t.text), qa - 1)]
        if t.idx < qa and re.search(r",\s+\w+ing\b", gap):
            continue  # 'the city it calls X, announcing ... "..."': another verb's object
        if t.idx < qa and (qa <= sub_end + 2 or re.fullmatch(r"[\s\w’']*", text_of(doc)[t.idx + len(t.text):qa - 1] or "") and qa - t.idx < 60):
            if _in_quotes(t.idx, qspans):
                return None
            used_q.add(k)
            a, b = _strip(text_of(doc), qa, qb, keep_period=True)
            return Candidate(a, b, "direct", t.text, t.idx, speaker=subj)
    return None


def _fragment(doc: Doc, qs: int, qe: int, qspans) -> Candidate | None:
    """A quoted phrase inside a sentence whose cue verb governs it."""
    if _starts_sentence(text_of(doc), qs):
        return None
    pa, pb = _paragraph(text_of(doc), qs)
    first = doc.char_span(qs, qe, alignment_mode="expand")
    if first is None or not len(first):
        return None
    root = first.root
    t = root
    s = _lex_sets()
    for _ in range(6):
        if t.head.i == t.i:
            break
        child, t = t, t.head
        if _is_cue_verb(t) and not _in_quotes(t.idx, qspans) and not _evidence_in_report(t):
            lemma = t.lemma_.lower()
            if child.dep_ == "dobj" and child.i > t.i and lemma not in s["object"] | s["naming"] | s["object_quoted"] | s["object_as"]:
                return None  # 'adding 117 vessels of Russia's "shadow fleet"': "add" here is no speech
            subj = _subject(t)
            if not pa <= t.idx < pb:
                return None
            if subj is not None and _valid_speaker(subj):
                a, b = _strip(text_of(doc), qs, qe, keep_period=True)
                return Candidate(a, b, "direct", _cue_label(t, subj), t.idx, speaker=subj)
            return None
    return None


def _inverted_content(doc: Doc, verb: Token, subj: Token) -> tuple[int, int] | None:
    """'..., experts say.' parsed with the clause as the verb's head or sibling."""
    aside = verb.dep_ == "parataxis" and verb.head.i > verb.i  # "..., the men who drive it say, ..."
    if subj.i < verb.i and verb.i - subj.i > (8 if aside else 4):
        return None
    left = min(subj.left_edge.i, verb.i)
    sent = verb.sent
    para_start, para_end = _paragraph(text_of(doc), verb.idx)
    start = max(sent.start_char, para_start)
    end = min(sent.end_char, para_end)
    if left <= sent.start or doc[left].idx <= start:
        return None
    prev = doc[left - 1]
    if prev.text not in (",", "—", "–"):
        return None
    if text_of(doc)[start:prev.idx].count('"') % 2 or "“" in text_of(doc)[start:prev.idx]:
        return None
    right = max(max(t.i for t in verb.subtree if not t.is_punct), subj.i)
    after = doc[right + 1] if right + 1 < len(doc) else None
    if after is not None and after.text == "," and after.idx < end:
        # parenthetical: "Russia, he argues, has paid ..." reports the whole sentence
        if verb.head.i < left and verb.head.pos_ in ("VERB", "AUX") and verb.dep_ in ("parataxis", "ccomp", "advcl", "dep"):
            # "A is so, the military says, despite B": the clause before the cue is the
            # report; what follows the second comma is the journalist's
            return start, prev.idx
        # (or a longer speaker phrase the parser hung, with its cue, on the verb after it:
        # "These days, the men who drive it say, the netting ...")
        if verb.i - subj.i == 1 and subj.pos_ == "PRON" or right - left <= 4 or (
                aside and verb.head.i > right + 1 and right - left <= 8):
            before = [x for x in doc[sent.start:left - 1] if x.idx >= start]
            if before and not any(x.dep_ in SUBJECT_DEPS or x.pos_ in ("VERB", "AUX") for x in before):
                # "In addition, the ministry said, Ukraine lost ...": an adverbial before
                # the parenthetical cue is the journalist's link, not the report
                return after.idx + 1, end
            return start, end
        return None
    if after is not None and after.idx < end and after.text not in (".", "!", "?", "\n"):
        return None
    if not any(x.pos_ in ("VERB", "AUX") for x in doc[sent.start:left - 1] if x.idx >= start):
        return None  # "Earlier, X said ...": an adverbial before the comma reports nothing
    return start, prev.idx


def _final_cue(doc: Doc, verb: Token, qspans):
    """'<clause>, Ivan Petrov, head of the city administration, said.' / '<clause>, the 3rd
    Brigade reported on Monday.' when the parser hangs the cue off the clause: a cue at
    the end of its sentence (only a time adverbial after it), the speaker phrase between
    the last comma that follows a clause and the cue. Returns ((start, end), speaker head)."""
    text = text_of(doc)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return None  # "..., a claim Kyiv rejected."
    sent = verb.sent
    pa, pb = _paragraph(text, verb.idx)
    start, end = max(sent.start_char, pa), min(sent.end_char, pb)
    after = text[verb.idx + len(verb.text):end]
    # only a time adverbial after the cue, or a subordinate clause of the journalist's set
    # off by a comma ("..., the military said on Wednesday, as Moscow pressed ...")
    if not re.fullmatch(r"(?:\s+(?:on|in|late|early|earlier|last|this|at|overnight|yesterday|today)\b[\w .’']{0,30}?)?"
                        r"(?:\s*[.!]?\s*|,\s+(?:as|while|amid|after|even as|following|despite|since)\s.*)", after, flags=re.S):
        return None
    dateline = _dateline_end(doc, verb, inside=False)
    if dateline is not None:
        start = max(start, dateline)
    toks = [x for x in doc[sent.start:verb.i] if x.idx >= start and not x.is_space]
    commas = [k for k, x in enumerate(toks) if x.text == "," and not _in_quotes(x.idx, qspans)]
    best = None
    for k in reversed(commas):
        seg = toks[k + 1:]
        if not seg:
            continue
        # "..., the General Staff has reported": the cue's own auxiliary is no verb of a clause
        if len(seg) > 16 or any((x.tag_ in ("VBD", "VBZ", "VBP", "MD") and not (x.dep_ == "aux" and x.head.i == verb.i))
                                or x.lower_ == "that" for x in seg):
            break
        if seg[0].text == ",":
            continue
        best = k
    if best is None or best == 0:
        return None
    left = toks[:best]
    if not any(x.pos_ in ("VERB", "AUX") for x in left):
        return None
    seg = [x for x in toks[best + 1:] if x.text != ","]
    head = next((x for x in seg if x.pos_ in ("PROPN", "NOUN")), None)
    if head is None:
        return None
    while head.i + 1 < verb.i and doc[head.i + 1].pos_ in ("PROPN",) or (
            head.i + 1 < verb.i and head.pos_ == "PROPN" and doc[head.i + 1].pos_ == "PROPN"):
        head = doc[head.i + 1]
    if head.pos_ == "NOUN":
        while head.i + 1 < verb.i and doc[head.i + 1].pos_ in ("NOUN", "PROPN") and doc[head.i + 1].dep_ != "appos":
            head = doc[head.i + 1]
    if head.i + 2 < verb.i and doc[head.i + 1].tag_ == "POS":
        # "Ukraine's military": the possessed noun is the speaker
        owned = next((x for x in doc[head.i + 2:verb.i] if x.pos_ in ("NOUN", "PROPN")), None)
        if owned is not None:
            head = owned
            while head.i + 1 < verb.i and doc[head.i + 1].pos_ in ("NOUN", "PROPN") and doc[head.i + 1].dep_ != "appos":
                head = doc[head.i + 1]
    if not _valid_speaker(head):
        return None
    return (start, toks[best].idx), head


def _late_that(doc: Doc, verb: Token, qspans) -> list[tuple[int, int]] | None:
    """'said during a visit to a hospital that ...' misparsed ("that" as a relative
    pronoun): the clause after the first "that" within a short adverbial run."""
    text = text_of(doc)
    pa, pb = _paragraph(text, verb.idx)
    end = min(verb.sent.end_char, pb)
    m = re.match(r"((?:\s+[\w’'.-]+){0,10}?)\s+that\s+", text[verb.idx + len(verb.text):end])
    if not m or not _adverbial_run(doc, verb.idx + len(verb.text), verb.idx + len(verb.text) + m.start() + len(m.group(1))):
        return None
    a = verb.idx + len(verb.text) + m.end()
    b = _sentence_end(doc, a, qspans, through_quotes=True)
    also = re.search(r",?\s+and that\s", text[a:b])
    second = None
    if also:
        second = _strip(text, a + also.end(), b)
        b = a + also.start()
    # "..., but warned that ...": a second cue of the same speaker ends the report
    for mm in re.finditer(r",?\s+(?:but|and|while)\s+(?:also\s+)?([a-z]+)\s+(?:that\b|[“\"])", text[a:b]):
        tok = next(iter(doc.char_span(a + mm.start(1), a + mm.end(1), alignment_mode="expand") or []), None)
        if tok is not None and not _in_quotes(tok.idx, qspans) and _is_cue_verb(tok):
            b = a + mm.start()
            break
    return [_strip(text, a, b)] + ([second] if second and second[1] - second[0] > 3 else [])


def _adverbial_run(doc: Doc, a: int, b: int) -> bool:
    """Is text[a:b] an adverbial run between a cue and its late 'that' ('during a visit
    to a military hospital', 'on November 6', 'to the Supreme Commander-in-Chief'): words
    with no verb, clause punctuation or relative pronoun?"""
    if b <= a:
        return True
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None:
        return False
    toks = [t for t in span if not t.is_space]
    if len(toks) > 12 or not toks or not (toks[0].pos_ in ("ADP", "ADV") or toks[0].ent_type_ in ("DATE", "TIME")):
        return False
    return not any(t.pos_ in ("VERB", "AUX") or t.text in (";", ":", "(", ")") or t.lower_ in ("which", "who", "whom")
                   for t in toks)


def _after_colon(doc: Doc, verb: Token, subj: Token, qspans) -> tuple[int, int] | None:
    text = text_of(doc)
    end = max(verb.idx + len(verb.text), subj.idx + len(subj.text))
    m = re.match(r"\s*:\s*", text[end:])
    if not m:
        return None
    start = end + m.end()
    if start >= len(text) or text[start] in "\n" + _marks(text)[0]:
        return None
    stop = _sentence_end(doc, start, qspans)
    a, b = _strip(text, start, stop)
    return (a, b) if b - a > 10 else None


def _extend_to_quote_end(text: str, b: int, spans) -> int:
    last = max(qb for qa, qb in spans)
    if last >= b - 1:
        b = last + (1 if last < len(text) and text[last] in _marks(text)[1] else 0)
        if text[b - 2:b - 1] in (",",):
            pass
    return b


def _typed_content(text: str, a: int, b: int, qspans, used_q: set) -> tuple[int, int, str]:
    """A reported clause's type from the quotations inside it: none, indirect; only
    quotations and frame words, the quotation itself, direct; else mixed. The quotations
    it takes are marked used so no other cue claims them."""
    inner = [k for k, (qa, qb) in enumerate(qspans) if qa >= a - 1 and qb <= b + 1 and k not in used_q]
    if not inner:
        return a, b, "indirect"
    used_q.update(inner)
    b = _extend_to_quote_end(text, b, [qspans[k] for k in inner])
    if _only_frame_words(text, a, b, [qspans[k] for k in inner]):
        a, b = _strip(text, *qspans[inner[0]], keep_period=True)
        return a, b, "direct"
    return a, b, "mixed"


def _only_frame_words(text: str, a: int, b: int, spans) -> bool:
    rest = text[a:b]
    for qa, qb in sorted(spans, reverse=True):
        rest = rest[: max(0, qa - 1 - a)] + " " + rest[qb + 1 - a:]
    return re.fullmatch(r"[\s\W]*(?:(?:the|a|an|that)\b[\s\W]*)?", rest, flags=re.I) is not None


def _starts_sentence(text: str, qs: int) -> bool:
    before = text[:qs - 1].rstrip(" ")
    return before == "" or before.endswith(("\n", ".", "?", "!", ":", *_marks(text)[1]))


def _inside_any(pos: int, cands) -> bool:
    return any(c.start <= pos < c.end for c in cands)


def _lines(text: str):
    """Each line of the text with the offset it starts at."""
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _headline_attributions(doc: Doc) -> list[Candidate]:
    """A title line 'Ukraine talks possible, but not with 'illegitimate' Zelensky: Putin'."""
    text = text_of(doc)
    out = []
    for start, line in _lines(text):
        if not line.strip() or re.search(r"[.!?\"”]\s*$", line):
            continue
        # the source closes the title after a colon or a dash ("... – General Staff")
        m = re.search(r":\s+([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,2})\s*$", line) or DASH_TAIL.search(line)
        if not m or m.start() < 10:
            continue
        who = doc.char_span(start + m.start(1), start + m.end(1), alignment_mode="expand")
        if who is None:
            continue
        known = registry().lookup(m.group(1)) is not None
        body = line[:m.start()]
        whole = re.fullmatch(r"\s*['‘\"“](.+)['’\"”]\s*", body)
        # "'It Is About Who Leaves And How': Analyst On Pokrovsk": a role, not a name,
        # after the colon of a quoted title is the speaker the entry below names
        described = m.group(1).split()[0].lower() in _lex_sets()["persons"] and whole is not None \
            and line[m.start():m.start(1)].strip() == ":"
        if not (known or who.root.ent_type_ == "PERSON" or described or who.root.pos_ == "PROPN" and _is_org_head(who[-1])):
            continue  # "– Defense Ministry", "– General Staff" name a body; "– but not ..." nobody
        if not m.group(0).lstrip().startswith(":"):
            # a dash also closes a page title ("Pokrovsk Today - Important News"): a claim
            # has a verb, or at least three words before a known source's name
            claim = doc.char_span(start, start + m.start(), alignment_mode="contract")
            if not (claim is not None and any(t.pos_ == "VERB" for t in claim) or known and len(body.split()) >= 3):
                continue
        typ = "mixed" if QUOTED_WORDS.search(body) else "indirect"
        a, b = _strip(text, start, start + m.start())
        if whole is not None and not re.search(r"['’\"”]\W", whole.group(1)):
            a, b, typ = start + whole.start(1), start + whole.end(1), "direct"
        sep = line[m.start():m.start(1)].strip()
        if described:
            out.append(Candidate(a, b, typ, sep + " " + m.group(1), start + m.start(1), ahead=True))
            continue
        out.append(Candidate(a, b, typ, sep + " " + m.group(1), start + m.start(1), speaker=who.root))
    out += _speaker_titles(doc)
    out += _verb_titles(doc)
    return out


# a title-case entry line whose known source speaks through a verb in the -s form
# ("DeepState Calls Russian Claim 'Premature'", "Gerasimov Tells Putin Krasnoarmeysk 'Fully Liberated'")
VERB_TITLE = re.compile(r"([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2}?)\s+([A-Z][a-z]+s)\s+(\S.*?)\s*$")


def _verb_titles(doc: Doc) -> list[Candidate]:
    """Entry titles written in title case, which the parser cannot read: the source
    before a cue verb in the -s form quotes the words in quotation marks after it (what
    a naming verb labels, or the rest after "Tells <addressee>")."""
    text = text_of(doc)
    s = _lex_sets()
    out = []
    for start, line in _lines(text):
        if re.search(r"[.!?:]\s*$", line) or len(line) > 120:
            continue
        m = VERB_TITLE.fullmatch(line)
        if not m or not TITLE_QUOTE.search(m.group(3)):
            continue
        verb = m.group(2).lower()
        lemma = verb[:-3] + "y" if verb.endswith("ies") else verb[:-1]
        if lemma not in s["all"]:
            continue
        who = doc.char_span(start + m.start(1), start + m.end(1), alignment_mode="expand")
        entry = registry().lookup(m.group(1))
        if who is None or not (entry or all(t.ent_type_ == "PERSON" for t in who)):
            continue
        rest_at = start + m.start(3)
        rest = m.group(3)
        if lemma == "tell":
            addressee = re.match(r"[A-Z][\w’'-]+\s+", rest)
            if addressee is None:
                continue
            rest_at += addressee.end()
            rest = rest[addressee.end():]
        quote = TITLE_QUOTE.search(rest)
        if lemma in s["naming"] or TITLE_QUOTE.fullmatch(rest):
            a = rest_at + quote.start(2)
            b, typ = a + len(quote.group(2)), "direct"
        else:
            a, b = _strip(text, rest_at, rest_at + len(rest))
            typ = "mixed"
        out.append(Candidate(a, b, typ, m.group(2), start + m.start(1), speaker=who.root))
    return out


# "Russian troops cut last supply road into Dimitrov – MoD": a title whose source follows a dash
DASH_TAIL = re.compile(r"\s[-–—]\s+([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,2})\s*$")


# a labelled line of a transcript: a short label (a name, "Q", an outlet) before a colon
QA_LINE = re.compile(r"([A-Z][\w’'./&-]*(?:\s+[A-Z][\w’'./&-]*){0,2}):[ \t]+(\S.*?)\s*$")


def _interview_answers(doc: Doc) -> list[Candidate]:
    """Answers of a labelled question-and-answer interview ("Q: ...?" / "A: ...", or
    "RFE/RL: ...?" / "Vanhala: ..."): the interviewee's words with no quotation marks
    and no cue but the label. Only a run of at least two question lines each followed by
    an answer under one and the same label is an interview; a single "Name: text" line
    may be a section label or a title. The answer label names the speaker; a bare "A"
    stands for the person the introduction before the first question names."""
    text = text_of(doc)
    lines = [(pos, line) for pos, line in _lines(text) if line.strip()]
    pairs = []
    for (qpos, qline), (apos, aline) in zip(lines, lines[1:]):
        q, a = QA_LINE.fullmatch(qline), QA_LINE.fullmatch(aline)
        if not q or not a or q.group(1) == a.group(1):
            continue
        if not q.group(2).endswith("?") or a.group(2).endswith("?"):
            continue
        pairs.append((qpos, apos, a))
    by_label: dict[str, list] = {}
    for p in pairs:
        by_label.setdefault(p[2].group(1), []).append(p)
    out = []
    for label, runs in by_label.items():
        if len(runs) < 2:
            continue
        first_q = runs[0][0]
        intro = [e for e in doc.ents if e.label_ == "PERSON" and first_q - 1500 < e.start_char < first_q]
        bare = label.lower() in (lexicon().get("interview_answer_labels") or [])
        if bare:
            named = intro[-1] if intro else None
        else:
            named = next((e for e in reversed(intro) if e.text.split()[-1] == label.split()[-1]), None)
        for _, apos, a in runs:
            s, e = _strip(text, apos + a.start(2), apos + a.end(2), keep_period=True)
            cand = Candidate(s, e, "direct", label + ":", apos, resolution="explicit")
            if named is not None:
                cand.speaker = named.root
            else:
                who = doc.char_span(apos + a.start(1), apos + a.end(1), alignment_mode="expand")
                if who is None or bare:
                    continue
                mention = analyse(who.root)
                mention.start, mention.end, mention.text = apos + a.start(1), apos + a.end(1), label
                mention.name, mention.name_span = label, (mention.start, mention.end)
                cand.mention = mention
            out.append(cand)
    return out


# an entry's time stamp may open the title ("14:05 Zelensky: ...", "9.30am - Kremlin: ...")
SPEAKER_TITLE = re.compile(r"(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|GMT|BST|CET|EET|UTC)?\s*[-–—|]?\s*)?"
                           r"([A-Z][\w’'.-]*(?:\s+[\w’'.-]+){0,5}):\s+(\S.*?)\s*$")
TITLE_QUOTE = re.compile(r"(['‘\"“])([^'’\"”]+?)(['’\"”])(?=\W|$)")


def _speaker_titles(doc: Doc) -> list[Candidate]:
    """Live-blog entry titles that name who speaks before a colon and quote them after
    it ("Zelensky: Situation around the town 'difficult'", "Soldier back from the front:
    'Nobody is giving up'"). Only a title line (no final period) whose claim quotes
    words: section labels ("Analysis: Why ...") quote nobody. A described speaker is the
    one the entry below the title goes on to name."""
    text = text_of(doc)
    s = _lex_sets()
    out = []
    for start, line in _lines(text):
        if re.search(r"[.!?]\s*$", line):
            continue
        m = SPEAKER_TITLE.fullmatch(line)
        if not m:
            continue
        who = doc.char_span(start + m.start(1), start + m.end(1), alignment_mode="expand")
        if who is None:
            continue
        unquoted = not TITLE_QUOTE.search(m.group(2))
        if unquoted:
            # "Zelenskiy: We Are Not Leaving ...", "FT: Russia pays record price ...": a
            # title that quotes nothing still attributes its claim when the label is a known
            # person or outlet, or a person's name; any other label is a rubric
            entry = registry().lookup(m.group(1))
            person = (entry or {}).get("kind") == "person" or (
                entry is None and len(who) >= 2 and all(t.ent_type_ == "PERSON" for t in who))
            if not (person or (entry or {}).get("kind") == "media") or len(m.group(2).split()) < 3 or len(line) > 160:
                continue
            # a title over the entry or article that goes on to cite the source, not a
            # related link at the foot of the page
            nxt = start + len(line) + 1  # the entry below the title
            below = text[nxt: nxt + sum(len(x) + 1 for x in text[nxt:].split("\n")[:TITLE_REACH])]
            names = {m.group(1), m.group(1).split()[-1], *([entry["name"], *(entry.get("aliases") or [])] if entry else [])}
            if not any(re.search(r"\b" + re.escape(n) + r"\b", below) for n in names if n):
                continue
        root = who.root
        if m.group(1).lower() in lexicon().get("title_labels", []):
            continue  # "Exclusive: ...", "Watch: ...": a section label, nobody speaking
        known = registry().lookup(m.group(1)) is not None
        named = known or (root.pos_ == "PROPN" and len(who) <= 3 and all(t.pos_ == "PROPN" for t in who)
                          and (len(who) >= 2 or root.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")))
        described = not named and root.pos_ == "NOUN" and root.lemma_.lower() in s["persons"] | s["anon"]
        if not (named or described):
            continue
        claim = m.group(2)
        whole = TITLE_QUOTE.fullmatch(claim)
        if whole is None and len(claim) > 2 and claim[0] in "'‘\"“" and claim[-1] in "'’\"”" \
                and not re.search(r"['’\"”]\W", claim[1:-1]):
            # "'We Are Not Leaving Pokrovsk On Moscow's Schedule'": an apostrophe inside the
            # quoted title is no closing mark
            whole = re.fullmatch(r"(.)(.+)(.)", claim)
        if unquoted:
            a, b = _strip(text, start + m.start(2), start + m.end(2))
            typ = "direct" if person else "indirect"
        elif whole:
            a = start + m.start(2) + whole.start(2)
            b = a + len(whole.group(2))
            typ = "direct"
        else:
            a, b = _strip(text, start + m.start(2), start + m.end(2))
            typ = "mixed"
        # "Germany: Pokrovsk 'Not The End Of Ukraine'": a country's label over an entry
        # stands for whoever speaks for it there (the entry names its minister)
        # (and so does a government's: "Kremlin: 'According to plan'" over its spokesman)
        country = named and not unquoted and len(who) <= 2 and (
            (root.ent_type_ == "GPE" and (registry().lookup(m.group(1)) or {}).get("kind") in (None, "government"))
            or (registry().lookup(m.group(1)) or {}).get("kind") == "government")
        cand = Candidate(a, b, typ, ":", start + m.start(1), ahead=described or country)
        if named and not country:
            # the speaker is the words before the colon, not the parse of the whole title
            mention = analyse(root)
            mention.start, mention.end, mention.text = start + m.start(1), start + m.end(1), m.group(1)
            if not known:
                # "Mayor Petrenko": a title word before the name is the role
                words = m.group(1).split()
                k = 0
                while k < len(words) - 1 and words[k].lower().strip(".") in s["persons"] | set(lexicon().get("title_abbreviations") or []):
                    k += 1
                ns = mention.start + len(" ".join(words[:k])) + (1 if k else 0)
                mention.name, mention.name_span = text[ns:mention.end], (ns, mention.end)
                mention.description = " ".join(words[:k]) or None
            cand.mention = mention
        out.append(cand)
    return out


def _source_labels(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """'Source: Oleksandr Syrskyi, Commander-in-Chief ..., on Telegram' on a line of its
    own after a news item's lead (a layout of Ukrainian online outlets): the lead
    paragraph before it, when no attribution covers it, is the named source's report."""
    text = text_of(doc)
    labels = lexicon().get("source_labels") or []
    out = []
    for label in labels:
        for m in re.finditer(r"(?m)^" + re.escape(label) + r"[ \t]*(\S[^,\n]*)", text):
            prev_end = text.rfind("\n", 0, m.start())
            while prev_end > 0 and text[prev_end - 1] == "\n":
                prev_end -= 1
            if prev_end <= 0:
                continue
            prev_start = text.rfind("\n", 0, prev_end) + 1
            a, b = _strip(text, prev_start, prev_end)
            if b - a < 20 or re.match(r"\w+:\s", text[a:b]):
                continue  # the paragraph before is too short or another label's
            covered = sum(max(0, min(b, c.end) - max(a, c.start)) for c in cands)
            if covered > (b - a) / 2:
                continue
            who = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
            if who is None or not len(who) or not _valid_speaker(who.root):
                continue
            out.append(Candidate(a, b, "indirect", label, m.start(1), speaker=who.root))
    return out


def _continuations(doc: Doc, cands: list[Candidate], qspans, sents: Sentences | None = None) -> list[Candidate]:
    """'... Russia had two main options. / The first was to push westward ...'"""
    s = _lex_sets()
    text = text_of(doc)
    out = list(cands)
    for sent in (sents or Sentences(doc)).spans:
        low = sent.text.strip().lower()
        if not low.startswith(s["openers"]):
            continue
        if _inside_any(sent.start_char, out) or any(c.start >= sent.start_char and c.end <= sent.end_char for c in out):
            continue
        if any(_is_cue_verb(t) and not _in_quotes(t.idx, qspans) for t in sent):
            continue
        prev = [c for c in out if c.end <= sent.start_char and c.type in ("indirect", "mixed")]
        if not prev:
            continue
        last = max(prev, key=lambda c: c.end)
        gap = text[last.end:sent.start_char]
        if gap.count("\n") > 2 or len(re.sub(r"[\s.,\"”]", "", gap)) > 80:
            continue
        # the sentence must follow the attribution directly (same or next paragraph)
        a, b = _strip(text, sent.start_char, sent.end_char)
        out.append(Candidate(a, b, "indirect", None, a, context=True))
    return out


# -- speaker resolution ------------------------------------------------------------------------
# how many line breaks below a title its entry may name the speaker the title describes
# (a live blog's key-points list repeats entry titles a few short lines above the entry)
TITLE_REACH = 8


def _resolve(doc: Doc, cands: list[Candidate], qspans, sents: Sentences | None = None) -> dict:
    text = text_of(doc)
    sents = sents or Sentences(doc)
    tracker = Tracker(doc)
    seen = set()
    uniq = []
    for c in sorted(cands, key=lambda c: (c.start, c.end)):
        if (c.start, c.end) in seen or c.end <= c.start:
            continue
        seen.add((c.start, c.end))
        uniq.append(c)
    quotes = []
    last_speaker: tuple[str | None, str | None] = (None, None)
    order = sorted(uniq, key=lambda c: (c.pos if not c.context else c.start, c.start))
    speakers_at = {c.speaker.i for c in uniq if c.speaker is not None}
    # a person acting inside reported content ("Peskov confirmed that Witkoff would meet
    # Putin") is not who a following "he said" refers to: the reporting subject is
    contents = [(c.start, c.end) for c in uniq if not c.context]
    persons = _lex_sets()["persons"]
    # and a person a description names without citing them ("the commander of a drone
    # unit, who asked to be identified only by his call sign, Kobzar, watched ...";
    # "Another milblogger, Alexei Sidorenko, ..., was more scathing")
    # (a name set off with an age is a person introduced whatever the parse makes of it:
    # "Outside, Mariia, 31, waits ..." is often no subject to the parser)
    # (and a name a naming cue gave ("He goes by the call sign Zhuk") is a person when it
    # comes back as a subject, whatever entity type the tagger gives it)
    given = {}
    for k in range(len(sents.spans)):
        found, _ = sents.naming(k)
        if found:
            given.setdefault(found[0], found[1][1])
    notes = [t for t in doc if (t.dep_ == "nsubj" or aged_name(t)) and t.i not in speakers_at
             and not _in_quotes(t.idx, qspans) and not any(a <= t.idx < b for a, b in contents)
             and ((is_proper(t) and (t.ent_type_ == "PERSON" or aged_name(t) or given.get(t.text, len(text)) < t.idx
                                     or (registry().lookup(t.text) or {}).get("kind") == "person"))
                  or (t.pos_ == "NOUN" and t.tag_ == "NN" and t.lower_ in persons and analyse(t).name))]
    intros = [t for t in doc if t.dep_ == "nsubj" and t.pos_ == "NOUN" and t.tag_ == "NN" and t.lower_ in persons
              and t.i not in speakers_at and not _in_quotes(t.idx, qspans) and not any(a <= t.idx < b for a, b in contents)
              and (any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one") and c.i < t.i for c in t.children)
                   or _described_by_apposition(t))]
    resolved: dict[int, tuple] = {}
    for c in order:
        while notes and notes[0].idx < (c.pos if not c.context else c.start):
            note = notes.pop(0)
            tracker.note(analyse(note), note.idx)
        while intros and intros[0].idx < (c.pos if not c.context else c.start):
            intro = intros.pop(0)
            tracker.introduce(analyse(intro), intro.idx)
        key, mention_text, res = None, None, "unresolved"
        if c.ahead or c.pull:
            continue
        if c.context:
            # a comment set off on a claim ("..., a figure the FT said it could not verify")
            # is no attribution a following uncued quotation continues
            prior = [resolved[id(p)] + (p,) for p in order if resolved.get(id(p)) is not None and p.start < c.start
                     and not p.aside]
            if prior:
                k, mt, _, p = max(prior, key=lambda x: x[3].start)
                if k is not None:
                    key, mention_text, res = k, mt, "context"
        else:
            m = c.mention or (analyse(c.speaker) if c.speaker is not None else None)
            if m is not None:
                _apply_naming(doc, tracker, c, sents)
                own = registry().lookup(m.text) or (registry().lookup(m.name) if m.name else None)
                if own is not None and own["id"] in tracker.publishers and own["kind"] == "media" and not m.pronoun:
                    # "according to Meduza's estimate" in Meduza's own article: the
                    # publisher's own claim, no attribution (GUIDELINES)
                    resolved[id(c)] = None
                    continue
                ent, res = tracker.resolve(m, c.pos)
                if ent is not None:
                    key, mention_text = ent.key, m.text
                for conj in m.conjuncts:
                    tracker.resolve(conj, c.pos)
            for addressee in c.cited:
                am = analyse(addressee)
                entry = registry().lookup(am.text) or registry().lookup(am.name)
                if entry is not None and entry["id"] in tracker.publishers:
                    continue
                owner = next((x for x in addressee.children if x.dep_ == "poss"), None)
                owner_entry = registry().lookup(text[owner.left_edge.idx:owner.idx + len(owner.text)]) if owner is not None else None
                if owner_entry is not None and owner_entry["id"] in tracker.publishers:
                    continue  # "told RFE/RL's Ukrainian Service": the publisher's own service
                tracker.resolve(am, c.pos)
        if c.resolution and key is not None:
            res = c.resolution
        resolved[id(c)] = (key, mention_text, res)
        last_speaker = (key, mention_text)
    titles = [c for c in order if c.cue == ":"]
    for c in sorted((c for c in order if c.ahead), key=lambda c: -c.start):
        # a title's described speaker: the one a later copy of the same title (a key-points
        # list repeats entry titles) resolved to, else the first speaker the entry below
        # the title names
        line = _paragraph(text, c.start)
        same = next((p for p in titles if p.ahead and p.start > c.end and id(p) in resolved
                     and text[slice(*_paragraph(text, p.start))] == text[slice(*line)]), None)
        if same is not None:
            resolved[id(c)] = resolved[id(same)]
            continue
        nxt = [p for p in order if not p.ahead and not p.context and p.cue != ":" and p.start > c.end
               and text.count("\n", c.end, p.start) <= TITLE_REACH and (resolved.get(id(p)) or (None,))[0]]
        first = min(nxt, key=lambda p: p.start, default=None)
        resolved[id(c)] = (resolved[id(first)][0], resolved[id(first)][1], "context") if first else (None, None, "unresolved")
    for c in (c for c in order if c.pull):
        # a pull-quote heading is said by whoever says its words in a quotation below; a
        # heading nobody says ("Small groups" over a section) is a title, not a quote
        words = re.sub(r"\W+", " ", text[c.start:c.end]).strip().lower()
        said = next((p for p in sorted(uniq, key=lambda p: p.start) if p.start > c.end and not p.pull and resolved.get(id(p))
                     and p.type in ("direct", "mixed") and words in re.sub(r"\W+", " ", text[p.start:p.end]).lower()), None)
        resolved[id(c)] = (resolved[id(said)][0], resolved[id(said)][1], "context") if said is not None else None
    moved = tracker.merge_partial_names()
    for c in uniq:
        if resolved[id(c)] is None:
            continue
        key, mention_text, res = resolved[id(c)]
        key = moved.get(key, key)
        if key is None:
            res = "unresolved"
        quotes.append({
            "start": c.start, "end": c.end, "text": text[c.start:c.end], "type": c.type, "cue": c.cue,
            "speaker": key, "speaker_mention": mention_text if key else None, "speaker_resolution": res,
        })
    return {"quotes": quotes, "entities": tracker.output()}


def _described_by_apposition(t: Token) -> bool:
    """"The driver, a wiry man in a fleece hat, switches off the engine": a definite
    description the text goes on to describe with an indefinite apposition introduces a
    person as "a driver ..." would (the apposition may hang anywhere in the phrase, set
    off by commas or dashes)."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
        return False
    doc = t.doc
    for x in t.subtree:
        if x.dep_ == "appos" and x.i > t.i and x.left_edge.i > 0 and doc[x.left_edge.i - 1].text in (",", "–", "—") \
                and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in x.children):
            return True
    return False


def _apply_naming(doc: Doc, tracker: Tracker, c: Candidate, sents: Sentences) -> None:
    """Before resolving a speaker, name the most recent person if the text between the
    last attribution and this one gives a name ("He asked to be identified by his call
    sign, Phoenix")."""
    for k, sent in enumerate(sents.spans):
        if sent.end_char > c.pos:
            break
        if sent.end_char < c.pos - 1500:
            continue
        found, subj = sents.naming(k)
        if not found:
            continue
        name, (ns, ne) = found
        if subj is None or subj.pos_ != "PRON":
            continue
        if any(m["start"] == ns for e in tracker.entities.values() for m in e.mentions):
            continue  # a naming cue names one person: it has named someone already
        # the person last cited up to the pronoun that names them (that pronoun itself may
        # have cited them: "He gave his name as Petro. "You cannot drive ...""), not before
        # the sentence, which the parser may run together with the cue's
        ent = tracker._recent(lambda e: e.person and not e.plural and e.last <= subj.idx)
        if ent is None:
            continue
        if ent.anonymous or ent.name == ent.description or ent.kind == "anonymous":
            ent.aliases.add(ent.name)
            ent.name = name
            ent.kind = "person"
            ent.anonymous = False
        ent.aliases.add(name)
        tracker.cite(ent, ns, ne, ns)
