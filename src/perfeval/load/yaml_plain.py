"""The fast path of the YAML loader: plain data from libyaml's events, no positions.

Most files are plain — mappings, lists and scalars, no anchors, tags or duplicate keys — and
most of them are scored without a single problem to locate. For those, building a position
for every key is wasted work (it was two thirds of the loader's time). This builder keeps
none, and gives up (returns None) at the first thing that is not plain or not right:
an anchor, alias or tag, a duplicate or merge key, a collection as a key, several
documents, nesting past the limit, more values than a file may hold, a number past the
limits, a syntax error. Then the
locating builder (`perfeval.load.yaml_events`) parses the file again and decides, so every
problem is still reported at `file:line:col` by one implementation of the rules.

Scalars go through the same `plain_value` as the locating builder, so both read every value
alike; a property test checks that the two agree on data for any document this one accepts.
"""

from __future__ import annotations

from typing import Any

import yaml

from perfeval.load.limits import MAX_VALUES
from perfeval.load.yaml_events import plain_value

_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader  # only its parser


def plain_data(text: str, max_depth: int) -> Any | None:
    """The document's data, or None when the locating builder must decide."""
    try:
        return _build(_LOADER(text).get_event, max_depth)
    except (yaml.YAMLError, OverflowError):
        return None


_NO_KEY = object()


def _build(next_event: Any, max_depth: int) -> Any | None:
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    mapping, sequence = yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    document = yaml.DocumentStartEvent
    outer: list[tuple[Any, Any]] = []  # the enclosing collections and their pending keys
    top: Any = None  # the innermost open collection (None: at the document's top)
    key: Any = _NO_KEY  # the key waiting for its value, when `top` is a mapping
    root: Any = None
    documents = 0
    budget = MAX_VALUES  # values left before the file is too large to read (PE017)
    for event in iter(next_event, None):
        kind = type(event)
        if kind is scalar or kind is mapping or kind is sequence:
            budget -= 1
            if event.anchor is not None or event.tag is not None or budget < 0:
                return None
            wants_key = key is _NO_KEY and type(top) is dict
            if kind is scalar:
                text, style = event.value, event.style
                if wants_key:
                    if text in top or (text == "<<" and not style):
                        return None
                    key = text
                    continue
                value = text if style else plain_value(text)
            elif wants_key or len(outer) >= max_depth:
                return None
            else:
                value = {} if kind is mapping else []
            if type(top) is list:
                top.append(value)
            elif top is None:
                root = value
            else:
                top[key] = value
                key = _NO_KEY
            if kind is not scalar:
                outer.append((top, key))
                top, key = value, _NO_KEY
        elif kind in ends:
            top, key = outer.pop()
        elif kind is alias:
            return None
        elif kind is document:
            documents += 1
            if documents > 1:
                return None
    return root
