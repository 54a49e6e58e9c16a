"""The `draft` command: parse arguments, call one library function, print. No logic lives here.

Importing this module loads argparse and nothing of the library: each command imports what it uses, so
`draft --help` and a pair's redline do not wait for the template engine, YAML or the model check."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_JURISDICTIONS = Path("jurisdictions")
DEFAULT_OUT = Path("out")


MODEL_HELP = ("the model ordinance: the name of a model draftkit ships (ordinance, ccops, ...) or a model folder; "
              "files with a `model:` key use the model it names (default: the Sanctuary Contracting model, "
              "`ordinance`)")


class _Parser(argparse.ArgumentParser):
    """argparse that keeps examples' line breaks and exits 2 on usage errors."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)


class _Subparser(_Parser):
    """A command's parser: `--model` may also follow the command (`draft build --model ccops`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if kwargs.get("add_help", True) and not getattr(self, "_no_model", False):
            self.add_argument("--model", default=argparse.SUPPRESS, metavar="MODEL", help=MODEL_HELP)


def _cmd_validate(args) -> int:
    from .errors import InvalidInput
    from .inputfiles import jurisdiction_files
    from .jurisdiction import load_jurisdiction
    from .modelcheck import require_sound
    from .models import folder_for, option

    default, sound, failed = option(args.model), {}, 0
    for path in jurisdiction_files(args.paths or [DEFAULT_JURISDICTIONS]):
        try:
            folder = str(folder_for(path, default))
            if folder not in sound:
                try:
                    sound[folder] = require_sound(Path(folder), templates=False)
                except InvalidInput as exc:  # the model's problems are listed once, not once per file
                    sound[folder] = None
                    print(exc, file=sys.stderr)
            if sound[folder] is None:
                failed += 1
                print(f"{path}: not checked: its model, {folder}, has the problems listed above", file=sys.stderr)
                continue
            load_jurisdiction(path, sound[folder])
            print(f"ok: {path}")
        except InvalidInput as exc:
            failed += 1
            print(exc, file=sys.stderr)
    if failed:
        print(f"{failed} file(s) have problems; nothing was built", file=sys.stderr)
    return 1 if failed else 0


def _cmd_build(args, *, exclude: tuple[str, ...] = ()) -> int:
    from .batch import build_many, raise_for
    from .model import load_model
    from .models import option
    from .pdf import unavailable

    pdf = getattr(args, "pdf", False)
    if pdf and (why := unavailable()):
        print(f"note: no PDFs written: {why}; the Word files are written as usual", file=sys.stderr)
        pdf = False
    default = load_model(option(args.model))  # files without a `model:` key; every model used is checked first
    outcomes = build_many(args.paths or [DEFAULT_JURISDICTIONS], args.out, default, jobs=args.jobs,
                          against=getattr(args, "against", "identity"), force=args.force, exclude=exclude, pdf=pdf)
    for outcome in outcomes:
        for path in outcome.written:
            print(f"wrote {path}")
        for note in outcome.notes:
            print(f"note: {note}", file=sys.stderr)
    raise_for(outcomes)
    return 0


def _cmd_redline(args) -> int:
    from .errors import UsageError

    if not args.docx:
        if args.jurisdiction or args.base:
            raise UsageError("--jurisdiction and --base go with --input (or --docx)")
        return _cmd_build(args, exclude=("staff_report.docx",))
    if args.paths:
        raise UsageError("give either --docx FILE or jurisdiction PATHs, not both (--input is the same as --docx)")
    if args.base and args.jurisdiction:
        raise UsageError("give either --base FILE or --jurisdiction YAML, not both")
    from .models import folder_for, option
    from .outputs import owner_of, write_files

    if args.base:  # file against file: the lean path of `pair`, which checks a model only when one is named
        from .pair import ModelNames, pair_redline

        if args.model is None:
            model = ModelNames(option(None))
        else:
            from .modelcheck import require_sound

            model = require_sound(option(args.model))
        slug, files = pair_redline(args.docx, args.base, model)
    else:
        from .jurisdiction import load_canonical, load_jurisdiction
        from .modelcheck import require_sound
        from .packet import docx_redline

        folder = folder_for(args.jurisdiction, option(args.model)) if args.jurisdiction else option(args.model)
        model = require_sound(folder)
        j = load_jurisdiction(args.jurisdiction, model) if args.jurisdiction else None
        packet = docx_redline(args.docx, model, load_canonical(model), j=j)
        slug, files = packet.slug, packet.files
    for path in write_files(args.out, slug, files, owner=owner_of(args.docx), force=args.force):
        print(f"wrote {path}")
    return 0


def _cmd_compare(args) -> int:
    from .comparisons import compare_all

    written, failures, notes = compare_all(args.paths or [DEFAULT_JURISDICTIONS], args.out, args.model,
                                           force=args.force, jobs=getattr(args, "jobs", None))
    for path in written:
        print(f"wrote {path}")
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        compared = any(p.name.startswith("comparison") for p in written)
        rest = ("the others are in the comparison" if compared else
                f"nothing was compared, so the comparison in {args.out} was left as it was")
        print(f"{len(failures)} input(s) could not be compared; {rest}", file=sys.stderr)
    return 1 if failures else 0


def _cmd_new(args) -> int:
    from .errors import UsageError
    from .jurisdiction import load_canonical
    from .modelcheck import require_sound
    from .models import option
    from .outputs import write_atomic
    from .scaffold import scaffold, slug_for

    model = require_sound(option(args.model))
    target = args.out_dir / f"{slug_for(args.name)}.yaml"
    if target.exists() and not args.force:
        raise UsageError(f"{target} already exists; choose another name or pass --force to replace it")
    write_atomic(target, scaffold(args.name, model, load_canonical(model), target).encode("utf-8"))
    print(f"wrote {target}: fill in the values marked [FILL IN ...], then run `draft validate {target}`")
    return 0


def _cmd_serve(args) -> int:
    from .modelcheck import require_sound
    from .models import option
    from .serve import make_server

    server = make_server(require_sound(option(args.model)), folder=args.jurisdictions, host=args.host, port=args.port)
    if server.exposed:
        print(f"warning: listening on {args.host}, beyond this computer: anyone who can reach it can read and "
              "change the jurisdiction files", file=sys.stderr)
    print(f"draft serve: open {server.url} in your browser (Ctrl+C stops the server)", flush=True)
    server.run()
    return 0


def _cmd_model_init(args) -> int:
    from .modelinit import init_model

    report = init_model(args.source, args.out)
    print(report.text())
    print(f"wrote {args.out}: read its IMPORT.md, refine model.yaml and schema.yaml, then run "
          f"`draft model check {args.out}`")
    return 0


def _cmd_model_check(args) -> int:
    from .modelcheck import check_model
    from .models import option

    folder = option(args.folder if args.folder is not None else args.model)
    problems = check_model(folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the model folder {folder}", file=sys.stderr)
        return 1
    print(f"ok: {folder}")
    return 0


def _cmd_model_show(args) -> int:
    from .modelcheck import require_sound
    from .models import option, suffix
    from .modelshow import model_html, model_text, view_of
    from .outputs import write_files

    model = require_sound(option(args.folder if args.folder is not None else args.model))
    view = view_of(model)
    print(model_text(view))
    name = f"model{suffix(model.folder)}.html"
    for path in write_files(args.out, "", {name: model_html(view).encode("utf-8")}, owner=None, force=args.force):
        print(f"wrote {path}")
    return 0


def _model_parser(commands) -> None:
    model = commands.add_parser("model", help="import, check or read a model ordinance",
                                description="Work with a model ordinance's folder: import one from its Word "
                                "file (init), check that its parts agree (check), read it (show).",
                                epilog="Examples:\n  draft model init coalition_model.docx --out templates/mine\n"
                                "  draft model check templates/mine\n  draft model show ccops")
    actions = model.add_subparsers(dest="action", metavar="ACTION", parser_class=_Subparser)
    actions.required = True
    init = actions.add_parser("init", help="make a model folder from a model written in Word (or PDF or text)",
                              description="Read a model ordinance as written (headings or \"Section N.\" lines, "
                              "bracketed blanks such as [City/County] or [date of adoption]) and write a complete "
                              "model folder: model.yaml, schema.yaml, values.yaml, the templates, and IMPORT.md "
                              "saying what was guessed.",
                              epilog="Example:\n  draft model init coalition_model.docx --out templates/mine")
    init.add_argument("source", type=Path, metavar="MODEL", help="the model: .docx, .pdf, .html or .txt")
    init.add_argument("--out", type=Path, required=True, metavar="FOLDER", help="the new model folder (must not "
                      "exist, or be empty)")
    init.set_defaults(run=_cmd_model_init)
    check = actions.add_parser("check", help="check that a model folder's parts agree",
                               description="Check a model folder: every provision has its bookmark, every template "
                               "variable is declared in the schema and every field is used, the model's own values "
                               "pass its schema, the fields with a part in adoption exist with the right types. "
                               "Prints file:line: field: what is wrong; exit 1 if anything is.",
                               epilog="Examples:\n  draft model check\n  draft model check templates/mine")
    check.add_argument("folder", nargs="?", default=None, metavar="FOLDER",
                       help="a model folder or a shipped model's name (default: --model, else `ordinance`)")
    check.set_defaults(run=_cmd_model_check)
    show = actions.add_parser("show", help="the model's text, provisions and fields, in the terminal and as HTML",
                              description="Print the model's provisions and fields, and write model.html (the "
                              "model's text with its blanks marked, its provisions and its fields) for reading "
                              "without building anything.",
                              epilog="Examples:\n  draft model show\n  draft model show ccops --out /tmp/read")
    show.add_argument("folder", nargs="?", default=None, metavar="FOLDER",
                      help="a model folder or a shipped model's name (default: --model, else `ordinance`)")
    show.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for model.html (default: %(default)s)")
    show.add_argument("--force", action="store_true", help="overwrite model.html even if it was edited")
    show.set_defaults(run=_cmd_model_show)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, not {text!r}")
    return int(text)


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more, not {text!r}")
    return int(text)


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                        help="build in N processes (default: one per CPU core)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite outputs even if they were edited since draftkit wrote them")


def _validate_parser(commands) -> None:
    validate = commands.add_parser("validate", help="check jurisdiction files and list every problem",
                                   description="Check jurisdiction files against the model's schema and "
                                   "adoption rules; print every problem as file:line:column: field: message.",
                                   epilog="Examples:\n  draft validate\n  draft validate jurisdictions/berkeley.yaml")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                          help="YAML files or folders (default: jurisdictions/)")
    validate.set_defaults(run=_cmd_validate)


def _build_parser(commands) -> None:
    build = commands.add_parser("build", help="write each jurisdiction's ordinance, staff report and redline",
                                description="Validate, then write into out/<name>/: ordinance.docx, "
                                "staff_report.docx, baseline.docx (the model as it would read for the "
                                "jurisdiction), redline.docx, redline.html and changes.json; with --pdf also "
                                "ordinance.pdf, staff_report.pdf, redline.pdf and packet.pdf (through LibreOffice).",
                                epilog="Examples:\n  draft build\n  draft build jurisdictions/oakland.yaml --out /tmp/out\n"
                                "  draft build --pdf")
    build.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="YAML files or folders (default: jurisdictions/)")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    build.add_argument("--pdf", action="store_true",
                       help="also write ordinance.pdf, staff_report.pdf, redline.pdf (changes in colour with change "
                       "bars) and packet.pdf (staff report, ordinance, redline: one agenda attachment), through "
                       "LibreOffice headless; without LibreOffice it says so and writes the rest")
    _output_options(build)
    build.set_defaults(run=_cmd_build)


def _redline_parser(commands) -> None:
    redline = commands.add_parser("redline", help="compare drafts (or any DOCX) with the model",
                                  description="Write redline.docx (Word tracked changes), redline.html, "
                                  "changes.json and baseline.docx (the model as compared) for each "
                                  "jurisdiction, beside its ordinance.docx; or for a document given with --input "
                                  "(DOCX, PDF, HTML or text: a PDF's or page's running heads, page and line numbers "
                                  "and history notes are left out, and its redline.docx is built from the text "
                                  "read). Tracked changes already in a DOCX are taken as accepted.",
                                  epilog="Examples:\n  draft redline jurisdictions/berkeley.yaml\n"
                                  "  draft redline jurisdictions/ --against canonical\n"
                                  "  draft redline --docx adopted.docx --jurisdiction jurisdictions/oakland.yaml\n"
                                  "  draft redline --input chapter_13_105.pdf\n"
                                  "  draft redline --docx edited.docx --base original.docx")
    redline.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                         help="YAML files or folders (default: jurisdictions/)")
    redline.add_argument("--against", choices=("identity", "canonical"), default="identity",
                         help="identity (default): the model with the jurisdiction's own names, numbers and "
                         "dates, so only policy departures show; canonical: the bracketed model itself")
    redline.add_argument("--input", "--docx", dest="docx", type=Path, metavar="FILE",
                         help="a document to compare with the model instead of YAML: a Word file (.docx), a PDF "
                         "with a text layer (.pdf), a web page saved from an online code (.html) or a text file "
                         "(.txt); --docx is the same option under its older name")
    redline.add_argument("--jurisdiction", type=Path, help="with --input: compare with the model as it would "
                         "read for this jurisdiction (its YAML file)")
    redline.add_argument("--base", type=Path, help="with --input: compare with this document (any of the same "
                         "kinds) instead of the model (writes redline.docx, redline.html and changes.json)")
    redline.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    _output_options(redline)
    redline.set_defaults(run=_cmd_redline)


def _compare_parser(commands) -> None:
    compare = commands.add_parser("compare", help="compare every jurisdiction with the model, provision "
                                  "by provision", description="Write comparison.html, comparison.csv and "
                                  "comparison.json: which provisions each jurisdiction kept, changed, dropped "
                                  "or added, and its policy choices side by side.",
                                  epilog="Examples:\n  draft compare\n  draft compare jurisdictions/ adopted/oakland.docx")
    compare.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                         help="YAML files, DOCX files or folders (default: jurisdictions/)")
    compare.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    compare.add_argument("--force", action="store_true",
                         help="overwrite the comparison even if it was edited since draftkit wrote it")
    compare.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                         help="compare in N processes (default: one per CPU core)")
    compare.set_defaults(run=_cmd_compare)


def _new_parser(commands) -> None:
    new = commands.add_parser("new", help="start a jurisdiction file with every field explained",
                              description="Write jurisdictions/<name>.yaml with every field present and "
                              "commented; policy choices start at the model's values.",
                              epilog='Example:\n  draft new "City of Fremont"')
    new.add_argument("name", help='the formal name, e.g. "City of Fremont" or "County of Marin"')
    new.add_argument("--out-dir", type=Path, default=DEFAULT_JURISDICTIONS,
                     help="folder for the new file (default: %(default)s)")
    new.add_argument("--force", action="store_true", help="replace an existing file of that name")
    new.set_defaults(run=_cmd_new)


def _serve_parser(commands) -> None:
    serve = commands.add_parser("serve", help="fill a jurisdiction in a web form, with the preview beside it",
                                description="Start a local web application: a form generated from the model's "
                                "schema, the command line's problems beside each field, the ordinance and its "
                                "redline previewed as you type, Save (as `draft new` writes a file) and Download "
                                "(the packet `draft build` writes, as a ZIP).",
                                epilog="Examples:\n  draft serve\n  draft serve --port 8080 --model templates/ordinance")
    serve.add_argument("--jurisdictions", type=Path, default=DEFAULT_JURISDICTIONS, metavar="DIR",
                       help="the folder files are opened from and saved to (default: %(default)s)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s, this "
                       "computer only)")
    serve.add_argument("--port", type=_port, default=8765, help="port (default: %(default)s; 0 picks a free one)")
    serve.set_defaults(run=_cmd_serve)


# Each command's parser, in the order `draft --help` lists them.
COMMANDS = {"validate": _validate_parser, "build": _build_parser, "redline": _redline_parser,
            "compare": _compare_parser, "new": _new_parser, "model": _model_parser, "serve": _serve_parser}


def _parser(named: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: with every command, or only with the `named` one (see _command_named)."""
    parser = _Parser(prog="draft", description="Draft a model ordinance for a jurisdiction and show how it "
                     "departs from the model.", epilog="Example:\n  draft build jurisdictions/ --out out/")
    parser.add_argument("--model", default=None, metavar="MODEL", help=MODEL_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Subparser)
    commands.required = True
    for name, add in COMMANDS.items():
        if named in (None, name):
            add(commands)
    return parser


def _command_named(argv: list[str]) -> str | None:
    """The command `argv` runs, when nothing before it but `--model` could make the top-level parser speak
    (its help lists every command, its errors too); else None, and every command's parser is built.
    (Building argparse's parsers is a good part of a small command's start-up: each asks gettext for its
    messages on disk.)"""
    at = 2 if argv[:1] == ["--model"] else 1 if argv[:1] and argv[0].startswith("--model=") else 0
    return argv[at] if at < len(argv) and argv[at] in COMMANDS else None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 bad input, 2 bad usage)."""
    args = _parser(_command_named(sys.argv[1:] if argv is None else argv)).parse_args(argv)
    from .errors import DraftError
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 is printed, escaped, not fatal
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return args.run(args)
    except DraftError as exc:
        print(f"error: {exc}" if exc.exit_code == 2 else str(exc), file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # `draft model show | head`: the reader has what it wanted
        sys.stderr = sys.stdout = open(os.devnull, "w")
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted: each output folder is as it was or fully updated (a write cut short is finished by "
              "the next draft command that writes there)", file=sys.stderr)
        return 130
