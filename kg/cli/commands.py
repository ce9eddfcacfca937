"""The commands; each parses its arguments and calls one library function."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from kg.cli import _fail, _state, app, check_output, iso_date_option, open_store, output_file
from kg.errors import KgError, ParameterError


@app.command("ingest")
def ingest_cli(
    paths: Annotated[Optional[List[str]], typer.Argument(help="Article files (.txt, .md, .html), folders of them, or web page URLs (http(s)://).", show_default=False)] = None,
    feed: Annotated[List[str], typer.Option("--feed", help="An RSS or Atom feed URL (repeatable): ingest its items not ingested before.")] = [],
    quarantine: Annotated[bool, typer.Option("--quarantine", help="Keep articles that fail validation in a quarantine graph instead of rejecting them.")] = False,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language of the articles (en, fr, vi); detected when omitted.")] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar on stderr (when it is a terminal).")] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes that read, extract and validate articles in parallel; the store ends up the same as with 1.")] = 1,
    cluster: Annotated[Optional[str], typer.Option("--cluster", metavar="ADDRESS", help="Read, extract and validate on a Dask cluster: its scheduler (tcp://host:8786), or local / local:N for N worker processes here; this process writes, as with --jobs (needs the cluster extra).")] = None,
) -> None:
    """Extract facts from articles, validate each article's graph and store it (one transaction per article).

    Re-ingesting a file (the same bytes, or the same file edited) replaces its graph; two files
    with one name are two sources. A URL is fetched (robots.txt respected) and read like a saved
    page; re-fetching a changed page replaces its source. Bad files and pages are listed at the
    end; good ones still go in.
    """
    from kg.pipeline import IngestReport, ingest, ingest_feed

    def bar(items):
        if not progress or len(items) < 3 or not sys.stderr.isatty():
            return items
        from tqdm import tqdm
        return tqdm(items, desc="ingest", unit="article", file=sys.stderr)

    try:
        if not paths and not feed:
            raise ParameterError("give files, folders or URLs to ingest, or --feed URL")
        store = open_store()
        report = ingest(store, paths, quarantine=quarantine, progress=bar, lang=lang, jobs=jobs,
                        cluster=cluster) if paths else IngestReport()
        for url in feed:
            report.add(ingest_feed(store, url, quarantine=quarantine, progress=bar, lang=lang, jobs=jobs,
                                   cluster=cluster))
    except KgError as e:
        _fail(e)
    del store   # the lock goes with it, even while a caller keeps this frame (the traceback of typer.Exit)
    labels = {"meetings": "meetings", "documents": "documents", "tasks": "tasks", "figures": "figures",
              "holdings": "post holdings", "entities": "persons and organisations named"}
    facts = ", ".join(f"{report.facts[k]} {label}" for k, label in labels.items() if k in report.facts)
    # each counted once, as kg stats counts them ("in sources")
    typer.echo(f"ingested {len(report.ingested)} article(s), {report.triples} triples"
               + (f": {facts}" if facts else ""), err=True)
    for aid in report.quarantined:
        typer.echo(f"quarantined: {aid} (see kg validate)", err=True)
    for path, what in report.notes:
        typer.echo(f"note: {path}: {what}", err=True)
    for path, reason in report.failed:
        typer.echo(f"failed: {path}: {reason}", err=True)
    if report.ingested or report.quarantined:
        _refresh_answers()
    if report.failed:
        raise typer.Exit(1 if report.ingested else 2)


@app.command("index")
def index_cli(
    drop: Annotated[bool, typer.Option("--drop", help="Remove the answer tables; queries run as SPARQL again.")] = False,
    status: Annotated[bool, typer.Option("--status", help="Say whether the store has answer tables and whether they are current.")] = False,
) -> None:
    """Keep answer tables beside the store: the canned queries' rows, read back in milliseconds.

    A canned query whose header says `#+ index:` (tasks, figures, timeseries, persons, meetings,
    documents, organizations, sources) is answered from the tables, for its listing (pages too)
    and for its key parameter (tasks --param assignee=..., figures/timeseries --param
    indicator=..., persons --param name=...), while the store is at the snapshot they were built
    from; other parameters, other queries and a store changed since run as SPARQL, so an answer
    is never stale. Once a store has them, kg ingest builds them again after each ingest.
    """
    from kg.query import answers

    try:
        if status:
            state = answers.status(open_store(read_only=True))
            typer.echo({None: "no answer tables (kg index builds them)", "current": "answer tables: current",
                        "stale": "answer tables: stale, the store changed since they were built (kg index builds them again)"}[state])
            return
        if drop:
            had = answers.drop(open_store(read_only=True))
            typer.echo("answer tables removed" if had else "no answer tables", err=True)
            return
        report = answers.build(open_store(read_only=True), progress=_index_progress)
    except KgError as e:
        _fail(e)
    rows = sum(report.queries.values())
    typer.echo(f"answer tables: {len(report.queries)} queries, {rows} rows, {report.keys} keys, "
               f"{report.seconds:.1f} s ({report.path})", err=True)


def _index_progress(name: str) -> None:
    if sys.stderr.isatty():
        typer.echo(f"  answer tables: {name}…", err=True)


def _refresh_answers() -> None:
    """A store that keeps answer tables gets them built again after an ingest (kg index)."""
    from kg.query import answers

    try:
        store = open_store(read_only=True)
        if answers.present(store) and answers.status(store) != "current":
            report = answers.build(store, progress=_index_progress)
            typer.echo(f"answer tables built again in {report.seconds:.1f} s (kg index --drop stops keeping them)", err=True)
    except KgError as e:
        typer.echo(f"kg: the answer tables were not built again ({e.message}); queries run as SPARQL until "
                   "kg index builds them", err=True)


def _params(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            raise ParameterError(f"--param wants KEY=VALUE, got {v!r}")
        k, val = v.split("=", 1)
        out[k.strip()] = val
    return out


@app.command("query")
def query_cli(
    name: Annotated[Optional[str], typer.Argument(help="Canned query name (see --list) or a FILE.rq.")] = None,
    param: Annotated[List[str], typer.Option("--param", "-p", help="Parameter KEY=VALUE (repeatable); bound as an RDF term.")] = [],
    sparql: Annotated[Optional[str], typer.Option("--sparql", help="Run this SPARQL text instead of a canned query.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output: table, json (SPARQL 1.1 Results JSON), csv or tsv.")] = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the canned queries with their parameters.")] = False,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Allow SPARQL updates (INSERT, DELETE, DROP...).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", envvar="KG_QUERY_TIMEOUT", min=0,
                                           help="Stop a query after this many seconds (0: no limit).")] = 30.0,
    limit: Annotated[Optional[int], typer.Option("--limit", min=0, help="Answer a page of this many rows (a SELECT query; default: every row).")] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many rows first (with --limit: the page starting after them).")] = 0,
    sources: Annotated[bool, typer.Option("--sources/--no-sources", help="After a table, list the sources it cites: publication date, outlet, title, URL, ingest date.")] = True,
) -> None:
    """Ask a question: a canned query by name, a .rq file, or --sparql TEXT."""
    from kg.query import Page, bind, cited_sources, format_results, get_query, list_queries, parse_query_text
    from kg.query.answers import run_canned

    try:
        if list_:
            for q in list_queries():
                typer.echo(f"{q.name:14} {q.summary}")
                for p in q.params:
                    typer.echo(f"{'':14}   --param {p.name}=…  ({p.kind}{', optional' if p.optional else ''}) {p.help}")
            return
        if fmt not in ("table", "json", "csv", "tsv"):
            raise ParameterError(f"--format must be table, json, csv or tsv, not {fmt!r}")
        if sparql is None and name is None:
            raise ParameterError("give a query name, a FILE.rq, --sparql TEXT or --list")
        values = _params(param)
        q = parse_query_text(sparql, "sparql") if sparql is not None else get_query(name)
        bind(q, values)      # a wrong parameter is refused before the store is opened
        store = open_store(read_only=not allow_update)
        page = Page(limit, offset) if limit is not None or offset else None
        # a canned query's answer comes from the store's answer tables when they hold it (kg index)
        results = run_canned(store, q, values, page=page, allow_update=allow_update, timeout=timeout or None)
        typer.echo(format_results(results, fmt))
        if fmt == "table" and sources:
            cited = cited_sources(store, results)
            if cited.rows:
                typer.echo("\nSources cited:\n" + format_results(cited, "table"))
        if results.more and fmt != "table":     # the table says it in its last line
            typer.echo(f"kg: rows {offset + 1}–{offset + len(results.rows)}; --offset "
                       f"{offset + len(results.rows)} for more", err=True)
    except KgError as e:
        _fail(e)


@app.command("validate")
def validate_cli(
    graph: Annotated[Optional[str], typer.Option("--graph", help="Validate one source graph (IRI or article id) instead of the whole store.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Report as text, json or turtle.")] = "text",
    consistency: Annotated[bool, typer.Option("--consistency/--no-consistency", help="Also report figures that do not add up (warnings; they do not change the exit code).")] = True,
) -> None:
    """Check the store against the SHACL shapes. Exit 0 conforms, 1 does not, 2 error.

    Quarantined sources (kg ingest --quarantine) are listed apart with their own results; they are
    not queried and do not change the exit code.
    """
    from kg.rdf.mapping import slug_id, source_graph
    from kg.validate import validate_store

    if fmt not in ("text", "json", "turtle"):
        _fail(ParameterError(f"--format must be text, json or turtle, not {fmt!r}"))
    try:
        store = open_store(read_only=True)
        g = None
        if graph:
            g = graph if graph.startswith("http") else source_graph(graph)
            if not store.has_graph(g):
                from kg.namespaces import GRAPH_QUARANTINE_PREFIX
                q = GRAPH_QUARANTINE_PREFIX + slug_id(graph)
                if graph.startswith("http") or not store.has_graph(q):
                    raise ParameterError(f"no source graph {graph!r} in the store (see kg stats)")
                g = q
        report = validate_store(store, g, progress=_bar("validate"))
        held = [] if g else [(iri, validate_store(store, iri)) for iri in store.quarantine_graphs()]
    except KgError as e:
        _fail(e)
    from kg.validate.consistency import check_figures, consistency_text

    findings = check_figures(store) if consistency else []
    if fmt == "json":
        typer.echo(json.dumps({"conforms": report.conforms, "results": report.results,
                               "quarantined": [{"graph": iri, "conforms": r.conforms, "results": r.results} for iri, r in held],
                               "consistency": [f.__dict__ for f in findings]}, indent=1, ensure_ascii=False))
    elif fmt == "turtle":
        typer.echo(report.graph.serialize(format="turtle"))
    else:
        typer.echo(report.text)
        if held:
            typer.echo(f"\nQuarantined: {len(held)} source(s) kept aside (not queried; fix and re-ingest, see README):")
            for iri, r in held:
                first = next((x["message"] for x in r.results if x["severity"] == "Violation"), "conforms now")
                typer.echo(f"- {iri.rsplit('/', 1)[-1]}: {sum(x['severity'] == 'Violation' for x in r.results)} violation(s); first: {first}")
        if consistency:
            typer.echo(consistency_text(findings))
    raise typer.Exit(0 if report.conforms else 1)


def _bar(desc: str):
    """A tqdm progress bar on stderr for long loops, when stderr is a terminal."""
    def wrap(items):
        if len(items) < 50 or not sys.stderr.isatty():
            return items
        from tqdm import tqdm
        return tqdm(items, desc=desc, unit="source", file=sys.stderr)
    return wrap


@app.command("stats")
def stats_cli(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text (a table) or ttl (a VoID description in Turtle: void:triples, void:classPartition, the same counts).")] = "text",
) -> None:
    """Counts: sources, quads, facts, nodes per class (stated by the sources, and in the store), and
    sources per outlet with the span of their publication dates.

    "in sources" counts what the ingest report counts: each meeting, task, document... once,
    however many sources state it. "in store" adds kg's reference data (every ministry, province
    and known office holder, named by a source or not).
    """
    from kg.query.stats import store_stats

    if fmt not in ("text", "ttl"):
        _fail(ParameterError(f"--format must be text or ttl, not {fmt!r}"))
    try:
        store = open_store(read_only=True)
        if fmt == "ttl":
            from kg.query.void import void_graph

            typer.echo(void_graph(store).serialize(format="turtle"), nl=False)
            return
        st = store_stats(store)
    except KgError as e:
        _fail(e)
    typer.echo(f"store: {_state['store']}")
    typer.echo(f"sources: {st.sources}, quarantined: {st.quarantined}")
    typer.echo(f"triples: {st.quads} in the named graphs, {st.facts} distinct (the default graph)")
    typer.echo(f"{'class':14} {'in sources':>10} {'in store':>9}")
    for cls, (stated, held) in st.classes.items():
        typer.echo(f"{cls:14} {stated:>10} {held:>9}")
    if st.outlets:
        width = max(14, *(len(o) for o, *_ in st.outlets))
        typer.echo(f"\n{'outlet':{width}} {'sources':>7}  published")
        for outlet, n, first, last in st.outlets:
            span = first if first == last else f"{first} – {last}"
            typer.echo(f"{outlet or '(not known)':{width}} {n:>7}  {span}")
        typer.echo("(each source's title, URL and dates: kg query sources)")


@app.command("export")
def export_cli(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (its folder must exist).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="The actor graph as graphml, gexf (with a timeline), cytoscape, dot, jsonld or html (one page that works offline); or the RDF dataset as ttl, trig or nquads.")] = "graphml",
    graph: Annotated[Optional[str], typer.Option("--graph", help="Only the facts of one source (article id or graph IRI).")] = None,
    types: Annotated[List[str], typer.Option("--type", help="Keep only these node types (Person, Ministry, Meeting, Task...); repeatable.")] = [],
    since: Annotated[Optional[str], typer.Option("--since", callback=iso_date_option, help="Drop meetings, documents and tasks dated before this ISO date (2025-10-08, 2025-10 or 2025).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", callback=iso_date_option, help="Drop meetings, documents and tasks dated after this ISO date (2025-10-08, 2025-10 or 2025).")] = None,
) -> None:
    """Export the actor graph for Gephi, Cytoscape, yEd or Graphviz, or the RDF dataset."""
    from kg.export import SUFFIXES, write_export

    try:
        store = open_store(read_only=True)
        if fmt in ("trig", "nquads"):
            _write_dump(store, fmt, output)
            typer.echo(f"wrote {output} ({store.count()} quads)", err=True)
            return
        with output_file(output, "kg" + SUFFIXES.get(fmt, "." + fmt)) as tmp:
            if fmt == "ttl":
                import pyoxigraph as ox
                triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}, key=str)
                tmp.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE))
                n = len(triples)
            else:
                n = write_export(store, fmt, tmp, graph=graph, types=set(types) or None, since=since, until=until)
    except KgError as e:
        _fail(e)
    typer.echo(f"wrote {output} ({n} {'triples' if fmt == 'ttl' else 'nodes'})", err=True)


@app.command("plot")
def plot_cli(
    indicator: Annotated[str, typer.Argument(help="Indicator: any of its labels (\"people who decided to quit their jobs\").")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Image file, .png or .svg (its folder must exist).")] = Path("indicator.png"),
) -> None:
    """Draw one indicator's values over time: a marker per source, disagreeing dates marked in red."""
    from kg.plot import plot_indicator

    try:
        store = open_store(read_only=True)
        with output_file(output, "indicator.png") as tmp:
            n = plot_indicator(store, indicator, tmp)
    except KgError as e:
        _fail(e)
    typer.echo(f"wrote {output} ({n} figures)", err=True)


#: The file endings of a dump and their format; ``.gz`` after one of them compresses the file.
DUMP_SUFFIXES = {".nq": "nquads", ".nquads": "nquads", ".trig": "trig"}
DUMP_FORMATS = ("nquads", "trig")


def dump_format(path: Path, fmt: Optional[str] = None) -> tuple[str, bool]:
    """The format of a dump file and whether it is gzipped: ``fmt`` when given, else its name.

    >>> dump_format(Path("snap.trig")), dump_format(Path("snap.nq.gz")), dump_format(Path("snap.dat"), "trig")
    (('trig', False), ('nquads', True), ('trig', False))
    """
    name = path.name.lower()
    gz = name.endswith(".gz")
    base = name[:-3] if gz else name
    if fmt is not None:
        if fmt not in DUMP_FORMATS:
            raise ParameterError(f"--format must be {' or '.join(DUMP_FORMATS)}, not {fmt!r}")
        return fmt, gz
    for suffix, found in DUMP_SUFFIXES.items():
        if base.endswith(suffix):
            return found, gz
    known = ", ".join(f"{s}, {s}.gz" for s in DUMP_SUFFIXES)
    raise ParameterError(f"cannot tell the format of {path.name} from its name; known endings: {known} "
                         f"(or give --format {'|'.join(DUMP_FORMATS)})")


def _write_dump(store, fmt: Optional[str], output: Path) -> None:
    """The whole dataset to ``output`` (format from its name unless ``fmt``), whole or not at all."""
    import gzip

    fmt, gz = dump_format(output, fmt)
    with output_file(output, "kg-store" + {"nquads": ".nq", "trig": ".trig"}[fmt]) as tmp:
        data = store.dump(fmt)
        tmp.write_bytes(gzip.compress(data, mtime=0) if gz else data)


@app.command("dump")
def dump_cli(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .nq (N-Quads) or .trig (TriG), either also .gz; its folder must exist.")],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="nquads or trig; from the file name when omitted.")] = None,
) -> None:
    """Back up the whole store (every named graph) to one file, written deterministically."""
    try:
        check_output(output, "kg-store.nq")
        dump_format(output, fmt)
        store = open_store(read_only=True)
        _write_dump(store, fmt, output)
    except KgError as e:
        _fail(e)
    typer.echo(f"wrote {output} ({store.count()} quads)", err=True)


@app.command("load")
def load_cli(
    path: Annotated[Path, typer.Argument(help="A dump written by kg dump: .nq (N-Quads) or .trig (TriG), either also .gz.")],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="nquads or trig; from the file name when omitted.")] = None,
    replace_static: Annotated[bool, typer.Option("--replace-static", help="Also replace kg's ontology, reference, indicator and groups graphs when the file holds another version of them (refused otherwise: every ingest is validated against them).")] = False,
) -> None:
    """Restore a dump into the store, in one transaction (the graphs it holds are replaced).

    kg's own reference graphs in the file are skipped when they are this version's, and refused
    when they differ (unless --replace-static). Triples outside any named graph go to the graph
    https://w3id.org/vnkg/id/graph/manual.
    """
    import gzip
    import zlib

    from kg.errors import InputError
    from kg.store import parse_dump

    try:
        fmt, gz = dump_format(path, fmt)
        if path.is_dir():
            raise InputError(f"{path} is a folder; give the dump file written by kg dump")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        data = path.read_bytes()
        if gz:
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError, zlib.error) as e:
                raise InputError(f"{path}: not a valid gzip file ({e}); nothing was loaded") from None
        try:                            # parsed first: a broken file creates no store and changes nothing
            quads = parse_dump(data, fmt)
        except SyntaxError as e:
            raise InputError(f"{path}: not a valid {fmt} file ({e}); nothing was loaded") from None
        with open_store() as store:     # closed on any error: the lock goes with it
            store.load(quads, replace_static=replace_static)
            store.flush()
    except KgError as e:
        _fail(e)
    typer.echo(f"loaded {path}", err=True)


@app.command("serve")
def serve_cli(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (0.0.0.0 to reach it from other machines).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 7878,
    timeout: Annotated[float, typer.Option("--timeout", envvar="KG_QUERY_TIMEOUT", min=0.1, help="Stop a query after this many seconds (answered 503).")] = 30.0,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="Refuse results with more rows than this (answered 500; clients page with LIMIT/OFFSET).")] = 100_000,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL updates (refused with 403 by default).")] = False,
    cors_origin: Annotated[str, typer.Option("--cors-origin", help="Value of Access-Control-Allow-Origin, for SPARQL editors on other sites.")] = "*",
    update_origin: Annotated[List[str], typer.Option("--update-origin", help="With --allow-update, also accept updates sent by web pages of this origin, e.g. https://yasgui.example (repeatable; * for any). A browser page of another site is refused (403); clients that send no Origin header (curl, SPARQLWrapper) are not affected.")] = [],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every request on stderr.")] = False,
    refresh: Annotated[float, typer.Option("--refresh", min=0, help="Seconds between two looks for another process's writes (kg ingest) to the store; answers then come from the new state (0: at every request).")] = 0.5,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint (/sparql), with the canned queries on a page at /.

    Point SPARQLWrapper, rdflib's SPARQLStore, YASGUI or curl at http://HOST:PORT/sparql. The
    store is opened read-only unless --allow-update; articles ingested meanwhile are seen
    without a restart (the X-KG-Snapshot header tells the store's last change an answer saw).
    """
    from kg.server import Settings, make_server

    try:
        store = open_store(read_only=not allow_update)
        if allow_update:
            store.ensure_static()
        server = make_server(store, host, port, Settings(timeout=timeout, max_rows=max_rows, allow_update=allow_update,
                                                         cors_origin=cors_origin, update_origins=tuple(update_origin),
                                                         refresh_interval=refresh),
                             verbose)
    except KgError as e:
        _fail(e)
    except OSError as e:
        _fail(KgError(f"cannot listen on {host}:{port}: {e.strerror or e}"))
    h, p = server.server_address[:2]
    typer.echo(f"kg: serving {_state['store']} at http://{h}:{p}/ (SPARQL endpoint: http://{h}:{p}/sparql; "
               f"{'read-write' if allow_update else 'read-only'}; Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("kg: stopped", err=True)
    finally:
        server.server_close()
