"""The `recruiter-kit/1` document itself: its format name, JSON in and out, and results.

`load_document` and `dump_document` turn JSON text into a document (a plain dict) and
back; `check_format` recognises one. An import reports what it did as an
`ImportSummary` of `Counts`, and what was wrong with a document as a `DocumentError`
listing `Problem`s.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar, Final

from recruiter_kit.errors import ValidationError

__all__ = [
    "CHUNK_SIZE",
    "FORMAT",
    "MAX_PROBLEMS",
    "Counts",
    "DocumentError",
    "ImportSummary",
    "Problem",
    "check_format",
    "decode_text",
    "dump_document",
    "load_document",
    "type_name",
]

FORMAT: Final = "recruiter-kit/1"

# Candidates are imported, and progress is reported both ways, this many at a time.
CHUNK_SIZE: Final = 2000
# Checking a document stops collecting after this many problems.
MAX_PROBLEMS: Final = 50


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class Counts:
    """How many records of one kind an import created, updated or left unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        """Every record of this kind the file mentioned."""
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass(slots=True)
class ImportSummary:
    """What an import did, per kind of record."""

    candidates: Counts = field(default_factory=Counts)
    interviews: Counts = field(default_factory=Counts)
    communications: Counts = field(default_factory=Counts)
    employers: Counts = field(default_factory=Counts)
    recruiters: Counts = field(default_factory=Counts)
    contacts: Counts = field(default_factory=Counts)  # interviewers (employer contacts)
    policy_settings: int = 0  # settings changed (only with apply_policy=True)

    KINDS: ClassVar[tuple[str, ...]] = (
        "candidates",
        "interviews",
        "communications",
        "employers",
        "recruiters",
        "contacts",
    )

    @property
    def created(self) -> int:
        """How many records the import created, of every kind."""
        return sum(counts.created for counts in self._counts())

    @property
    def changed(self) -> bool:
        """True when the import wrote anything."""
        return self.policy_settings > 0 or any(
            counts.created or counts.updated for counts in self._counts()
        )

    def as_dict(self) -> dict[str, Any]:
        """The counts as plain data (for JSON output)."""
        result: dict[str, Any] = {
            kind: {
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
            }
            for kind, counts in zip(self.KINDS, self._counts(), strict=True)
        }
        result["policy_settings"] = self.policy_settings
        return result

    def _counts(self) -> tuple[Counts, ...]:
        return tuple(getattr(self, kind) for kind in self.KINDS)

    def __str__(self) -> str:
        parts = []
        for kind, counts in zip(self.KINDS, self._counts(), strict=True):
            if counts.total:
                numbers = [
                    f"{number} {label}"
                    for number, label in (
                        (counts.created, "created"),
                        (counts.updated, "updated"),
                        (counts.unchanged, "unchanged"),
                    )
                    if number
                ]
                parts.append(f"{kind} {', '.join(numbers)}")
        if self.policy_settings:
            parts.append(f"policy {self.policy_settings} setting(s) changed")
        return "; ".join(parts) if parts else "nothing to import"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an import document."""

    record: str | None
    field: str | None
    problem: str

    def __str__(self) -> str:
        where = [part for part in (self.record, self.field and f"field {self.field!r}") if part]
        return ": ".join([*where, self.problem])


class DocumentError(ValidationError):
    """An import document is invalid; nothing was written.

    `record`, `field` and `problem` describe the first problem; `problems` lists them
    all (up to `MAX_PROBLEMS`).
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        problems = problems[:MAX_PROBLEMS]
        first = problems[0]
        super().__init__(first.record, first.field, first.problem)
        self.problems = list(problems)
        lines = [str(first)]
        if len(problems) > 1:
            more = len(problems) - 1
            capped = "+" if len(problems) >= MAX_PROBLEMS else ""
            lines.append(f"({more}{capped} more problem{'s' if more > 1 else ''}:)")
            lines.extend(f"  {problem}" for problem in problems[1:])
        self.args = ("\n".join(lines),)


# --------------------------------------------------------------------------- JSON in and out


def type_name(value: Any) -> str:
    """What kind of JSON value `value` is, for problems ("text", "a list", ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def check_format(document: Mapping[str, Any]) -> None:
    """Raise ValidationError unless `document` declares the `recruiter-kit/1` format."""
    found = document.get("format")
    if found is None:
        raise ValidationError(
            None, "format", f'missing: a recruiter-kit document starts with "format": "{FORMAT}"'
        )
    if found != FORMAT:
        raise ValidationError(
            None, "format", f"{found!r} is not a format this version reads (expected {FORMAT!r})"
        )


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """The text of a file's bytes: UTF-8 (with or without a byte-order mark), UTF-16 with a
    byte-order mark, or `encoding` when given (such as "cp1252").

    Anything else is refused with a ValidationError saying how to fix the file.
    """
    if encoding is not None:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise ValidationError(None, None, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as error:
            raise ValidationError(
                None, None, f"not {encoding} text: {_where(data, error.start)}"
            ) from None
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ValidationError(None, None, f"UTF-32 text is not read: {_HOW_TO_FIX}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ValidationError(
                None, None, f"not valid UTF-16 text (byte {error.start}): {_HOW_TO_FIX}"
            ) from None
    if b"\0" in data:
        raise ValidationError(
            None,
            None,
            f"the file holds NUL bytes (UTF-16 without a byte-order mark?): {_HOW_TO_FIX}",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            None,
            None,
            f"not UTF-8 text: {_where(data, error.start)}: {_HOW_TO_FIX}, or name the "
            "file's encoding (for a file saved by Excel on Windows: --encoding cp1252)",
        ) from None


_HOW_TO_FIX = 'save it as UTF-8 (in Excel: Save As, "CSV UTF-8")'


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"byte {data[offset]:#04x} on line {line} cannot be decoded"


def load_document(
    stream_or_text: str | bytes | IO[str] | IO[bytes], *, encoding: str | None = None
) -> dict[str, Any]:
    """Parse a `recruiter-kit/1` JSON document from text, bytes or a readable stream.

    Bytes are decoded by `decode_text` (`encoding` names a legacy encoding). Raises
    ValidationError, in one line, for text that is not JSON (naming the line and column),
    JSON that is nested too deeply or holds NaN, Infinity, a huge number or a key twice
    in one object, JSON that is not an object, and a missing or wrong "format".
    """
    source: Any = stream_or_text
    if hasattr(source, "read"):
        source = source.read()
    if isinstance(source, bytes | bytearray):
        source = decode_text(bytes(source), encoding)
    elif isinstance(source, str):
        source = source.removeprefix("\ufeff")
    try:
        document = json.loads(
            source,
            object_pairs_hook=_object_without_repeated_keys,
            parse_constant=_refuse_constant,
            parse_int=_whole_number,
            parse_float=_finite_number,
        )
    except json.JSONDecodeError as error:
        raise ValidationError(
            None,
            None,
            f"not valid JSON: line {error.lineno} column {error.colno}: {error.msg}",
        ) from None
    except _UnusableJSON as error:
        raise ValidationError(None, None, f"not usable JSON: {error}") from None
    except RecursionError:
        raise ValidationError(
            None, None, "not usable JSON: lists or objects are nested too deeply"
        ) from None
    if not isinstance(document, dict):
        raise ValidationError(
            None,
            None,
            f"not a recruiter-kit document: expected a JSON object, got {type_name(document)}",
        )
    check_format(document)
    return document


# Numbers in a document are small: rounds, policy settings. Longer ones are refused before
# Python converts them (which takes quadratic time, and fails past 4,300 digits).
MAX_NUMBER_DIGITS: Final = 20


class _UnusableJSON(ValueError):
    """Valid JSON syntax that no document may hold."""


def _object_without_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    for key, _value in pairs:
        if key in seen:
            ref = result.get("ref")
            where = f" (the object with ref {ref!r})" if isinstance(ref, str) else ""
            raise _UnusableJSON(f"the key {key!r} appears twice in one object{where}")
        seen.add(key)
    return result


def _refuse_constant(name: str) -> Any:
    raise _UnusableJSON(f"{name} is not a number JSON allows")


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _UnusableJSON(
            f"a number of {len(text.lstrip('-'))} digits (at most {MAX_NUMBER_DIGITS} are read)"
        )
    return int(text)


def _finite_number(text: str) -> float:
    number = float(text)
    if not math.isfinite(number) or len(text) > 100:
        raise _UnusableJSON(f"the number {text[:40]}{'...' if len(text) > 40 else ''} is too large")
    return number


def dump_document(document: Mapping[str, Any], stream: IO[str]) -> None:
    """Write `document` as indented UTF-8 JSON (non-ASCII kept as is)."""
    json.dump(document, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
