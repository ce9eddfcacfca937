"""Cross-source resolution of tasks: the same directive reported by several articles.

Entities and meetings already share IRIs across sources (keys from the reference KB, meetings
keyed by date and chair). Tasks are per article; two tasks of the same meeting and assignee from
different articles are linked with ``kg:sameTaskAs`` when their actions share enough word stems, or,
when the two descriptions share no stem at all (two languages without cognates, as Vietnamese and
English), when each source reports only that one directive for the assignee at that meeting.
Stems are the first four letters of content words, which lets English and French cognates meet
(resolution/résoudre, equipment/équipements, localities/localités).
"""
from __future__ import annotations

import re

from kg.text import fold

_STOP = {"the", "and", "for", "with", "that", "this", "from", "their", "them", "have", "has", "been", "des", "les",
         "une", "pour", "avec", "dans", "leur", "leurs", "aux", "sur", "par", "qui", "que", "est", "sont", "ont",
         "also", "egalement", "urgently", "urgence", "continue", "continuer", "according", "conformement"}


def stems(text: str) -> set[str]:
    """Four-letter stems of the content words.

    >>> sorted(stems("allocate resources to localities"))
    ['allo', 'loca', 'reso']
    """
    words = re.findall(r"[a-z0-9]+", fold(text))
    return {w[:4] for w in words if (len(w) > 3 or w.isdigit()) and w not in _STOP}


def similarity(a: str, b: str) -> float:
    sa, sb = stems(a), stems(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def _count(keys) -> dict:
    out: dict = {}
    for k in keys:
        out[k] = out.get(k, 0) + 1
    return out


def _shares_a_word(a: str, b: str) -> bool:
    """Some content stem in common (then similarity decides, as between English and French)."""
    return bool(stems(a) & stems(b))


def link_same_tasks(mine: list[tuple[str, str, str, str]], theirs: list[tuple[str, str, str, str]],
                    threshold: float = 0.34) -> list[tuple[str, str]]:
    """Pairs (my task, their task) that report one directive.

    Each item is (task IRI, meeting IRI, assignee IRI, description[, language]). Within a
    meeting and assignee, the most similar pairs are matched one to one; descriptions in two
    languages that share no stem pair up when each is its source's only one there.
    """
    candidates = []
    mine_per = _count((m, a) for _, m, a, *_ in mine)
    theirs_per = _count((m, a) for _, m, a, *_ in theirs)
    for t1, m1, a1, d1, *l1 in mine:
        for t2, m2, a2, d2, *l2 in theirs:
            if m1 == m2 and a1 == a2 and t1 != t2:
                s = similarity(d1, d2)
                if s >= threshold:
                    candidates.append((s, t1, t2))
                elif mine_per[(m1, a1)] == 1 and theirs_per[(m2, a2)] == 1 and l1 and l2 and l1 != l2 \
                        and not _shares_a_word(d1, d2):
                    # words in two languages that share no stem (Vietnamese and English): the only
                    # directive each source reports for this assignee at this meeting is the same one
                    candidates.append((0.0, t1, t2))
    used1, used2, out = set(), set(), []
    for s, t1, t2 in sorted(candidates, reverse=True):
        if t1 not in used1 and t2 not in used2:
            used1.add(t1)
            used2.add(t2)
            out.append((t1, t2))
    return sorted(out)
