"""Score a built release against gold annotation files (format: GUIDELINES.md of the gold).

Matching rules, chosen so a score means the same thing on any collection:
- a gold quote or figure is located in ``articles.text`` by its exact text (the k-th gold
  entry with a given text takes its k-th occurrence); one that cannot be located counts
  as missed;
- a predicted quote matches a gold quote of the same article when their character spans
  overlap with intersection-over-union >= 0.5; a predicted figure matches a gold figure
  when the spans overlap at all; each gold item matches at most one prediction (greedy
  by overlap);
- in each article, gold sources and predicted sources are aligned one to one, by shared
  normalised names (canonical name, alias, or surface form), canonical names first; a
  quote's speaker or a figure's claimant is right only when it is the predicted source
  aligned to the gold one, so a source that wrongly absorbed two people is right for one.
The pipeline never reads gold files; only this module does, when handed a folder.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

QUOTE_IOU = 0.5


class GoldError(Exception):
    pass


@dataclass
class Score:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "predicted": self.n_pred, "gold": self.n_gold,
                **{k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.extra.items()}}


def norm_name(name: str | None) -> str:
    if not name:
        return ""
    s = unicodedata.normalize("NFKC", name).replace("’", "'").lower().strip()
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"^(the|a|an|one)\s+", "", s)
    return re.sub(r"\s+", " ", s)


# Annotators write the counted noun as they find it ('servicemen', 'residents', 'field
# artillery guns'); the pipeline normalises to a canonical singular unit. Units are
# compared as classes of synonyms, and multiword count units by their head noun, with
# area and currency units kept apart from their bases (sq km is not km).
UNIT_SYNONYMS = {
    "people": "person", "persons": "person", "resident": "person", "inhabitant": "person",
    "kilometer": "km", "kilometre": "km", "mile": "mi", "%": "percent", "per cent": "percent",
    "troop": "soldier", "serviceman": "soldier", "servicemen": "soldier", "personnel": "soldier",
    "sq km": "km2", "square kilometer": "km2", "square kilometre": "km2", "sq mi": "mi2", "square mile": "mi2",
}


def _singular(u: str) -> str:
    if u.endswith("children"):
        return u[:-3]
    if u.endswith("men"):
        return u[:-3] + "man"
    if u.endswith("ies"):
        return u[:-3] + "y"
    if u.endswith(("ches", "shes", "sses", "xes")):
        return u[:-2]
    if u.endswith("s") and not u.endswith("ss") and len(u) > 3:
        return u[:-1]
    return u


def norm_unit(unit: str | None) -> str:
    u = re.sub(r"\s+", " ", (unit or "").strip().lower())
    for form in (u, _singular(u)):
        if form in UNIT_SYNONYMS:
            return UNIT_SYNONYMS[form]
    if " per " in u:  # a rate is its whole expression
        return " per ".join(norm_unit(part) for part in u.split(" per ", 1))
    head = _singular(u.split(" ")[-1]) if u else u
    return UNIT_SYNONYMS.get(head, head)


def load_gold(folder: Path) -> dict[str, dict]:
    if not folder.is_dir():
        raise GoldError(f"{folder}: not a folder of gold files")
    gold = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise GoldError(f"{path}: unreadable gold file ({exc})") from exc
        gold[Path(data.get("article", path.name)).stem] = data
    if not gold:
        raise GoldError(f"{folder}: no gold .json files")
    return gold


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    found, pos = [], text.find(needle)
    while needle and pos >= 0:
        found.append((pos, pos + len(needle)))
        pos = text.find(needle, pos + 1)
    return found


def locate(text: str, items: list[dict], key: str) -> list[tuple[int, int] | None]:
    """Span of each gold item in ``text``.

    Items whose string occurs as often as items carry it are placed first; the other
    strings skip occurrences that lie inside another gold item's span (a fragment like
    'illegitimate' also appears inside the headline quote that contains it), then the
    k-th item with a given string takes the k-th remaining occurrence.
    """
    by_string: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        by_string[item[key]].append(i)
    spans: list[tuple[int, int] | None] = [None] * len(items)
    ambiguous = []
    for needle, indices in by_string.items():
        occ = _occurrences(text, needle)
        if len(occ) <= len(indices):
            for i, sp in zip(indices, occ):
                spans[i] = sp
        else:
            ambiguous.append((needle, indices, occ))
    for needle, indices, occ in ambiguous:
        placed = [sp for sp in spans if sp]
        free = [o for o in occ if not any(p[0] <= o[0] and o[1] <= p[1] and p != o for p in placed)] or occ
        for i, sp in zip(indices, free):
            spans[i] = sp
    return spans


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _iou(a, b) -> float:
    inter = _overlap(a, b)
    return inter / (max(a[1], b[1]) - min(a[0], b[0])) if inter else 0.0


def match(gold_spans: list, pred_spans: list, threshold: float) -> dict[int, int]:
    """Greedy one-to-one matching, best overlap first: gold index -> predicted index."""
    pairs = sorted(
        ((_iou(g, p), gi, pi) for gi, g in enumerate(gold_spans) if g for pi, p in enumerate(pred_spans)),
        reverse=True,
    )
    matched, used = {}, set()
    for iou, gi, pi in pairs:
        if iou <= 0 or iou < threshold or gi in matched or pi in used:
            continue
        matched[gi] = pi
        used.add(pi)
    return matched


def _names_of_source(source: dict | None, article_id: str | None = None) -> set[str]:
    if not source:
        return set()
    names = {source["name"], *source["aliases"]}
    names |= {m["text"] for m in source["mentions"] if article_id is None or m["article_id"] == article_id}
    return {norm_name(n) for n in names} - {""}


def _gold_names(gold: dict, name: str) -> set[str]:
    names = {name}
    for s in gold.get("sources", []):
        if norm_name(s["name"]) == norm_name(name):
            names |= set(s.get("surface_forms", []))
    return {norm_name(n) for n in names} - {""}


def score(gold: dict[str, dict], tables: dict[str, list[dict]], errors: list[dict] | None = None) -> dict[str, Score]:
    """Scores per table; with ``errors`` a list, also appends one record per gold quote
    missed or given another speaker and per predicted quote no gold quote matches (what
    ``evaluate --errors`` prints), judged exactly as the scores judge them."""
    articles = {a["article_id"]: a for a in tables["articles"]}
    sources = {s["source_id"]: s for s in tables["sources"]}
    missing = sorted(set(gold) - set(articles))
    if missing:
        raise GoldError(f"gold files for articles not in the release: {', '.join(missing)}")
    by_article = defaultdict(lambda: defaultdict(list))
    for table in ("quotes", "figures"):
        for row in tables[table]:
            by_article[row["article_id"]][table].append(row)

    s = {k: Score() for k in ("articles", "quotes", "quotes_direct", "figures", "sources")}
    meta_fields = ("outlet", "syndicated_from", "headline", "date")
    meta_right = defaultdict(int)
    speaker_right = type_right = value_right = unit_right = qualifier_right = claimant_right = 0
    kind_right = side_right = 0
    bp_total = bp_gone = kept_total = kept = unlocated = 0

    for aid, g in sorted(gold.items()):
        a = articles[aid]
        text = a["text"]
        published = a["published_date"].isoformat() if isinstance(a["published_date"], date) else a["published_date"]
        # A date the annotator inferred from world knowledge is not one the text states:
        # the build never guesses, so the right answer there is null.
        explicit_date = None if (g.get("date_evidence") or "").startswith("inferred") else g.get("date")
        got = {"outlet": a["outlet"], "syndicated_from": a["syndicated_from"], "headline": a["headline"], "date": published}
        want = {"outlet": g.get("outlet"), "syndicated_from": g.get("syndicated_from"), "headline": g.get("headline"), "date": explicit_date}
        for f in meta_fields:
            meta_right[f] += norm_name(got[f]) == norm_name(want[f])
        for b in g.get("boilerplate", []):
            for line in filter(None, (x.strip() for x in b.split("\n"))):
                bp_total += 1
                bp_gone += line not in text
        for q in g.get("quotes", []):
            kept_total += 1
            kept += q["text"] in text

        # sources first: each gold source is aligned to at most one predicted source, and a
        # quote's speaker or a figure's claimant is right only when it is that source, so a
        # source that swallowed two people cannot be right for both
        gs = g.get("sources", [])
        ps = [src for src in sources.values() if any(mm["article_id"] == aid for mm in src["mentions"])]
        aligned: dict[str, str | None] = {norm_name(gsrc["name"]): None for gsrc in gs}
        pairs = []
        for gi, gsrc in enumerate(gs):
            gnames = _gold_names(g, gsrc["name"])
            for pi, psrc in enumerate(ps):
                pnames = _names_of_source(psrc, aid)
                shared = len(gnames & pnames)
                if shared:
                    weight = 2 * (norm_name(psrc["name"]) in gnames) + (norm_name(gsrc["name"]) in pnames)
                    pairs.append((weight, shared, -gi, -pi))
        got_g, got_p = set(), set()
        for _, _, gi, pi in sorted(pairs, reverse=True):
            gi, pi = -gi, -pi
            if gi in got_g or pi in got_p:
                continue
            got_g.add(gi)
            got_p.add(pi)
            aligned[norm_name(gs[gi]["name"])] = ps[pi]["source_id"]
            kind_right += ps[pi]["kind"] == gs[gi]["kind"]
            side_right += ps[pi]["side"] == gs[gi]["side"]
        s["sources"].tp += len(got_g)
        s["sources"].n_gold += len(gs)
        s["sources"].n_pred += len(ps)

        def attributed_right(gold_name: str, pred_id: str | None) -> bool:
            key = norm_name(gold_name)
            if key in aligned:
                return pred_id is not None and aligned[key] == pred_id
            # a gold speaker that is no gold source ('Kyiv and the West'): canonical names must agree
            src = sources.get(pred_id) if pred_id else None
            return bool(src) and norm_name(src["name"]) in _gold_names(g, gold_name)

        # quotes
        gq = g.get("quotes", [])
        pq_ = sorted(by_article[aid]["quotes"], key=lambda r: r["start"])
        g_spans = locate(text, gq, "text")
        unlocated += sum(sp is None for sp in g_spans)
        m = match(g_spans, [(r["start"], r["end"]) for r in pq_], QUOTE_IOU)
        s["quotes"].tp += len(m)
        s["quotes"].n_gold += len(gq)
        s["quotes"].n_pred += len(pq_)
        for gi, pi in m.items():
            pred = pq_[pi]
            right = attributed_right(gq[gi]["speaker"], pred["speaker_id"])
            speaker_right += right
            type_right += pred["type"] == gq[gi]["type"]
            if errors is not None and not right:
                errors.append(_error(aid, "wrong speaker", gq[gi], pred, sources))
        if errors is not None:
            errors += [_error(aid, "missed", q, None, sources) for gi, q in enumerate(gq) if gi not in m]
            matched = set(m.values())
            errors += [_error(aid, "extra", None, r, sources) for pi, r in enumerate(pq_) if pi not in matched]
        gd = [i for i, q in enumerate(gq) if q["type"] == "direct"]
        pdir = [i for i, r in enumerate(pq_) if r["type"] == "direct"]
        md = match([g_spans[i] for i in gd], [(pq_[i]["start"], pq_[i]["end"]) for i in pdir], QUOTE_IOU)
        s["quotes_direct"].tp += len(md)
        s["quotes_direct"].n_gold += len(gd)
        s["quotes_direct"].n_pred += len(pdir)

        # figures
        gf = g.get("figures", [])
        pf = sorted(by_article[aid]["figures"], key=lambda r: r["start"])
        f_spans = locate(text, gf, "span")
        unlocated += sum(sp is None for sp in f_spans)
        mf = match(f_spans, [(r["start"], r["end"]) for r in pf], 0.0)
        s["figures"].tp += len(mf)
        s["figures"].n_gold += len(gf)
        s["figures"].n_pred += len(pf)
        for gi, pi in mf.items():
            pred, want_f = pf[pi], gf[gi]
            value_right += want_f["value"] is not None and abs(pred["value"] - float(want_f["value"])) < 1e-9
            unit_right += norm_unit(pred["unit"]) == norm_unit(want_f["unit"])
            qualifier_right += (pred["qualifier"] or None) == (want_f.get("qualifier") or None)
            if want_f.get("claimant"):
                claimant_right += attributed_right(want_f["claimant"], pred["claimant_id"])
            else:
                claimant_right += pred["claimant_id"] is None

    n = len(gold)
    s["articles"] = Score(extra={
        **{f"{f}_accuracy": meta_right[f] / n for f in meta_fields},
        "boilerplate_removed": bp_gone / bp_total if bp_total else 1.0,
        "gold_quotes_kept": kept / kept_total if kept_total else 1.0,
    })
    s["articles"].tp = s["articles"].n_pred = s["articles"].n_gold = n
    s["quotes"].extra = {
        "speaker_accuracy": speaker_right / s["quotes"].n_gold if s["quotes"].n_gold else 1.0,
        "type_accuracy_matched": type_right / s["quotes"].tp if s["quotes"].tp else 0.0,
        "gold_not_located": unlocated,
    }
    s["figures"].extra = {
        "value_accuracy_matched": value_right / s["figures"].tp if s["figures"].tp else 0.0,
        "unit_accuracy_matched": unit_right / s["figures"].tp if s["figures"].tp else 0.0,
        "qualifier_accuracy_matched": qualifier_right / s["figures"].tp if s["figures"].tp else 0.0,
        "claimant_accuracy_matched": claimant_right / s["figures"].tp if s["figures"].tp else 0.0,
    }
    s["sources"].extra = {
        "kind_accuracy_matched": kind_right / s["sources"].tp if s["sources"].tp else 0.0,
        "side_accuracy_matched": side_right / s["sources"].tp if s["sources"].tp else 0.0,
    }
    return s


def _error(aid: str, what: str, gold_quote: dict | None, pred: dict | None, sources: dict) -> dict:
    speaker = sources.get(pred["speaker_id"]) if pred and pred["speaker_id"] else None
    return {
        "article_id": aid, "error": what,
        "text": (gold_quote or pred)["text"],
        "gold_speaker": gold_quote["speaker"] if gold_quote else None,
        "gold_cue": gold_quote.get("cue") if gold_quote else None,
        "speaker": speaker["name"] if speaker else None,
        "cue": pred.get("cue") if pred else None,
        "speaker_resolution": pred.get("speaker_resolution") if pred else None,
    }


def print_errors(errors: list[dict]) -> None:
    """One line per quote error, by article: what a reader of the scores looks at next."""
    for e in sorted(errors, key=lambda e: (e["article_id"], e["error"])):
        who = f"gold {e['gold_speaker']!r}" if e["gold_speaker"] else ""
        if e["error"] != "missed":
            who += f"{', ' if who else ''}got {e['speaker']!r} ({e['speaker_resolution']}, cue {e['cue']!r})"
        print(f"{e['article_id']}\t{e['error']}\t{who}\t{e['text'][:120]!r}")


def read_tables(out: Path) -> dict[str, list[dict]]:
    from .validate import read_release

    return {name: t.to_pylist() for name, t in read_release(out).items()}


def as_markdown(scores: dict[str, Score], n_articles: int, what: str = "articles") -> str:
    lines = [
        f"Scored with `pokrovsk-coverage evaluate` against the hand annotations of {n_articles} {what} "
        "(matching rules in the module docstring of `evaluate.py`).",
        "",
        "| table | precision | recall | F1 | more |",
        "|---|---|---|---|---|",
    ]
    for name, sc in scores.items():
        extra = ", ".join(f"{k.replace('_', ' ')} {v:.2f}" if isinstance(v, float) else f"{k.replace('_', ' ')} {v}"
                          for k, v in sc.extra.items())
        if name == "articles":
            lines.append(f"| articles | | | | {extra} |")
        else:
            lines.append(f"| {name.replace('_', ' (')}{')' if '_' in name else ''} | {sc.precision:.3f} | {sc.recall:.3f} | {sc.f1:.3f} | {extra} |")
    return "\n".join(lines) + "\n"


def print_scores(scores: dict[str, Score], as_json: bool) -> None:
    if as_json:
        print(json.dumps({k: v.as_dict() for k, v in scores.items()}, indent=2))
        return
    print(f"{'table':<16}{'precision':>10}{'recall':>8}{'F1':>8}   more")
    for name, sc in scores.items():
        d = sc.as_dict()
        extra = "  ".join(f"{k}={d[k]}" for k in sc.extra)
        if name == "articles":
            print(f"{name:<16}{'':>10}{'':>8}{'':>8}   {extra}")
        else:
            print(f"{name:<16}{d['precision']:>10.3f}{d['recall']:>8.3f}{d['f1']:>8.3f}   tp={d['tp']} predicted={d['predicted']} gold={d['gold']}  {extra}")


def write_scores(out: Path, markdown: str, section: str) -> None:
    from .card import replace_evaluation
    from .publish import refresh_manifest

    readme = out / "README.md"
    readme.write_text(replace_evaluation(readme.read_text(encoding="utf-8"), markdown, section), encoding="utf-8")
    refresh_manifest(out)
    print(f"score table written to {readme} ({section})", file=sys.stderr)


def score_heldout(folder: Path) -> tuple[dict[str, Score], int]:
    """Build a held-out folder (its .txt articles) into a temporary release and score it
    against the gold .json files beside them."""
    import tempfile

    from .build import build

    gold = load_gold(folder)
    with tempfile.TemporaryDirectory(prefix="pokrovsk-heldout-") as tmp:
        build(folder, Path(tmp) / "heldout", show_progress=False)
        return score(gold, read_tables(Path(tmp) / "heldout")), len(gold)


def describe_set(folder: Path) -> str:
    """A held-out set's one-line description: the first heading of its README.md (who
    wrote it and whether the rules have been tuned on it), else its folder name."""
    readme = folder / "README.md"
    if readme.is_file():
        for line in readme.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return folder.name


def heldout_markdown(sets: list[tuple[Path, dict[str, Score], int]]) -> str:
    """One row per held-out set with the headline scores, then each set's full table."""
    def cell(scores: dict[str, Score], table: str, key: str | None = None) -> str:
        sc = scores.get(table)
        if sc is None:
            return ""
        value = sc.f1 if key is None else sc.extra.get(key)
        return f"{value:.3f}" if isinstance(value, float) else ""

    lines = [
        "| held-out set | articles | quotes F1 | speaker accuracy | sources F1 | figures F1 | claimant accuracy |",
        "|---|---|---|---|---|---|---|",
    ]
    for folder, scores, n in sets:
        lines.append(f"| `{folder.name}`: {describe_set(folder)} | {n} | {cell(scores, 'quotes')} | "
                     f"{cell(scores, 'quotes', 'speaker_accuracy')} | {cell(scores, 'sources')} | "
                     f"{cell(scores, 'figures')} | {cell(scores, 'figures', 'claimant_accuracy_matched')} |")
    parts = ["\n".join(lines) + "\n"]
    for folder, scores, n in sets:
        parts.append(f"**`{folder.name}`** ({describe_set(folder)}). " + as_markdown(scores, n, "held-out articles"))
    return "\n".join(parts)


def evaluate_release(gold_dir: Path, out: Path, as_json: bool = False, write_card: bool = False,
                     heldout: list[Path] | Path | None = None, show_errors: bool = False) -> int:
    gold = load_gold(gold_dir)
    errors: list[dict] | None = [] if show_errors else None
    scores = score(gold, read_tables(out), errors)
    print_scores(scores, as_json)
    if errors:
        print_errors(errors)
    if write_card:
        write_scores(out, as_markdown(scores, len(gold)), "evaluation")
    folders = [heldout] if isinstance(heldout, Path) else list(heldout or [])
    held = []
    for folder in folders:
        scores, n = score_heldout(folder)
        print(f"held-out set {folder}:", file=sys.stderr)
        print_scores(scores, as_json)
        held.append((folder, scores, n))
    if write_card and held:
        write_scores(out, heldout_markdown(held), "heldout_evaluation")
    return 0
