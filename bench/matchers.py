"""Entity ruler three ways: the project's compiled regex vs spaCy's ``PhraseMatcher`` and ``SpanRuler``.

Measures, over the seed articles, a synthetic corpus (``bench/generate.py``) and the EN/FR
challenge articles, what each finds and how long it takes. Same surface forms for all (the
gazetteer's folded aliases), same text (``kg.text.fold`` of the article text the extractors
see), same post-filter (the gazetteer's rule for common words such as "Government"), same overlap
rule (leftmost, then longest):

- ``regex``: ``load_gazetteer().find(text, lang)``, the code the pipeline runs;
- ``phrase``: ``PhraseMatcher(attr="LOWER")`` on ``spacy.blank("xx").make_doc(fold(text))``; one
  phrase pattern per folded alias, plus its ``s``/``x`` plural (the regex's optional suffix);
- ``phrase-norm``: the same patterns with ``attr="NORM"`` on a doc of the *original* text whose
  tokens get ``norm_ = fold(text)`` (the doc the pipeline has already tokenised);
- ``spanruler``: ``span_ruler`` with the patterns as data (``{"label": key, "pattern": ...}``):
  phrase patterns for names, token patterns for group forms, whose words may be separated by
  commas and small words (``aux ministères et aux directions``) as the regex's ``_GAP`` allows.

Reported: build time (one-off), ms per article (mean and p95 of each article's median over
``--repeat`` runs, after a warm-up pass; ``fold``'s cache is cleared before every run so folding
is paid by all), spaCy's tokenizer alone, and agreement with the regex: spans ``(start, end,
key)`` found by one and not the other, with examples.

    python bench/matchers.py --articles 300 [--repeat 3] [--examples 6] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CHALLENGE = Path("/work/shared/eval/challenge/articles")

import spacy  # noqa: E402
from spacy.matcher import PhraseMatcher  # noqa: E402

from kg.text import fold, match_key  # noqa: E402

# The gazetteer's post-filter vocabulary; copied if the module is mid-edit and does not export it.
try:
    from kg.extract.gazetteer import _COMMON, _SMALL
except Exception:  # pragma: no cover - fallback while kg/extract is being edited
    _COMMON = {"government", "gouvernement", "secretariat", "treasury", "politburo"}
    _SMALL = {"et", "and", "aux", "au", "a", "les", "le", "la", "l", "des", "de", "du", "d", "the", "of",
              "all", "tous", "toutes"}
# tokens allowed between a group form's words (the regex's _GAP: small words, l', d', commas)
GAP_TOKENS = sorted((_SMALL - {"l", "d"}) | {"l'", "d'", ",", "à"})
_COMMON_AFTER = re.compile(r"\s*(local|locaux|locales|a deux|a 2|model|level|-level)")


# ============================================================================ surface forms

def load_gaz():
    """The project's gazetteer, or None if ``kg.extract.gazetteer`` cannot be imported now."""
    try:
        from kg.extract.gazetteer import load_gazetteer

        return load_gazetteer()
    except Exception as e:  # pragma: no cover
        print(f"warning: kg.extract.gazetteer unusable ({e!r}); regex matcher left out", file=sys.stderr)
        return None


def aliases(gaz=None) -> list[tuple[str, str, bool]]:
    """(folded alias, key, is_group) for every surface form the entity ruler matches.

    From the gazetteer's own alias table (folded alias -> (key, original alias)) when it has one;
    otherwise rebuilt from ``data/reference`` (rdflib) and ``data/lexicon/groups.json``.
    """
    table = getattr(gaz, "_alias_info", None)
    if table:
        return [(f, key, key.startswith("group/")) for f, (key, _) in table.items()]
    return _aliases_from_data()


def _aliases_from_data() -> list[tuple[str, str, bool]]:  # pragma: no cover - fallback
    import rdflib

    from kg import resources
    from kg.text import slug

    kg, kgr = "https://w3id.org/vnkg/ontology#", "https://w3id.org/vnkg/id/"
    skos = "http://www.w3.org/2004/02/skos/core#"
    props = {rdflib.URIRef(skos + p) for p in ("prefLabel", "altLabel", "hiddenLabel")}
    hist = rdflib.URIRef(kg + "historicLabel")
    g = rdflib.Graph()
    for f in resources.reference_files():
        g.parse(f, format="turtle")
    typed = {str(s) for s, o in g.subject_objects(rdflib.RDF.type) if str(o).startswith(kg)}
    own, old = [], []
    for s, p, o in g:
        if str(s) in typed and str(s).startswith(kgr) and isinstance(o, rdflib.Literal):
            if p in props:
                own.append((str(o), str(s)[len(kgr):]))
            elif p == hist:
                old.append((str(o), str(s)[len(kgr):]))
    plain: dict[str, str] = {}
    for a, key in own + old:
        plain.setdefault(fold(a).strip(), key)
    groups: dict[str, str] = {}
    for label, forms in resources.read_groups().items():
        key = "group/" + slug(label)
        for form in [label] + [f for fs in forms.values() for f in fs]:
            groups.setdefault(fold(form).strip(), key)
    out = {**{f: (k, False) for f, k in plain.items()}, **{f: (k, True) for f, k in groups.items()}}
    return [(f, k, grp) for f, (k, grp) in out.items() if len(f) >= 2]


# ============================================================================ matchers

Span = tuple[int, int, str]


def _postfilter(text: str, low: str, cands: list[Span], lang: str) -> list[Span]:
    """Leftmost-longest without overlaps, then the gazetteer's rule for common words (as ``find``)."""
    out: list[Span] = []
    last = -1
    for s, e, key in sorted(cands, key=lambda c: (c[0], -c[1])):
        if s < last:
            continue
        last = e
        surface = text[s:e]
        word = match_key(surface)
        if word in _COMMON or word.rstrip("s") in _COMMON:
            if lang == "en" and not surface[:1].isupper():
                continue
            if _COMMON_AFTER.match(low[e:e + 14]):
                continue
            if word.endswith("s") and word.rstrip("s") in _COMMON:
                continue
        out.append((s, e, key))
    return out


class RegexMatcher:
    name = "regex"

    def __init__(self, gaz):
        self.gaz = gaz
        self.build_s = 0.0  # compiled by load_gazetteer (timed separately in main)

    def __call__(self, text: str, lang: str) -> list[Span]:
        return [(m.start, m.end, m.key) for m in self.gaz.find(text, lang)]


def _plural(f: str) -> list[str]:
    return [f, f + "s", f + "x"]


class PhraseMatch:
    """``PhraseMatcher`` over folded text (attr LOWER), or over the original doc with folded NORMs."""

    def __init__(self, forms: list[tuple[str, str, bool]], attr: str = "LOWER"):
        t = time.perf_counter()
        self.nlp = spacy.blank("xx")
        self.attr = attr
        self.name = "phrase" if attr == "LOWER" else "phrase-norm"
        self.matcher = PhraseMatcher(self.nlp.vocab, attr=attr)
        by_key: dict[str, list] = {}
        for f, key, _ in forms:
            for p in _plural(f):
                by_key.setdefault(key, []).append(self._doc(p))
        for key, docs in by_key.items():
            self.matcher.add(key, docs)
        self.strings = self.nlp.vocab.strings
        self.build_s = time.perf_counter() - t

    def _doc(self, text: str):
        doc = self.nlp.make_doc(text)
        if self.attr == "NORM":
            for tok in doc:
                tok.norm_ = fold(tok.text)
        return doc

    def __call__(self, text: str, lang: str) -> list[Span]:
        low = fold(text)
        doc = self._doc(text if self.attr == "NORM" else low)
        cands = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), self.strings[mid]) for mid, s, e in self.matcher(doc)]
        return _postfilter(text, low, cands, lang)


def span_ruler_patterns(forms: list[tuple[str, str, bool]], nlp) -> list[dict]:
    """Patterns as data: phrase strings for names, token patterns (with gaps) for group forms."""
    pats: list[dict] = []
    for f, key, is_group in forms:
        if not is_group:
            pats.extend({"label": key, "pattern": p} for p in _plural(f))
            continue
        words = [w for w in re.split(r"[\s,]+(?:(?:et|and)\s+)?", f) if w]
        toks: list[dict] = []
        for i, w in enumerate(words):
            if i:
                toks.append({"LOWER": {"IN": GAP_TOKENS}, "OP": "*"})
            wt = [t.text for t in nlp.make_doc(w)]
            toks.extend({"LOWER": t} for t in wt[:-1])
            last = wt[-1]
            toks.append({"LOWER": {"IN": _plural(last)}} if i == len(words) - 1 else {"LOWER": last})
        pats.append({"label": key, "pattern": toks})
    return pats


def tuned_blank():
    """``spacy.blank("xx")`` whose tokenizer splits French elisions (``l'``, ``d'``, ``qu'``) off a word."""
    from spacy.util import compile_prefix_regex

    nlp = spacy.blank("xx")
    nlp.tokenizer.prefix_search = compile_prefix_regex([r"(?:l|d|qu)'"] + list(nlp.Defaults.prefixes)).search
    return nlp


def hyphen_variants(forms: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
    """Each name also with one of its spaces written as a hyphen (``vice-president``, ``commune-level``)."""
    out = list(forms)
    for f, key, grp in forms:
        if grp:
            continue
        words = f.split(" ")
        for i in range(1, len(words)):
            out.append((" ".join(words[:i - 1] + [words[i - 1] + "-" + words[i]] + words[i + 1:]), key, grp))
    seen: set[str] = set()
    return [x for x in out if not (x[0] in seen or seen.add(x[0]))]


class SpanRulerMatch:
    """``span_ruler`` with the patterns as data; ``tuned``: elision-splitting tokenizer and hyphen variants."""

    def __init__(self, forms: list[tuple[str, str, bool]], tuned: bool = False):
        t = time.perf_counter()
        self.name = "spanruler-tuned" if tuned else "spanruler"
        self.nlp = tuned_blank() if tuned else spacy.blank("xx")
        ruler = self.nlp.add_pipe("span_ruler", config={"spans_key": "kg", "phrase_matcher_attr": "LOWER"})
        self.patterns = span_ruler_patterns(hyphen_variants(forms) if tuned else forms, self.nlp)
        ruler.add_patterns(self.patterns)
        self.build_s = time.perf_counter() - t

    def __call__(self, text: str, lang: str) -> list[Span]:
        low = fold(text)
        doc = self.nlp(low)
        cands = [(sp.start_char, sp.end_char, sp.label_) for sp in doc.spans["kg"]]
        return _postfilter(text, low, cands, lang)


ALL = ("regex", "phrase", "phrase-norm", "spanruler", "spanruler-tuned")


def build_matchers(gaz=None, which: tuple[str, ...] = ALL) -> dict:
    gaz = gaz if gaz is not None else load_gaz()
    forms = aliases(gaz)
    out = {}
    if gaz is not None and "regex" in which:
        out["regex"] = RegexMatcher(gaz)
    if "phrase" in which:
        out["phrase"] = PhraseMatch(forms, "LOWER")
    if "phrase-norm" in which:
        out["phrase-norm"] = PhraseMatch(forms, "NORM")
    if "spanruler" in which:
        out["spanruler"] = SpanRulerMatch(forms)
    if "spanruler-tuned" in which:
        out["spanruler-tuned"] = SpanRulerMatch(forms, tuned=True)
    return out


# ============================================================================ comparison

def compare(a: list[Span], b: list[Span]) -> dict:
    """Spans only in ``a``, only in ``b``, and same (start, end) with another key."""
    sa, sb = set(a), set(b)
    ka, kb = {(s, e): k for s, e, k in sa - sb}, {(s, e): k for s, e, k in sb - sa}
    rekey = sorted((se, ka[se], kb[se]) for se in ka.keys() & kb.keys())
    return {"only_a": sorted(x for x in sa - sb if (x[0], x[1]) not in kb),
            "only_b": sorted(x for x in sb - sa if (x[0], x[1]) not in ka), "rekey": rekey}


def diff_sentence(text: str, lang: str, matchers: dict) -> dict[str, dict]:
    """Each spaCy matcher against the regex on one text (used by the tests)."""
    base = matchers["regex"](text, lang)
    return {n: compare(base, m(text, lang)) for n, m in matchers.items() if n != "regex"}


# ============================================================================ corpus

def load_corpus(n: int, seed: int = 7) -> dict[str, list[tuple[str, str, str]]]:
    """{corpus name: [(id, text the extractors see, lang)]}."""
    from kg.sources import mask_boilerplate, read_article

    def read(p: Path):
        try:
            a = read_article(p)
            return (p.stem, mask_boilerplate(a.text), a.lang)
        except Exception:
            return None

    seeds = [x for x in map(read, sorted((ROOT / "data" / "articles").glob("*.txt"))) if x]
    synth: list = []
    if n:
        from generate import generate

        with tempfile.TemporaryDirectory() as tmp:
            synth = [x for x in map(read, generate(n, Path(tmp) / "c", seed=seed)) if x]
    chal = [x for x in map(read, sorted(CHALLENGE.glob("c*.txt"))) if x and x[2] in ("en", "fr")]
    chal = [x for x in chal if int(x[0][1:3]) <= 22]
    return {"seed": seeds, "synthetic": synth, "challenge": chal}


def _time(fn, texts: list[tuple[str, str, str]], repeat: int) -> list[float]:
    """Per-article median ms over ``repeat`` runs (after one warm-up pass)."""
    for _, t, lang in texts:
        fn(t, lang)
    per = []
    for _, t, lang in texts:
        runs = []
        for _ in range(repeat):
            fold.cache_clear()
            t0 = time.perf_counter()
            fn(t, lang)
            runs.append((time.perf_counter() - t0) * 1000)
        per.append(statistics.median(runs))
    return per


def _p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))] if xs else float("nan")


def _example(text: str, span: Span) -> str:
    s, e, key = span
    return f"`{text[max(0, s - 12):s]}[{text[s:e]}]{text[e:e + 12]}`".replace("\n", "⏎") + f" → {key}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=300, help="synthetic articles from bench/generate.py")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per article (median kept)")
    ap.add_argument("--examples", type=int, default=5, help="examples of differing spans per matcher and corpus")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    gaz = load_gaz()
    gaz_s = time.perf_counter() - t0
    ms = build_matchers(gaz)
    if "regex" in ms:
        ms["regex"].build_s = gaz_s
    corpora = load_corpus(args.articles, args.seed)
    corpora["all"] = corpora["seed"] + corpora["synthetic"] + corpora["challenge"]
    tok = spacy.blank("xx")
    forms = aliases(gaz)
    print(f"{len(forms)} folded aliases ({sum(g for *_, g in forms)} group forms); "
          f"spanruler patterns: {len(ms['spanruler'].patterns)}; corpora: "
          + ", ".join(f"{k} {len(v)}" for k, v in corpora.items()) + "\n")

    res: dict = {"args": vars(args) | {"json": str(args.json) if args.json else None}, "corpora": {}}
    for cname in ("all", "seed", "synthetic", "challenge"):
        texts = corpora[cname]
        if not texts:
            continue
        chars = sum(len(t) for _, t, _ in texts) / len(texts)
        found = {n: [m(t, lang) for _, t, lang in texts] for n, m in ms.items()}
        rows = {}
        timing = cname == "all"
        for n, m in ms.items():
            row = {"build_s": m.build_s, "spans": sum(map(len, found[n]))}
            if timing:
                per = _time(m, texts, args.repeat)
                row |= {"mean_ms": statistics.fmean(per), "p95_ms": _p95(per)}
            if n != "regex" and "regex" in found:
                cmp = [compare(a, b) for a, b in zip(found["regex"], found[n])]
                row |= {"only_regex": sum(len(c["only_a"]) for c in cmp), "only_this": sum(len(c["only_b"]) for c in cmp),
                        "rekey": sum(len(c["rekey"]) for c in cmp),
                        "agree_articles": sum(not (c["only_a"] or c["only_b"] or c["rekey"]) for c in cmp),
                        "ex_only_regex": [_example(t, s) for (_, t, _), c in zip(texts, cmp) for s in c["only_a"]][:args.examples],
                        "ex_only_this": [_example(t, s) for (_, t, _), c in zip(texts, cmp) for s in c["only_b"]][:args.examples],
                        "ex_rekey": [f"{t[s:e]!r}: {k1} vs {k2}" for (_, t, _), c in zip(texts, cmp)
                                     for (s, e), k1, k2 in c["rekey"]][:args.examples],
                        "why_only_regex": dict(Counter(_why(t, s) for (_, t, _), c in zip(texts, cmp) for s in c["only_a"]).most_common())}
            rows[n] = row
        if timing:
            for label, fn in (("fold only", lambda t, lang: fold(t)),
                              ("make_doc(text) only", lambda t, lang: tok.make_doc(t)),
                              ("make_doc(fold(text)) only", lambda t, lang: tok.make_doc(fold(t)))):
                per = _time(fn, texts, args.repeat)
                rows[label] = {"mean_ms": statistics.fmean(per), "p95_ms": _p95(per)}
        res["corpora"][cname] = {"articles": len(texts), "mean_chars": chars, "rows": rows}
        _print(cname, len(texts), chars, rows, timing)
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def _why(text: str, span: Span) -> str:
    """A rough reason a regex span has no spaCy twin: what the surface holds that tokens split."""
    s, e, _ = span
    surf, before, after = text[s:e], text[s - 1:s], text[e:e + 1]
    if "\n" in surf or "  " in surf:
        return "line break / double space inside"
    if before in "'’" or (before.isalpha() if before else False):
        return "glued to a preceding apostrophe/letter"
    if after in "'’" or (after.isalpha() if after else False):
        return "glued to a following apostrophe/letter"
    if "-" in surf:
        return "hyphen inside (the alias has a space)"
    if span[2].startswith("group/"):
        return "group form with commas / small words between its words"
    return "other"


def _print(cname: str, n: int, chars: float, rows: dict, timing: bool) -> None:
    print(f"### {cname}: {n} articles, {chars:,.0f} chars/article\n")
    if timing:
        print("| matcher | build (s) | ms/article mean | ms/article p95 | spans | only regex | only this | same span, other key | articles identical |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    else:
        print("| matcher | spans | only regex | only this | same span, other key | articles identical |")
        print("|---|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        cells = [name]
        if timing:
            cells += [f"{r['build_s']:.2f}" if "build_s" in r else "", f"{r['mean_ms']:.3f}", f"{r['p95_ms']:.3f}"]
        if "spans" not in r:
            cells += [""] * 5
        else:
            cells += [str(r["spans"])] + ([str(r["only_regex"]), str(r["only_this"]), str(r["rekey"]),
                                           f"{r['agree_articles']}/{n}"] if "only_regex" in r else ["–"] * 4)
        print("| " + " | ".join(cells) + " |")
    print()
    for name, r in rows.items():
        if r.get("only_regex") or r.get("only_this") or r.get("rekey"):
            print(f"- **{name}** only regex by cause: {r['why_only_regex']}")
            for ex in r["ex_only_regex"]:
                print(f"  - only regex: {ex}")
            for ex in r["ex_only_this"]:
                print(f"  - only {name}: {ex}")
            for ex in r["ex_rekey"]:
                print(f"  - other key: {ex}")
    print()


if __name__ == "__main__":
    sys.exit(main())
