"""Values spelled as Java's toString spells what XContent parses a response into (maps, lists, numbers),
which the test framework matches a `catch: /regex/` against and reads truth from (is_true, is_false)."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any


def to_string(value: Any) -> str:
    """`{type=x, reason=y}`, `[a, b]`, `1.0E-5`, `null`: the text Java's String.valueOf gives."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return double(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{to_string(k)}={to_string(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(to_string(item) for item in value) + "]"
    return str(value)


def double(value: float) -> str:
    """Double.toString: plain between 10^-3 and 10^7, else computerized scientific notation, with the
    shortest digits that read back as the same double (as Java since 19 and repr choose them)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    shown = "".join(map(str, digits)).rstrip("0") or "0"
    point = len(digits) + int(exponent)  # where the decimal point falls after the first digit's place
    minus = "-" if sign else ""
    if 1e-3 <= abs(value) < 1e7:
        if point <= 0:
            return f"{minus}0.{'0' * -point}{shown}"
        whole, fraction = shown[:point].ljust(point, "0"), shown[point:]
        return f"{minus}{whole}.{fraction or '0'}"
    return f"{minus}{shown[0]}.{shown[1:] or '0'}E{point - 1}"
