"""The fast path of the YAML loader: plain data from libyaml's events, and their marks.

Most files are plain — mappings, lists and scalars, no anchors, tags or duplicate keys. For
those, building a position tuple for every key is wasted work (it was two thirds of the
loader's time), and parsing the file a second time to locate one warning cost more than
scoring it. This builder keeps, beside each collection, the list of the marks libyaml made
for its entries anyway (one list append per entry); a path is located by walking the data
and those marks (`perfeval.load.document.SourceMap`), only when something asks. It gives up
(returns None) at the first thing that is not plain or not right:
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


Marks = dict[int, list[Any]]
"""Where each entry of a collection starts, by the collection's `id`: for a mapping its
keys' marks, for a list its items', in order (libyaml's own mark objects, 0-based)."""


def plain_data(text: str, max_depth: int) -> tuple[Any, Marks] | None:
    """The document's data and its marks, or None when the locating builder must decide."""
    try:
        return _build(_LOADER(text).get_event, max_depth)
    except (yaml.YAMLError, OverflowError):
        return None


_NO_KEY = object()


def _build(next_event: Any, max_depth: int) -> tuple[Any, Marks] | None:
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    mapping, sequence = yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    document = yaml.DocumentStartEvent
    outer: list[tuple[Any, Any, list[Any]]] = []  # enclosing collections, pending keys, marks
    top: Any = None  # the innermost open collection (None: at the document's top)
    key: Any = _NO_KEY  # the key waiting for its value, when `top` is a mapping
    here: list[Any] = []  # the marks of `top`'s entries
    marks: Marks = {}
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
                    here.append(event.start_mark)
                    continue
                value = text if style else plain_value(text)
            elif wants_key or len(outer) >= max_depth:
                return None
            else:
                value = {} if kind is mapping else []
            if type(top) is list:
                top.append(value)
                here.append(event.start_mark)
            elif top is None:
                root = value
            else:
                top[key] = value
                key = _NO_KEY
            if kind is not scalar:
                outer.append((top, key, here))
                top, key, here = value, _NO_KEY, []
                marks[id(value)] = here
        elif kind in ends:
            top, key, here = outer.pop()
        elif kind is alias:
            return None
        elif kind is document:
            documents += 1
            if documents > 1:
                return None
    return root, marks
