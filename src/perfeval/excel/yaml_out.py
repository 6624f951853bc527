"""Submission data as YAML text that perfeval's own loader reads back unchanged.

Numbers are written plain from their Decimal digits (3089.80 stays 3089.80, never through
float); text that YAML would read as something else (``"123"``, ``"yes"``) is quoted by
the emitter; no tags, anchors or flow style.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes Decimal as a plain number and never uses aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    shown = f"{value:f}"
    tag = "tag:yaml.org,2002:float" if "." in shown else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, shown)


_Dumper.add_representer(Decimal, _decimal)


def dump(data: dict[str, Any], header: str) -> str:
    """`data` as a YAML document, preceded by `header` as a comment."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
    )
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + body
