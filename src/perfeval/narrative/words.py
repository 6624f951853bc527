"""The report's words: the `[report.*]` tables of the locale catalogues, and ordinals."""

from __future__ import annotations

from perfeval.i18n import Lang, catalogue, fill

_ZH_DIGITS = "零一二三四五六七八九"


def word(lang: Lang, group: str, key: str, **values: object) -> str:
    """`[report.<group>] key` of the catalogue, with `{name}` placeholders filled."""
    entry: str = catalogue(lang)["report"][group][key]
    return fill(entry, values)


def group_words(lang: Lang, group: str) -> dict[str, str]:
    """A whole `[report.<group>]` table (headings, labels) as a plain dict."""
    return dict(catalogue(lang)["report"][group])


def item_word(lang: Lang, side: str, key: str) -> str:
    """The word for a budget breakdown key; an unknown key is shown as written."""
    report = catalogue(lang)["report"]
    specific = report.get(f"{side}_items", {})
    found = specific.get(key) or report["items"].get(key)
    return found if isinstance(found, str) else key


def level_word(level: str, lang: Lang) -> str:
    """What is evaluated: 部门整体支出 for a department rubric, 项目支出 for a project one."""
    levels = catalogue(lang)["report"]["levels"]
    found = levels.get(level, levels["department"])
    return str(found)


def ordinal(number: int, lang: Lang) -> str:
    """Section numbers: 一, 二 … 九十九 in zh; 1, 2 … in en."""
    if lang != "zh" or not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _ZH_DIGITS[tens] + "十")
    return head + (_ZH_DIGITS[ones] if ones else "")
