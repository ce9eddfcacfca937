"""Every error and warning `kg` raises, with a stable code users can grep and filter.

Exit codes follow pySHACL: 0 OK, 1 the data does not conform or a query failed, 2 a usage,
input or load error.
"""
from __future__ import annotations


class KgError(Exception):
    """Base of all errors; ``code`` is stable, ``exit_code`` is what the CLI returns."""

    code = "KG-E000"
    exit_code = 2

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(KgError):
    """A source file cannot be read as an article (empty, binary, unsupported language...)."""

    code = "KG-E001"


class UnsupportedLanguage(InputError):
    code = "KG-E002"


class StoreError(KgError):
    """The store cannot be opened or written (corrupt, foreign, locked)."""

    code = "KG-E010"


class StoreLocked(StoreError):
    code = "KG-E011"


class QueryError(KgError):
    """A query is unknown, does not parse, lacks a parameter, or timed out."""

    code = "KG-E020"
    exit_code = 1


class UnknownQuery(QueryError):
    code = "KG-E021"
    exit_code = 2


class ParameterError(QueryError):
    code = "KG-E022"
    exit_code = 2


class UpdateRefused(QueryError):
    code = "KG-E023"
    exit_code = 2


class QueryTimeout(QueryError):
    """A query ran longer than its time limit (``--timeout``, ``KG_QUERY_TIMEOUT``)."""

    code = "KG-E024"
    exit_code = 1


class ValidationFailure(KgError):
    """A graph does not conform to the shapes."""

    code = "KG-E030"
    exit_code = 1


class ShapesError(KgError):
    """The shapes use a SHACL feature the fast validator does not implement."""

    code = "KG-E032"


class ExportError(KgError):
    code = "KG-E040"


class DocsError(KgError):
    """The ontology documentation cannot be built (pyLODE or Graphviz missing, or failing)."""

    code = "KG-E050"


class KgWarning(UserWarning):
    """Base of the warnings: something was read, but not as written (``code`` is stable)."""

    code = "KG-W000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class DecodeWarning(KgWarning):
    """A source file was decoded with a fallback: invalid UTF-8 bytes replaced, or a legacy code page."""

    code = "KG-W001"


class StoreMissing(StoreError):
    """A command that only reads was given a local store that does not exist (a mistyped --store)."""

    code = "KG-E012"


class InvalidDate(ParameterError):
    """A date option or parameter is not a real ISO date (2025-10-08, 2025-10 or 2025)."""

    code = "KG-E025"


class OutputError(KgError):
    """An output path (``-o``) cannot be written: missing folder, a folder, no permission."""

    code = "KG-E060"


class OutboundRequestRefused(QueryError):
    """A query or update would make kg fetch from the network (``SERVICE``, ``LOAD``): refused, so
    that neither ``kg serve`` nor ``kg query`` can be made to send requests to other hosts."""

    code = "KG-E026"
    exit_code = 2


class ClusterError(KgError):
    """The Dask cluster of ``kg ingest --cluster`` is missing, unreachable, lost, or runs another kg."""

    code = "KG-E070"
