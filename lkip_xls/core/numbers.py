"""Numbers as agencies type them (DOMAIN.md §7), targets, and Decimal rounding.

Nothing here knows about workbooks: a cell's value and number format go in, a typed result comes out.

Longer than ~400 lines on purpose: one grammar of Indonesian numbers, targets, ranges and predicates, whose
rules refer to each other.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from enum import StrEnum

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)

MISSING_TOKENS = frozenset({"", "-", "–", "—", "•", "n/a", "na", "#n/a", "belum rilis", "belum ada", "tidak ada data",
                            "belum ada data", "belum tersedia", "tidak tersedia", "data belum tersedia"})


def quantize(value: Decimal, quantum: Decimal) -> Decimal:
    """Half-up to the quantum, with enough precision for any magnitude (a stray 1e24 must not crash)."""
    digits = value.adjusted() - quantum.adjusted() + 2
    if digits <= 28:  # the default context has room: skip the (slow) local context
        return value.quantize(quantum, rounding=ROUND_HALF_UP)
    with localcontext() as context:
        context.prec = digits
        return value.quantize(quantum, rounding=ROUND_HALF_UP)


def round2(value: Decimal) -> Decimal:
    """Half-up to 2 places: 79,575 becomes 79,58 (float round() would give 79,57)."""
    return quantize(value, TWO_PLACES)


class Quirk(StrEnum):
    """A number that was read, but not in the Indonesian way: worth a warning."""

    COMMA_THOUSANDS = "comma-thousands"  # 2,678,400
    IRREGULAR_GROUPING = "irregular-grouping"  # 101453.120
    DOT_DECIMAL = "dot-decimal"  # 97.74
    ENGLISH_FORMAT = "english-format"  # 1,234,567.89
    UNIT_WORDS = "unit-words"  # 150 pelaku usaha, where Satuan is "pelaku usaha"


@dataclass(frozen=True)
class ParsedNumber:
    value: Decimal | None  # None: the cell means "no value" (empty, -, N/A, belum rilis)
    quirk: Quirk | None = None

    @property
    def missing(self) -> bool:
        return self.value is None


class NotANumber(ValueError):
    """Text that is not a number: an error at that cell."""


class NumberOutOfRange(NotANumber):
    """A number no workbook means (1e308, 10^20 rupiah): an error at that cell, never a calculation."""


# Every number read lies within MAX_MAGNITUDE (Rp 1.000 triliun, above any agency's budget) and is 0 or at
# least NEGLIGIBLE in size: whatever lkip-xls then computes (sums, capaian = realisasi / target x 100,
# pagu x capaian) stays a finite float in JSON and in the workbooks. A smaller one is Excel's rounding
# residue (0.1 + 0.2 - 0.3), shown as 0 in its cell, and read as 0.
MAX_MAGNITUDE = Decimal(10) ** 15
NEGLIGIBLE = Decimal(10) ** -9
_MAX_INT = 10 ** 15  # MAX_MAGNITUDE, compared with an int without a Decimal


def _bounded(number: Decimal, shown: object) -> Decimal:
    if not number.is_finite() or abs(number) > MAX_MAGNITUDE:
        raise NumberOutOfRange(str(shown))
    return Decimal(0) if abs(number) < NEGLIGIBLE else number


_STRIP_WORDS = re.compile(r"rp\.?|idr|us\$|usd|,-$|, -$|%|\(\*\)", re.IGNORECASE)
_SCALE_WORDS = {"ribu": Decimal(10) ** 3, "juta": Decimal(10) ** 6, "miliar": Decimal(10) ** 9,
                "milyar": Decimal(10) ** 9, "triliun": Decimal(10) ** 12}
_SCALE_SUFFIX = re.compile(r"\s*(ribu|juta|miliar|milyar|triliun)\s*$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_DIGITS = re.compile(r"^\d+$")


_UNIT_TAIL = re.compile(r"^(.*?\d[\d.,)]*)\s+([^\d].*)$")


def without_unit(text: str, unit: str | None) -> str | None:
    """'150 pelaku usaha' where the indicator's Satuan is 'pelaku usaha' (or the words start it: '150 pelaku'):
    the number part, else None. A count typed with its unit is read with NUMBER-FORMAT-UNUSUAL."""
    if not unit:
        return None
    match = _UNIT_TAIL.match(_SPACES.sub(" ", text).strip())
    if match is None:
        return None
    words, satuan = match.group(2).strip().casefold(), _SPACES.sub(" ", unit).strip().casefold()
    if not words or not satuan or not (words == satuan or satuan.startswith(words + " ")):
        return None
    return match.group(1)


def parse_number(value: object, number_format: str | None = None,
                 predicates: dict[str, Decimal] | None = None) -> ParsedNumber:
    """Read a cell value as a Decimal; raise NotANumber for anything that is not one. With a predicate table
    (`predicate_table`), a text that is a known predicate reads as its value (`parse_predicate`)."""
    if value is None:
        return ParsedNumber(None)
    if isinstance(value, bool) or isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        raise NotANumber(str(value))
    if isinstance(value, int):
        return ParsedNumber(_bounded(_percent_cell(Decimal(value), number_format), value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberOutOfRange(str(value))
        return ParsedNumber(_bounded(_percent_cell(Decimal(repr(value)), number_format), value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberOutOfRange(str(value))
        return ParsedNumber(_bounded(_percent_cell(value, number_format), value))
    if predicates is None:
        return parse_text(str(value))
    try:
        return parse_text(str(value))
    except NumberOutOfRange:
        raise
    except NotANumber:
        predicate = parse_predicate(str(value), predicates)
        if predicate is None:
            raise
        return ParsedNumber(predicate)


def plain_number(value: object, number_format: str | None) -> Decimal | None:
    """`parse_number(value, number_format).value` for the usual number cell, without its general checks (the
    reader asks for 40,000 of them in a province workbook): an int or a Decimal within the range and not
    negligible, in a cell whose format has no `%`. None for every other value, which `parse_number` reads."""
    if number_format is not None and "%" in number_format:
        return None
    if value.__class__ is int:
        return Decimal(value) if -_MAX_INT <= value <= _MAX_INT else None  # type: ignore[operator]
    if value.__class__ is Decimal and value.is_finite() and NEGLIGIBLE <= abs(value) <= MAX_MAGNITUDE:  # type: ignore[union-attr, arg-type]
        return value  # type: ignore[return-value]
    return None


def _percent_cell(number: Decimal, number_format: str | None) -> Decimal:
    # A number cell formatted as % holds a fraction: 0,9748 shown as 97,48 %.
    if number_format and "%" in number_format.replace('"%"', "").replace("\\%", ""):
        return number * HUNDRED
    return number


MAX_NUMBER_TEXT = 80  # no number an agency types is longer; longer text is refused before any pattern runs


def parse_text(text: str) -> ParsedNumber:
    if len(text) > MAX_NUMBER_TEXT * 4:
        raise NotANumber(text[:MAX_NUMBER_TEXT] + "...")
    flat = _SPACES.sub(" ", text).strip()
    if len(flat) > MAX_NUMBER_TEXT:
        raise NotANumber(flat[:MAX_NUMBER_TEXT] + "...")
    if flat.casefold() in MISSING_TOKENS:
        return ParsedNumber(None)
    negative = False
    body = flat
    multiplier = Decimal(1)
    scale_word = _SCALE_SUFFIX.search(body)
    if scale_word:  # Rp.369,6 miliar
        multiplier = _SCALE_WORDS[scale_word.group(1).casefold()]
        body = body[: scale_word.start()]
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1]
    body = _STRIP_WORDS.sub("", body)
    body = _SPACES.sub("", body)
    if body.startswith(("-", "−")):
        negative, body = not negative, body[1:]
    elif body.startswith("+"):
        body = body[1:]
    if body.startswith("(") and body.endswith(")"):
        negative, body = not negative, body[1:-1]
    if body.endswith((",", ".")) and not body.endswith((",-", ".-")):
        body = body[:-1]
    if not body or not re.fullmatch(r"[\d.,]+", body) or not body[0].isdigit():
        raise NotANumber(text)
    number, quirk = _digits_with_separators(body, text)
    number = _bounded(number * multiplier, text)
    return ParsedNumber(-number if negative else number, quirk)


def _digits_with_separators(body: str, original: str) -> tuple[Decimal, Quirk | None]:
    has_dot, has_comma = "." in body, "," in body
    if not has_dot and not has_comma:
        return _decimal(body, original), None
    if has_dot and has_comma:
        if body.rfind(",") > body.rfind("."):  # 1.234.567,89: Indonesian
            integer, _, fraction = body.rpartition(",")
            if "," in integer:
                raise NotANumber(original)
            return _decimal(_thousands(integer, ".", original) + "." + fraction, original), None
        integer, _, fraction = body.rpartition(".")  # 1,234,567.89: English
        if "." in integer:
            raise NotANumber(original)
        return _decimal(_thousands(integer, ",", original) + "." + fraction, original), Quirk.ENGLISH_FORMAT
    if has_comma:
        parts = body.split(",")
        if len(parts) == 2:  # 12,5: the Indonesian decimal comma
            return _decimal(parts[0] + "." + parts[1], original), None
        return _decimal(_thousands(body, ",", original), original), Quirk.COMMA_THOUSANDS
    parts = body.split(".")
    if len(parts) > 2:
        return _decimal(_thousands(body, ".", original), original), _grouping_quirk(parts)
    head, tail = parts
    if len(tail) == 3 and head != "0":  # 1.234 (or 101453.120): thousands
        return _decimal(head + tail, original), _grouping_quirk(parts)
    return _decimal(head + "." + tail, original), Quirk.DOT_DECIMAL  # 97.74, 0.094


def _grouping_quirk(parts: list[str]) -> Quirk | None:
    return None if 1 <= len(parts[0]) <= 3 else Quirk.IRREGULAR_GROUPING


def _thousands(text: str, separator: str, original: str) -> str:
    parts = text.split(separator)
    if not parts[0] or any(len(p) != 3 for p in parts[1:]):
        raise NotANumber(original)
    return "".join(parts)


def _decimal(text: str, original: str) -> Decimal:
    if not text or text.startswith(".") or text.endswith("."):
        raise NotANumber(original)
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex above leaves only digits and one dot
        raise NotANumber(original) from exc


def format_id(value: Decimal, places: int = 2) -> str:
    """1234567.5 -> '1.234.567,50': the Indonesian way (used by tests and fixtures)."""
    quantum = Decimal(1).scaleb(-places)
    fixed = f"{abs(quantize(value, quantum)):,.{places}f}"
    swapped = fixed.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return ("-" if value < 0 else "") + swapped


# --------------------------------------------------------------------------- targets


class TargetKind(StrEnum):
    VALUE = "value"
    LESS = "<"
    LESS_EQUAL = "<="
    GREATER = ">"
    GREATER_EQUAL = ">="
    RANGE = "range"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    value: Decimal  # the number for VALUE and comparisons; the lower bound of a range
    upper: Decimal | None = None  # the upper bound of a range
    quirk: Quirk | None = None
    hint: str | None = None  # Naik / Turun said by a word before a range ("minimal 76,61-88,30")

    @property
    def lower(self) -> Decimal:
        return self.value

    @property
    def implied_direction(self) -> str | None:
        """`<`/`≤` imply Turun, `>`/`≥` Naik, a range Tetap."""
        if self.kind in (TargetKind.LESS, TargetKind.LESS_EQUAL):
            return "Turun"
        if self.kind in (TargetKind.GREATER, TargetKind.GREATER_EQUAL):
            return "Naik"
        if self.kind is TargetKind.RANGE:
            return self.hint or "Tetap"
        return None

    def number_for(self, direction: str) -> Decimal:
        """The single number a target stands for: the lower bound with Naik, the upper with Turun (a range's
        capaian takes the bound the realisasi crossed: calc.raw_capaian)."""
        if self.kind is TargetKind.RANGE and direction == "Turun" and self.upper is not None:
            return self.upper
        return self.value


_COMPARATORS = (
    ("<=", TargetKind.LESS_EQUAL), ("=<", TargetKind.LESS_EQUAL), ("≤", TargetKind.LESS_EQUAL),
    (">=", TargetKind.GREATER_EQUAL), ("=>", TargetKind.GREATER_EQUAL), ("≥", TargetKind.GREATER_EQUAL),
    ("<", TargetKind.LESS), (">", TargetKind.GREATER),
)
# Words that say the direction (DOMAIN.md §1), before a target or in an indicator's name.
MINIMUM_WORDS = ("minimal", "min.", "min", "paling sedikit", "sekurang-kurangnya", "sekurangnya")
MAXIMUM_WORDS = ("maksimal", "maks.", "maks", "max.", "max", "paling banyak", "setinggi-tingginya",
                 "selambat-lambatnya")
_WORD_PREFIX = re.compile(
    r"^(?P<word>" + "|".join(re.escape(w) for w in sorted(MINIMUM_WORDS + MAXIMUM_WORDS, key=len, reverse=True))
    + r")(?![a-z])\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_NAME_WORDS = re.compile(r"\b(?P<min>minimal|paling sedikit|sekurang-kurangnya)\b|"
                         r"\b(?P<max>maksimal|paling banyak|setinggi-tingginya)\b", re.IGNORECASE)
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_RANGE_SPLIT = re.compile(r"^(.*?\d[^\s\-–—]*)\s*(?:s\.?\s*/?\s*d\.?|sampai(?:\s+dengan)?|–|—|-)\s*(.+)$",
                          re.IGNORECASE)


def parse_target(value: object, number_format: str | None = None,
                 predicates: dict[str, Decimal] | None = None) -> Target | None:
    """A target: number, comparison (< 11, ≤ 7,82, >= 90) or range (3 - 10, 3–10, 3 s.d. 10); with a
    predicate table, a known predicate (`WTP`, `A (80)`) is a target of its value.

    Returns None for an empty cell; raises NotANumber for text that is none of these.
    """
    if predicates is not None and isinstance(value, str):
        try:
            return parse_target(value, number_format)
        except NumberOutOfRange:
            raise
        except NotANumber:
            predicate = parse_predicate(value, predicates)
            if predicate is None:
                raise
            return Target(TargetKind.VALUE, predicate)
    if not isinstance(value, str):
        parsed = parse_number(value, number_format)
        return None if parsed.value is None else Target(TargetKind.VALUE, parsed.value, quirk=parsed.quirk)
    if len(value) > MAX_NUMBER_TEXT * 4:
        raise NotANumber(value[:MAX_NUMBER_TEXT] + "...")
    text = _SPACES.sub(" ", value).strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise NotANumber(text[:MAX_NUMBER_TEXT] + "...")
    worded = _WORD_PREFIX.match(text)
    if worded and worded.group("rest"):
        return _worded_target(worded.group("word"), worded.group("rest"), value)
    return _plain_target(text, value)


def _worded_target(word: str, rest: str, original: str) -> Target:
    """`minimal 85` is >= 85, `maksimal 10` <= 10; before a range the word gives its direction. The number may
    stand in parentheses after words ("minimal kategori Baik (76,61-88,30)")."""
    try:
        target = _plain_target(rest, original)
    except NotANumber:
        inside = _PARENTHESES.findall(rest)
        if not inside:
            raise
        target = _plain_target(inside[-1].strip(), original)
    if target is None:
        raise NotANumber(original)
    naik = word.casefold() in MINIMUM_WORDS
    if target.kind is TargetKind.RANGE:
        return Target(target.kind, target.value, target.upper, target.quirk, "Naik" if naik else "Turun")
    if target.kind is TargetKind.VALUE:
        return Target(TargetKind.GREATER_EQUAL if naik else TargetKind.LESS_EQUAL, target.value, quirk=target.quirk)
    return target


def _plain_target(text: str, value: str) -> Target | None:
    for prefix, kind in _COMPARATORS:
        if text.startswith(prefix):
            parsed = parse_text(text[len(prefix):])
            if parsed.value is None:
                raise NotANumber(value)
            return Target(kind, parsed.value, quirk=parsed.quirk)
    match = _RANGE_SPLIT.match(text)
    if match:
        try:
            low, high = parse_text(match.group(1)), parse_text(match.group(2))
        except NotANumber:
            low = high = ParsedNumber(None)
        if low.value is not None and high.value is not None:
            lower, upper = sorted((low.value, high.value))
            return Target(TargetKind.RANGE, lower, upper, quirk=low.quirk or high.quirk)
    parsed = parse_text(text)
    return None if parsed.value is None else Target(TargetKind.VALUE, parsed.value, quirk=parsed.quirk)


# --------------------------------------------------------------------------- predicates

# Skala Predikat (TEMPLATE.md §5): ordinal grades read as values, so that capaian = value(R) / value(T) x 100.
BUILTIN_PREDICATES: dict[str, Decimal] = {
    # Opini BPK
    "TMP": Decimal(1), "TW": Decimal(2), "WDP": Decimal(3), "WTP": Decimal(4),
    # nilai SAKIP
    "D": Decimal(1), "C": Decimal(2), "CC": Decimal(3), "B": Decimal(4), "BB": Decimal(5), "A": Decimal(6),
    "AA": Decimal(7),
}
_PREDICATE_PREFIX = re.compile(r"^(?:opini|predikat)\b\s*:?\s*", re.IGNORECASE)
_PREDICATE_SCORE = re.compile(r"\(\s*([^()]*?\d[^()]*?)\s*\)")


def predicate_key(text: str) -> str:
    """How predicates compare: trimmed, spaces collapsed, any case, without a leading `Opini` or `Predikat`."""
    flat = _SPACES.sub(" ", text).strip()
    flat = _PREDICATE_PREFIX.sub("", flat).strip()
    return flat.casefold()


def predicate_table(extra: dict[str, Decimal] | None = None) -> dict[str, Decimal]:
    """The built-in predicates, with the Skala Predikat sheet's rows added or overriding (keys compared by
    `predicate_key`); the value keeps the spelling of the name for messages (see `predicate_names`)."""
    table = {predicate_key(name): value for name, value in BUILTIN_PREDICATES.items()}
    for name, value in (extra or {}).items():
        table[predicate_key(name)] = value
    return table


def predicate_names(table: dict[str, Decimal]) -> str:
    """'TMP 1, TW 2, …' for a message listing the predicates lkip-xls knows."""
    def shown(value: Decimal) -> str:
        return format_id(value, 0) if value == value.to_integral_value() else format_id(value)
    return ", ".join(f"{name.upper()} {shown(value)}" for name, value in table.items())


def parse_predicate(text: str, table: dict[str, Decimal]) -> Decimal | None:
    """The value of a predicate text, or None when it is none: `WTP`, `Opini WTP`, `predikat bb` read from the
    table; a known predicate with a number in parentheses (`A (80)`, `(4) WTP`) reads as that number."""
    if len(text) > MAX_NUMBER_TEXT:
        return None
    score = _PREDICATE_SCORE.search(text)
    if score is not None:
        rest = predicate_key(text[: score.start()] + " " + text[score.end():])
        if rest in table:
            try:
                parsed = parse_text(score.group(1))
            except NotANumber:
                return None
            return parsed.value
        return None
    return table.get(predicate_key(text))


def stated_direction(target: Target | None, name: str | None = None) -> str | None:
    """The direction a target or an indicator's name states: `<`/`≤`/`maksimal` Turun, `>`/`≥`/`minimal` Naik
    (a word before a range included); None when neither says one."""
    implied = target.implied_direction if target else None
    if implied in ("Naik", "Turun"):
        return implied
    words = _NAME_WORDS.search(name or "")
    if words:
        return "Naik" if words.group("min") else "Turun"
    return None


def default_direction(target: Target | None, name: str | None = None) -> str:
    """Arah left empty (DOMAIN.md §1): what the target or the indicator's name states; else Tetap for a range,
    otherwise Naik."""
    stated = stated_direction(target, name)
    if stated is not None:
        return stated
    return "Tetap" if target is not None and target.kind is TargetKind.RANGE else "Naik"


def normalize_code(code: str | None) -> str | None:
    """'01.' and ' 1.1 ' are typed codes; segments stay text ('1.10' is not '1.1')."""
    if code is None:
        return None
    flat = "".join(str(code).split()).strip(".")
    return flat or None
