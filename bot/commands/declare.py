"""Command parameters, declared once: the text parser and usage lines are generated here;
the adapters generate Discord's command tree and Telegram's menu from the same declaration.

Text grammar, for every declared command: `name [sub] value value key value key=value flag`.
Values fill the form's positional parameters in order; a keyword parameter is given as its
name followed by its value (the words up to the next parameter name) or as `name=value`.
Quoted words keep their spaces ("March Dips"). A form whose one parameter takes the rest of
the line (a question) gets the text exactly as typed.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from bot import rich
from bot.errors import BadInput
from bot.marks import N_
from bot.numbers import whole_number

Kind = Literal["text", "int", "choice", "flag", "channel", "role", "date"]
Value = str | int | bool
QUOTES = N_('Check the quotes: a name with spaces goes in "double quotes".')


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter: its name, type, limits and help, as every platform shows it."""

    name: str
    help: str
    kind: Kind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    low: int | None = None  # int: the smallest value; text: the fewest characters
    high: int | None = None  # int: the largest value; text: the most characters
    suggest: str | None = None  # autocomplete source: faq, timezone, exercise, challenge
    keyword_only: bool = False  # in text, only as `name value`
    rest: bool = False  # in text, the rest of the line exactly as typed
    strict: bool = True  # False: the service checks a wider grammar than the choices

    @property
    def mandatory(self) -> bool:
        """A value must be given (a flag is never needed: leaving it out says no)."""
        return self.required and self.kind != "flag"

    def usage(self) -> str:
        """How the parameter reads in a usage line."""
        shown = f"{self.name} <{self.name}>" if self.keyword_only else f"<{self.name}>"
        if self.kind == "flag":
            shown = self.name
        elif self.choices and not self.keyword_only:
            shown = "|".join(self.choices)
        return shown if self.required else f"[{shown}]"


@dataclass(frozen=True, slots=True)
class Form:
    """A subcommand (or, with no name, the command itself) and its parameters."""

    name: str = ""
    summary: str = ""
    params: tuple[Param, ...] = ()
    moderator: bool = False  # Discord puts it under `<command>-admin`, for server managers
    slow: bool = False  # answers take a moment: Discord acknowledges at once
    private: bool = False  # answered to the caller alone, even in a group
    hint: str = ""  # what a call that does not fit is told (default: the generated usage)

    def param(self, name: str) -> Param | None:
        """The parameter of that name, or None."""
        return next((param for param in self.params if param.name == name), None)


@dataclass(frozen=True, slots=True)
class Args:
    """The typed values of one command call, whichever platform it came from."""

    sub: str = ""
    values: Mapping[str, Value] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        """A text value, or None when it was not given."""
        value = self.values.get(name)
        return None if value is None else str(value)

    def number(self, name: str) -> int | None:
        """A whole-number value, or None when it was not given."""
        value = self.values.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def flag(self, name: str) -> bool:
        """True when a flag was given."""
        return self.values.get(name) is True


def usage_line(command: str, form: Form) -> str:
    """`command sub <param> [param]`, generated from the declaration."""
    return " ".join(
        part for part in (command, form.name, *(p.usage() for p in form.params)) if part
    )


def usage_ref(command: str, form: Form) -> rich.CommandRef:
    """The form as a command to type: its text usage line, and what it is for adapters
    that show commands their own way."""
    return rich.CommandRef(
        f"/{usage_line(command, form)}",
        command,
        form.name,
        tuple((p.name, p.mandatory) for p in form.params),
        form.moderator,
    )


def usage_error(command: str, forms: tuple[Form, ...]) -> BadInput:
    """The refusal for a call that does not fit the command's grammar."""
    if len(forms) == 1 and forms[0].hint:
        return BadInput(forms[0].hint)
    usage: list[rich.Part] = []
    for form in forms:
        usage += [" · "] if usage else []
        usage.append(usage_ref(command, form))
    return BadInput(N_("Use {usage}."), usage=tuple(usage))


def pick_form(
    command: str, forms: tuple[Form, ...], arguments: str, default: str | None = None
) -> tuple[Form, str]:
    """The subcommand named by the first word (or the default one) and the text after it."""
    if len(forms) == 1 and not forms[0].name:
        return forms[0], arguments
    head, *rest = arguments.split(maxsplit=1) or [""]  # any whitespace ends the subcommand
    name = head.lower() or default
    found = next((form for form in forms if form.name == name), None)
    if found is None:
        raise usage_error(command, forms)
    return found, rest[0] if rest else ""


def split_words(text: str) -> list[str]:
    """Words with shell quoting rules (a name with spaces in double quotes); unbalanced quotes
    are bad input."""
    try:
        return shlex.split(text)
    except ValueError:
        raise BadInput(QUOTES) from None


def parse_words(command: str, form: Form, text: str) -> dict[str, Value]:
    """Raw values by parameter name from the words after the command (and subcommand)."""
    if len(form.params) == 1 and form.params[0].rest:
        return {form.params[0].name: text.strip()} if text.strip() else {}
    words = split_words(text)
    raw: dict[str, Value] = {}
    positional: list[str] = []
    while words:
        word = words.pop(0)
        key, equals, value = word.partition("=")
        named = form.param(key.lower())
        if named is not None and equals:
            raw[named.name] = _given(command, form, named, value)
            continue
        marker = form.param(word.lower())
        if marker is not None and marker.kind == "flag":
            raw[marker.name] = True
        elif marker is not None and (marker.keyword_only or (words and marker.kind == "int")):
            taken: list[str] = []
            while words and not _names_param(form, words[0]):
                taken.append(words.pop(0))
            raw[marker.name] = _given(command, form, marker, " ".join(taken))
        else:
            positional.append(word)
    for param in form.params:
        free = param.name not in raw and not param.keyword_only and param.kind != "flag"
        if positional and free:
            raw[param.name] = positional.pop(0)
    if positional:
        raise usage_error(command, (form,))
    return raw


def _names_param(form: Form, word: str) -> bool:
    """Whether the word starts another parameter: its name, or `name=value`."""
    key, equals, _ = word.partition("=")
    return form.param(word.lower()) is not None or (
        bool(equals) and form.param(key.lower()) is not None
    )


def _given(command: str, form: Form, param: Param, value: str) -> str:
    """A named parameter's value; naming one without a value is refused, not skipped."""
    if not value.strip():
        usage = usage_ref(command, form)
        raise BadInput(N_("{name} needs a value: {usage}"), name=param.name, usage=usage)
    return value


def bind(command: str, form: Form, raw: Mapping[str, Value | None]) -> Args:
    """Typed, checked values for the form; any bad value is refused before anything runs."""
    unknown = set(raw) - {param.name for param in form.params}
    if unknown:
        raise usage_error(command, (form,))
    values: dict[str, Value] = {}
    for param in form.params:
        value = raw.get(param.name)
        if value is None or value == "" or value is False:
            if param.required:
                raise usage_error(command, (form,))
            continue
        values[param.name] = convert(param, value)
    return Args(form.name, values)


def convert(param: Param, value: Value) -> Value:
    """One value in the parameter's type; BadInput names the parameter when it is wrong."""
    if param.kind == "flag":
        return True
    if param.kind == "int":
        return _whole(param, value)
    text = str(value).strip()
    if param.kind == "choice" and param.strict:
        text = text.lower()
        if text not in param.choices:
            choices = ", ".join(param.choices)
            raise BadInput(
                N_("{name} must be one of: {choices}."), name=param.name, choices=choices
            )
    if param.kind == "date" and not _is_date(text):
        not_date = N_("{name}: {value} is not a date; use YYYY-MM-DD.")
        raise BadInput(not_date, name=rich.Text(param.name), value=repr(text[:20]))
    if param.kind == "channel":  # `<#id>` as Discord writes a channel mention; the service checks
        text = text.lstrip("#<").rstrip(">")
    if param.low is not None and len(text) < param.low:
        short = N_("{name} must be at least {count} characters.")
        raise BadInput(short, name=param.name, count=str(param.low))
    if param.high is not None and len(text) > param.high:
        long = N_("{name} must be at most {count} characters.")
        raise BadInput(long, name=param.name, count=str(param.high))
    return text


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == len("YYYY-MM-DD")


def _whole(param: Param, value: Value) -> int:
    low, high = param.low, param.high
    number = value if isinstance(value, int) else whole_number(str(value))
    if number is None or (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None and high - low < 5:
            allowed = ", ".join(str(n) for n in range(low, high))
            one_of = N_("{name} must be {allowed} or {last}.")
            raise BadInput(one_of, name=param.name, allowed=allowed, last=str(high))
        if low is not None and high is not None:
            between = N_("{name} must be a whole number from {low} to {high}.")
            raise BadInput(between, name=param.name, low=str(low), high=str(high))
        raise BadInput(N_("{name} must be a whole number."), name=param.name)
    return number
