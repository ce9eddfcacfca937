"""SPARQL text seen as tokens, not characters: what kg checks in a query before a store runs it.

A ``#`` inside an IRI (``<https://w3id.org/vnkg/ontology#>``) or a string is not a comment, and a
keyword inside one is not a keyword: every check here first blanks IRIs, strings and comments
(same length, so positions stay).
"""
from __future__ import annotations

import re

# SPARQL's lexical tokens that can hide a ``#`` or a keyword: IRIs (with \\u escapes), strings,
# comments (a line ends at \\n or \\r, as Oxigraph reads it) and a name's escapes (``ex:a\\#b``).
# Strings follow the grammar: a long string cannot end with a quote (``"""a""""`` is two tokens).
_LEXEME = re.compile(
    r'(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)'
    r'|(?P<string>"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""|\'\'\'(?:(?:\'|\'\')?(?:[^\'\\]|\\.))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')'
    r'|(?P<comment>#[^\r\n]*)'
    r'|(?P<escape>\\.)')


def strip_comments(sparql: str) -> str:
    """The text without its comments; a ``#`` inside an IRI or a string is not one.

    >>> strip_comments('PREFIX kg: <https://w3id.org/vnkg/ontology#> # the ontology\\nSELECT ("#1" AS ?x) {}')
    'PREFIX kg: <https://w3id.org/vnkg/ontology#> \\nSELECT ("#1" AS ?x) {}'
    """
    return _LEXEME.sub(lambda m: "" if m.lastgroup == "comment" else m.group(0), sparql)


def code_only(sparql: str) -> str:
    """The text with IRIs, strings and comments blanked (same length): what is left are keywords,
    names and punctuation, at their places. A name's escape (``\\#``) becomes ``__``.

    >>> code_only('SELECT * { ?s <urn:x#SERVICE> "SERVICE" } # SERVICE')
    'SELECT * { ?s                           }          '
    """
    return _LEXEME.sub(lambda m: "__" if m.lastgroup == "escape" else re.sub(r"[^\n]", " ", m.group(0)), sparql)


def declares_dataset(sparql: str) -> bool:
    """True when a query names its own dataset (``FROM`` / ``FROM NAMED``).

    >>> declares_dataset('SELECT * FROM <urn:g> { ?s ?p "from" } # FROM')
    True
    >>> declares_dataset('SELECT ?from { ?s <urn:x#FROM> "FROM" ; ex:from ?from } # FROM <urn:g>')
    False
    """
    return bool(re.search(r"(?i)(?<![?$:\w.])FROM\b(?!\s*:)", code_only(sparql)))


def _block(code: str, start: int) -> tuple[str, int]:
    """The text inside the brace block opening at or after ``start`` with nested blocks blanked, and its end."""
    i = code.index("{", start)
    depth, out = 0, []
    for j in range(i, len(code)):
        c = code[j]
        if c == "{":
            depth += 1
            if depth > 1:
                out.append(" ")
        elif c == "}":
            depth -= 1
            if depth == 0:
                return "".join(out), j + 1
            out.append(" ")
        else:
            out.append(c if depth == 1 else " ")
    raise ValueError("unbalanced braces")


_ONLY_GRAPHS = re.compile(r"(?is)\s*(?:GRAPH\s*(?:[?$]\w+|[\w.-]*:[\w.:-]*)?\s*\.?\s*)*")
_OPS = re.compile(r"(?i)\b(INSERT\s+DATA|DELETE\s+DATA|DELETE\s+WHERE|INSERT|DELETE|LOAD|CLEAR|DROP|ADD|MOVE|COPY|WITH)\b")


def end_of_code(sparql: str) -> str:
    """The text without comments and without a trailing ``;``: what another operation can follow.

    >>> end_of_code('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "#1" } } ; # done')
    'INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "#1" } }'
    >>> end_of_code('DROP GRAPH <urn:g#x> # gone')
    'DROP GRAPH <urn:g#x>'
    """
    return strip_comments(sparql).rstrip().rstrip(";").rstrip()


def default_graph_writes(update: str) -> str | None:
    """Why an update would write to the default graph itself (or fetch from the web), or None.

    kg's default graph is the merge of its named graphs (see ``kg.store``): an update writes into
    named graphs (``GRAPH <g> { ... }`` templates, ``WITH <g>``) and the merge follows.

    >>> default_graph_writes('PREFIX kg: <https://w3id.org/vnkg/ontology#> '
    ...                      'INSERT DATA { GRAPH <urn:g> { <urn:a> kg:p "#1" } }') is None
    True
    >>> default_graph_writes('INSERT DATA { <urn:a> <urn:p> 1 }')
    'INSERT DATA writes triples outside any GRAPH block'
    >>> default_graph_writes('WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }') is None
    True
    >>> default_graph_writes('DELETE { GRAPH ?g { ?s ?p 1 } } WHERE { GRAPH ?g { ?s ?p 1 } }') is None
    True
    >>> default_graph_writes('CLEAR DEFAULT')
    'CLEAR DEFAULT empties the default graph'
    >>> default_graph_writes('LOAD <http://example.org/x.ttl> INTO GRAPH <urn:g>')
    'LOAD fetches a document from the web'
    """
    code = code_only(update)
    pos = 0
    with_graph = False
    for m in _OPS.finditer(code):
        if m.start() < pos:
            continue
        op = " ".join(m.group(1).upper().split())
        if op == "WITH":
            with_graph = True
            continue
        if op == "LOAD":
            return "LOAD fetches a document from the web"
        if op in ("CLEAR", "DROP"):
            target = code[m.end():].split(None, 2)
            if target and target[0].upper() == "DEFAULT":
                return f"{op} DEFAULT empties the default graph"
            continue
        if op in ("ADD", "MOVE", "COPY"):
            rest = code[m.end():].split(";", 1)[0].upper().split()
            if "DEFAULT" in rest:
                return f"{op} reads or writes the default graph itself"
            continue
        try:
            inside, end = _block(code, m.end())
        except ValueError:
            return None          # let the store report the syntax error
        pos = end
        if op in ("INSERT", "DELETE") and with_graph:
            continue
        if not _ONLY_GRAPHS.fullmatch(inside):
            return f"{op} writes triples outside any GRAPH block"
        if op in ("INSERT", "DELETE", "DELETE WHERE", "INSERT DATA", "DELETE DATA"):
            nxt = re.match(r"\s*;", code[end:])
            if nxt:
                with_graph = False
    return None
