"""Finding an item by what a resident types: its pinyin, whole or as initials."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def search_keys(text: str) -> dict[str, str]:
    """Pinyin of a name, whole and as initials: 社保卡补换 -> shebaokabuhuan, sbkbh."""
    syllables = [s.lower() for s in lazy_pinyin(text) if s.strip()]
    initials = [s.lower() for s in lazy_pinyin(text, style=Style.FIRST_LETTER) if s.strip()]
    return {"pinyin": "".join(syllables).replace(" ", ""),
            "initials": "".join(initials).replace(" ", "")}
