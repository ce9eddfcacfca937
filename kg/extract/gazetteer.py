"""Entity ruler over the reference knowledge base and the group lexicon.

Matches are found on folded text (lower case, no diacritics, same length), so ``Bộ Tài chính``,
``ministere des Finances`` and ``Ministry of Finance`` all hit; leftmost-longest wins. Single
common words that are also names (``Government``) match only where written as a name.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from kg import resources
from kg.extract.lang import pack
from kg.namespaces import KG, KGR, SKOS
from kg.text import fold, match_key, slug

LABEL_PROPS = (SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel", KG + "historicLabel")
_CLASSES = {"Person", "Ministry", "GovernmentBody", "PartyBody", "Enterprise", "Locality", "Group",
            "OtherOrganization", "Other", "Post"}
# Small words between a group form's words, as few as will do: in the trie of forms (see
# _trie_pattern) this piece is shared by the forms that go on with a small word of their own
# ("cac tinh") and the ones that skip it ("tinh"); taking the small word first would try the
# second kind first.
_GAP = r"(?:[\s,]+(?:et|and|aux|au|a|à|les|le|la|l'|des|de|du|d'|the|of|all|tous|toutes|va|cac)\b)*?[\s,]+"
CANONICAL_LANG = "en"
"""The language of canonical labels (the gold and the queries name entities in English)."""


_SMALL = {"et", "and", "aux", "au", "a", "les", "le", "la", "l", "des", "de", "du", "d", "the", "of", "all",
          "tous", "toutes", "va", "cac"}
CONTINUATION = "+ "
"""A group form starting with this counts only as the next item of a list of groups ("các bộ, ngành, địa
phương": "địa phương" alone is also a modifier, "chính quyền địa phương")."""
_LIST_JOIN = re.compile(r"[\s,;]*(?:(?:va|and|et)\s+)?(?:(?:cac|les|the)\s+)?$")


def _plain_atoms(f: str) -> tuple[str, ...]:
    """A label's pattern, one regex piece per character: a space also matches a hyphen or several
    spaces, an apostrophe may be typographic or left out."""
    return tuple(r"[\s\-]+" if c == " " else "['’]?" if c == "'" else re.escape(c) for c in f)


def _group_atoms(f: str) -> tuple[str, ...]:
    """A group form's pattern: its words, with small words and commas allowed between them."""
    out: list[str] = []
    for w in re.split(r"[\s,]+(?:(?:et|and)\s+)?", f):
        if w:
            if out:
                out.append(_GAP)
            out.extend(re.escape(c) for c in w)
    return tuple(out)


def _trie_pattern(forms: list[tuple[tuple[str, ...], int]]) -> str:
    """One regex for many patterns (sequences of pieces, each with its label's length), as a
    trie: at each point the engine follows the pieces that can come next, rather than trying
    15,000 alternatives at every character of an article (an alternation costs as many tries as
    it has branches: 3 ms an article against 0.3). The branches leading to the longest label come
    first and an ending is optional and greedy, so at any start the patterns are tried in the
    order of an alternation sorted longest label first.

    >>> forms = [(_plain_atoms(f), len(f)) for f in ("bo tai chinh", "bo", "bo tu phap")]
    >>> rx = re.compile(_trie_pattern(forms))
    >>> [rx.match(t).group(0) for t in ("bo tai chinh", "bo-tu phap", "bo noi vu")]
    ['bo tai chinh', 'bo-tu phap', 'bo']
    """
    END = ""
    root: dict = {}
    for pieces, length in forms:
        node = root
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[END] = max(length, node.get(END, 0))

    def pattern(node: dict) -> tuple[str, int]:
        """The node's pattern, and the longest label below it."""
        below = sorted(((*pattern(child), piece) for piece, child in node.items() if piece != END),
                       key=lambda b: (-b[1], b[2]))
        alts = [piece + text for text, _, piece in below]
        longest = max([b[1] for b in below] + [node.get(END, 0)])
        if not alts:
            return "", longest
        if len(alts) == 1 and END not in node:
            return alts[0], longest
        return "(?:" + "|".join(alts) + ")" + ("?" if END in node else ""), longest

    return "(?:" + pattern(root)[0] + ")"


def _strip_small(k: str) -> str:
    return " ".join(w for w in k.split() if w not in _SMALL)


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    type: str
    kind: str  # person, org, post, group
    broader: tuple[str, ...] = ()
    org: str | None = None
    level: str | None = None
    """A locality's ``kg:localityLevel`` (city, province)."""
    merged_into: str | None = None
    """A merged province's successor, an abolished ministry's successor."""
    labels: tuple[tuple[str, str], ...] = ()
    """(language, label) of every prefLabel and altLabel."""


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entry: Entry

    @property
    def key(self) -> str:
        return self.entry.key


class Gazetteer:
    def __init__(self, entries: dict[str, Entry], aliases: list[tuple[str, str, bool]]):
        """aliases: (alias text, key, is_group_pattern)."""
        self.entries = entries
        self.by_match_key: dict[str, str] = {}
        plain, groups = {}, {}
        cont, normal = set(), set()
        for alias, key, is_group in aliases:
            if is_group and alias.startswith(CONTINUATION):
                alias = alias[len(CONTINUATION):]
                cont.add(match_key(alias))
            else:
                normal.add(match_key(alias))
            f = fold(alias).strip()
            if len(f) < 2:
                continue
            self.by_match_key.setdefault(match_key(alias), key)
            (groups if is_group else plain).setdefault(f, (key, alias))
        self._alias_info = {**plain, **groups}
        forms = [(_group_atoms(f) if f in groups else _plain_atoms(f), len(f)) for f in set(plain) | set(groups)]
        self._rx = re.compile(r"(?<![\w])" + _trie_pattern(forms) + r"(?:s|x)?(?![\w])") if forms else None
        self._continuation = cont - normal
        self._stripped = {}
        for k, key in self.by_match_key.items():
            self._stripped.setdefault(_strip_small(k), key)

    def _resolve(self, hit: str) -> str | None:
        k = match_key(hit)
        key = self.by_match_key.get(k)
        if key:
            return key
        for suffix in ("s", "x"):
            if k.endswith(suffix) and k[:-1] in self.by_match_key:
                return self.by_match_key[k[:-1]]
        # a group form matched with articles in between: compare without the small words
        return self._stripped.get(_strip_small(k))

    def find(self, text: str, lang: str = "en") -> list[Match]:
        """Every reference entity, post and group named in ``text``."""
        if self._rx is None:
            return []
        low = fold(text)
        out = []
        p = pack(lang)
        common = {match_key(w) for w in p.words("actors.common_name")}
        capital = {match_key(w) for w in p.words("actors.common_name_capitalised")}
        not_before = p.rx("actors.common_name_not_before", r"\s*(?:{})")
        for m in self._rx.finditer(low):
            key = self._resolve(m.group(0))
            if key is None:
                continue
            entry = self.entries[key]
            surface = text[m.start():m.end()]
            if self._continuation and match_key(m.group(0)) in self._continuation and not (
                    out and out[-1].entry.kind == "group" and _LIST_JOIN.match(low, out[-1].end, m.start())):
                continue
            word = match_key(surface)
            if word in common or word.rstrip("s") in common:
                if word in capital and not surface[:1].isupper():
                    continue
                if not_before.match(low, m.end()):
                    continue
                if word.endswith("s") and word.rstrip("s") in common:
                    continue
            out.append(Match(m.start(), m.end(), entry))
        return out

    def lookup(self, name: str) -> Entry | None:
        key = self._resolve(name)
        return self.entries.get(key) if key else None


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    import pyoxigraph as ox

    entries: dict[str, Entry] = {}
    aliases: list[tuple[str, str, bool]] = []
    types: dict[str, str] = {}
    labels: dict[str, list[tuple[str, str | None, str]]] = {}
    historic: list[tuple[str, str, bool]] = []
    broader: dict[str, list[str]] = {}
    post_in: dict[str, str] = {}
    level: dict[str, str] = {}
    merged: dict[str, str] = {}
    for f in resources.reference_files():
        for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE):
            s, p, o = t.subject, t.predicate.value, t.object
            if not isinstance(s, ox.NamedNode) or not s.value.startswith(KGR):
                continue
            key = s.value[len(KGR):]
            if p.endswith("22-rdf-syntax-ns#type") and o.value.startswith(KG):
                cls = _local(o.value)
                if cls in _CLASSES:
                    types[key] = "OtherOrganization" if cls == "Other" else cls
            elif p in LABEL_PROPS and isinstance(o, ox.Literal):
                labels.setdefault(key, []).append((p, o.language, o.value))
            elif p == KG + "broaderPost":
                broader.setdefault(key, []).append(o.value[len(KGR):])
            elif p in (KG + "postIn", "http://www.w3.org/ns/org#postIn"):
                post_in[key] = o.value[len(KGR):]
            elif p == KG + "localityLevel":
                level[key] = o.value
            elif p == KG + "mergedInto":
                merged[key] = o.value[len(KGR):]
    for key, cls in types.items():
        ls = labels.get(key, [])
        en = next((v for p, lang, v in ls if p.endswith("prefLabel") and lang == CANONICAL_LANG), None) or \
            next((v for _, _, v in ls), key.rsplit("/", 1)[-1])
        kind = "person" if cls == "Person" else "post" if cls == "Post" else "org"
        own = tuple((lang or "", v) for p, lang, v in ls if not p.endswith("historicLabel"))
        entries[key] = Entry(key, en, cls, kind, tuple(broader.get(key, ())), post_in.get(key),
                             level.get(key), merged.get(key), own)
        for p, _, v in ls:
            (historic if p.endswith("historicLabel") else aliases).append((v, key, False))
    # an entity's own names before former names: "Binh Dinh" is the merged province, not its successor
    aliases.extend(historic)
    for label, forms in resources.read_groups().items():
        key = "group/" + slug(label)
        entries[key] = Entry(key, label, "Group", "group")
        aliases.append((label, key, True))
        for lang_forms in forms.values():
            for form in lang_forms:
                aliases.append((form, key, True))
    return Gazetteer(entries, aliases)


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    data = json.loads((resources.resource_dir("lexicon") / "surnames.json").read_text(encoding="utf-8"))
    return frozenset(s.lower() for s in data["surnames"])
