"""Stage 5, link across articles: the same statement or measure reported by several
outlets, text reuse between articles, and contested claims.

Contract: ``link(rows) -> rows`` takes the assembled tables (dict of lists of row dicts)
and returns them with ``cluster_id`` and ``contests_quote_ids`` set on quotes,
``cluster_id`` on figures, and a ``reuse`` table. Thresholds and lexicons are data in
``data/linking.yaml``, each with its rationale. The build does not hold the rows as dicts:
it uses the same rules piece by piece as rows stream past (``collection.py``):
``QuoteLinker``/``FigureLinker``, ``contests_in_article``, ``article_keys`` (per article,
in the workers), ``sentence_pairs``/``rank_candidates`` and ``reuse_rows``.

Rules, in short (the card states them for users):

- quotes: same statement when the stemmed wordings share content words and
  ``token_set_ratio`` passes a bar that depends on the speakers (same source: low bar;
  one unresolved: high bar; two different sources: never, so never even proposed).
  Single linkage, with at most one resolved speaker per cluster. Copies of one wording by
  one speaker are one statement and are compared with others once.
- figures: same measure when in one unit and either equal values with related measures
  or different values with nearly identical, non-generic, non-contrasting measures.
- reuse: candidate article pairs from MinHash band keys of sentences (a colliding
  sentence) and of whole articles (near-copies), kept as flat integer arrays rather than
  per-sentence objects; each article keeps its ``max_partners`` most similar candidates,
  so the pairs aligned are at most n * max_partners. Candidates are verified by aligning
  sentences with rapidfuzz; shared passages are runs of aligned sentences.
  Direction (who reuses whom), first rule that decides: (1) an article whose
  ``syndicated_from`` names the other's outlet reuses it; (2) the later publication date
  reuses the earlier; (3) an article that declares a ``syndicated_from`` reuses one that
  does not; (4) the shorter text reuses the longer (rewrites and summaries shrink);
  (5) the larger article_id reuses the smaller.
- contests: a quote whose cue is a denial verb contests the nearest claims of another
  speaker in the same article on the same topic.

Cluster ids are derived from the smallest member id ('qc-<quote_id>', 'fc-<figure_id>'),
so they are stable under any input order; everything iterates in sorted order and MinHash
has a fixed seed, so the output is a function of the input alone.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from datetime import date
from typing import Iterator

from . import knowledge

WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
# Sentence = a run up to terminal punctuation (with closing quotes) or a line break.
SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[\"”’')\]]*|(?=\n)|$)")


@functools.lru_cache(maxsize=None)
def config() -> dict:
    return knowledge.load("linking")


# --- tokens -------------------------------------------------------------------------

def _fold(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    word = word.replace("-", "")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in config()["tokens"]["suffixes"]:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    return WORD.findall(_fold(text))


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(config()["tokens"]["stopwords"])


def content(tokens: list[str]) -> set[str]:
    stop = _stopwords()
    return {t for t in tokens if t not in stop}


# --- union-find with a merge constraint ------------------------------------------------

class Clusters:
    """Union-find over ids; ``attr`` is a per-id value of which a cluster may hold at most
    one non-null (the resolved speaker), so single linkage cannot chain two speakers."""

    def __init__(self, ids, attr=None):
        self.parent = {i: i for i in ids}
        # only roots with a value have an entry: most ids have none
        self.attrs = {i: {attr[i]} for i in self.parent if attr and attr.get(i) is not None}

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        merged = self.attrs.get(ra, set()) | self.attrs.get(rb, set())
        if len(merged) > 1:
            return False
        ra, rb = min(ra, rb), max(ra, rb)
        self.parent[rb] = ra
        self.attrs.pop(rb, None)
        if merged:
            self.attrs[ra] = merged
        else:
            self.attrs.pop(ra, None)
        return True

    def ids(self, prefix: str) -> dict:
        groups = defaultdict(list)
        for i in self.parent:
            groups[self.find(i)].append(i)
        out = {}
        for members in groups.values():
            if len(members) > 1:
                cid = f"{prefix}-{min(members)}"
                out.update({m: cid for m in members})
        return out


def _candidate_pairs(keys: dict[str, set], max_posting: int, min_shared: int,
                     block: dict[str, object] | None = None) -> list[tuple[str, str]]:
    """Id pairs sharing at least ``min_shared`` keys, via an inverted index (no all-pairs);
    keys held by more than ``max_posting`` ids are too common to be evidence. With
    ``block``, two ids whose block values are both set and differ are never paired (quotes
    of two different resolved speakers can never link)."""
    import numpy as np

    ids = sorted(keys)
    index = {i: n for n, i in enumerate(ids)}
    postings = defaultdict(list)
    for i in ids:
        for k in keys[i]:
            postings[k].append(index[i])
    if block is not None:
        # block values as ints, -1 for none: two set and different ones never pair
        values: dict = {}
        blocks = np.array([-1 if block[i] is None else values.setdefault(block[i], len(values)) for i in ids],
                          dtype=np.int64)
    # One int64 per candidate pair (index of a << 32 | index of b), counted with np.unique:
    # the pairs of a key are its ids' combinations, in id order.
    codes = []
    for members in postings.values():
        m = len(members)
        if m < 2 or m > max_posting:
            continue
        members = np.asarray(members, dtype=np.int64)
        a, b = np.triu_indices(m, 1)
        a, b = members[a], members[b]
        if block is not None:
            ba, bb = blocks[a], blocks[b]
            keep = (ba < 0) | (bb < 0) | (ba == bb)
            a, b = a[keep], b[keep]
        codes.append((a << 32) | b)
    if not codes:
        return []
    code, count = np.unique(np.concatenate(codes), return_counts=True)
    code = code[count >= min_shared]
    return [(ids[x], ids[y]) for x, y in zip((code >> 32).tolist(), (code & 0xFFFFFFFF).tolist())]


# --- quotes ---------------------------------------------------------------------------

class _Groups:
    """Items filed under a key as they stream past: each group keeps its key, its size and
    its representative (the smallest id filed under it), so a linker compares groups, not
    copies."""

    def __init__(self):
        self.index: dict[tuple, int] = {}
        self.rep: list[str] = []
        self.size: list[int] = []
        self.keys: list[tuple] = []

    def file(self, item_id: str, key: tuple) -> int:
        """The number of ``key``'s group, made on first sight, with ``item_id`` counted in."""
        g = self.index.get(key)
        if g is None:
            g = self.index[key] = len(self.rep)
            self.rep.append(item_id)
            self.size.append(1)
            self.keys.append(key)
        else:
            self.size[g] += 1
            if item_id < self.rep[g]:
                self.rep[g] = item_id
        return g


class QuoteLinker(_Groups):
    """Quotes linked as they stream past: ``add`` files each quote under its statement
    group (same stemmed wording, same speaker) and returns the group's number; ``clusters``
    then gives each group its cluster id. Only one entry per distinct wording is kept, so
    a statement repeated in many copies of a story costs one entry and one comparison.

    Equivalent to clustering every quote: copies of a wording by one speaker are joined
    (when the wording has enough content stems to be linked at all) and every candidate
    pair is between group representatives (the smallest quote_id), so a cluster's members
    are its groups' members and its id is 'qc-' + its smallest representative."""

    def add(self, quote_id: str, text: str, speaker_id: str | None) -> int:
        return self.file(quote_id, (" ".join(stems(text)), speaker_id))

    def clusters(self) -> list[str | None]:
        """cluster_id of each group (by number), None when its quotes are not linked."""
        from rapidfuzz import fuzz

        cfg = config()["quotes"]
        strings, speaker, keys = {}, {}, {}
        shared: dict[str, set] = {}  # one content set per wording, whoever says it
        for (string, sid), g in self.index.items():
            rep = self.rep[g]
            strings[rep], speaker[rep] = string, sid
            words_ = shared.get(string)
            if words_ is None:
                words_ = shared[string] = content(string.split(" ") if string else [])
            keys[rep] = words_
        # A stem carried by more than max_posting distinct wordings is too common to be evidence.
        pairs = _candidate_pairs(keys, cfg["max_posting"], cfg["min_shared_content"], block=speaker)
        scored = []
        for a, b in pairs:
            sa, sb = speaker[a], speaker[b]
            bar = cfg["same_speaker"] if sa is not None and sa == sb else cfg["unknown_speaker"]
            score = fuzz.token_set_ratio(strings[a], strings[b])
            if score >= bar:
                scored.append((-score, a, b))
        clusters = Clusters(sorted(strings), speaker)
        # Strongest links first, so a constrained merge keeps the best-supported cluster.
        for _, a, b in sorted(scored):
            clusters.union(a, b)
        return _group_clusters(clusters, self.rep, [
            n > 1 and len(keys[rep]) >= cfg["min_shared_content"] for rep, n in zip(self.rep, self.size)], "qc")


def _group_clusters(clusters: "Clusters", reps: list[str], copies_join: list[bool], prefix: str) -> list[str | None]:
    """Per group: '<prefix>-<smallest representative of its component>' when the component
    has several groups or the group's own copies are joined, else None."""
    members = defaultdict(list)
    for rep in reps:
        members[clusters.find(rep)].append(rep)
    out = []
    for rep, joined in zip(reps, copies_join):
        comp = members[clusters.find(rep)]
        out.append(f"{prefix}-{min(comp)}" if len(comp) > 1 or joined else None)
    return out


def link_quotes(quotes: list[dict]) -> dict[str, str]:
    """quote_id -> cluster_id for quotes that report the same statement.

    Quotes with the same stemmed wording and the same speaker are one statement at once
    (their score is 100) and are compared with others through one representative, so a
    statement repeated in many copies of a story costs one comparison, not one per pair of
    copies. Candidate pairs come from content stems blocked by speaker: two quotes resolved
    to different sources are never proposed, since they can never link.
    """
    linker = QuoteLinker()
    groups = [(q["quote_id"], linker.add(q["quote_id"], q["text"], q.get("speaker_id"))) for q in quotes]
    cluster = linker.clusters()
    return {qid: cluster[g] for qid, g in groups if cluster[g] is not None}


# --- figures --------------------------------------------------------------------------

def _unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    u = unit.strip().lower()
    return config()["figures"]["unit_aliases"].get(u, u)


def _contrast(measure_tokens: set[str]) -> set[int]:
    """Indices of the contrast groups whose words (stemmed) the measure carries."""
    groups = config()["figures"]["contrast_groups"]
    return {g for g, group in enumerate(groups) if measure_tokens & {stem(_fold(w)) for w in group}}


class FigureLinker(_Groups):
    """Figures linked as they stream past, like ``QuoteLinker``: ``add`` returns the number
    of the figure's group (same unit, value and stemmed measure), or -1 for a figure
    without unit or value (never linked); ``clusters`` gives each group its cluster id."""

    def add(self, figure_id: str, unit: str | None, value, measure: str | None) -> int:
        unit = _unit(unit)
        if unit is None or value is None:
            return -1
        return self.file(figure_id, (unit, float(value), " ".join(stems(measure or ""))))

    def clusters(self) -> list[str | None]:
        from rapidfuzz import fuzz

        cfg = config()["figures"]
        generic = {stem(w) for w in cfg["generic_measure_words"]}
        info = {}
        for rep, (unit, value, string) in zip(self.rep, self.keys):
            toks = string.split(" ") if string else []
            words_ = content(toks)
            unit_words = {stem(unit)} | {stem(_fold(k)) for k, v in cfg["unit_aliases"].items() if v == unit}
            specific = words_ - generic - unit_words
            info[rep] = {
                "unit": unit, "value": value, "string": string,
                "words": words_, "specific": bool(specific), "contrast": _contrast(set(toks)),
            }
        # Blocking key: unit plus either the value or a measure word, so pairs come from
        # shared evidence, never from all figures of a unit.
        keys = {i: {("v", d["unit"], d["value"])} | {("w", d["unit"], w) for w in d["words"]} for i, d in info.items()}
        scored = []
        for a, b in _candidate_pairs(keys, cfg["max_posting"], 1):
            da, db = info[a], info[b]
            if da["unit"] != db["unit"]:
                continue
            if da["contrast"] and db["contrast"] and da["contrast"] != db["contrast"]:
                continue
            # A measure that names only a kind ("duration", "count") cannot tell two
            # figures' subjects apart, whatever their values.
            if not (da["specific"] and db["specific"]):
                continue
            same = abs(da["value"] - db["value"]) <= cfg["relative_tolerance"] * max(abs(da["value"]), abs(db["value"]), 1.0)
            if same:
                score = fuzz.token_set_ratio(da["string"], db["string"])
                ok = score >= cfg["equal_value_measure"]
            else:
                if da["contrast"] != db["contrast"]:
                    continue
                score = fuzz.token_sort_ratio(da["string"], db["string"])
                ok = score >= cfg["changed_value_measure"]
            if ok:
                scored.append((-score, a, b))
        clusters = Clusters(sorted(info))
        for _, a, b in sorted(scored):
            clusters.union(a, b)
        # Equal unit, value and measure: linked exactly when any pair would be (a specific
        # measure; the same contrast groups by construction).
        return _group_clusters(clusters, self.rep, [n > 1 and info[rep]["specific"] for rep, n in zip(self.rep, self.size)], "fc")


def link_figures(figures: list[dict]) -> dict[str, str]:
    """figure_id -> cluster_id for figures of the same measure (agreeing or not)."""
    linker = FigureLinker()
    groups = [(f["figure_id"], linker.add(f["figure_id"], f.get("unit"), f.get("value"), f.get("measure"))) for f in figures]
    cluster = linker.clusters()
    return {fid: cluster[g] for fid, g in groups if g >= 0 and cluster[g] is not None}


# --- reuse ----------------------------------------------------------------------------

def sentences(text: str, min_words: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence with at least ``min_words`` words, trimmed."""
    out = []
    for m in SENTENCE.finditer(text):
        s = m.group()
        start = m.start() + len(s) - len(s.lstrip())
        end = m.end() - (len(s) - len(s.rstrip()))
        if end > start and len(WORD.findall(text[start:end])) >= min_words:
            out.append((start, end))
    return out


def _outlet_key(name: str | None) -> str | None:
    if not name:
        return None
    n = name.strip().casefold()
    return n[4:] if n.startswith("the ") else n


def direction(a: dict, b: dict) -> tuple[dict, dict]:
    """(reuser, reused) for two article rows; rules in the module docstring."""
    sa, sb = _outlet_key(a.get("syndicated_from")), _outlet_key(b.get("syndicated_from"))
    oa, ob = _outlet_key(a.get("outlet")), _outlet_key(b.get("outlet"))
    a_from_b = sa is not None and sa == ob
    b_from_a = sb is not None and sb == oa
    if a_from_b != b_from_a:
        return (a, b) if a_from_b else (b, a)
    da, db = a.get("published_date"), b.get("published_date")
    if isinstance(da, date) and isinstance(db, date) and da != db:
        return (a, b) if da > db else (b, a)
    if (sa is None) != (sb is None):
        return (a, b) if sa is not None else (b, a)
    la, lb = len(a["text"]), len(b["text"])
    if la != lb:
        return (a, b) if la < lb else (b, a)
    return (a, b) if a["article_id"] > b["article_id"] else (b, a)


def shared_source(a: dict, b: dict) -> bool:
    sa, sb = _outlet_key(a.get("syndicated_from")), _outlet_key(b.get("syndicated_from"))
    return sa is not None and sa == sb and sa not in (_outlet_key(a.get("outlet")), _outlet_key(b.get("outlet")))


def _minhash_factory(num_perm: int, seed: int):
    """MinHash signatures (uint32 arrays) of token sets, sharing one set of permutations
    (datasketch draws them from the fixed seed; drawing them once per signature is
    most of the cost of a short sentence's signature)."""
    import numpy as np
    from datasketch import MinHash

    first = MinHash(num_perm=num_perm, seed=seed)
    perms, scheme = first.permutations, first.scheme

    def signature(tokens) -> "np.ndarray | None":
        toks = sorted(set(tokens))
        if not toks:
            return None
        m = MinHash(num_perm=num_perm, seed=seed, permutations=perms, scheme=scheme)
        m.update_batch([t.encode("utf-8") for t in toks])
        return np.asarray(m.hashvalues, dtype=np.uint32)

    return signature


@functools.lru_cache(maxsize=None)
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that ``MinHashLSH(threshold, num_perm)`` would choose."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def _band_keys(signatures, threshold: float, num_perm: int):
    """One 64-bit key per (signature, band), banded as ``MinHashLSH(threshold, num_perm)``
    would band them: two signatures share a key when they agree on a whole band."""
    import numpy as np

    b, r = _bands(threshold, num_perm)
    sig = np.asarray(signatures, dtype=np.uint64)[:, : b * r].reshape(len(signatures), b, r)
    key = np.arange(1, b + 1, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        for k in range(r):
            key = (key ^ sig[:, :, k]) * np.uint64(0x100000001B3) + np.uint64(k + 1)
    return key.reshape(-1)


def _bucket_pairs(keys, owners, max_bucket: int | None, window: int | None):
    """Pairs of owners (ints, i < j) that share a key. A bucket larger than ``max_bucket``
    proposes nothing; with ``window`` set, a bucket pairs each member only with the next
    ``window`` members in id order, so a bucket of m near-copies yields m x window pairs,
    never m squared."""
    import numpy as np

    if len(keys) == 0:
        return np.empty((0, 2), dtype=np.int64)
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    keep = np.ones(len(keys), dtype=bool)  # one entry per (key, owner)
    keep[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
    keys, owners = keys[keep], owners[keep]
    bounds = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True])
    sizes = np.diff(bounds)
    allowed = sizes >= 2
    if max_bucket is not None:
        allowed &= sizes <= max_bucket
    if not allowed.any():
        return np.empty((0, 2), dtype=np.int64)
    ok = np.repeat(allowed, sizes)
    span = int(sizes[allowed].max()) - 1 if window is None else min(window, int(sizes[allowed].max()) - 1)
    # Members of a bucket are adjacent (sorted by key, then owner): the pairs at distance
    # d within a bucket are the positions i whose key equals the key d places on.
    out = []
    for d in range(1, span + 1):
        i = np.flatnonzero(ok[:-d] & (keys[d:] == keys[:-d]))
        if len(i):
            out.append(np.stack([owners[i], owners[i + d]], axis=1))
    if not out:
        return np.empty((0, 2), dtype=np.int64)
    return _unique_pairs(np.concatenate(out))


def _unique_pairs(pairs):
    """``np.unique(pairs, axis=0)`` for pairs of non-negative ints below 2**31, through
    one int64 per pair (much faster than a row-wise unique)."""
    import numpy as np

    pairs = np.asarray(pairs, dtype=np.int64)
    if not len(pairs):
        return np.empty((0, 2), dtype=np.int64)
    code = np.unique((pairs[:, 0] << 32) | pairs[:, 1])
    return np.stack([code >> 32, code & 0xFFFFFFFF], axis=1)


@functools.lru_cache(maxsize=None)
def _signers():
    cfg = config()["reuse"]
    return (_minhash_factory(cfg["minhash_perm"], cfg["minhash_seed"]),
            _minhash_factory(cfg["article_perm"], cfg["minhash_seed"]))


def article_keys(text: str):
    """What reuse needs to know of one article to find its candidates, computed from the
    article alone (so it runs per article, in the workers): the MinHash band keys of its
    sentences (uint64) and the MinHash signature of its word-trigram set (uint32, None
    for a text without sentences)."""
    import numpy as np

    cfg = config()["reuse"]
    sent_sig, doc_sig = _signers()
    k = cfg["shingle_words"]
    shingles, sigs = set(), []
    for s, e in sentences(text, cfg["min_sentence_words"]):
        piece = text[s:e]
        w = words(piece)
        shingles.update(" ".join(w[j:j + k]) for j in range(len(w) - k + 1))
        sig = sent_sig(content(stems(piece)))
        if sig is not None:
            sigs.append(sig)
    keys = _band_keys(sigs, cfg["lsh_threshold"], cfg["minhash_perm"]) if sigs else np.empty(0, dtype=np.uint64)
    return keys, doc_sig(shingles)


def sentence_pairs(keys, owners):
    """Pairs of owners (i < j) with a colliding sentence band key; buckets over
    ``max_sentence_bucket`` are boilerplate. Buckets are whole within any split of the
    keys by key value, so the pairs of such parts, united, are the pairs of the whole."""
    return _bucket_pairs(keys, owners, config()["reuse"]["max_sentence_bucket"], None)


SCORE_PAIRS = 16_384


def rank_candidates(doc_sigs, has_doc, sentence_pair_arrays, cfg: dict):
    """Candidate pairs (i < j, indices in id order) from the sentence pairs and the
    article-level near-duplicate buckets, each article keeping its ``max_partners`` best
    by estimated trigram Jaccard (ties: smaller id)."""
    import numpy as np

    pairs = [p for p in sentence_pair_arrays if len(p)] or [np.empty((0, 2), dtype=np.int64)]
    docs = np.flatnonzero(has_doc)
    if len(docs):
        keys = _band_keys(doc_sigs[docs], cfg["article_lsh_threshold"], cfg["article_perm"])
        owners = np.repeat(docs, len(keys) // len(docs))
        pairs.append(_bucket_pairs(keys, owners, None, cfg["near_duplicate_window"]))
    pairs = _unique_pairs(np.concatenate(pairs)) if any(len(p) for p in pairs) else np.empty((0, 2), dtype=np.int64)
    if not len(pairs):
        return pairs
    # Estimated Jaccard of the articles' trigram sets ranks each article's candidates;
    # compared a slice of pairs at a time, as both signatures of every pair at once are
    # two (pairs x permutations) arrays, hundreds of MiB at 10,000 articles.
    score = np.empty(len(pairs), dtype=np.float64)
    for s in range(0, len(pairs), SCORE_PAIRS):
        p = pairs[s:s + SCORE_PAIRS]
        score[s:s + SCORE_PAIRS] = (doc_sigs[p[:, 0]] == doc_sigs[p[:, 1]]).mean(axis=1)
    score[~(has_doc[pairs[:, 0]] & has_doc[pairs[:, 1]])] = 0.0
    both = np.concatenate([pairs, pairs[:, ::-1]])
    both_score = np.concatenate([score, score])
    order = np.lexsort((both[:, 1], -both_score, both[:, 0]))
    both = both[order]
    first = np.r_[0, np.flatnonzero(both[1:, 0] != both[:-1, 0]) + 1]
    rank = np.arange(len(both)) - np.repeat(first, np.diff(np.r_[first, len(both)]))
    kept = both[rank < cfg["max_partners"]]
    return _unique_pairs(np.sort(kept, axis=1))


def _reuse_candidates(articles: list[dict], cfg: dict) -> list[tuple[str, str]]:
    """Candidate article pairs, by article id, without holding anything per sentence.

    Two sources of candidates, both from MinHash band keys kept as flat integer arrays:
    (1) articles whose word-trigram sets are near-duplicates (article-level LSH), paired
    within a bucket only with the next ``near_duplicate_window`` members; (2) articles
    with a colliding sentence (sentence-level LSH, buckets over ``max_sentence_bucket``
    skipped as boilerplate). Then each article keeps its ``max_partners`` candidates with
    the highest estimated trigram Jaccard (ties: smaller id), and a pair is verified when
    either side keeps the other. (The build computes ``article_keys`` per article and
    calls ``sentence_pairs`` and ``rank_candidates`` itself.)
    """
    import numpy as np

    ids = sorted(a["article_id"] for a in articles)
    texts = {a["article_id"]: a["text"] for a in articles}
    doc_sigs = np.zeros((len(ids), cfg["article_perm"]), dtype=np.uint32)
    has_doc = np.zeros(len(ids), dtype=bool)
    sent_keys, sent_owner = [], []
    for i, aid in enumerate(ids):
        keys, sig = article_keys(texts[aid])
        if len(keys):
            sent_keys.append(keys)
            sent_owner.append(np.full(len(keys), i, dtype=np.int64))
        if sig is not None:
            doc_sigs[i], has_doc[i] = sig, True
    pairs = [sentence_pairs(np.concatenate(sent_keys), np.concatenate(sent_owner))] if sent_keys else []
    kept = rank_candidates(doc_sigs, has_doc, pairs, cfg)
    return [(ids[a], ids[b]) for a, b in kept.tolist()]


def _align(ta: str, sa: list, tb: str, sb: list, cfg: dict) -> list[tuple[int, int, float]]:
    """One-to-one sentence alignment, best scores first: (i in a, j in b, score)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    na = [" ".join(words(ta[s:e])) for s, e in sa]
    nb = [" ".join(words(tb[s:e])) for s, e in sb]
    if not na or not nb:
        return []
    cutoff = cfg["sentence_score"]
    m = np.maximum(process.cdist(na, nb, scorer=fuzz.ratio, dtype=np.float64),
                   process.cdist(na, nb, scorer=fuzz.token_sort_ratio, dtype=np.float64))
    cells = sorted((-float(m[i, j]), i, j) for i, j in zip(*np.nonzero(m >= cutoff)))
    used_a, used_b, out = set(), set(), []
    for neg, i, j in cells:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((int(i), int(j), -neg))
    return sorted(out)


def _passages(text: str, sa: list, sb: list, aligned: list) -> list[dict]:
    """Runs of consecutive sentences aligned to consecutive sentences, as passages."""
    runs = []
    for i, j, _ in aligned:
        if runs and runs[-1][1] == i - 1 and runs[-1][3] == j - 1:
            runs[-1][1], runs[-1][3] = i, j
        else:
            runs.append([i, i, j, j])
    out = []
    for i0, i1, j0, j1 in runs:
        start, end = sa[i0][0], sa[i1][1]
        out.append({"start": start, "end": end, "source_start": sb[j0][0], "source_end": sb[j1][1],
                    "text": text[start:end]})
    return out


def reuse_rows(candidates, article) -> Iterator[dict]:
    """The reuse rows of the candidate pairs that hold up, in candidate order.
    ``article(aid)`` gives an article's ``article_id``, ``text``, ``outlet``,
    ``syndicated_from`` and ``published_date``."""
    cfg = config()["reuse"]
    cache: dict[str, list] = {}

    def sents(a: dict) -> list:
        # Candidates come sorted by id, so one article's sentences serve a run of pairs;
        # only the last few articles' are kept.
        aid = a["article_id"]
        if aid not in cache:
            if len(cache) >= 64:
                cache.pop(next(iter(cache)))
            cache[aid] = sentences(a["text"], cfg["min_sentence_words"])
        return cache[aid]

    for x, y in candidates:
        reuser, reused = direction(article(x), article(y))
        r, s = reuser["article_id"], reused["article_id"]
        sr, ss = sents(reuser), sents(reused)
        aligned = _align(reuser["text"], sr, reused["text"], ss, cfg)
        if len(aligned) < cfg["min_aligned_sentences"]:
            continue
        chars_r = sum(e - b for b, e in sr)
        chars_s = sum(e - b for b, e in ss)
        got_r = sum((sr[i][1] - sr[i][0]) * score / 100 for i, _, score in aligned)
        got_s = sum((ss[j][1] - ss[j][0]) * score / 100 for _, j, score in aligned)
        # Containment in the shorter text: a summary or a partial rewrite of a long
        # article is still reuse, which a symmetric measure would dilute.
        similarity = round(min(1.0, max(got_r / chars_r, got_s / chars_s) if chars_r and chars_s else 0.0), 4)
        if similarity < cfg["min_similarity"]:
            continue
        mean_score = sum(sc for _, _, sc in aligned) / len(aligned)
        if shared_source(reuser, reused):
            relation = "shared_source"
        elif mean_score >= cfg["republication_score"] and got_r / chars_r >= cfg["republication_coverage"]:
            relation = "republication"
        elif chars_r <= cfg["summary_length_ratio"] * chars_s:
            relation = "summary"
        else:
            relation = "rewrite"
        yield {
            "pair_id": f"{r}~{s}", "article_id": r, "source_article_id": s, "relation": relation,
            "similarity": similarity,
            "shared_passages": _passages(reuser["text"], sr, ss, aligned),
        }


def link_reuse(articles: list[dict]) -> list[dict]:
    cfg = config()["reuse"]
    by_id = {a["article_id"]: a for a in articles}
    rows = reuse_rows(_reuse_candidates(articles, cfg), by_id.__getitem__)
    return sorted(rows, key=lambda row: row["pair_id"])


# --- contested claims -------------------------------------------------------------------

def _has_prefix(text: str, prefixes) -> bool:
    """Some prefix starts a word of the (folded) text."""
    prefixes = tuple(prefixes)
    return bool(prefixes) and _prefix_pattern(prefixes).search(_fold(text)) is not None


@functools.lru_cache(maxsize=None)
def _prefix_pattern(prefixes: tuple) -> "re.Pattern":
    # one search for all prefixes: a match of the alternation is a match of one of them
    return re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(p) for p in prefixes) + ")")


def is_denial(quote: dict, article_text: str | None) -> bool:
    cfg = config()["contests"]
    cue = quote.get("cue")
    if cue:
        return _has_prefix(cue, cfg["denial_cues"])
    if article_text is None:
        return False
    # No cue: only the few words right before the quote, inside its sentence, can say so.
    before = re.split(r"[.!?\n]", article_text[: quote["start"]])[-1]
    return _has_prefix(" ".join(WORD.findall(before)[-cfg["window_words"]:]), cfg["denial_cues"])


def topics(text: str) -> set[str]:
    return {name for name, prefixes in config()["contests"]["topics"].items() if _has_prefix(text, prefixes)}


def link_contests(quotes: list[dict], articles: list[dict], sources: list[dict]) -> dict[str, list[str]]:
    """quote_id -> quote_ids it denies, for quotes whose cue is a denial."""
    texts = {a["article_id"]: a["text"] for a in articles}
    side = {s["source_id"]: s.get("side") for s in sources}
    by_article = defaultdict(list)
    for q in quotes:
        by_article[q["article_id"]].append(q)
    out = {}
    for aid in sorted(by_article):
        out.update(contests_in_article(by_article[aid], texts.get(aid), side))
    return out


def contests_in_article(quotes: list[dict], text: str | None, side: dict) -> dict[str, list[str]]:
    """``link_contests`` for the quotes of one article (``text``: its text; ``side``:
    source_id -> side); the build calls it article by article as quotes stream past."""
    from rapidfuzz import fuzz

    cfg = config()["contests"]
    out = {}
    qs = sorted(quotes, key=lambda q: (q["start"], q["end"], q["quote_id"]))
    denials = {q["quote_id"] for q in qs if is_denial(q, text)}
    for d in qs:
        if d["quote_id"] not in denials:
            continue
        d_topics = topics(d["text"])
        d_side = side.get(d.get("speaker_id"))
        before, after = [], []
        for c in qs:
            if c["quote_id"] in denials or c["quote_id"] == d["quote_id"]:
                continue
            if c.get("speaker_id") is not None and c.get("speaker_id") == d.get("speaker_id"):
                continue
            c_side = side.get(c.get("speaker_id"))
            if d_side not in (None, "unknown") and c_side not in (None, "unknown") and c_side == d_side:
                continue
            distance = d["start"] - c["end"] if c["end"] <= d["start"] else max(0, c["start"] - d["end"])
            if distance > cfg["max_distance"]:
                continue
            related = bool(d_topics & topics(c["text"])) or fuzz.token_set_ratio(
                " ".join(stems(d["text"])), " ".join(stems(c["text"]))) >= cfg["text_score"]
            if related:
                # A claim quoted inside the denial ("denies Moscow's claim that ...")
                # counts as preceding it.
                (before if c["start"] < d["end"] else after).append(c["quote_id"])
        chosen = before or after
        if chosen:
            out[d["quote_id"]] = sorted(chosen)
    return out


# --- the stage --------------------------------------------------------------------------

def link(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    quotes, figures = rows["quotes"], rows["figures"]
    quote_clusters = link_quotes(quotes)
    figure_clusters = link_figures(figures)
    contests = link_contests(quotes, rows["articles"], rows.get("sources", []))
    for q in quotes:
        q["cluster_id"] = quote_clusters.get(q["quote_id"])
        q["contests_quote_ids"] = contests.get(q["quote_id"], [])
    for f in figures:
        f["cluster_id"] = figure_clusters.get(f["figure_id"])
    rows["reuse"] = link_reuse(rows["articles"])
    return rows
