"""Graph's ``fields`` syntax: ``id,name,messages{id,message}.limit(5)``
(D/graph-api/guides/field-expansion).

A field is a name, optionally nested fields in braces and ``.limit(n)``; nesting to any depth.
Malformed input answers 100 like Graph's parser would (message UNCONFIRMED).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.errors import InvalidParameter

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LIMIT = re.compile(r"\.limit\((\d{1,4})\)")
MAX_DEPTH = 8


@dataclass(frozen=True)
class Field:
    name: str
    subfields: tuple[Field, ...] | None = None
    limit: int | None = None

    def names(self) -> list[str]:
        return [f.name for f in self.subfields or ()]


def parse(raw: str | None) -> list[Field]:
    """The fields asked for, in order; [] for none."""
    text = (raw or "").replace(" ", "")
    if not text:
        return []
    fields, position = _parse_list(text, 0, 0)
    if position != len(text):
        raise InvalidParameter(
            f"Syntax error in fields: unexpected {text[position]!r} at {position}"
        )
    return fields


def _parse_list(text: str, position: int, depth: int) -> tuple[list[Field], int]:
    if depth > MAX_DEPTH:
        raise InvalidParameter("Syntax error in fields: nested too deep")
    found: list[Field] = []
    while True:
        item, position = _parse_field(text, position, depth)
        found.append(item)
        if position < len(text) and text[position] == ",":
            position += 1
            continue
        return found, position


def _parse_field(text: str, position: int, depth: int) -> tuple[Field, int]:
    match = _NAME.match(text, position)
    if match is None:
        raise InvalidParameter(f"Syntax error in fields: expected a field name at {position}")
    name, position = match.group(0), match.end()
    subfields: tuple[Field, ...] | None = None
    limit: int | None = None
    while position < len(text) and text[position] in "{.":
        if text[position] == "{":
            inner, position = _parse_list(text, position + 1, depth + 1)
            if position >= len(text) or text[position] != "}":
                raise InvalidParameter("Syntax error in fields: missing '}'")
            subfields, position = tuple(inner), position + 1
        else:
            found = _LIMIT.match(text, position)
            if found is None:
                raise InvalidParameter(f"Syntax error in fields: unknown modifier at {position}")
            limit, position = int(found.group(1)), found.end()
    return Field(name, subfields, limit), position
