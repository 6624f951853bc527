"""Excel interop: the scored 自评表 workbook (`export`), the empty form (`init --format
xlsx`) and reading a filled-in form back into a submission (`import`).

The column layout lives once, in `layout`; openpyxl is imported only by the modules that
read or write a workbook, never by the CLI at start-up.
"""

from __future__ import annotations

import enum


class InitFormat(enum.StrEnum):
    """What `perfeval init` writes: the commented YAML skeleton or the Excel form."""

    YAML = "yaml"
    XLSX = "xlsx"
