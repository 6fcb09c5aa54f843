"""The `speechbot` command line: checks input, calls the core, prints. No logic of its own."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from index.errors import SpeechbotError
from index.messages import message
from speechbot.inert import for_terminal, valid_text

if TYPE_CHECKING:  # the CLI imports the core lazily, so `--help` and errors stay fast
    from index.claims import ClaimCheck
    from index.engine import SpeechIndex
    from index.evaluate import EvalItem
    from index.results import Answer, IndexStatus, KeyPoints, Quote
    from index.settings import Settings

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process ended by SIGPIPE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="speechbot",
        description=message("cli.description"),
        epilog=message("cli.epilog"),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=message("cli.help.verbose"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = sub.add_parser("ask", help=message("cli.help.ask"))
    ask.add_argument("question", nargs="?", help=message("cli.help.ask.question"))
    ask.add_argument("--json", action="store_true", help=message("cli.help.ask.json"))
    ask.set_defaults(usage_error=ask.error)
    ask.add_argument("--no-llm", action="store_true", help=message("cli.help.ask.no_llm"))

    check = sub.add_parser("check", help=message("cli.help.check"))
    check.add_argument("claim", help=message("cli.help.check.claim"))
    check.add_argument("--json", action="store_true", help=message("cli.help.check.json"))
    check.add_argument("--no-llm", action="store_true", help=message("cli.help.check.no_llm"))

    kp = sub.add_parser("keypoints", help=message("cli.help.keypoints"))
    kp.add_argument("--topic", help=message("cli.help.keypoints.topic"))
    kp.add_argument("--json", action="store_true", help=message("cli.help.json"))
    kp.add_argument("--no-llm", action="store_true", help=message("cli.help.keypoints.no_llm"))
    kp.add_argument("--lang", choices=("en", "ja"), help=message("cli.help.keypoints.lang"))

    idx = sub.add_parser("index", help=message("cli.help.index"))
    idx_sub = idx.add_subparsers(dest="index_command", required=True, metavar="ACTION")
    build = idx_sub.add_parser("build", help=message("cli.help.index.build"))
    build.add_argument("--force", action="store_true", help=message("cli.help.index.build.force"))
    build.add_argument("--json", action="store_true", help=message("cli.help.index.build.json"))
    status = idx_sub.add_parser("status", help=message("cli.help.index.status"))
    status.add_argument("--json", action="store_true", help=message("cli.help.json"))

    ev = sub.add_parser("eval", help=message("cli.help.eval"))
    ev.add_argument("file", type=Path, help=message("cli.help.eval.file"))
    ev.add_argument("--json", action="store_true", help=message("cli.help.json"))
    ev.add_argument("--no-llm", action="store_true", help=message("cli.help.eval.no_llm"))

    src = sub.add_parser("sources", help=message("cli.help.sources"))
    src_sub = src.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    src_sub.add_parser("list", help=message("cli.help.sources.list"))
    add = src_sub.add_parser("add", help=message("cli.help.sources.add"))
    add.add_argument("file", type=Path, help=message("cli.help.sources.add.file"))
    add.add_argument("--replace", action="store_true", help=message("cli.help.sources.add.replace"))
    rm = src_sub.add_parser("remove", help=message("cli.help.sources.remove"))
    rm.add_argument("name", help=message("cli.help.sources.remove.name"))

    rend = sub.add_parser("renderings", help=message("cli.help.renderings"))
    rend_sub = rend.add_subparsers(dest="renderings_command", required=True, metavar="ACTION")
    exp = rend_sub.add_parser("export", help=message("cli.help.renderings.export"))
    exp.add_argument("file", type=Path, help=message("cli.help.renderings.export.file"))
    imp = rend_sub.add_parser("import", help=message("cli.help.renderings.import"))
    imp.add_argument("file", type=Path, help=message("cli.help.renderings.import.file"))

    fb = sub.add_parser("feedback", help=message("cli.help.feedback"))
    fb_sub = fb.add_subparsers(dest="feedback_command", required=True, metavar="ACTION")
    export = fb_sub.add_parser(
        "export", help=message("cli.help.feedback.export"), description=message("cli.feedback_export")
    )
    export.add_argument("file", nargs="?", default="-", help=message("cli.help.feedback.export.file"))

    sub.add_parser("serve", help=message("cli.help.serve"))
    return parser


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]  # generic only to type checkers
    """Writes to whatever sys.stderr is when a record is emitted, never to a stream closed since."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "ask" and args.question is None and not sys.stdin.isatty():
        # The prompt is for people at a terminal; piped input keeps needing '-'.
        args.usage_error(message("cli.question_required"))
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[_CurrentStderr(sys.stderr)],
    )
    _prepare_streams(as_json=getattr(args, "json", False))
    try:
        from bot.settings import BotSettings

        # Every variable is checked whatever the command: a bad value in .env is one sentence and exit 2
        # even for `ask`, which reads only the core's fields.
        settings = BotSettings.from_env()
        if args.command == "serve":
            from bot import run

            return run(settings)
        return _dispatch(args, settings)
    except BrokenPipeError:
        # The reader went away (`speechbot keypoints | head -2`): stop quietly, as `cat` would.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except SpeechbotError as exc:
        _error(str(exc))
        # A bad setting, an index server that is down or a read-only data folder is the deployment's to fix.
        from index.errors import DataDirUnwritable, StoreUnavailable
        from index.settings import SettingsError

        return EXIT_USAGE if isinstance(exc, SettingsError | StoreUnavailable | DataDirUnwritable) else EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        logging.getLogger("speechbot").debug("failed", exc_info=True)
        where = f" ({exc.filename})" if exc.filename else ""
        _error(message("cli.os_error", error=exc.strerror or exc, where=where))
        return EXIT_ERROR
    except Exception as exc:  # the last line of defence: one sentence here, the traceback with -v
        logging.getLogger("speechbot").info("unexpected error", exc_info=True)
        _error(message("cli.unexpected", error=type(exc).__name__))
        return EXIT_ERROR


def _error(text: str) -> None:
    with contextlib.suppress(BrokenPipeError):
        print(f"speechbot: {for_terminal(text)}", file=sys.stderr)


def _prepare_streams(*, as_json: bool) -> None:
    """Output that cannot be encoded is replaced, never a crash; JSON is always UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, io.UnsupportedOperation):
                stream.reconfigure(errors="replace")
    if as_json and isinstance(sys.stdout, io.TextIOWrapper):
        with contextlib.suppress(ValueError, io.UnsupportedOperation):
            sys.stdout.reconfigure(encoding="utf-8")


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail loudly.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from index.threads import threads_ignore_interrupts

    with threads_ignore_interrupts():  # numpy's BLAS starts its threads on import (index/threads.py)
        from index.engine import SpeechIndex

    if args.command == "sources":
        return _sources(args, settings)
    if args.command == "renderings":
        return _renderings(args, settings)
    if args.command == "feedback":
        return _export_feedback(settings, args.file)
    index = SpeechIndex(settings)
    if args.command == "index":
        if args.index_command == "build":
            report = index.refresh(who="cli", progress=_progress_bar(sys.stderr), force=args.force)
            print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else report.summary())
            return 0
        status = index.status()
        folders = {"data_dir": str(settings.data_dir), "sources_dir": str(settings.sources_dir)}
        if args.json:
            print(json.dumps({**status.to_dict(), **folders}, ensure_ascii=False, indent=1))
        else:
            _print_status(status, folders)
        return 0

    # Check what the user gave before the slow part.
    items = _load_items(args.file) if args.command == "eval" else None
    # Everything else answers from the index: build or update it first if it is missing or stale.
    built = index.ensure_current(_progress_bar(sys.stderr))
    if built and built.changed:
        print(f"speechbot: {built.summary()}", file=sys.stderr)
    if index.stale_notice:
        _error(index.stale_notice)
    use_llm = not getattr(args, "no_llm", False)
    if args.command == "ask":
        return _ask(index, args.question, as_json=args.json, use_llm=use_llm)
    if args.command == "check":
        claim = "".join(_stdin_lines()) if args.claim == "-" else valid_text(args.claim)
        result = index.check_claim(claim, use_llm=use_llm)
        print(json.dumps(result.to_dict(), ensure_ascii=False) if args.json else for_terminal(_format_check(result)))
        return 0
    if args.command == "keypoints":
        from index.question import language_of

        language = args.lang or (language_of(args.topic) if args.topic else "en")
        points = index.keypoints(args.topic, use_llm=use_llm, lang=language)
        if args.json:
            print(json.dumps(points.to_dict(), ensure_ascii=False))
        else:
            _print_keypoints(points, language)
        return 0
    if args.command == "eval":
        assert items is not None
        return _eval(index, items, as_json=args.json, use_llm=use_llm)
    raise AssertionError(args.command)


def _sources(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from index.source_folder import add_source, list_sources, read_source_file, remove_source

    folder = settings.sources_dir
    if args.sources_command == "list":
        for info in list_sources(folder):
            title = for_terminal(" ".join((info.title or "").split()))
            print(
                message(
                    "cli.sources.row",
                    name=for_terminal(info.name),
                    bytes=info.bytes,
                    passages=info.passages,
                    title=title,
                )
            )
        return 0
    who = f"cli:{getpass.getuser()}"
    if args.sources_command == "add":
        data = read_source_file(args.file)  # a regular file, never read past the size limit
        info = add_source(folder, args.file.name, data, replace=args.replace, who=who)
        print(message("source.added", name=for_terminal(info.name), passages=info.passages))
    else:
        removed = remove_source(folder, valid_text(args.name), who=who)
        print(message("source.removed", name=for_terminal(removed)))
    from index.engine import SpeechIndex

    report = SpeechIndex(settings).refresh(who=who, progress=_progress_bar(sys.stderr))
    print(report.summary())
    return 0


def _renderings(args: argparse.Namespace, settings: Settings) -> int:
    from index.renderings import export_rows, import_rows, source_texts, store_for
    from index.sources import load_sources

    store = store_for(settings.data_dir)
    texts = source_texts(load_sources(settings.sources_dir))
    if args.renderings_command == "export":
        body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in export_rows(store, texts))
        if str(args.file) == "-":
            sys.stdout.write(body)
        else:
            try:
                args.file.write_text(body, encoding="utf-8")
            except OSError as exc:
                raise SpeechbotError(message("cli.cannot_write", path=args.file, error=exc.strerror)) from exc
            missing = sum(1 for t in texts if store.get(t) is None)
            print(message("cli.renderings.wrote", rows=len(texts), path=args.file, missing=missing))
        return 0
    try:
        lines = args.file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else message("cli.not_utf8")
        raise SpeechbotError(message("cli.renderings_unreadable", path=args.file, error=why)) from exc
    report = import_rows(store, lines, texts)
    first, *rest = report.lines()
    print(first)
    for line in rest:
        print(line, file=sys.stderr)
    return EXIT_ERROR if report.rejected else 0


def _export_feedback(settings: Settings, target: str) -> int:
    path = settings.data_dir / "feedback.sqlite"
    items: list[dict[str, Any]] = []
    if path.exists():
        from bot.feedback_store import FeedbackStore

        store = FeedbackStore(path)
        try:
            items = store.down_votes()
        finally:
            store.close()
    else:
        _error(message("cli.feedback.none", path=path))
    lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    if target == "-":
        sys.stdout.write(lines)
    else:
        try:
            Path(target).write_text(lines, encoding="utf-8")
        except OSError as exc:
            raise SpeechbotError(message("cli.cannot_write", path=target, error=exc.strerror)) from exc
        print(message("cli.feedback.wrote", count=len(items), path=target), file=sys.stderr)
    return 0


def _ask(index: SpeechIndex, question: str | None, *, as_json: bool, use_llm: bool) -> int:
    from index.question import BadQuestion

    if question is None:
        from speechbot.session import run_session

        return run_session(
            index, index.settings.data_dir, as_json=as_json, use_llm=use_llm, format_answer=_format_answer
        )
    if question != "-":
        answer = index.ask(valid_text(question), use_llm=use_llm)
        print(json.dumps(answer.to_dict(), ensure_ascii=False) if as_json else _format_answer(answer))
        return 0
    # Bytes, decoded here: a line that is not UTF-8 gets U+FFFD for its bad bytes, whatever the locale.
    for line in _stdin_lines():
        q = line.rstrip("\r\n")
        if not q.strip():
            continue
        try:
            answer = index.ask(q, use_llm=use_llm)
        except BadQuestion as exc:
            # One bad line must not stop a batch: it gets a refusal carrying the reason.
            answer = index.refuse(q, str(exc))
        print(json.dumps(answer.to_dict(), ensure_ascii=False) if as_json else _format_answer(answer), flush=True)
    return 0


def _stdin_lines() -> Iterator[str]:
    binary = getattr(sys.stdin, "buffer", None)
    if binary is None:  # a text stream handed in (tests): only its surrogates need replacing
        return (valid_text(line) for line in sys.stdin)
    return (raw.decode("utf-8", "replace") for raw in binary)


def _load_items(path: Path) -> list[EvalItem]:
    from index.evaluate import load_eval

    try:
        return load_eval(path)
    except OSError as exc:
        raise SpeechbotError(message("cli.eval_unreadable", path=path, error=exc.strerror)) from exc
    except ValueError as exc:
        raise SpeechbotError(str(exc)) from exc


def _eval(index: SpeechIndex, items: list[EvalItem], *, as_json: bool, use_llm: bool) -> int:
    from index.evaluate import evaluate

    view = index.view()
    report = evaluate(items, lambda q: index.ask(q, use_llm=use_llm), lambda src: view.texts[src])
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        print("\n".join(report.lines()))
    return 0


def _format_answer(answer: Answer) -> str:
    """An answer for a terminal: nothing in it (question, model text, sources) can drive the terminal."""
    return for_terminal(_answer_text(answer))


def _answer_text(answer: Answer) -> str:
    lang = answer.language
    lines = [f"{message('label.question', lang)}: {' '.join(answer.question.split())}"]
    if answer.status == "not_found":
        lines.append(answer.reason or message("answer.none", lang))
        if answer.related:
            # The closest passages, labelled as such: a wrong refusal still helps the reader.
            lines.append(message("label.related", lang))
    elif answer.answer:
        lines.append(answer.answer)
    for i, q in enumerate(answer.quotes if answer.status != "not_found" else answer.related, 1):
        lines.append(f"  [{i}] 「{q.text}」")
        lines.extend(_quote_notes(q, answer.language, "      "))
    if answer.fallback_reason:
        lines.append(f"({answer.fallback_reason})")
    lines.append(_footer(answer.mode, answer.index_version))
    return "\n".join(lines)


def _footer(mode: str, version: str) -> str:
    """What answered: the mode (extractive or llm) and the index version, last under every result."""
    return message("cli.footer", mode=mode, version=version)


def _format_check(check: ClaimCheck) -> str:
    lang = check.language
    lines = [f"{message('label.claim', lang)}: {check.claim}"]
    if check.verdict is not None:
        lines.append(f"{message(f'label.verdict.{check.verdict}', lang)}.")
    for text in (check.explanation, check.reason):
        if text:
            lines.append(text)
    related = message("label.check.related", lang)
    shown = [*((None, q) for q in check.quotes), *((related, q) for q in check.related)]
    heading = None
    for n, (title, q) in enumerate(shown, 1):
        if title and title != heading:
            lines.append(title + ":")
            heading = title
        lines.append(f"  [{n}] 「{q.text}」")
        lines.extend(_quote_notes(q, check.language, "      "))
    if check.fallback_reason:
        lines.append(f"({check.fallback_reason})")
    lines.append(_footer(check.mode, check.index_version))
    return "\n".join(lines)


def _quote_notes(quote: Quote, language: str, indent: str) -> list[str]:
    """A quote's English rendering, always labelled as a translation, then its citation."""
    out = []
    if quote.translation:
        which = "cli.translation_model" if quote.translation_source == "model" else "cli.translation"
        out.append(f"{indent}{message(which, language)}: {quote.translation}")
    out.append(f"{indent}— {quote.citation(language)}")
    return out


def _print_keypoints(points: KeyPoints, language: str) -> None:
    out: list[str] = []
    if points.reason:
        out.append(points.reason)
    for i, p in enumerate(points.points, 1):
        first = p.quotes[0] if p.quotes else None
        heading = p.text
        if language == "en" and first is not None and first.section_translation and p.text == first.section:
            # A section's point is its heading: English readers get its rendering, labelled as one.
            heading = message("label.heading.translated", heading=first.section_translation)
        out.append(f"{i}. {heading}")
        for q in p.quotes:
            if q.text != p.text:
                out.append(f"   「{q.text}」")
            out.extend(_quote_notes(q, language, "   "))
    out.append(_footer(points.mode, points.index_version))
    for line in out:
        print(for_terminal(line))


def _print_status(status: IndexStatus, folders: dict[str, str]) -> None:
    out = [
        message("cli.status.index", version=status.version, built_at=status.built_at, store=status.store),
        message("cli.status.model", model=status.embedding_model, dimension=status.dimension),
    ]
    for d in status.documents:
        title = d["title"] or message("label.untitled")
        out.append(message("cli.status.document", name=d["name"], passages=d["passages"], title=title))
    out.append(message("cli.status.counts", passages=status.passages, sentences=status.sentences))
    out.append(message("cli.status.data_folder", folder=folders["data_dir"]))
    out.append(message("cli.status.sources_folder", folder=folders["sources_dir"]))
    if status.stale:
        out.append(message("cli.status.stale", reason=status.stale_reason))
    else:
        out.append(message("cli.status.current"))
    for line in out:
        print(for_terminal(line))


def _progress_bar(stream: TextIO) -> Callable[[int, int], None] | None:
    """A one-line progress bar on a terminal; nothing when output is piped."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        bar = "#" * filled + "." * (width - filled)
        stream.write("\r" + message("cli.progress", bar=bar, done=done, total=total))
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


if __name__ == "__main__":
    sys.exit(main())
