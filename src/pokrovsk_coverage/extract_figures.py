"""Stage 4b, extract figures: quantitative claims with value, unit, qualifier, measure, claimant.

Contract: ``extract_figures(doc, quoting) -> [ {start, end, text, value, value_max, unit,
qualifier, measure, claimant} ]`` where ``quoting`` is extract_quotes' result and
``claimant`` is one of its article-local entity keys (or None: the outlet's own voice).
Offsets are into ``doc.text``; ``text == doc.text[start:end]``; ``value`` is a float,
``value_max`` a float >= value or None, ``unit`` singular and normalised, ``qualifier``
one of schema.QUALIFIERS or None, ``measure`` a short non-empty noun phrase.

How a figure is read, left to right over the tokens of the one spaCy parse:
1. a number: digits ("60,000", "3.4", "2bn"), number words ("twenty", "three-"), a vague
   amount ("thousands", "a few hundred"), or "a"/"one" before a unit of measure ("for
   over a year"); scale words multiply it ("250 billion");
2. what is not a figure is dropped: years, dates, clock times, identifiers and names
   ("AS-90", "No. 3"), ordinals (never read as numbers), idioms ("number-one");
3. a range ("30 or 40", "10-15%", "three- or four-man", "between 10 and 15");
4. the unit: currency, a unit of measure (with rates and a parenthesised conversion, one
   figure), a hyphenated compound ("three-year", "four-man"), the counted noun from the
   parse ("35 buildings", "ten Russian ones" -> the noun "ones" stands for), an age
   ("Mykola, 76,"), a population ("a city of 60,000"), or the unit of an earlier count it
   elides ("of twenty fighters, only five remain");
5. the qualifier from the words before or after the number, the measure from the parse,
   the claimant from the quote or the attributed clause the number sits in.
Every word list and convention is data (``data/units.yaml``, ``data/figure_cues.yaml``).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from . import knowledge
from .speakers import text_of

NUMERAL = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
NUMERAL_WITH_SUFFIX = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$")
CURRENCY_CODES = ("USD", "EUR", "GBP", "UAH", "RUB", "CNY")


@dataclass(frozen=True)
class Reading:
    """A number read from the tokens ``[start, end)``; ``num`` is its main numeral token."""
    start: int
    end: int
    num: int
    value: float
    value_max: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    dim: str | None = None  # share | distance | area | mass | volume | time | money | count | age
    noun: int | None = None  # token index of the counted noun or unit word
    kind: str = "numeral"  # numeral | word | vague | article
    skip_to: int | None = None  # tokens after ``end`` consumed without being part of the figure
    elided: bool = False  # the unit comes from a noun written before ("of them", "they")


# ----------------------------------------------------------------------------- lexicon

def units() -> dict:
    return knowledge.load("units")


def cues() -> dict:
    return knowledge.load("figure_cues")


def _low(tok: Token) -> str:
    return tok.text.lower()


def _phrase_at(doc: Doc, i: int, phrases, max_len: int = 4) -> tuple[str, int] | None:
    """Longest phrase of ``phrases`` (lower case, space-joined tokens) starting at token i."""
    for n in range(min(max_len, len(doc) - i), 0, -1):
        words = " ".join(_low(t) for t in doc[i:i + n])
        if words in phrases:
            return words, i + n
    return None


def _phrase_before(doc: Doc, i: int, phrases, max_len: int = 3) -> tuple[str, int] | None:
    """Longest phrase of ``phrases`` ending just before token i; returns (phrase, its start)."""
    for n in range(min(max_len, i), 0, -1):
        words = " ".join(_low(t) for t in doc[i - n:i])
        if words in phrases:
            return words, i - n
    return None


def _glued(doc: Doc, i: int) -> bool:
    """Token i follows the previous token with no space ("three-year": "-" then "year")."""
    return i > 0 and doc[i - 1].whitespace_ == ""


# ----------------------------------------------------------------------------- numbers

def _numeral(text: str) -> float | None:
    m = NUMERAL.match(text)
    return float(text.replace(",", "")) if m else None


def _word_number(doc: Doc, i: int) -> tuple[float, int] | None:
    """Number words from token i ("twenty", "twenty-five", "two hundred", "three-")."""
    words = units()["number_words"]
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(doc):
        w = _low(doc[j]).rstrip("-")
        if w not in words or (w in ("hundred", "thousand", "million", "billion", "trillion") and not seen and w != "dozen"):
            if w == "-" and seen and j + 1 < len(doc) and _low(doc[j + 1]) in words and _glued(doc, j + 1) and words[_low(doc[j + 1])] < 10:
                j += 1
                continue
            break
        n = words[w]
        if n >= 1000:
            total, current = total + max(current, 1) * n, 0.0
        elif n == 100:
            current = max(current, 1) * n
        else:
            current += n
        seen = True
        j += 1
        if doc[j - 1].text.endswith("-"):
            break
    return (total + current, j) if seen else None


def _scale_after(doc: Doc, j: int) -> tuple[float, int]:
    scales = units()["scales"]
    if j < len(doc) and _low(doc[j]) in scales:
        return scales[_low(doc[j])], j + 1
    return 1.0, j


def _read_number(doc: Doc, i: int) -> Reading | None:
    """The number starting at token i, without unit or qualifier."""
    u = units()
    tok = doc[i]
    low = _low(tok)
    value = _numeral(tok.text)
    if value is not None:
        scale, j = _scale_after(doc, i + 1)
        return Reading(i, j, i, value * scale)
    m = NUMERAL_WITH_SUFFIX.match(low)
    if m and m.group(2) in u["scale_suffixes"]:
        return Reading(i, i + 1, i, float(m.group(1)) * u["scale_suffixes"][m.group(2)])
    vague = u["vague_amounts"]
    few = _phrase_at(doc, i, vague["few_words"], 3)
    if few:
        words, j = few
        if j < len(doc) and _low(doc[j]) in u["scales"]:
            rule = vague["few_words"][words]
            return Reading(i, j + 1, j, rule["factor"] * u["scales"][_low(doc[j])], qualifier=rule["qualifier"], kind="vague")
    if low in vague["tens_words"] and i + 2 < len(doc) and _low(doc[i + 1]) == "of" and _low(doc[i + 2]) in vague["plural_multipliers"]:
        return Reading(i, i + 3, i + 2, 10 * vague["plural_multipliers"][_low(doc[i + 2])], qualifier=vague["plural_qualifier"], kind="vague")
    if low in vague["plural_multipliers"]:
        value = vague["plural_multipliers"][low]
        j = i + 1
        if j + 1 < len(doc) and _low(doc[j]) == "of" and _low(doc[j + 1]) in vague["plural_multipliers"]:
            value *= vague["plural_multipliers"][_low(doc[j + 1])]
            j += 2
        return Reading(i, j, i, value, qualifier=vague["plural_qualifier"], kind="vague")
    if low in ("a", "an") and i + 1 < len(doc) and _low(doc[i + 1]) in ("dozen", "hundred", "thousand", "million", "billion"):
        scale, j = _scale_after(doc, i + 2)
        return Reading(i, j, i + 1, u["number_words"][_low(doc[i + 1])] * scale, kind="word")
    if low == "half":
        return _read_half(doc, i)
    share = _fraction_of(doc, i)
    if share:
        return share
    if low in u["article_words"]:
        return Reading(i, i + 1, i, 1.0, kind="article")
    groups = u["group_size_words"]
    if low in groups:
        # "in twos and threes", "ones or twos", "in threes": group sizes
        if i + 2 < len(doc) and _low(doc[i + 1]) in ("and", "or") and groups.get(_low(doc[i + 2]), 0) > groups[low]:
            return Reading(i, i + 3, i, float(groups[low]), value_max=float(groups[_low(doc[i + 2])]), kind="word")
        if i > 0 and _low(doc[i - 1]) == "in":
            return Reading(i, i + 1, i, float(groups[low]), kind="word")
        return None
    words = _word_number(doc, i)
    if words:
        value, j = words
        scale, j = _scale_after(doc, j)
        return Reading(i, j, i, value * scale, kind="word")
    return None


def _share(n: float, denominator: int) -> float:
    return round(100.0 * n / denominator, 1)


def _fraction_of(doc: Doc, i: int) -> Reading | None:
    """ "a third of the attacks", "one quarter of": a share in percent (the ordinal "a
    third attempt" has no "of" after it)."""
    dens = units()["fraction_denominators"]
    if _low(doc[i]) not in ("a", "an", "one") or i + 2 >= len(doc):
        return None
    unit = _unit_word(doc, i + 1)
    if unit is None or unit[0] not in dens or unit[0] == "half" or _low(doc[unit[2]]) != "of":
        return None
    return Reading(i, unit[2], i + 1, _share(1, dens[unit[0]]), unit="percent", dim="share", kind="fraction")


def _read_half(doc: Doc, i: int) -> Reading | None:
    """ "half a dozen" (6), "half an hour" (0.5 hour), and "half" as a share: "half of",
    "half the city", "at half strength" (50 percent); not "the first half", "a half" or
    "half-hearted"."""
    u = units()
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is None or (nxt.text in ("-", "–") and _glued(doc, i + 1)) or doc[i].whitespace_ == "":
        return None
    before = _low(doc[i - 1]) if i > 0 else ""
    if before in u["half_not_after"] or (i > 0 and doc[i - 1].like_num):
        return None
    if _low(nxt) in ("a", "an") and i + 2 < len(doc):
        third = _low(doc[i + 2])
        if third in ("dozen", "hundred", "thousand", "million", "billion"):
            scale, j = _scale_after(doc, i + 3)
            return Reading(i, j, i + 2, 0.5 * u["number_words"][third] * scale, kind="word")
        unit = _unit_word(doc, i + 2)
        if unit and unit[1] == "time":
            return Reading(i, i + 2, i, 0.5, kind="word")
    share = _share(1, u["fraction_denominators"]["half"])
    if _low(nxt) == "of" or nxt.pos_ == "DET" and _low(nxt) not in ("a", "an") or nxt.dep_ == "poss":
        head = doc[i].head
        noun = head.i if head.pos_ == "NOUN" and head.i > i + 1 else None
        return Reading(i, i + 1, i, share, unit="percent", dim="share", kind="fraction", noun=noun)
    if nxt.pos_ == "NOUN" and nxt.tag_ == "NN" and _unit_word(doc, i + 1) is None:
        return Reading(i, i + 2, i, share, unit="percent", dim="share", kind="fraction", noun=i + 1)
    return None


# ----------------------------------------------------------------------------- not figures

def _is_year(doc: Doc, r: Reading) -> bool:
    lo, hi = cues()["year_range"]
    tok = doc[r.num]
    if not (tok.text.isdigit() and len(tok.text) == 4 and lo <= r.value <= hi):
        return False
    nxt = doc[r.end] if r.end < len(doc) else None
    return not (nxt is not None and nxt.tag_ == "NNS")


def _near_month(doc: Doc, i: int) -> bool:
    months = cues()["months"]
    for k in (i - 1, i - 2, i + 1):
        if 0 <= k < len(doc) and _low(doc[k]).rstrip(".") in months and doc[k].text[:1].isupper():
            between = doc[min(k, i) + 1:max(k, i)]
            if all(t.text in (".", ",") for t in between):
                return True
    return False


def _is_clock_time(doc: Doc, r: Reading) -> bool:
    nxt = _low(doc[r.end]) if r.end < len(doc) else ""
    return nxt in cues()["time_suffixes"]


def _in_name(doc: Doc, i: int) -> bool:
    """Part of a designation: glued to letters by a hyphen ("AS-90"), after an identifier
    word ("No. 3"), or inside a name entity that does not start with it."""
    tok = doc[i]
    text = text_of(doc)
    if tok.idx >= 2 and text[tok.idx - 1] == "-" and text[tok.idx - 2].isalpha():
        return True
    if i > 0 and _low(doc[i - 1]) in cues()["identifier_words"] and doc[i - 1].text[:1].isupper():
        return True
    return bool(tok.ent_type_ in cues()["name_entity_labels"] and tok.ent_iob_ == "I"
                and any(t.is_alpha and t.text[:1].isupper() for t in doc[i - 1:i]))


def _in_idiom(doc: Doc, i: int) -> bool:
    idioms = cues()["idioms"]
    for n_before in range(0, 3):
        for n_after in range(0, 3):
            lo, hi = i - n_before, i + 1 + n_after
            if lo < 0 or hi > len(doc):
                continue
            span = doc[lo:hi]
            joined = "".join(t.text_with_ws for t in span).strip().lower()
            if joined in idioms or " ".join(_low(t) for t in span) in idioms:
                return True
    return False


def _in_title(doc: Doc, r: Reading) -> bool:
    """A capitalised number word that starts a capitalised name ("Two Majors", "Three
    Seas Initiative"): the next word is a capitalised proper noun that is no nationality,
    and no lower-case noun follows the name (" Three Kharkiv residents" counts)."""
    tok = doc[r.num]
    if not tok.text[:1].isupper() or r.end >= len(doc):
        return False
    k = r.end
    nxt = doc[k]
    if not (nxt.text[:1].isupper() and nxt.pos_ == "PROPN" and nxt.ent_type_ != "NORP" and _low(nxt) not in units()["nationals"]):
        return False
    while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper():
        k += 1
    return not (k < len(doc) and doc[k].pos_ == "NOUN" and doc[k].text[:1].islower())


def _definite_reference(doc: Doc, r: Reading) -> bool:
    """A small number word between "the"/"those" and a bare plural noun ("the two towns")
    refers back to things already named."""
    cfg = cues()["definite_reference"]
    if r.kind != "word" or r.value > cfg["max_value"] or r.start == 0 or r.end >= len(doc):
        return False
    nxt = doc[r.end]
    return _low(doc[r.start - 1]) in cfg["determiners"] and nxt.tag_ == "NNS" and nxt.dep_ != "compound"


def _document_compound(doc: Doc, r: Reading) -> bool:
    """ "28-point plan": a hyphenated number of points naming a document."""
    cfg = cues()["document_compounds"]
    if r.noun is None or r.noun != r.end - 1 or _canonical_noun(doc[r.noun]) not in cfg["units"]:
        return False
    if not (r.noun >= 2 and doc[r.noun - 1].text in ("-", "–") and _glued(doc, r.noun)):
        return False
    return any(_low(t) in cfg["nouns"] for t in doc[r.end : r.end + 3])


def _not_a_figure(doc: Doc, r: Reading) -> bool:
    if r.kind == "numeral":
        return _is_year(doc, r) or _near_month(doc, r.num) or _is_clock_time(doc, r) or _in_name(doc, r.num)
    if r.kind in ("word", "article"):
        return _in_idiom(doc, r.num) or _in_title(doc, r) or _definite_reference(doc, r)
    return False


# ----------------------------------------------------------------------------- ranges

def _read_range(doc: Doc, r: Reading) -> Reading:
    c = cues()
    j = r.end
    first_glued_hyphen = doc[r.end - 1].text.endswith("-") and len(doc[r.end - 1].text) > 1
    if r.start > 0 and _low(doc[r.start - 1]) == c["range_open"] and j < len(doc) and _low(doc[j]) == c["range_close"]:
        second = _read_number(doc, j + 1) if j + 1 < len(doc) else None
        if second and second.kind != "article" and second.value > r.value:
            return replace(r, end=second.end, value_max=second.value)
    if j < len(doc) and (_low(doc[j]) in c["range_links"] or first_glued_hyphen and _low(doc[j]) in c["suspended_hyphen_links"]):
        link = _low(doc[j])
        if link == "to" and r.start > 0 and _low(doc[r.start - 1]) == "from":
            return r
        if j + 1 < len(doc):
            second = _read_number(doc, j + 1)
            if second and second.kind not in ("article", "vague") and second.value > r.value and not _not_a_figure(doc, second):
                if link in ("-", "–", "—") and not (_glued(doc, j) and _glued(doc, j + 1)):
                    return r
                return replace(r, end=second.end, value_max=second.value, num=r.num)
    return r


def _half(doc: Doc, j: int) -> int | None:
    hit = _phrase_at(doc, j, units()["half_words"], 3)
    return hit[1] if hit else None


# ----------------------------------------------------------------------------- units

def _currency_word(doc: Doc, j: int) -> tuple[str, int] | None:
    words = units()["currencies"]["words"]
    hit = _phrase_at(doc, j, words, 2)
    return (words[hit[0]], hit[1]) if hit else None


def _unit_word(doc: Doc, j: int) -> tuple[str, str, int] | None:
    table = units()["units"]
    hit = _phrase_at(doc, j, table, 3)
    if hit:
        canon, dim = table[hit[0]]
        return canon, dim, hit[1]
    return None


def _canonical_noun(tok: Token) -> str:
    u = units()
    count_nouns = u["count_nouns"]
    low = _low(tok)
    if low in u["nationals"]:
        # "eight to ten Russians" in a sentence about a battalion are soldiers
        military = set(u["military_context"])
        return "soldier" if any(t.lower_ in military for t in tok.sent) else "person"
    if low in count_nouns:
        return count_nouns[low]
    lemma = tok.lemma_.lower()
    if lemma in count_nouns:
        return count_nouns[lemma]
    unit = units()["units"].get(low) or units()["units"].get(lemma)
    return unit[0] if unit else lemma


def _noun_unit(doc: Doc, noun: int, first: int) -> str:
    """Singular unit of a counted noun with the noun compounds right before it."""
    head = doc[noun]
    base = _canonical_noun(head)
    if base != head.lemma_.lower() and base != _low(head):
        return base
    k = noun
    while k - 1 >= first and doc[k - 1].pos_ == "NOUN" and doc[k - 1].dep_ in ("compound", "amod", "nmod") \
            and not doc[k - 1].text.startswith("-") and not (k - 1 > 0 and text_of(doc)[doc[k - 1].idx - 1:doc[k - 1].idx] == "-"):
        k -= 1
    return " ".join([t.lower_ for t in doc[k:noun]] + [base])


STAND_IN_NOUNS = ("one", "ones", "other", "others")


def _antecedent(doc: Doc, before: int) -> int | None:
    """The noun that "ones"/"others" stands for: the nearest earlier noun in the sentence."""
    sent_start = doc[before].sent.start
    for k in range(before - 1, sent_start - 1, -1):
        if doc[k].pos_ == "NOUN" and doc[k].lemma_.lower() not in STAND_IN_NOUNS:
            return k
    return None


PLURAL_PRONOUNS = ("they", "them", "those")
ANTECEDENT_DEPS = ("nsubj", "nsubjpass", "dobj", "attr", "appos")


def _is_plural_count(tok: Token) -> bool:
    """A plural noun ("troops", "Russians") or a collective one that counts people
    ("infantry", "personnel"), not a unit of measure."""
    if _unit_word(tok.doc, tok.i) is not None or tok.like_num or _low(tok) in units()["group_size_words"]:
        return False
    if tok.pos_ == "NOUN" and tok.tag_ == "NNS":
        return True
    if tok.pos_ == "PROPN" and tok.tag_ == "NNPS" and tok.ent_type_ == "NORP":
        return True
    return tok.pos_ == "NOUN" and _low(tok) in units()["count_nouns"]


def _pronoun_antecedent(doc: Doc, before: int, sentences: int = 3) -> int | None:
    """The plural noun "they"/"of them" stands for: the latest plural subject or object
    in this and the previous sentences (nouns inside prepositional phrases are places
    and circumstances: "hiding in basements")."""
    lo = doc[before].sent.start
    for _ in range(sentences):
        if lo > 0:
            lo = doc[lo - 1].sent.start
    for k in range(before - 1, lo - 1, -1):
        t = doc[k]
        role = t
        while role.dep_ == "conj" and role.head is not role:
            role = role.head  # "buildings and basements" share the role of the first
        if role.dep_ in ANTECEDENT_DEPS and _is_plural_count(t) and t.lemma_.lower() not in STAND_IN_NOUNS:
            members = _pp_object(t, ("of",))
            # "small groups of two or three men": they are the men, not the groups
            return members.i if members is not None and _is_plural_count(members) else k
    return None


def _is_counted(tok: Token) -> bool:
    """A noun a number can count: common nouns and plural nationality nouns ("Russians")."""
    return tok.pos_ == "NOUN" or tok.pos_ == "PROPN" and tok.tag_ == "NNPS" and _low(tok) in units()["nationals"]


MODIFIER_POS = {"ADJ", "PROPN", "VERB", "ADV", "PUNCT", "NUM"}


def _counted_noun(doc: Doc, r: Reading, j: int) -> int | None:
    """Token index of the noun the number counts, reading right from token j."""
    num = doc[r.num]
    head = num.head
    sent_end = num.sent.end
    if r.kind != "vague" and num.dep_ in ("nummod", "quantmod", "compound") and _is_counted(head) and j <= head.i <= j + 5 \
            and all(t.pos_ in MODIFIER_POS | {"NOUN"} for t in doc[j:head.i]):
        noun = head.i
    else:
        noun = None
        for k in range(j, min(j + 6, sent_end)):
            t = doc[k]
            if _is_counted(t):
                noun = k
                if k + 1 < sent_end and doc[k + 1].pos_ == "NOUN" and doc[k + 1].dep_ != "conj":
                    continue
                break
            if t.pos_ not in MODIFIER_POS or t.text in (",", ";", ":", "(", ")") or t.pos_ == "NUM" and t.like_num:
                break
            if t.pos_ == "ADV" and k == j:
                break
        if noun is not None and doc[noun].tag_ == "NN" and r.value != 1 and doc[noun].lemma_ not in ("one",):
            # a singular noun after a plural number is the thing described, not counted
            # ("60,000 strong garrison") unless it is a collective such as "personnel"
            if _low(doc[noun]) not in units()["count_nouns"]:
                noun = None
    if noun is not None and doc[noun].lemma_.lower() in STAND_IN_NOUNS:
        return _antecedent(doc, r.start)
    return noun


def _of_phrase(doc: Doc, j: int) -> tuple[str, int | None]:
    """After "of": ("pronoun", None) for "of them", ("noun", index) for "of the soldiers"."""
    if j + 1 >= len(doc) or _low(doc[j]) != "of":
        return "none", None
    k = j + 1
    if doc[k].pos_ == "PRON" and doc[k].dep_ != "poss":
        return "pronoun", None
    while k < len(doc) and doc[k].pos_ in ("DET", "PRON", "ADJ", "PROPN", "VERB", "NUM", "PUNCT") and k < j + 6:
        if doc[k].text in (",", ";", "(", ")"):
            return "none", None
        k += 1
    if k < len(doc) and doc[k].pos_ == "NOUN":
        while k + 1 < len(doc) and doc[k + 1].pos_ == "NOUN" and doc[k + 1].dep_ != "conj":
            k += 1
        return "noun", k
    return "none", None


def _is_age(doc: Doc, r: Reading) -> bool:
    """ "Mykola, 76, ...": a bare number in commas after a name."""
    i, j = r.start, r.end
    if r.kind != "numeral" or i < 2 or doc[i - 1].text != ",":
        return False
    before = doc[i - 2]
    after = doc[j].text if j < len(doc) else ""
    return (before.ent_type_ == "PERSON" or before.pos_ == "PROPN") and after in (",", ")", ".", ";") and 0 < r.value < 120


def _rate(doc: Doc, j: int) -> tuple[str, int] | None:
    """ "per day", "a barrel", "/kg", "versus the euro": the denominator of a rate."""
    if j >= len(doc):
        return None
    low = _low(doc[j])
    k = None
    if low in ("per", "a", "an", "/") and j + 1 < len(doc):
        k = j + 1
    elif low in ("versus", "against", "vs", "vs.") and j + 1 < len(doc):
        k = j + 2 if _low(doc[j + 1]) == "the" else j + 1
    elif low == "to" and j + 2 < len(doc) and _low(doc[j + 1]) == "the":
        k = j + 2
    if k is None or k >= len(doc):
        return None
    cur = _currency_word(doc, k)
    if cur:
        return cur[0], cur[1]
    if low in ("versus", "against", "vs", "vs.", "to"):
        return None
    unit = _unit_word(doc, k)
    if unit:
        return unit[0], unit[2]
    if doc[k].pos_ == "NOUN":
        return _canonical_noun(doc[k]), k + 1
    return None


def _quoted_rate(doc: Doc, r: Reading, j: int) -> tuple[str, int] | None:
    """ "the rouble weakened past 100 per dollar": an exchange rate quoted without its
    numerator; the currency is the subject of the sentence's verb."""
    rate = _rate(doc, j)
    if rate is None or rate[0] not in units()["currencies"]["words"].values():
        return None
    verb = next((a for a in doc[r.num].ancestors if a.pos_ == "VERB"), None)
    subj = _subject(verb)
    cur = _currency_word(doc, subj.i) if subj is not None else None
    return (f"{cur[0]} per {rate[0]}", rate[1]) if cur else None


def _conversion(doc: Doc, j: int) -> int | None:
    """End of a parenthesised conversion "(3 miles)", "($3.0 billion)" right after j."""
    if j >= len(doc) or doc[j].text != "(":
        return None
    for k in range(j + 1, min(j + 8, len(doc))):
        if doc[k].text == ")":
            inner = doc[j + 1:k]
            if any(_numeral(t.text) is not None or NUMERAL_WITH_SUFFIX.match(t.lower_) for t in inner):
                return k + 1
            return None
    return None


def _read_unit(doc: Doc, r: Reading, currency: str | None) -> Reading:
    """Attach unit, conversion, rate and "and a half" to a number (with its range)."""
    j = r.end
    if currency is None and j < len(doc):
        cur = _currency_word(doc, j)
        if cur:
            currency, j = cur
    if currency:
        r = replace(r, unit=currency, dim="money", end=j, noun=None)
    else:
        hyphen = j + 1 < len(doc) and doc[j].text in ("-", "–") and _glued(doc, j) and _glued(doc, j + 1)
        trailing = doc[r.end - 1].text.endswith("-") and len(doc[r.end - 1].text) > 1
        k = j + 1 if hyphen else j
        # a unit glued to its number ("50km", "10%") unless it is a scale suffix ("5m")
        glued_ok = not _glued(doc, k) or doc[k].text == "%" or _low(doc[k]) not in units()["scale_suffixes"] if k < len(doc) else False
        unit = _unit_word(doc, k) if k < len(doc) and (hyphen or trailing or glued_ok) else None
        if unit:
            r = replace(r, unit=unit[0], dim=unit[1], end=unit[2], noun=k)
            dens = units()["fraction_denominators"]
            if unit[1] == "share" and unit[0] in dens and r.kind != "article":
                # "two-thirds of the city", "three quarters": a share in percent
                r = replace(r, value=_share(r.value, dens[unit[0]]), unit="percent",
                            value_max=_share(r.value_max, dens[unit[0]]) if r.value_max is not None else None)
        elif hyphen and doc[k].pos_ in ("NOUN", "PROPN", "ADJ", "VERB"):
            r = replace(r, unit=_canonical_noun(doc[k]), dim="count", end=k + 1, noun=k)
        elif trailing:
            return r
        elif _quoted_rate(doc, r, j):
            unit, end = _quoted_rate(doc, r, j)
            return replace(r, unit=unit, dim="money", end=end)
        else:
            return _read_counted(doc, r, j)
        if hyphen or trailing:
            # "three-year-long", "five-year-old": the suffix belongs to the same word
            e = r.end
            if e + 1 < len(doc) and doc[e].text == "-" and _glued(doc, e) and _glued(doc, e + 1):
                r = replace(r, end=e + 2, dim="age" if _low(doc[e + 1]) == "old" else r.dim)
    end = _half(doc, r.end)
    if end and r.value == int(r.value):
        r = replace(r, value=r.value + 0.5, end=end)
    if r.dim not in ("time", "count", "share"):
        rate = _rate(doc, r.end)
        if rate:
            r = replace(r, unit=f"{r.unit} per {rate[0]}", end=rate[1])
        elif r.end + 2 < len(doc) and _low(doc[r.end]) == "of" and doc[r.end + 1].pos_ == "NOUN":
            rate = _rate(doc, r.end + 2)
            if rate:
                r = replace(r, unit=f"{r.unit} per {rate[0]}", end=rate[1])
    conv = _conversion(doc, r.end)
    if conv:
        r = replace(r, end=conv)
    return _or_upper(doc, r)


def _or_upper(doc: Doc, r: Reading) -> Reading:
    """ "a month and a half or two": an upper bound in the same unit after the unit."""
    j = r.end
    if r.value_max is None and j + 1 < len(doc) and _low(doc[j]) == "or":
        second = _read_number(doc, j + 1)
        if second and second.kind in ("numeral", "word") and second.value > r.value and \
                not (second.end < len(doc) and doc[second.end].pos_ == "NOUN"):
            return replace(r, value_max=second.value, end=second.end)
    return r


def _read_counted(doc: Doc, r: Reading, j: int) -> Reading:
    kind, noun = _of_phrase(doc, j)
    if kind == "pronoun":
        # "20 of them": the pronoun's antecedent is what is counted
        r = replace(r, unit=None, dim="count", end=j + 2)
        if _low(doc[j + 1]) in PLURAL_PRONOUNS:
            ante = _pronoun_antecedent(doc, j + 1)
            if ante is not None:
                return replace(r, unit=_noun_unit(doc, ante, doc[ante].sent.start), noun=ante, elided=True)
        return r
    if kind == "noun":
        unit = _unit_word(doc, noun)
        if unit:
            return replace(r, unit=unit[0], dim=unit[1], noun=noun)
        return replace(r, unit=_noun_unit(doc, noun, j + 1), dim="count", noun=noun)
    noun = _counted_noun(doc, r, j)
    if noun is None:
        if _is_age(doc, r):
            return replace(r, unit="year", dim="age")
        return replace(r, unit=None, dim="count")
    r = replace(r, unit=_noun_unit(doc, noun, j), dim="count", noun=noun)
    if noun >= j and noun - j <= 5:
        r = replace(r, end=noun + 1)
    return r


def _rate_of_count(doc: Doc, r: Reading) -> Reading:
    """ "25 civilians a day": the "a day" is consumed so it is not read as a figure."""
    j = r.end
    if j + 1 < len(doc) and _low(doc[j]) in ("a", "an", "per") and _unit_word(doc, j + 1):
        return replace(r, skip_to=_unit_word(doc, j + 1)[2])
    return r


# ----------------------------------------------------------------------------- qualifiers

def _qualifier(doc: Doc, r: Reading) -> Reading:
    c = cues()
    hit = _phrase_before(doc, r.start, c["qualifiers_before"])
    if hit:
        words, at = hit
        first = doc[at]
        ambiguous = words in c["ambiguous_qualifiers"]
        is_prep = first.dep_ == "prep" and not (at > 0 and doc[at - 1].pos_ == "ADP")
        if not (ambiguous and is_prep):
            return replace(r, qualifier=c["qualifiers_before"][words])
    after = _phrase_at(doc, r.end, c["qualifiers_after"], 2)
    if after:
        return replace(r, qualifier=c["qualifiers_after"][after[0]], end=after[1])
    return r


# ----------------------------------------------------------------------------- reading

def _read_at(doc: Doc, i: int) -> Reading | None:
    u = units()
    currency = None
    j = i
    sym = u["currencies"]["symbols"]
    if doc[i].text in sym and i + 1 < len(doc):
        currency, j = sym[doc[i].text], i + 1
    elif doc[i].text in CURRENCY_CODES and i + 1 < len(doc) and _numeral(doc[i + 1].text) is not None:
        currency, j = doc[i].text, i + 1
    r = _read_number(doc, j)
    if r is None:
        return None
    r = replace(r, start=i)
    if currency and r.kind not in ("numeral", "word"):
        return None
    suffixes = u["scale_suffixes"]
    if currency and r.end == r.num + 1 and r.end < len(doc) and _glued(doc, r.end) \
            and _low(doc[r.end]).rstrip(".") in suffixes:
        # "£5m" split by the tokenizer ("m." at the end of a sentence): after a currency
        # the suffix is a scale, not metres
        r = replace(r, value=r.value * suffixes[_low(doc[r.end]).rstrip(".")], end=r.end + 1)
    if _not_a_figure(doc, r):
        return replace(r, value=float("nan"))
    if r.kind == "fraction":
        return _qualifier(doc, r)
    r = _read_range(doc, r)
    if r.kind not in ("article",):
        end = _half(doc, r.end)
        if end and r.value == int(r.value) and r.value_max is None:
            r = replace(r, value=r.value + 0.5, end=end)
    r = _read_unit(doc, r, currency)
    if _document_compound(doc, r):
        return replace(r, value=float("nan"))
    if r.kind == "article" and not _article_counts(doc, r):
        return None
    if r.dim == "count":
        r = _rate_of_count(doc, r)
    return _qualifier(doc, r)


def _article_counts(doc: Doc, r: Reading) -> bool:
    """ "a"/"an"/"one" is the number 1 only before a unit of measure, not after a period
    word ("the past year", "once a week") or after a count ("25 civilians a day")."""
    c = cues()
    if r.unit not in units()["article_units"] or r.noun is None or r.noun != r.start + 1:
        return False
    if r.start > 0:
        prev = doc[r.start - 1]
        if _low(prev) in c["period_words"] or prev.like_num or prev.pos_ in ("NOUN", "PROPN", "NUM"):
            return False
    return not _in_idiom(doc, r.num)


@functools.lru_cache(maxsize=None)
def _starters() -> frozenset[str]:
    """Every lower-case token text other than a numeral that ``_read_at`` can begin a
    reading with: the union of the words its branches test first."""
    u = units()
    vague = u["vague_amounts"]
    return frozenset({
        *(s.lower() for s in u["currencies"]["symbols"]), *(c.lower() for c in CURRENCY_CODES),
        *(phrase.split(" ")[0] for phrase in vague["few_words"]), *vague["tens_words"],
        *vague["plural_multipliers"], "a", "an", "one", "half", *u["article_words"],
        *u["group_size_words"],
    })


def _may_start(tok: Token) -> bool:
    # Most tokens are words no reading can begin with; turning them away here keeps the
    # reader from building phrases at every token of the article.
    low = _low(tok)
    return low[:1].isdigit() or low in _starters() or low.rstrip("-") in units()["number_words"]


def _readings(doc: Doc) -> list[Reading]:
    found, i = [], 0
    while i < len(doc):
        r = _read_at(doc, i) if _may_start(doc[i]) else None
        if r is None:
            i += 1
            continue
        if r.value == r.value:  # NaN marks a number that is not a figure: skip its tokens
            found.append(r)
        i = max(r.skip_to or r.end, i + 1)
    return found


# ----------------------------------------------------------------------------- elided units

def _implicit_unit(doc: Doc, r: Reading) -> tuple[str, int] | None:
    """A bare number whose unit the phrase implies: "a population of 60,000" (person)."""
    heads = units()["implicit_units"]
    num = doc[r.num]
    if num.head.lemma_ == "of" and num.head.head.lemma_.lower() in heads:
        return heads[num.head.head.lemma_.lower()], num.head.head.i
    for anc in [num.head, *num.head.ancestors][:4]:
        for child in anc.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in heads and child.i < num.i:
                return heads[child.lemma_.lower()], child.i
        if anc.pos_ == "VERB":
            break
    return None


def _paragraph_of(doc: Doc, i: int) -> int:
    return text_of(doc).count("\n\n", 0, doc[i].idx)


def _subject_unit(doc: Doc, r: Reading) -> tuple[str, int] | None:
    num = doc[r.num]
    verb = next((a for a in [num.head, *num.head.ancestors] if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and _low(subj) in PLURAL_PRONOUNS:
        # "They come in twos and threes": what "they" stands for
        ante = _pronoun_antecedent(doc, subj.i)
        return (_noun_unit(doc, ante, doc[ante].sent.start), ante) if ante is not None else None
    if subj is not None and (subj.tag_ in ("NNS", "NNPS") or _is_plural_count(subj)):
        return _canonical_noun(subj), subj.i
    return None


def _label_unit(doc: Doc, r: Reading) -> tuple[str, int] | None:
    """Digest lists: "Tanks: 11,339 (+4)", "artillery systems – 34,210"."""
    if r.start >= 2 and doc[r.start - 1].text in (":", "–", "—", "-") and doc[r.start - 2].pos_ in ("NOUN", "PROPN") \
            and not _glued(doc, r.start):
        noun = r.start - 2
        if doc[r.start - 1].text != ":" and doc[noun].dep_ == "pobj":
            return None  # "advancing in small groups - a few hundred at a time": an aside, not a label
        first = noun
        while first - 1 >= 0 and doc[first - 1].pos_ in ("NOUN", "ADJ") and doc[first - 1].text not in (",", ";"):
            first -= 1
        return _noun_unit(doc, noun, first), noun
    return None


def _level_subject_unit(doc: Doc, r: Reading) -> tuple[str, int] | None:
    """ "casualties rose to 500": the number is the new level of the plural subject."""
    num = doc[r.num]
    if num.dep_ == "pobj" and num.head.lower_ in ("to", "at") and num.head.head.pos_ == "VERB":
        subj = _subject(num.head.head)
        if subj is not None and subj.tag_ in ("NNS", "NNPS"):
            return _canonical_noun(subj), subj.i
    return None


def _resolve_units(doc: Doc, readings: list[Reading]) -> list[Reading]:
    """Bare counts take the unit the text implies or the unit of the count they elide."""
    out = []
    for r in readings:
        if r.unit is None:
            found = _implicit_unit(doc, r) or _label_unit(doc, r) or _level_subject_unit(doc, r)
            if found is None:
                sent = doc[r.num].sent
                near = (sent, _previous_sentence(doc, sent))
                same = [p for p in out if p.dim == "count" and p.unit and p.noun is not None
                        and (p.noun >= p.start or p.elided and doc[p.num].sent == sent)
                        and _paragraph_of(doc, p.num) == _paragraph_of(doc, r.num) and doc[p.num].sent in near]
                found = (same[-1].unit, same[-1].noun) if same else None
            found = found or _subject_unit(doc, r)
            r = replace(r, unit=found[0], noun=found[1], elided=found[1] < r.start) if found else replace(r, unit="count")
        out.append(r)
    return out


def _previous_sentence(doc: Doc, sent: Span) -> Span | None:
    return doc[sent.start - 1].sent if sent.start > 0 else None


# ----------------------------------------------------------------------------- measure

def _np(tok: Token, skip: range = range(0)) -> str:
    """The noun phrase of tok as a label: the adjectives and noun compounds written right
    before it, without determiners, possessives, numbers, hedges or the tokens in ``skip``
    ("pre-war population", "oil revenues")."""
    hedges = {w for q in cues()["qualifiers_before"] for w in q.split()} | {"more", "fewer", "less", "other"}
    hedges |= set(units()["number_words"])
    allowed = set()
    for t in tok.lefts:
        if t.dep_ in ("amod", "compound", "nmod") and t.pos_ not in ("NUM", "DET", "PRON") and not t.like_num and t.tag_ != "POS":
            allowed |= {w.i for w in t.subtree}
    words, k = [], tok.i - 1
    while k >= 0 and k in allowed and k not in skip:
        w = tok.doc[k]
        if w.pos_ in ("NUM", "DET", "PRON", "CCONJ") or w.lower_ in hedges or w.dep_ in ("poss", "case", "cc"):
            break
        words.insert(0, w)
        k -= 1
    phrase = "".join(w.text_with_ws for w in words).strip()
    phrase = re.sub(r"\s*-\s*", "-", phrase).strip("-")
    label = re.sub(r"\s+", " ", f"{phrase} {tok.text}").strip()
    first = words[0] if words else tok
    return label[:1].lower() + label[1:] if first.is_sent_start and first.pos_ != "PROPN" else label


def _pp_object(tok: Token, preps: tuple[str, ...]) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _top(doc: Doc, r: Reading) -> Token:
    """The token of the figure's span that the rest of the sentence attaches to."""
    span = doc[r.start:r.end]
    tops = [t for t in span if not (r.start <= t.head.i < r.end) or t.head is t]
    return tops[0] if tops else doc[r.num]


def _verb_of(tok: Token) -> Token | None:
    """The verb tok is subject or object of, directly or through "of"/a conjunction."""
    t = tok
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ == "VERB":
        return t.head.head
    if t.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "npadvmod", "obj") and t.head.pos_ == "VERB":
        return t.head
    return None


def _subject(verb: Token | None) -> Token | None:
    if verb is None:
        return None
    subj = next((t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    return subj


def _verb_label(verb: Token) -> str:
    if verb.lemma_.lower() in cues()["light_verbs"]:
        return ""
    particle = "".join(" " + t.text for t in verb.children if t.dep_ == "prt")
    return f"{verb.text}{particle}" if verb.tag_ in ("VBN", "VBD") else f"({verb.lemma_}{particle})"


def _change_label(doc: Doc, r: Reading, verb: Token | None) -> str | None:
    """A figure after a verb of change measures the change of what changes (the object of
    "cut", the subject of "fell"), or its new level after "to"/"at"."""
    c = cues()
    if verb is None or verb.lemma_.lower() not in c["change_verbs"] + c["level_verbs"]:
        return None
    obj = next((t for t in verb.children if t.dep_ == "dobj" and not (r.start <= t.i < r.end) and t.pos_ == "NOUN"), None)
    subj = obj if obj is not None else _subject(verb)
    of = _np(subj) if subj is not None and subj.pos_ not in ("PRON", "NUM") else None
    before = doc[r.start - 1].lower_ if r.start > 0 else ""
    if before in ("to", "at") or verb.lemma_.lower() in c["level_verbs"]:
        return f"level of {of}" if of else "level"
    return f"change in {of}" if of else f"change {_verb_label(verb)}".strip()


def _measure(doc: Doc, r: Reading) -> str:
    c = cues()
    top = _top(doc, r)
    own = range(r.start, r.end)
    verb = _verb_of(top) or next((a for a in top.ancestors if a.pos_ == "VERB"), None)
    noun = doc[r.noun] if r.noun is not None else None
    if r.dim == "age":
        return "age"
    if noun is None or r.dim == "money":
        if top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.pos_ == "NOUN" and top.head.head.i < top.i:
            return _np(top.head.head)
    if r.dim == "share":
        of = _pp_object(top, ("of",))
        if of is not None:
            return f"share of {_np(of)}"
        if noun is not None and r.kind == "fraction":
            return f"share of {_np(noun, own)}"
        return _change_label(doc, r, verb) or "share"
    if r.dim == "time":
        if top.dep_ in ("compound", "amod", "nmod", "npadvmod") and top.head.pos_ == "NOUN" and top.head.i >= r.end:
            return f"duration of {_np(top.head, own)}"
        of = _pp_object(top, ("of",))
        if of is not None and of.pos_ == "NOUN":
            return f"duration of {_np(of)}"
        if r.end < len(doc) and doc[r.end].lower_ == "ago":
            return "time elapsed"
        if r.start > 0 and doc[r.start - 1].lower_ in c["period_words"]:
            return "period"
        v = next((a for a in top.ancestors if a.pos_ in ("VERB", "AUX") and a.lemma_ not in c["light_verbs"]), None)
        return f"duration ({v.lemma_})" if v is not None else "duration"
    if r.dim == "distance":
        if verb is not None and verb.lemma_.lower() in c["movement_verbs"]:
            return "advance"
        for t in doc[r.end:min(r.end + 6, top.sent.end)]:
            if t.lower_ in ("from", "to", "of") and t.dep_ == "prep":
                target = next((g for g in t.children if g.dep_ == "pobj"), None)
                if target is not None:
                    inner = _pp_object(target, ("of",))
                    return f"distance {t.lower_} {_np(target)}" + (f" of {_np(inner)}" if inner is not None else "")
        return "distance"
    if r.dim == "count":
        if noun is not None and r.start <= noun.i < r.end and top.dep_ in ("amod", "compound", "nmod") \
                and top.head.pos_ == "NOUN" and top.head.i >= r.end:
            return f"size of {_np(top.head, own)}"
        if noun is not None and noun.i < r.start and noun.lemma_.lower() in units()["population_of"] and r.unit == "person":
            return "population"  # "once a city of 60,000"
        inside = noun is not None and noun.i >= r.start
        label = _np(noun) if inside else noun.text if noun is not None else f"{r.unit}s"
        v = (_verb_of(noun) if inside else None) or _verb_of(top)
        return f"{label} {_verb_label(v)}".strip() if v is not None else label
    what = {"money": "amount", "area": "area", "volume": "volume", "mass": "mass"}.get(r.dim or "", r.unit or "amount")
    changed = _change_label(doc, r, verb)
    if changed:
        return changed
    subj = _subject(verb)
    if r.dim == "money" and verb is not None and verb.lemma_.lower() in ("cost", "fetch", "price") and subj is not None:
        return f"cost of {_np(subj)}"
    purpose = _pp_object(top, ("in", "for", "of"))
    if purpose is not None and purpose.pos_ == "NOUN":
        return f"{what} of {_np(purpose)}"
    return f"{what} {_verb_label(verb)}".strip() if verb is not None else what


# ----------------------------------------------------------------------------- claimant

def _entity_at(quoting: dict, start: int, end: int, head: int | None = None) -> str | None:
    """The entity with a mention in [start, end), preferring one on the head word, then the
    widest overlap ("the Russian Defence Ministry" is not "Russia" in "Russian")."""
    best, key = (False, 0), None
    for e in quoting.get("entities", []):
        for m in e.get("mentions", []):
            overlap = min(end, m["end"]) - max(start, m["start"])
            if overlap <= 0:
                continue
            rank = (head is not None and m["start"] <= head < m["end"], overlap)
            if rank > best:
                best, key = rank, e["key"]
    return key


def _reporting_subject(verb: Token) -> Token | None:
    """Who reports: the verb's subject, or the noun a reduced relative hangs on
    ("British intelligence estimated ..." parsed as a noun with an acl verb)."""
    subj = next((t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if subj is not None and subj.dep_ == "nsubjpass":
        agent = next((t for t in verb.children if t.dep_ == "agent"), None)
        pobj = next((t for t in agent.children if t.dep_ == "pobj"), None) if agent is not None else None
        return pobj
    return subj


PERSON_PRONOUNS = ("he", "she", "him", "her")
THING_PRONOUNS = ("it",)


def _entity_is_person(doc: Doc, entity: dict, mention: dict) -> bool | None:
    """True for a person, False for an organisation or place, None when unknown."""
    kind = entity.get("kind")
    if kind == "person":
        return True
    if kind in ("government", "media", "think_tank", "osint", "organization"):
        return False
    span = doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
    labels = {t.ent_type_ for t in span} if span is not None else set()
    if "PERSON" in labels:
        return True
    if labels & {"ORG", "GPE", "NORP", "FAC", "LOC"}:
        return False
    return None


def _fits(pronoun: str, is_person: bool | None) -> bool:
    if pronoun in PERSON_PRONOUNS:
        return is_person is not False
    if pronoun in THING_PRONOUNS:
        return is_person is not True
    return True


def _last_speaker(doc: Doc, before: Token, quoting: dict) -> str | None:
    """A pronoun reporter ("he said", "it said") is the latest fitting source named in
    this or the two sentences before, else the latest reporter named further back (a
    quote's speaker or the subject of a reporting verb)."""
    c = cues()
    pronoun = before.lower_
    window_start = before.sent.start
    for _ in range(2):
        if window_start > 0:
            window_start = doc[window_start - 1].sent.start
    lo = doc[window_start].idx
    best, key = -1, None
    for e in quoting.get("entities", []):
        for m in e.get("mentions", []):
            if lo <= m["start"] < before.idx and m["start"] > best and _fits(pronoun, _entity_is_person(doc, e, m)):
                best, key = m["start"], e["key"]
    if key is not None:
        return key
    quote_hit = max(((q["end"], q["speaker"]) for q in quoting.get("quotes", [])
                     if q.get("speaker") and q["end"] <= before.idx), default=(-1, None))
    sent = before.sent
    for _ in range(6):
        for tok in reversed(list(sent)):
            if tok.i >= before.i or tok.lemma_.lower() not in c["reporting_verbs"]:
                continue
            subj = _reporting_subject(tok)
            if subj is None or subj.pos_ == "PRON":
                continue
            span = list(subj.subtree)
            found = _entity_at(quoting, span[0].idx, span[-1].idx + len(span[-1].text), subj.idx)
            if found is not None:
                return found if subj.idx > quote_hit[0] else quote_hit[1]
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    return quote_hit[1]


def _norm_surface(text: str) -> str:
    text = re.sub(r"[’']", "'", text.lower()).strip()
    return re.sub(r"^(the|a|an)\s+", "", text)


def _entity_by_surface(quoting: dict, subj: Token) -> str | None:
    """An entity the extractor knows under the words of ``subj`` when no mention of it
    covers this occurrence ("the ministry" in a subheading, "The General Staff of
    Ukraine's Armed Forces" where "General Staff" is a known mention): the subject's words
    equal a mention's words, or a mention's words end on the subject's head word. Only
    an unambiguous answer counts; no entity is created here."""
    if subj.pos_ == "PRON":
        return None
    head_end = subj.idx + len(subj.text)
    left = subj.left_edge.idx
    whole = _norm_surface(text_of(subj.doc)[left:subj.right_edge.idx + len(subj.right_edge.text)])
    upto_head = _norm_surface(text_of(subj.doc)[left:head_end])
    exact, ending = set(), set()
    for e in quoting.get("entities", []):
        for m in e.get("mentions", []):
            words = _norm_surface(m.get("text") or "")
            if not words or words in PERSON_PRONOUNS + THING_PRONOUNS or len(words) < 4:
                continue
            if words in (whole, upto_head):
                exact.add(e["key"])
            elif upto_head.endswith(" " + words) and subj.text[:1].isupper():
                ending.add(e["key"])
    found = exact or ending
    return next(iter(found)) if len(found) == 1 else None


def _subject_key(doc: Doc, subj: Token, quoting: dict) -> str | None:
    if subj.pos_ == "PRON":
        return _last_speaker(doc, subj, quoting)
    span = list(subj.subtree)
    return _entity_at(quoting, span[0].idx, span[-1].idx + len(span[-1].text), subj.idx) or _entity_by_surface(quoting, subj)


def _is_background(doc: Doc, tok: Token) -> bool:
    """An appositive on a named thing ("Pokrovsk, a hub they have tried to take for over a
    year") is the outlet's background, even inside a reported clause. The small parser
    often labels such appositives "dep"."""
    if tok.pos_ != "NOUN" or tok.left_edge.i == 0 or doc[tok.left_edge.i - 1].text not in (",", "–", "—"):
        return False
    if tok.dep_ == "dep" or tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
        return True
    # a described appositive ("..., the highest number along the 1,200km front", "– a
    # figure that would amount to 12%") or a measured one on a noun that is not itself
    # counted ("The situation in X, about 3 kilometers east of Y, ..."); list items
    # ("185 servicemen, four tanks") hang on a counted noun and stay reported content
    if tok.dep_ in ("appos", "npadvmod") and tok.head.pos_ in ("NOUN", "PROPN", "VERB"):
        if tok.left_edge.lower_ in ("the", "a", "an") and not any(t.like_num for t in doc[tok.left_edge.i:tok.i]):
            return True
        counted = any(c.dep_ == "nummod" for c in tok.head.children) or tok.head.pos_ == "VERB"
        edge = tok.right_edge
        closed = edge.text in (",", "–", "—") or edge.i + 1 < len(doc) and doc[edge.i + 1].text in (",", "–", "—")
        return tok.dep_ == "appos" and not counted and closed
    return False


def _place_distance_appositive(doc: Doc, r: Reading) -> bool:
    """ "Myrnohrad, about 3 kilometers east of Pokrovsk, ...": a distance set off by commas
    right after a name and locating it by a direction word describes the place, whatever
    the parser attached it to."""
    k = r.start - 1
    while k >= 0 and doc[k].dep_ == "advmod" and doc[k].pos_ == "ADV":
        k -= 1
    if k < 1 or doc[k].text != "," or doc[k - 1].pos_ != "PROPN":
        return False
    directions = cues()["direction_words"]
    j = r.end
    while j < len(doc) and doc[j].text not in (",", ".", ";", "–", "—") and j - r.end < 12:
        if doc[j].lower_ in directions and j + 1 < len(doc) and doc[j + 1].lower_ in ("of", "from"):
            return j + 1 < len(doc) and any(t.text == "," for t in doc[j + 1:min(j + 8, len(doc))])
        j += 1
    return False


def _inside_marks(doc: Doc, char: int) -> bool:
    """The character sits between quotation marks of its paragraph."""
    para_start = text_of(doc).rfind("\n\n", 0, char) + 1
    before = text_of(doc)[para_start:char]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _list_intro_claimant(doc: Doc, r: Reading, quoting: dict) -> str | None:
    """An item of a list of "label: number" lines takes the source of the line that
    introduces the list ("The General Staff listed the following losses:", "...,
    according to the General Staff:")."""
    text = text_of(doc)
    start = doc[r.start].idx
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if ":" not in text[line_start:start] or len(line.split()) > 8:
        return None
    k = line_start - 1
    while k > 0:
        prev_start = text.rfind("\n", 0, k - 1) + 1
        prev = text[prev_start:k].strip()
        if not prev:
            k = prev_start - 1
            continue
        if prev.endswith(":") and len(prev.split()) > 3:
            tok = next((t for t in doc if t.idx >= prev_start), None)
            return _sentence_claimant(doc, tok.sent, quoting) if tok is not None else None
        if ":" not in prev or len(prev.split()) > 8:
            return None
        k = prev_start - 1
    return None


def _sentence_claimant(doc: Doc, sent: Span, quoting: dict) -> str | None:
    """The source a whole sentence is attributed to: an 'according to X' in it, else the
    subject of its reporting verb."""
    c = cues()
    for i in range(sent.start, sent.end):
        hit = _phrase_at(doc, i, c["according_to"], 3)
        if hit and hit[1] < sent.end:
            key = _according_to_key(doc, hit[1], sent, quoting)
            if key:
                return key
    for tok in sent:
        if tok.lemma_.lower() in c["reporting_verbs"] and tok.pos_ == "VERB":
            subj = _reporting_subject(tok)
            if subj is not None:
                key = _subject_key(doc, subj, quoting)
                if key:
                    return key
    return None


def _entity_is_outlet(doc: Doc, quoting: dict, key: str) -> bool:
    """A source that is only the article's own outlet ("Meduza's estimate" in Meduza)."""
    for e in quoting.get("entities", []):
        if e["key"] == key:
            names = [e.get("name") or ""] + [m.get("text") or "" for m in e.get("mentions", [])]
            return any(_is_outlet(doc, n) for n in names if n)
    return False


def _is_outlet(doc: Doc, words: str) -> bool:
    """'according to Meduza's estimate' in Meduza's own article: the outlet's voice."""
    outlet = doc.user_data.get("outlet") if doc.user_data else None
    if not outlet:
        return False
    w, o = _norm_surface(words), _norm_surface(outlet)
    return w == o or w.startswith(o + "'s") or w.startswith(o + " ")


def _object_end(doc: Doc, obj_start: int, sent: Span) -> int:
    obj_end = obj_start
    while obj_end < sent.end and doc[obj_end].text not in (",", ".", ";", ":") and obj_end - obj_start < 12:
        obj_end += 1
    return obj_end


def _according_to_key(doc: Doc, obj_start: int, sent: Span, quoting: dict) -> str | None:
    """The entity after 'according to': a mention, a pronoun's referent ('According to
    him'), or a known entity's words; None (and ``False`` for the outlet itself)."""
    obj_end = _object_end(doc, obj_start, sent)
    if obj_end <= obj_start:
        return None
    first = doc[obj_start]
    words = text_of(doc)[first.idx:doc[obj_end - 1].idx + len(doc[obj_end - 1].text)]
    if _is_outlet(doc, words):
        return OUTLET
    if first.lower_ in PERSON_PRONOUNS + THING_PRONOUNS + ("them",) and obj_end - obj_start == 1:
        return _last_speaker(doc, first, quoting)
    key = _entity_at(quoting, first.idx, doc[obj_end - 1].idx + len(doc[obj_end - 1].text))
    if key:
        return key
    head = next((t for t in doc[obj_start:obj_end] if not (obj_start <= t.head.i < obj_end) or t.head is t), None)
    return _entity_by_surface(quoting, head) if head is not None else None


OUTLET = "\0outlet"  # marker: the outlet's own voice, a claimant of None


ATTRIBUTED_PATH = ("ccomp", "dobj", "xcomp", "parataxis", "conj", "advcl", "npadvmod", "dep", "attr", "obj")


def _claimant(doc: Doc, r: Reading, quoting: dict) -> str | None:
    c = cues()
    start = doc[r.start].idx
    num = doc[r.num]
    background = (any(_is_background(doc, t) for t in [num, *num.ancestors]) or _place_distance_appositive(doc, r)) \
        and not _inside_marks(doc, start)
    for q in quoting.get("quotes", []):
        if q["start"] <= start < q["end"] and q.get("speaker"):
            if background and q.get("type") != "direct" or _entity_is_outlet(doc, quoting, q["speaker"]):
                return None
            return q["speaker"]
    if background:
        return None
    listed = _list_intro_claimant(doc, r, quoting)
    if listed:
        return listed
    sent = num.sent
    para = _paragraph_of(doc, r.num)
    for i in range(sent.start, sent.end):
        hit = _phrase_at(doc, i, c["according_to"], 3)
        if not hit or _paragraph_of(doc, i) != para or i <= r.num < _object_end(doc, hit[1], sent):
            continue
        key = _according_to_key(doc, hit[1], sent, quoting)
        if key == OUTLET:
            return None
        if key:
            return key
    path = num
    for anc in num.ancestors:
        if _is_background(doc, path):
            break
        if anc.lemma_.lower() in c["reporting_verbs"] and path.dep_ in ATTRIBUTED_PATH and _paragraph_of(doc, anc.i) == para:
            if path.dep_ == "advcl" and any(t.dep_ == "advmod" and t.lower_ in ("when", "while", "as", "before", "after") for t in path.children):
                break
            subj = _reporting_subject(anc)
            if subj is not None and subj.i != r.num and not (r.start <= subj.i < r.end):
                return _subject_key(doc, subj, quoting)
        path = anc
    root = sent.root
    temporal = any(a.dep_ == "advcl" and any(t.dep_ in ("advmod", "mark") and t.lower_ in ("when", "while", "as", "before", "after", "since")
                                             for t in a.children) for a in [num, *num.ancestors])
    if root.lemma_.lower() in c["reporting_verbs"] and root.pos_ == "VERB" and num.i > root.i \
            and _paragraph_of(doc, root.i) == para and not temporal:
        # "X reported 172 clashes on Nov. 4, 56 of them in ...": after a reporting main
        # verb, whatever the parser hangs the number on, it is the reporter's content
        subj = _reporting_subject(root)
        if subj is not None and not (r.start <= subj.i < r.end):
            key = _subject_key(doc, subj, quoting)
            if key:
                return key
    if num in root.subtree:
        for child in root.children:
            if child.dep_ in ("parataxis", "ccomp") and child.lemma_.lower() in c["reporting_verbs"] and num not in child.subtree \
                    and _paragraph_of(doc, child.i) == para:
                subj = _reporting_subject(child)
                if subj is not None:
                    return _subject_key(doc, subj, quoting)
    return None


# ----------------------------------------------------------------------------- output

def _span_chars(doc: Doc, r: Reading) -> tuple[int, int]:
    start = doc[r.start].idx
    last = doc[r.end - 1]
    return start, last.idx + len(last.text)


def _refers_to_earlier_figure(doc: Doc, r: Reading) -> bool:
    """The figure's clause is about an earlier figure ("This number includes 1,060 ..."):
    its verb's subject is "this/that/the" + a figure noun."""
    verb = next((a for a in doc[r.num].ancestors if a.pos_ in ("VERB", "AUX")), None)
    subj = _subject(verb)
    return bool(subj is not None and subj.lemma_.lower() in cues()["earlier_figure_nouns"]
                and any(d.lower_ in ("this", "that", "the", "these") for d in subj.children if d.dep_ == "det"))


def extract_figures(doc: Doc, quoting: dict) -> list[dict]:
    figures = []
    last: tuple[int, str | None] | None = None  # sentence start and claimant of the previous figure
    for r in _resolve_units(doc, _readings(doc)):
        start, end = _span_chars(doc, r)
        claimant = _claimant(doc, r, quoting)
        sent = doc[r.num].sent
        if claimant is None and last is not None and _refers_to_earlier_figure(doc, r):
            prev_sent = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
            if last[0] in (sent.start, prev_sent):
                claimant = last[1]
        last = (sent.start, claimant)
        figures.append({
            "start": start, "end": end, "text": text_of(doc)[start:end],
            "value": float(r.value), "value_max": float(r.value_max) if r.value_max is not None else None,
            "unit": r.unit or "count", "qualifier": r.qualifier,
            "measure": _measure(doc, r) or (r.unit or "count"),
            "claimant": claimant,
        })
    return figures
