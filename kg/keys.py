"""Keys: the stable names of entities (``org/ministry-of-finance``), shared by extraction and RDF mapping.

Extraction names what it finds with these; ``kg.rdf.mapping`` turns a key into an IRI. Keeping
them here, below both, is what lets the same meeting or ministry get one node across articles
and languages without extraction importing the RDF layer. No rdflib, no spaCy.

>>> org_key("Ministry of Finance")
'org/ministry-of-finance'
>>> meeting_key("2025-09-17", "person/nguyen-hoa-binh", "a1")
'meeting/2025-09-17-nguyen-hoa-binh'
"""
from __future__ import annotations

import re
import unicodedata

from kg.text import slug


def slug_id(article_id: str) -> str:
    """The IRI-safe form of an article id: letters of every script, digits, ``_ . -`` kept (NFC), the rest -> ``-``.

    Vietnamese file names keep their letters (IRIs take Unicode, RFC 3987); ASCII ids give the
    slug they always gave (case kept), so the IRIs of sources already stored do not change.

    >>> slug_id("000_6921293e5ad94818"), slug_id("báo cáo"), slug_id("Report (2)")
    ('000_6921293e5ad94818', 'báo-cáo', 'Report-2')
    """
    return re.sub(r"[^\w.-]+", "-", unicodedata.normalize("NFC", article_id)).strip("-") or "article"


def person_key(name: str) -> str:
    return "person/" + slug(name)


def org_key(label: str) -> str:
    return "org/" + slug(label)


def group_key(label: str) -> str:
    return "group/" + slug(label)


def post_key(label: str) -> str:
    return "post/" + slug(label)


def meeting_key(date: str | None, chair: str | None, article_id: str) -> str:
    """Same date and chair -> same meeting, whichever source reports it."""
    if date and chair:
        return f"meeting/{date}-{chair.rsplit('/', 1)[-1]}"
    return f"meeting/{slug_id(article_id)}-{date or 'undated'}"


def document_key(doc_type: str, identifier: str) -> str:
    core = re.search(r"\d+(?:[/-][0-9A-Za-zĐđ-]+)*", identifier)
    number = core.group(0) if core else identifier
    number = number.split("/")[0] if "/" not in identifier else number
    return f"document/{doc_type.lower()}-{slug(number)}"


def indicator_key(label: str) -> str:
    return "indicator/" + slug(label)[:80]
