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


_PROLOGUE = re.compile(r"(?i)\s*(?:(?:PREFIX\s*[^\s:]*:|BASE)\s*)*")


def after_prologue(sparql: str) -> str:
    """The text with IRIs, strings and comments blanked (``code_only``) from where the query or
    update itself starts: after its PREFIX and BASE declarations, at its first keyword.

    >>> after_prologue("# hi\\nPREFIX ex: <http://x#> BASE <http://b/>\\n construct { ?s ?p ?o } WHERE { ?s ?p ?o }")[:9]
    'construct'
    """
    code = code_only(sparql)
    return code[_PROLOGUE.match(code).end():]


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


_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_DECLARED = re.compile(r"(?i)\bPREFIX\s*([\w.-]*):")


def with_prefixes(sparql: str, prefixes: dict[str, str]) -> str:
    """The text with a declaration for each of ``prefixes`` it uses and does not declare, all on its
    first line (line numbers in a server's error stay right): for stores that take no prefix list.

    >>> with_prefixes("SELECT * { ?s a kg:Task }", {"kg": "https://w3id.org/vnkg/ontology#", "rdf": "urn:r"})
    'PREFIX kg: <https://w3id.org/vnkg/ontology#> SELECT * { ?s a kg:Task }'
    """
    code = code_only(sparql)
    declared = {m.group(1) for m in _DECLARED.finditer(code)}
    used = [p for p in prefixes if p not in declared and re.search(rf"(?<![\w?$:-]){re.escape(p)}:", code)]
    return "".join(f"PREFIX {p}: <{prefixes[p]}> " for p in used) + sparql


def explain_syntax_error(sparql: str, message: str, prefixes: dict[str, str] | None = None) -> str:
    """A parser's message made readable: line, column, a short reason, a hint, the line with a caret.

    >>> print(explain_syntax_error("SELECT * WHERE { ?s a wd:Q5 }",
    ...       "error at 1:28: expected one of Prefix not found, ['%'], [':']"))
    line 1, column 23: the prefix wd: is not declared; add a line PREFIX wd: <...> with its namespace IRI
      SELECT * WHERE { ?s a wd:Q5 }
                            ^
    >>> print(explain_syntax_error("SELECT * WHERE {\\n  FILTER(?o > ) }", "error at 2:15: expected one of ABS, AVG, [_]"))
    line 2, column 15: expected ABS, AVG
        FILTER(?o > ) }
                    ^
    >>> print(explain_syntax_error("SELEC * {}", "error at 1:10: expected CONSTRUCT"))
    line 1, column 1: SELEC is not a query form: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE (an update with INSERT, DELETE, DROP...)
      SELEC * {}
      ^
    """
    m = _ERROR_AT.match(message.strip())
    if not m:
        return message.strip()
    line, col, what = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = sparql.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "Prefix not found" in what:
        # Oxigraph points just past the prefixed name: the caret goes back to where it starts
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w.%-]*$", text[:max(col - 1, 0)])
        prefix = (name.group(1) or "") if name else "?"
        if name:
            col = name.start() + 1
        known = ", ".join(sorted(prefixes)) if prefixes else ""
        reason = (f"the prefix {prefix}: is not declared; add a line PREFIX {prefix}: <...> with its namespace IRI"
                  + (f" (declared in advance: {known})" if known else ""))
    else:
        options = [o.strip() for o in re.split(r",\s*(?![^\[]*\])", re.sub(r"^expected (one of )?", "", what)) if o.strip()]
        words = [o for o in options if not o.startswith("[")]
        reason = ("expected " + ", ".join(words[:8]) + (" ..." if len(words) > 8 else "")) if words else what.split("\n")[0]
        rest = after_prologue(sparql)
        start = len(sparql) - len(rest)
        first = re.match(r"\w+", rest)
        forms = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "LOAD", "CLEAR", "CREATE",
                 "DROP", "COPY", "MOVE", "ADD", "WITH")
        if first and first.group(0).upper() not in forms:
            before = sparql[:start]
            line, col = before.count("\n") + 1, start - (before.rfind("\n") + 1) + 1
            text = lines[line - 1] if 0 < line <= len(lines) else ""
            reason = (f"{first.group(0)} is not a query form: a query starts with SELECT, ASK, CONSTRUCT or "
                      "DESCRIBE (an update with INSERT, DELETE, DROP...)")
    caret = " " * (max(col, 1) - 1) + "^"
    return f"line {line}, column {col}: {reason}\n  {text}\n  {caret}"


_LATERAL_HINT = re.compile(r"(?m)^#\+ oxigraph: lateral-optional[ \t]*$")


def lateral_optionals(sparql: str) -> str:
    """The query with each ``OPTIONAL { X }`` run as ``LATERAL { OPTIONAL { X } }`` (SEP-0006),
    when its header says ``#+ oxigraph: lateral-optional``; any other query as it is.

    Oxigraph joins an OPTIONAL by building a hash table of its pattern over the whole store, then
    probing it: right for a listing, wasteful when few rows come in (one indicator's figures
    looked up every quote of the store). LATERAL makes it look up each row's match instead.
    The files stay standard SPARQL for other stores; only the embedded store applies this.

    >>> print(lateral_optionals('#+ oxigraph: lateral-optional\\nSELECT * { ?s ?p ?o OPTIONAL { ?o ?q "}" } }'))
    #+ oxigraph: lateral-optional
    SELECT * { ?s ?p ?o LATERAL { OPTIONAL { ?o ?q "}" } } }
    >>> lateral_optionals('SELECT * { ?s ?p ?o OPTIONAL { ?o ?q ?r } }')
    'SELECT * { ?s ?p ?o OPTIONAL { ?o ?q ?r } }'
    """
    if not _LATERAL_HINT.search(sparql):
        return sparql
    code = code_only(sparql)
    inserts = []
    for m in re.finditer(r"(?i)\bOPTIONAL\s*\{", code):
        inserts += [(group_end(code, m.end() - 1) or len(code), " }"), (m.start(), "LATERAL { ")]
    # from the end, so offsets hold; where one OPTIONAL ends as the next starts, " }" comes first
    for at, piece in sorted(inserts, key=lambda x: (-x[0], x[1] != "LATERAL { ")):
        sparql = sparql[:at] + piece + sparql[at:]
    return sparql


def group_end(code: str, start: int) -> int | None:
    """Where the first brace group at or after ``start`` ends (just after its ``}``), or None;
    ``code`` is text ``code_only`` blanked (no brace of a string, an IRI or a comment counts).

    >>> group_end("{ a { b } } c", 0), group_end("x { {", 0)
    (11, None)
    """
    i = code.find("{", start)
    if i < 0:
        return None
    depth = 0
    for j in range(i, len(code)):
        if code[j] == "{":
            depth += 1
        elif code[j] == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    return None
