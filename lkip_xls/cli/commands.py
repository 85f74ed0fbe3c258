"""The Typer application of the command line (`lkip_xls.cli.app`): one command per verb with its options, and
the few lines that put its help in one language; no logic. `check` and `process` run through `_run` in
cli/__init__.py, as the plain lines that never reach Typer do.

Help in one language. Every help text lives in `text/messages.py` (`HELP`), never in a decorator here: when
the command line starts (`LkipGroup.main`, which Typer and its CliRunner both call), `requested_lang` reads the
language from the arguments (`--lang en` or `--lang=en`, the last one wins, anywhere on the line) or else the
environment variable LKIP_LANG (default id), and `_localise` writes into the freshly built Click commands:
each command's help (`cmd.<command>`) with its exit codes as epilog (`exit.<command>`, else `exit.files`),
each parameter's help (`opt.<command>.<name>` or `opt.<name>`, by the parameter's Python name) and
placeholder (`metavar.…`; a choice shows its choices instead), the default of every `--lang` (so
`lkip-xls --lang en check` and LKIP_LANG=en also give English output), and Typer's own words (`click.*`:
panel titles, "[default: …]", "Usage", the --help option's help; `_localise_rich` sets them in Typer's
Rich help module when help is shown, the only time it is imported; `_PlainFormatter` does the same for
Click's plain help when Typer runs without rich). Click's errors never reach Click's
renderer: `LkipGroup.main` runs Click in non-standalone mode and prints each usage error as one line in the
language (`_error_text`), exit status 2. A new option therefore needs only an `opt.` pair (and a `metavar.`
pair when it takes a value) in `text/messages.py`; a new command `cls=LkipCommand` and a `cmd.` pair;
tests/test_cli.py fails when one is missing.
"""

from __future__ import annotations

import copy
import os
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup
from typer.models import Context as TyperContext

try:  # Typer 0.2x carries its own copy of Click
    from typer._click import exceptions as click_errors
    from typer._click.formatting import HelpFormatter
except ImportError:  # pragma: no cover - an older Typer on Click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]
    from click.formatting import HelpFormatter  # type: ignore[no-redef]

from .. import __version__, api, batch
from ..core.names import HASIL_SUFFIX
from ..outputs import files as output_files
from ..text.messages import UI, help_text, parameter_help, ui, unreadable_reason
from . import (
    DEFAULT_MAX_MB,
    CommandExit,
    _check_lang,
    _console,
    _json_target,
    _options,
    _print_summary,
    _refuse_overwriting,
    _run,
    _term,
    _usage_error,
    _with_progress,
    _write_json,
    requested_lang,
)

T = TypeVar("T")


class _Localised:
    """What the group and every command share: the usage line and the --help option in the run's language."""

    lkip_lang = "id"

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        prefix = help_text("click.usage", self.lkip_lang) + ": "
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _localise_rich(self.lkip_lang)  # Rich's help: imported only when help is shown
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = help_text("click.help-option", self.lkip_lang)
        return option


class _PlainFormatter(HelpFormatter):
    """Click's plain help (Typer without rich: TYPER_USE_RICH=0) in the run's language: its headings and the
    "[default: …]" / "[required]" it appends to a help text."""

    lkip_lang = "id"

    def write_heading(self, heading: str) -> None:
        key = {"Arguments": "click.arguments", "Options": "click.options", "Commands": "click.commands"}.get(heading)
        super().write_heading(help_text(key, self.lkip_lang) if key else heading)

    def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
        default, required = (help_text(key, self.lkip_lang) for key in ("click.default", "click.required"))
        rows = [(term, text.replace("[default: ", default.split("{}")[0]).replace("[required]", required))
                for term, text in rows]
        super().write_dl(rows, *args, **kwargs)


class _Context(TyperContext):
    def make_formatter(self) -> HelpFormatter:
        formatter = _PlainFormatter(width=self.terminal_width, max_width=self.max_content_width)
        formatter.lkip_lang = getattr(self.command, "lkip_lang", "id")
        return formatter


class LkipCommand(_Localised, TyperCommand):
    """Every command of lkip-xls (`@app.command(cls=LkipCommand)`)."""


class LkipGroup(_Localised, TyperGroup):
    """The `lkip-xls` group: sets the language, localises the help, and prints Click's errors in one line."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = requested_lang(argv)
        _localise(self, lang)
        try:
            code = super().main(args=argv, prog_name=prog_name, complete_var=complete_var, standalone_mode=False,
                                **extra)
        except CommandExit as exit:  # check, process, a usage error: as Click takes a typer.Exit
            code = exit.code
        except click_errors.NoArgsIsHelpError as error:  # `lkip-xls` alone: the help (printed), status 2
            if error.message.strip():
                typer.echo(error.message, err=True)
            code = error.exit_code
        except click_errors.ClickException as error:
            typer.echo(_term(_error_text(error, lang)), err=True)
            code = error.exit_code
        except typer.Abort:
            typer.echo(help_text("click.aborted", lang), err=True)
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def _localise_rich(lang: str) -> None:
    """Typer's words in its Rich help in `lang`; Typer imports its Rich help only to show help."""
    from typer.core import HAS_RICH

    if not HAS_RICH:
        return
    from typer import rich_utils

    for name, value in {"ARGUMENTS_PANEL_TITLE": "click.arguments", "OPTIONS_PANEL_TITLE": "click.options",
                        "COMMANDS_PANEL_TITLE": "click.commands", "ERRORS_PANEL_TITLE": "click.error",
                        "DEFAULT_STRING": "click.default", "REQUIRED_LONG_STRING": "click.required",
                        "ENVVAR_STRING": "click.envvar", "DEPRECATED_STRING": "click.deprecated",
                        "ABORTED_TEXT": "click.aborted", "RICH_HELP": "click.rich-help"}.items():
        setattr(rich_utils, name, help_text(value, lang))


def _localise(group: TyperGroup, lang: str) -> None:
    """Every help text of this run's commands in `lang` (see the module docstring)."""
    group.subcommand_metavar = help_text("click.commands-metavar", lang)
    for command_name, command in [("root", group), *group.commands.items()]:
        command.lkip_lang = lang  # type: ignore[attr-defined]
        command.help = parameter_help("cmd", "root", command_name, lang) or command.help
        command.epilog = parameter_help("exit", "root", command_name, lang) or help_text("exit.files", lang)
        command.options_metavar = help_text("click.options-metavar", lang)
        command.context_class = _Context
        for param in command.params:
            _localise_parameter(param, command_name, lang)


def _localise_parameter(param: Any, command: str, lang: str) -> None:
    name = param.name or ""
    param.help = parameter_help("opt", command, name, lang) or getattr(param, "help", None)
    if name == "lang":
        param.default = lang
    if hasattr(param.type, "choices") or getattr(param, "is_flag", False):
        return  # a choice shows its choices; a flag takes no value
    metavar = parameter_help("metavar", command, name, lang)
    if metavar:
        param.metavar = metavar
    if isinstance(param, TyperArgument):  # the placeholder says it all; no "<path>" beside it
        param.type = copy.copy(param.type)
        param.type.get_metavar = lambda param, ctx: ""


_CLICK_SENTENCES = [  # Click's English sentences that reach the user, and their catalogue keys
    (re.compile(r"No such command '(?P<name>.*?)'\.(?: Did you mean (?P<names>.*)\?)?$"), "click.no-such-command"),
    (re.compile(r"Missing command\.$"), "click.missing-command"),
    (re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<names>.*)\)$"), "click.extra-arguments"),
    (re.compile(r"Option '(?P<name>.*)' requires (?:an argument|\d+ arguments)\.$"), "click.requires-value"),
    (re.compile(r"Option '(?P<name>.*)' does not take a value\.$"), "click.takes-no-value"),
    (re.compile(r"(?P<value>.*) is not one of (?P<choices>.*)\.$"), "click.not-a-choice"),
    (re.compile(r"(?P<value>.*) is not a valid (?:integer|int|int range|float|float range)\.$"), "click.not-a-number"),
    (re.compile(r"(?P<value>.*) is not in the range (?P<range>.*)\.$"), "click.out-of-range"),
]


def _click_sentence(message: str, lang: str) -> str:
    for pattern, key in _CLICK_SENTENCES:
        found = pattern.match(message)
        if found:
            text = help_text(key, lang).format(**{k: v or "" for k, v in found.groupdict().items()})
            if key == "click.no-such-command" and found["names"]:
                text += " " + help_text("click.did-you-mean", lang).format(names=found["names"])
            return text
    return message  # ours (already in the language), or one Click sentence not foreseen


def _error_text(error: click_errors.ClickException, lang: str) -> str:
    """One line: "Kesalahan: Argumen BERKAS... belum diberikan. Lihat 'lkip-xls check --help'."."""
    ctx = getattr(error, "ctx", None)
    param = getattr(error, "param", None)
    hint = getattr(error, "param_hint", None) or (param.get_error_hint(ctx) if param is not None and ctx else None)
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(f"'{h}'" for h in hint)
    if isinstance(error, click_errors.MissingParameter):
        kind = error.param_type or (param.param_type_name if param is not None else "option")
        text = help_text("click.missing-argument" if kind == "argument" else "click.missing-option",
                         lang).format(name=hint or "")
    elif isinstance(error, click_errors.NoSuchOption):
        text = help_text("click.no-such-option", lang).format(name=error.option_name)
        if error.possibilities:
            text += " " + help_text("click.possible-options", lang).format(names=", ".join(sorted(error.possibilities)))
    elif isinstance(error, click_errors.BadParameter):
        reason = _click_sentence(error.message, lang)
        named = hint and hint.split(" / ")[0].strip("'") in reason  # our own sentence names its option already
        text = help_text("click.invalid-value", lang).format(name=hint, reason=reason) if hint and not named else reason
    else:
        text = _click_sentence(error.message, lang)
    line = f"{help_text('click.error', lang)}: {' '.join(text.split())}"
    if ctx is not None:
        line += " " + help_text("click.see-help", lang).format(command=ctx.command_path)
    return line


app = typer.Typer(
    cls=LkipGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



# Help texts are in text/messages.py (HELP), by each parameter's Python name: see the module docstring.
LangOption = Annotated[Literal["id", "en"], typer.Option("--lang")]
JsonOption = Annotated[str | None, typer.Option("--json")]
JobsOption = Annotated[int | None, typer.Option("--jobs", "-j", min=1)]
MaxSizeOption = Annotated[int, typer.Option("--max-size", min=1)]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q")]
FilesArgument = Annotated[list[Path], typer.Argument(show_default=False)]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lkip-xls {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
    lang: LangOption = "id",
) -> None:
    """lkip-xls (help: text/messages.py). `--lang` here only sets the language of the help and of the errors
    (the commands take it as their default)."""


@app.command(cls=LkipCommand)
def template(
    path: Annotated[Path | None, typer.Argument(show_default=False)] = None,
    lang: LangOption = "id",
    example: Annotated[bool, typer.Option("--contoh")] = False,
    force: Annotated[bool, typer.Option("--force")] = False,
) -> None:
    """Write the empty template, or a filled-in example with --contoh (help: text/messages.py)."""
    from ..outputs.template import write_template
    from ..outputs.template_example import EXAMPLE_NAME

    _check_lang(lang)
    path = path or Path(EXAMPLE_NAME if example else "lkip-template.xlsx")
    if path.exists() and not force:
        _usage_error(ui("template-exists-force", lang, path=path))
    if path.exists() and not _is_empty_template(path):
        _usage_error(ui("template-exists", lang, path=path))
    output_files.sweep_temporaries([path.parent])
    _writing(lambda: write_template(path, lang, example), lang, path)
    typer.echo(ui("example-written" if example else "template-written", lang, path=path))


def _is_empty_template(path: Path) -> bool:
    """Whether an existing file may be replaced by the template: an lkip-xls template with nothing filled in
    (regenerating a template is fine; a filled-in workbook, or any other file, is never overwritten)."""
    analysis = api.check_file(path).analysis
    if analysis is None:
        return False
    data = analysis.data
    return not (data.indicators or data.budget_lines or data.identitas.agency)


def _writing(write: Callable[[], T], lang: str, path: Path | str = "") -> T:
    """Run a write; a full disk or a refused permission is one line on standard error and exit status 2."""
    try:
        return write()
    except OSError as exc:
        reason = unreadable_reason(output_files.failure_reason(exc), exc.strerror or str(exc), lang)
        _usage_error(ui("cannot-write", lang, path=path or exc.filename or "", reason=reason))
        raise  # not reached: _usage_error exits



def _left_at_default(ctx: typer.Context, name: str) -> bool:
    """Whether the option `name` was not given on the command line (nor through the environment)."""
    source = ctx.get_parameter_source(name)  # Click's ParameterSource (vendored by Typer): compared by name
    return source is None or source.name == "DEFAULT"


def _foreign_file(path: Path) -> bool:
    """Whether something is at `path` that an earlier lkip-xls recap did not put there (and so is not ours to
    replace)."""
    return (path.exists() or path.is_symlink()) and not batch.is_earlier_recap(path)


@app.command(cls=LkipCommand)
def check(
    files: FilesArgument,
    json_path: JsonOption = None,
    lang: LangOption = "id",
    jobs: JobsOption = None,
    max_size: MaxSizeOption = DEFAULT_MAX_MB,
    quiet: QuietOption = False,
) -> None:
    """Read and check only (help: text/messages.py)."""
    _run("check", files, _options(lang, max_size), json_path, jobs, quiet)


@app.command(cls=LkipCommand)
def process(
    files: FilesArgument,
    out_dir: Annotated[Path | None, typer.Option("--out-dir", "-o")] = None,
    json_path: JsonOption = None,
    lang: LangOption = "id",
    jobs: JobsOption = None,
    max_size: MaxSizeOption = DEFAULT_MAX_MB,
    quiet: QuietOption = False,
    docx: Annotated[bool, typer.Option("--docx")] = False,
) -> None:
    """Check, compute, write _hasil and _ringkasan, and with --docx _lkip.docx (help: text/messages.py)."""
    options = replace(_options(lang, max_size, out_dir), docx=docx)
    _run("process", files, options, json_path, jobs, quiet)


@app.command(cls=LkipCommand)
def inbox(
    sources: Annotated[list[Path] | None, typer.Argument(show_default=False)] = None,
    out_dir: Annotated[Path, typer.Option("--out-dir", "-o")] = ...,
    lang: LangOption = "id",
    jobs: JobsOption = None,
    max_size: MaxSizeOption = DEFAULT_MAX_MB,
    all_messages: Annotated[bool, typer.Option("--all")] = False,
    mark_seen: Annotated[bool, typer.Option("--mark-seen")] = False,
    imap_host: Annotated[str | None, typer.Option("--imap-host")] = None,
    imap_port: Annotated[int | None, typer.Option("--imap-port")] = None,
    imap_user: Annotated[str | None, typer.Option("--imap-user")] = None,
    folder: Annotated[str, typer.Option("--folder")] = "INBOX",
    imap_insecure: Annotated[bool, typer.Option("--imap-insecure")] = False,
    from_address: Annotated[str | None, typer.Option("--from")] = None,
    signature: Annotated[str | None, typer.Option("--signature")] = None,
    quiet: QuietOption = False,
) -> None:
    """Check mailed workbooks and draft the replies; nothing is sent (help: text/messages.py)."""
    from ..mail import inbox as inbox_lib
    from ..mail import messages as mail

    _check_lang(lang)
    console = _console()
    if not sources and not imap_host:
        console.print(ui("inbox.no-source", lang))
        raise typer.Exit(2)
    imap = None
    if imap_host:
        if not imap_user:
            raise typer.BadParameter(ui("inbox.no-user", lang), param_hint="--imap-user")
        password = os.environ.get(inbox_lib.PASSWORD_VARIABLE)
        if not password:
            console.print(ui("inbox.no-password", lang))
            raise typer.Exit(2)
        imap = inbox_lib.ImapSettings(imap_host, imap_user, password, imap_port, folder, imap_insecure,
                                      all_messages, mark_seen)
    closing = signature.replace("\\n", "\n") if signature else None
    settings = api.InboxSettings(sources or [], imap, from_address, closing)
    try:
        outcome = api.inbox(settings, out_dir, _options(lang, max_size, out_dir), jobs)
    except inbox_lib.InboxError as exc:
        key = str(exc)
        console.print(ui(f"inbox.{key}", lang) if f"inbox.{key}" in UI else ui("inbox.failed", lang, detail=_term(key)),
                      highlight=False)
        raise typer.Exit(2) from None
    except mail.SourceUnreadable as exc:  # a FIFO, a device, a path that is not there: one line, nothing read
        reason = ui(f"inbox.skip.{exc.reason}", lang) if f"inbox.skip.{exc.reason}" in UI else exc.reason
        console.print(ui("inbox.source-refused", lang, path=_term(exc.path), reason=_term(reason)), highlight=False)
        raise typer.Exit(2) from None
    except OSError as exc:  # an output folder that cannot be used
        console.print(ui("inbox.failed", lang, detail=_term(exc)), highlight=False)
        raise typer.Exit(2) from None
    run = outcome.run
    for skip in run.skipped:
        reason = ui(f"inbox.skip.{skip.reason}", lang) if f"inbox.skip.{skip.reason}" in UI else skip.reason
        console.print(ui("inbox.skipped", lang, path=_term(skip.path), reason=_term(reason)), highlight=False)
    for message in run.outcomes:
        incoming = message.incoming
        if quiet:
            continue
        console.print(ui("inbox.message", lang, sender=_term(incoming.sender), subject=_term(incoming.subject)),
                      highlight=False)
        if incoming.reply_to_differs:
            to = ", ".join(address for _, address in incoming.reply_to)
            console.print("  " + ui("inbox.reply-to-differs", lang, reply_to=_term(to)), highlight=False)
        if incoming.problem:
            console.print("  " + ui("inbox.not-processed-line", lang, reason=_term(mail.problem_text(incoming, lang))),
                          highlight=False)
        for summary in message.summaries:
            console.print(f"  {_term(summary['file'])}: {ui('status.' + summary['status'], lang)}", highlight=False)
        console.print("  " + (ui("inbox.drafted", lang, path=_term(message.reply)) if message.reply
                              else ui("inbox.no-draft", lang)), highlight=False)
    console.print(ui("inbox.done", lang, messages=len(run.outcomes), processed=run.processed, reused=run.reused,
                     index=_term(run.index)), highlight=False)
    _print_summary(console, outcome.recap.results, lang)
    console.print(ui("wrote", lang, path=outcome.recap.out), highlight=False)
    raise typer.Exit(run.exit_code)


@app.command(cls=LkipCommand)
def rekap(
    ctx: typer.Context,
    files: FilesArgument,
    out: Annotated[Path, typer.Option("--out")] = Path("rekap.xlsx"),
    json_path: JsonOption = None,
    lang: LangOption = "id",
    jobs: JobsOption = None,
    max_size: MaxSizeOption = DEFAULT_MAX_MB,
    quiet: QuietOption = False,
) -> None:
    """One recap workbook from many agencies' workbooks (help: text/messages.py)."""

    _check_lang(lang)
    to_stdout = json_path == "-"
    console = _console(stderr=to_stdout)
    named = [path for path in files if not path.is_dir()]
    _refuse_overwriting("--out", out, named, lang)
    if _left_at_default(ctx, "out") and _foreign_file(out):  # ./rekap.xlsx the user never named
        _usage_error(ui("rekap.default-out-exists", lang, path=out))
    paths, skipped = batch.rekap_inputs(files, exclude=out)
    if any(why == "output" for _path, why in skipped) and not batch.is_earlier_recap(out):
        _usage_error(ui("overwrites-input", lang, option="--out", path=out))  # an agency's workbook in a folder
    _refuse_overwriting("--json", _json_target(json_path), [*named, *paths], lang)
    for path, why in skipped:
        kept = path.with_name(f"{path.stem}{HASIL_SUFFIX}{path.suffix}")
        console.print(ui(f"rekap.skipped.{why}", lang, path=path, kept=kept.name), highlight=False)
    if not paths:
        console.print(ui("no-files", lang))
        raise typer.Exit(2)
    options = _options(lang, max_size)
    output_files.sweep_temporaries([out.parent])
    try:
        run = _with_progress(lambda advance: api.rekap(paths, out, options, jobs, advance, folders=files), len(paths),
                             quiet)
    except OSError as exc:
        reason = unreadable_reason(output_files.failure_reason(exc), exc.strerror or str(exc), lang)
        console.print(ui("rekap.write-failed", lang, detail=reason), highlight=False)
        raise typer.Exit(2) from None
    _print_summary(console, run.results, lang)
    console.print(ui("wrote", lang, path=out), highlight=False)
    _write_json(run.results, json_path, lang)
    raise typer.Exit(max(r.exit_code for r in run.results))
