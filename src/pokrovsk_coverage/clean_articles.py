"""Clean-articles stage: split a saved news page into its article body and its chrome.

``clean_article(raw_text)`` is pure: the same text always gives the same dict, and it
reads nothing but the knowledge files ``data/chrome.yaml`` (what page chrome looks like,
how dates are printed) and ``data/outlets.yaml`` (which outlets exist and the phrases by
which a text shows who published it). Kept paragraphs are copied verbatim, because the
offsets of quotes and figures downstream are indices into ``text``.

The unit of text is the line: saved pages put one paragraph per line, with or without
blank lines in between. Output paragraphs are joined with a blank line.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import re._parser as sre_parse  # only for the widths of cue patterns: see _lead
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from .knowledge import load

__all__ = ["clean_article"]

PARAGRAPH_SEPARATOR = "\n\n"
_FRAGMENT = re.compile(r"\{(\w+)\}")


# --------------------------------------------------------------------------- data types


@dataclass(frozen=True)
class _Span:
    """A stripped line (or part of one) of the normalised text, half-open offsets."""

    start: int
    end: int


@dataclass(frozen=True)
class _Removal:
    start: int
    end: int
    rule: str
    evidence: str  # "publisher" (its own voice), "credits" (story credits) or "none"
    dated: bool  # a byline or timestamp line that may carry the publication date


@dataclass(frozen=True)
class _Cue:
    role: str
    strength: int
    outlet: str
    start: int
    text: str
    newsroom: bool  # the phrase shows who wrote the text, not just who printed the page


# --------------------------------------------------------------------------- knowledge


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    """Substitute ``{name}`` fragments (recursively); regex quantifiers like {1,2} stay."""
    for _ in range(10):  # fragments nest a few levels at most
        expanded = _FRAGMENT.sub(lambda m: fragments.get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    return pattern


@functools.lru_cache(maxsize=None)
def _chrome() -> dict[str, Any]:
    """chrome.yaml with every pattern compiled."""
    data = load("chrome")
    # {outlet}: any outlet name or alias in outlets.yaml (site names, mastheads)
    names = [a for o in load("outlets")["outlets"] for a in [o["name"], *o.get("aliases", [])]]
    frags = {**data.get("fragments", {}), "outlet": _alias_regex(names)}

    def rx(p: str) -> re.Pattern[str]:
        return re.compile(_expand(p, frags))

    blocks = []
    for b in data.get("blocks", []):
        blocks.append({
            **b,
            "start": rx(b["start"]),
            "end": rx(b["end"]) if b.get("end") else None,
            "continue": rx(b["continue"]) if b.get("continue") else None,
        })
    inline = [{**r, "start": rx(r["start"]), "require": rx(r["require"])} for r in data.get("inline", [])]
    lines = []
    for r in data.get("lines", []):
        lines.append({
            **r,
            "patterns": [rx(p) for p in r["patterns"]],
            "forbid_end": rx(r["forbid_end"]) if r.get("forbid_end") else None,
        })
    headline = dict(data["headline"])
    headline["forbidden_end"] = rx(headline["forbidden_end"])
    headline["zone_end"] = rx(headline["zone_end"])
    months = {name: i for i, names in enumerate(data["months"], start=1) for name in names}
    return {
        "header": rx(data["header"]["pattern"]),
        "blocks": blocks,
        "inline": inline,
        "lines": lines,
        "repeats": data["repeats"],
        "nav_runs": data["nav_runs"],
        "headline": headline,
        "date_cues": [{**c, "pattern": rx(c["pattern"])} for c in data["date_cues"]],
        "months": months,
        "numeric_dates": data["numeric_dates"],
    }


def _alias_key(name: str) -> str:
    """How an outlet name is looked up: case-folded, without a leading article."""
    key = name.casefold().strip()
    return key[4:] if key.startswith("the ") else key


def _alias_regex(aliases: Iterable[str]) -> str:
    variants: set[str] = set()
    for alias in aliases:
        for form in {alias, alias.upper()}:
            body = re.escape(form)
            # "the Wall Street Journal" as well as "Wall Street Journal"
            variants.add(body if form.lower().startswith("the ") else f"(?:[Tt]he |THE )?{body}")
    ordered = sorted(variants, key=len, reverse=True)  # longest first: "Interfax-Ukraine" before "Interfax"
    # A guard before the alternation of a few hundred names: every match begins with an
    # article ("The ") or with the first two letters of a name, so the lookahead never
    # rejects a position where a name matches, but it turns away the thousands of word
    # starts that begin no name with a few literal tests instead of trying every name
    # (``_find_cues`` spent ~0.1 s per article there). Matches are exactly those without it.
    starts: dict[str, set[str]] = {}
    for alias in aliases:
        for form in {alias, alias.upper()}:
            starts.setdefault(form[0], set()).add(form[1:2])
    guard = [r"[Tt]he ", "THE "] + [
        re.escape(first) + ("" if "" in seconds else "[" + "".join(re.escape(c) for c in sorted(seconds)) + "]")
        for first, seconds in sorted(starts.items())
    ]
    return r"(?=" + "|".join(guard) + r")(?<![\w-])(?:" + "|".join(ordered) + r")(?![\w-])"


def _first_letters(aliases: Iterable[str]) -> str:
    """A character class of every letter an outlet name can begin with ("T" and "t" for "The")."""
    firsts = {"T", "t"} | {form[0] for alias in aliases for form in (alias, alias.upper())}
    return "[" + "".join(re.escape(c) for c in sorted(firsts)) + "]"


def _top_level_branches(pattern: str) -> list[str]:
    """``pattern`` split at the ``|`` that are outside groups and character classes."""
    branches, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # "[]...]": a literal "]" first in the class
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    return branches + [pattern[start:]]


def _outlet_starts(text: str) -> list[int]:
    """Every offset where an outlet name begins, found by trying the name pattern only at
    the letters a name can begin with."""
    reg = _outlets()
    name = reg["outlet_name"]
    return [m.start() for m in reg["outlet_first"].finditer(text) if name.match(text, m.start())]


MAX_LEAD = 80  # beyond this, trying every start near a name costs more than one scan


def _lead(pattern: str) -> int | None:
    """How many characters at most a match of ``pattern`` can run before the outlet name
    it holds (0 for "{outlet} reported"), or None when that is unbounded or not known
    ("{outlet}" inside a group, or after a repetition)."""
    lead = 0
    for branch in _top_level_branches(pattern):
        before = branch.partition("{outlet}")[0]
        if before == branch or "{domain}" in before or len(_top_level_branches(before + "|")) != 2:
            return None  # no name in this branch, or the first one sits inside a group
        try:
            width = sre_parse.parse(before).getwidth()[1] if before else 0
        except re.error:
            return None
        if width > MAX_LEAD:
            return None
        lead = max(lead, width)
    return lead


def _matches_near(rx: re.Pattern[str], lead: int, text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for a pattern whose every match holds an outlet name that
    begins at one of ``starts``, at most ``lead`` characters after the match's own start:
    the leftmost match at or after the end of the previous one, tried only there. (A match
    is never empty: it holds a name.)"""
    end = 0
    for p in sorted({q - k for q in starts for k in range(lead + 1) if q - k >= 0} if lead else starts):
        if p >= end and (m := rx.match(text, p)):
            yield m
            end = m.end()


@functools.lru_cache(maxsize=None)
def _outlets() -> dict[str, Any]:
    """outlets.yaml with alias and domain look-ups and compiled cue patterns."""
    data = load("outlets")
    by_alias: dict[str, dict[str, Any]] = {}
    by_domain: dict[str, dict[str, Any]] = {}
    for outlet in data["outlets"]:
        for alias in [outlet["name"], *outlet.get("aliases", [])]:
            key = _alias_key(alias)
            other = by_alias.setdefault(key, outlet)
            if other is not outlet:
                raise ValueError(f"outlets.yaml: alias {alias!r} names both {other['name']} and {outlet['name']}")
        for domain in outlet.get("domains", []):
            by_domain[domain.casefold()] = outlet
    aliases = [a for o in data["outlets"] for a in [o["name"], *o.get("aliases", [])]]
    outlet_rx = _alias_regex(aliases)
    domain_rx = "(?:" + "|".join(sorted((re.escape(d) for d in by_domain), key=len, reverse=True)) + ")"

    cues = []
    for cue in data["cues"]:
        counter = iter(range(100))
        # A pattern may name the outlet in several alternatives; each gets its own group.
        pattern = re.sub(r"\{outlet\}", lambda _: f"(?P<outlet{next(counter)}>{outlet_rx})", cue["pattern"])
        pattern = re.sub(r"\{domain\}", lambda _: f"(?P<domain{next(counter)}>{domain_rx})", pattern)
        # A cue whose every alternative holds an outlet's name a bounded way in can only
        # match just before a name; ``_find_cues`` tries it there alone instead of at every
        # character (a scan of the whole article per cue was most of the cleaner's time).
        cues.append({**cue, "pattern": re.compile(pattern), "lead": _lead(cue["pattern"])})
    return {
        "outlet_name": re.compile(outlet_rx),
        "outlet_first": re.compile(_first_letters(aliases)),
        "by_alias": by_alias,
        "by_domain": by_domain,
        "cues": cues,
        "lede_paragraphs": int(data.get("lede_paragraphs", 3)),
        "masthead": data.get("masthead", {"lines": 0, "strength": 5}),
    }


# --------------------------------------------------------------------------- text plumbing


def _normalise(raw: str) -> tuple[str, list[int]]:
    """LF-only text plus, for each of its characters, the index of that character in raw."""
    i = 1 if raw.startswith("\ufeff") else 0
    if "\r" not in raw:  # the common case, without the character loop below
        return raw[i:], list(range(i, len(raw)))
    chars: list[str] = []
    index: list[int] = []
    while i < len(raw):
        ch = raw[i]
        if ch == "\r":
            chars.append("\n")
            index.append(i)
            i += 2 if raw[i + 1 : i + 2] == "\n" else 1
            continue
        chars.append(ch)
        index.append(i)
        i += 1
    return "".join(chars), index


def _to_raw(raw: str, index: list[int], start: int, end: int) -> str:
    """The raw substring behind normalised [start, end) (CRLF comes back as written)."""
    return raw[index[start] : index[end - 1] + 1] if end > start else ""


def _strip_span(text: str, start: int, end: int) -> _Span | None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    lead = len(piece) - len(piece.lstrip())
    return _Span(start + lead, start + lead + len(stripped))


def _line_spans(text: str) -> list[_Span]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        span = _strip_span(text, pos, pos + len(line))
        if span:
            spans.append(span)
        pos += len(line) + 1
    return spans


# --------------------------------------------------------------------------- header


def _read_header(text: str, spans: list[_Span]) -> tuple[dt.date | None, _Span | None, list[_Span], bool]:
    """(date, the span after the date, spans with the header line replaced by it, found?)."""
    if not spans:
        return None, None, spans, False
    first = spans[0]
    line_start = text.rfind("\n", 0, first.start) + 1
    m = _chrome()["header"].match(text[line_start : first.end])
    if not m:
        return None, None, spans, False
    try:
        date = dt.date.fromisoformat(m.group("date"))
    except ValueError:
        date = None
    rest = _strip_span(text, line_start + m.end(), first.end)
    return date, rest, ([rest] if rest else []) + spans[1:], True


# --------------------------------------------------------------------------- chrome


def _block_end(rule: dict[str, Any], lines: list[str], i: int) -> int | None:
    """Index of the last line of the box that opens at line i, or None."""
    if not rule["start"].search(lines[i]):
        return None
    last = min(len(lines), i + rule.get("max_lines", 10))
    if rule["end"] is not None:
        for j in range(i + 1, last):
            if rule["end"].search(lines[j]):
                return j
            if len(lines[j]) > rule.get("member_max_chars", 300):
                return None
        return None  # no terminator: it was not a box, remove nothing
    j = i
    while j + 1 < last and rule["continue"].search(lines[j + 1]):
        # the item after a rank number of a numbered list ("2") is a link, never a subheading;
        # so is the line right under the label when the rule says a label always has a link
        ranked = bool(rule.get("rank") and re.fullmatch(rule["rank"], lines[j]))
        first = j == i and bool(rule.get("first_member_is_link"))
        if (rule.get("keep_subheading") and not ranked and not first and _opens_paragraph(rule, lines, j + 1)
                and len(lines[j + 1].split()) <= rule.get("subheading_max_words", 10**9)):
            break
        j += 1
    return j


def _opens_paragraph(rule: dict[str, Any], lines: list[str], k: int) -> bool:
    """Line k is followed by body prose, so it may be a subheading rather than a link."""
    if k + 1 >= len(lines):
        return False
    after = lines[k + 1]
    return not rule["continue"].search(after) and _line_rule(after) is None


def _line_rule(line: str) -> dict[str, Any] | None:
    for rule in _chrome()["lines"]:
        if len(line) > rule.get("max_chars", 10**9):
            continue
        if rule["forbid_end"] is not None and rule["forbid_end"].search(line):
            continue
        for pattern in rule["patterns"]:
            m = pattern.search(line)
            if not m:
                continue
            limit = rule.get("require_words_max")
            if limit and any(len(p.split()) > limit for p in re.split(r"[›»>|]", line)):
                continue
            return rule
    return None


def _inline_cut(line: str) -> tuple[int, dict[str, Any]] | None:
    """Offset in line where an inline chrome segment starts (it runs to the end)."""
    for rule in _chrome()["inline"]:
        for m in rule["start"].finditer(line):
            segment = line[m.start() :]
            if len(segment) < rule.get("min_chars", 0):
                continue
            if len(rule["require"].findall(segment)) < rule.get("require_count", 1):
                continue
            return m.start(), rule
    return None


def _removal(span: _Span, rule: dict[str, Any] | str) -> _Removal:
    if isinstance(rule, str):
        return _Removal(span.start, span.end, rule, "none", False)
    return _Removal(span.start, span.end, rule["id"], rule.get("evidence", "none"), bool(rule.get("dated")))


def _is_short(line: str, cfg: dict[str, Any]) -> bool:
    return (
        len(line) <= cfg["max_chars"]
        and len(line.split()) <= cfg["max_words"]
        and (not line.endswith((".", "!", "?")) or bool(cfg.get("abbreviation") and re.fullmatch(cfg["abbreviation"], line)))
        and not (cfg.get("not_item") and re.search(cfg["not_item"], line))
    )


def _drop(kept: dict[int, _Span], removed: dict[int, list[_Removal]], k: int, rule: str) -> None:
    """Move the kept part of line k to the removals, ahead of any segment cut from it."""
    span = kept.pop(k)
    removed[k] = [_removal(span, rule), *removed.get(k, [])]


def _separate(text: str, spans: list[_Span]) -> tuple[list[_Span], list[_Removal]]:
    """Split the lines into kept body spans and removed chrome, both in text order."""
    chrome = _chrome()
    lines = [text[s.start : s.end] for s in spans]
    kept: dict[int, _Span] = {}
    removed: dict[int, list[_Removal]] = {}

    i = 0
    while i < len(spans):
        for rule in chrome["blocks"]:
            j = _block_end(rule, lines, i)
            if j is None:
                continue
            if rule.get("emit") == "whole":
                removed[i] = [_removal(_Span(spans[i].start, spans[j].end), rule)]
            else:
                for k in range(i, j + 1):
                    removed[k] = [_removal(spans[k], rule)]
            i = j + 1
            break
        else:
            line_rule = _line_rule(lines[i])
            cut = None if line_rule else _inline_cut(lines[i])
            if line_rule:
                removed[i] = [_removal(spans[i], line_rule)]
            elif cut:
                offset, rule = cut
                head = _strip_span(text, spans[i].start, spans[i].start + offset)
                if head:
                    kept[i] = head
                removed[i] = [_removal(_Span(spans[i].start + offset, spans[i].end), rule)]
            else:
                kept[i] = spans[i]
            i += 1

    # A verbatim repeat of an earlier line is a caption or pull quote printed again.
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if i in kept and len(line) >= chrome["repeats"]["min_chars"] and line in seen:
            _drop(kept, removed, i, "repeated_paragraph")
        seen.add(line)

    # Navigation menus: long runs of very short kept lines. Lines already removed (a
    # "Home" or "Share" item) never break the run, so a lone short body line next to a
    # share bar is never taken for a menu. They count towards its length only when the
    # run holds at least `min_kept_beside_chrome` kept lines: the leftovers of a footer
    # menu whose other items other rules took ("Careers", "Sitemap") are a menu too.
    cfg = chrome["nav_runs"]
    min_kept = int(cfg.get("min_kept_beside_chrome", cfg["min_run"]))
    run: list[int] = []
    short_chrome = 0
    for i in range(len(lines) + 1):
        if i < len(lines) and i not in kept:
            short_chrome += _is_short(lines[i], cfg)
            continue
        if i < len(lines) and _is_short(lines[i], cfg):
            run.append(i)
            continue
        if len(run) >= cfg["min_run"] or (len(run) >= min_kept and len(run) + short_chrome >= cfg["min_run"]):
            for k in run:
                _drop(kept, removed, k, "nav_menu")
        run = []
        short_chrome = 0

    ordered_removals = [r for k in sorted(removed) for r in removed[k]]
    return [kept[k] for k in sorted(kept)], ordered_removals


# --------------------------------------------------------------------------- headline


def _looks_like_headline(line: str) -> bool:
    cfg = _chrome()["headline"]
    words = len(line.split())
    return (
        cfg["min_words"] <= words <= cfg["max_words"]
        and len(line) <= cfg["max_chars"]
        and not cfg["forbidden_end"].search(line)
    )


def _headline_index(text: str, body: list[_Span]) -> int | None:
    """The first title-like line among the page's first lines, after at most a few short
    labels (kicker, section name, site tagline) that may precede it; None if prose comes first."""
    cfg = _chrome()["headline"]
    for k, span in enumerate(body[: cfg["search_lines"]]):
        line = text[span.start : span.end]
        short = len(line.split()) <= cfg["label_max_words"]
        if k + 1 < len(body) and _looks_like_headline(line) and (k == 0 or not short):
            return k
        if not short:
            return None
    return None


def _byline_zone(text: str, body: list[_Span]) -> list[int]:
    """Short label lines after the headline and before the first sentence: bylines
    ("Jane Doe in Kyiv"), author roles ("Ukraine correspondent"), kickers. A standfirst
    (long) and anything with a number stay; the zone ends at the first line that ends
    like a sentence or introduces a list."""
    cfg = _chrome()["headline"]
    labels = []
    for k, span in enumerate(body[: cfg["byline_zone_lines"]]):
        line = text[span.start : span.end]
        if cfg["zone_end"].search(line):
            break
        if len(line.split()) <= cfg["byline_max_words"] and not any(c.isdigit() for c in line):
            labels.append(k)
    return labels


# --------------------------------------------------------------------------- dates


def _parse_date(s: str) -> dt.date | None:
    months = _chrome()["months"]
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", s) or re.fullmatch(
            r"(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+)\.?,? (\d{4})", s
        )
        if not m:
            return None
        a, b, year_s = m.groups()
        name, day_s = (a, b) if a.isalpha() else (b, a)
        month = months.get(name.casefold())
        if month is None:
            return None
        year, day = int(year_s), int(day_s)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_numeric_date(s: str, country: str | None) -> dt.date | None:
    """A numeric date "02/12/2025" or "02.12.2025". The order of day and month is
    ambiguous: a first number above 12 can only be a day, a second above 12 only a day
    (month first); otherwise the publisher's national convention decides (day first
    except in the countries listed under numeric_dates.month_first_countries); with no
    known publisher an ambiguous date is not read at all."""
    m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", s)
    if not m:
        return None
    a, b, year = (int(g) for g in m.groups())
    if a > 12:
        day_first = True
    elif b > 12:
        day_first = False
    elif country is None:
        return None
    else:
        day_first = country not in _chrome()["numeric_dates"]["month_first_countries"]
    day, month = (a, b) if day_first else (b, a)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _byline_date(text: str, readable: str, body: list[_Span], removals: list[_Removal],
                 country: str | None = None) -> tuple[dt.date | None, str | None]:
    """The publication date printed in a byline, timestamp line or dateline; never guessed."""
    dated = [_Span(r.start, r.end) for r in removals if r.dated]
    for cue in _chrome()["date_cues"]:
        scope = cue["scope"]
        # Slices, not pos arguments: the patterns anchor with ^ at the start of the line.
        if scope == "dated_chrome":
            matches = [cue["pattern"].search(text[s.start : s.end]) for s in dated]
        elif scope == "paragraph_start":
            matches = [cue["pattern"].match(text[s.start : s.end]) for s in body]
        else:
            matches = list(cue["pattern"].finditer(readable))
        for m in matches:
            if m is None:
                continue
            if cue.get("numeric"):
                date = _parse_numeric_date(m.group("date"), country)
            else:
                date = _parse_date(m.group("date"))
            if date is not None:
                return date, "byline: " + m.group(0).strip()
    return None, None


# --------------------------------------------------------------------------- outlets


def _outlet_of(m: re.Match[str]) -> dict[str, Any] | None:
    reg = _outlets()
    for name, value in m.groupdict().items():
        if value is None:
            continue
        if name.startswith("outlet"):
            return reg["by_alias"].get(_alias_key(value))
        if name.startswith("domain"):
            return reg["by_domain"].get(value.casefold())
    return None


def _find_cues(text: str, readable: str, chrome_spans: list[_Span], lede: _Span | None) -> list[_Cue]:
    found = []
    starts = _outlet_starts(readable)
    for cue in _outlets()["cues"]:
        lead = cue["lead"]
        matches = cue["pattern"].finditer(readable) if lead is None else _matches_near(cue["pattern"], lead, readable, starts)
        for m in matches:
            scope = cue.get("scope", "text")
            if scope == "chrome" and not any(s.start <= m.start() < s.end for s in chrome_spans):
                continue
            if scope == "lede" and not (lede and lede.start <= m.start() < lede.end):
                continue
            outlet = _outlet_of(m)
            if outlet is None:
                continue
            flag = cue.get("only_outlets_with")
            if flag and not outlet.get(flag):
                continue
            # Evidence is read from the text itself (the readable copy has blanks).
            found.append(_Cue(
                cue["role"], int(cue.get("strength", 0)), outlet["name"], m.start(),
                text[m.start() : m.end()], cue.get("voice") == "newsroom",
            ))
    return sorted(found, key=lambda c: c.start)


def _masthead_cue(text: str, spans: list[_Span]) -> _Cue | None:
    """A line among the page's first lines that is nothing but an outlet's name or alias
    (compared case-insensitively: "FRANCE 24", "RFE/RL") is the site's logo text."""
    reg = _outlets()
    cfg = reg["masthead"]
    suffix = cfg.get("suffix")
    for span in spans[: int(cfg["lines"])]:
        line = text[span.start : span.end]
        name = re.sub(suffix, "", line) if suffix else line
        outlet = reg["by_alias"].get(_alias_key(name))
        if outlet is not None:
            return _Cue("publisher", int(cfg["strength"]), outlet["name"], span.start, line, False)
    return None


def _attribute(cues: list[_Cue]) -> tuple[str | None, str | None, str | None]:
    """(publisher, its evidence, the outlet the text was taken from)."""
    publishers = [c for c in cues if c.role == "publisher"]
    if not publishers:
        # No cue names the site, but the text says which newsroom did the interviews
        # ("he told the Guardian"): a text with no sign of republication is that
        # newsroom's own, unless the newsroom is a news agency, whose interviews ("told
        # Reuters") are what other sites republish and rewrite. Only when all reporter
        # cues name one outlet; two are no answer.
        reporters = {c.outlet for c in cues if c.role == "reporter"}
        if (len(reporters) == 1 and not any(c.role == "original" for c in cues)
                and not _outlets()["by_alias"][_alias_key(next(iter(reporters)))].get("agency")):
            publishers = [c for c in cues if c.role == "reporter"]
    publisher = max(publishers, key=lambda c: (c.strength, -c.start)).outlet if publishers else None
    evidence = next((c.text for c in cues if c.outlet == publisher), None) if publisher else None
    # A publisher that speaks as the newsroom or is the one "told" did its own reporting;
    # then other outlets' interviews are citations. Otherwise they show whose copy it is.
    own_reporting = any(c.outlet == publisher and (c.newsroom or c.role == "reporter") for c in cues)
    sources = [
        c for c in cues
        if c.outlet != publisher
        and (c.role == "original" or c.newsroom or (c.role == "reporter" and not own_reporting))
    ]
    return publisher, evidence, (sources[0].outlet if sources else None)


def _readable(text: str, removals: list[_Removal]) -> str:
    """The text with non-evidence chrome blanked out, so offsets still line up."""
    chars = list(text)
    for r in removals:
        if r.evidence == "none":
            for k in range(r.start, r.end):
                if chars[k] != "\n":
                    chars[k] = " "
    return "".join(chars)


# --------------------------------------------------------------------------- entry point


def clean_article(raw_text: str) -> dict[str, Any]:
    """Clean body, removed chrome, headline, publication date and outlet of one article.

    Returns a dict with keys ``text``, ``boilerplate``, ``headline``, ``published_date``,
    ``date_evidence``, ``outlet``, ``outlet_evidence``, ``syndicated_from``, ``n_words``.
    Every ``boilerplate`` entry and every evidence string is a substring of ``raw_text``.
    """
    text, index = _normalise(raw_text)
    header_date, rest, spans, has_header = _read_header(text, _line_spans(text))
    body, removals = _separate(text, spans)

    headline = None
    if has_header:
        # The rest of the header line is the headline unless the chrome rules took it.
        if rest and body and rest.start <= body[0].start and body[0].end <= rest.end:
            headline, body = body[0], body[1:]
    else:
        k = _headline_index(text, body)
        if k is not None:
            removals = sorted(removals + [_removal(s, "page_top_label") for s in body[:k]], key=lambda r: r.start)
            headline, body = body[k], body[k + 1 :]
    if headline is not None:
        labels = _byline_zone(text, body)
        if labels:
            removals = sorted(removals + [_removal(body[k], "byline_label") for k in labels], key=lambda r: r.start)
            body = [s for k, s in enumerate(body) if k not in labels]

    readable = _readable(text, removals)
    lede_n = _outlets()["lede_paragraphs"]
    lede = _Span(body[0].start, body[min(lede_n, len(body)) - 1].end) if body else None
    chrome_spans = [_Span(r.start, r.end) for r in removals if r.evidence == "publisher"]
    cues = _find_cues(text, readable, chrome_spans, lede)
    masthead = _masthead_cue(text, spans)
    if masthead is not None:
        cues = sorted([masthead, *cues], key=lambda c: c.start)
    outlet, outlet_evidence, syndicated = _attribute(cues)

    if header_date is not None:
        published, date_evidence = header_date, "explicit-header"
    else:
        country = _outlets()["by_alias"][_alias_key(outlet)].get("country") if outlet else None
        published, date_evidence = _byline_date(text, readable, body, removals, country)

    # The headline stays as the first paragraph: it is the outlet's own text, and titles
    # attribute claims ("... - General Staff", "X: ...") and state figures that readers
    # (and the gold guidelines) count, which need offsets into `text` like any other span.
    kept = ([headline] if headline is not None else []) + body
    clean = PARAGRAPH_SEPARATOR.join(text[s.start : s.end] for s in kept)
    return {
        "text": clean,
        "boilerplate": [_to_raw(raw_text, index, r.start, r.end) for r in removals],
        "headline": text[headline.start : headline.end] if headline else None,
        "published_date": published,
        "date_evidence": date_evidence,
        "outlet": outlet,
        "outlet_evidence": outlet_evidence,
        "syndicated_from": syndicated,
        "n_words": len(clean.split()),
    }
