"""JSON text to data, with its structural limits checked on the text first.

Depth and the number of arrays and objects are counted in linear time without parsing (numpy
over the bytes: escapes dropped, strings masked, brackets summed), so neither
Python's parser nor jsonschema ever sees a file that would recurse or allocate without bound.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from kurils.model.geojson_io import StrictJSONError, loads_strict
from kurils.model.validate.limits import MAX_JSON_CONTAINERS, MAX_JSON_DEPTH
from kurils.model.validate.problems import NO_FIELD, WHOLE_FILE, Problem

_OPEN = (ord("["), ord("{"))
_CLOSE = (ord("]"), ord("}"))


def shape(text: str) -> tuple[int, int]:
    """(depth, arrays and objects) of JSON text, read as JSON's tokenizer would up to its first
    syntax error. The depth is only computed when the count is within MAX_JSON_CONTAINERS (else 0).

    Escapes go first (pairs of backslashes, then backslash-quote: JSON's own left-to-right
    reading), then each byte is inside a string when an odd number of quotes precede it (an XOR
    scan). Everything is numpy over the bytes: no per-token Python objects, so 5 million "[],"
    cost tens of MB, not the GB a regular-expression split would.
    """
    raw = text.encode("utf-8").replace(b"\\\\", b"").replace(b'\\"', b"")
    codes = np.frombuffer(raw, dtype=np.uint8)
    inside = np.bitwise_xor.accumulate(codes == ord('"'))
    opens = ((codes == _OPEN[0]) | (codes == _OPEN[1])) & ~inside
    containers = int(np.count_nonzero(opens))
    if containers > MAX_JSON_CONTAINERS or containers == 0:
        return 0, containers
    closes = ((codes == _CLOSE[0]) | (codes == _CLOSE[1])) & ~inside
    steps = opens[opens | closes].astype(np.int8) * 2 - 1
    return int(np.cumsum(steps, dtype=np.int32).max()), containers


def parse(name: str, text: str, with_column: bool = True) -> tuple[Any, list[Problem], bool]:
    """(data, problems, parsed): strict JSON (no duplicate keys, no NaN/Infinity) within the limits."""
    depth, containers = shape(text)
    if containers > MAX_JSON_CONTAINERS:
        message = f"more than {MAX_JSON_CONTAINERS} JSON arrays and objects"
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, "too-many-values", message, str(containers))], False
    if depth > MAX_JSON_DEPTH:
        message = f"JSON nested more than {MAX_JSON_DEPTH} levels deep"
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, "too-deep", message, text.lstrip()[:20])], False
    try:
        return loads_strict(text), [], True
    except StrictJSONError as e:
        code = "duplicate-key" if "duplicate" in str(e) else "non-finite-number"
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, code, str(e), e.value)], False
    except json.JSONDecodeError as e:
        message = f"{e.msg} at column {e.colno}" if with_column else e.msg
        return None, [Problem(name, f"line {e.lineno}", NO_FIELD, "bad-json", message, text[e.pos : e.pos + 20])], False
    except RecursionError:  # cannot happen within MAX_JSON_DEPTH; kept so that it never raises
        message = f"JSON nested more than {MAX_JSON_DEPTH} levels deep"
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, "too-deep", message, text.lstrip()[:20])], False
    except (ValueError, OverflowError) as e:  # e.g. an integer of more than 4,300 digits
        digits = "digits" in str(e)
        message = "a number has more digits than the parser reads (4300)" if digits else "cannot be read as JSON"
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, "bad-json", message, type(e).__name__)], False
