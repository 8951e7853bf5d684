"""Chinese in pinyin order (长风 before 长寿 before 真如, as a dictionary has it), not by code point.

pypinyin is used rather than ICU (PyICU): it is pure Python with wheels for every platform, so it
freezes with PyInstaller on a locked-down Windows PC without shipping the ICU libraries, and its
phrase dictionary reads polyphonic characters in context (长寿 cháng, 行长 háng); it is actively
maintained. Sorting in SQLite uses the same key through a registered collation (`pinyin`).
"""

from __future__ import annotations

from functools import lru_cache

COLLATION = "pinyin"


@lru_cache(maxsize=1)
def _pinyin():  # noqa: ANN202 - pypinyin's lazy_pinyin
    """pypinyin loads on first use: its phrase dictionary takes ~0.3 s, which every command and the
    window's start would otherwise pay before anything is sorted."""
    from pypinyin import Style, lazy_pinyin, load_phrases_dict

    # Place names of the district that the general dictionary reads otherwise (长风 is cháng here,
    # not zhǎng); the plan's units and streets must sort where a clerk looks for them.
    load_phrases_dict({"长风": [["cháng"], ["fēng"]], "长征": [["cháng"], ["zhēng"]], "长寿": [["cháng"], ["shòu"]]})
    return lambda text: lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: list(s))


@lru_cache(maxsize=100_000)
def sort_key(text: str | None) -> tuple[str, str]:
    """Pinyin with tone numbers, then the text itself (so that homophones keep a stable order)."""
    if not text:
        return ("", "")
    syllables = _pinyin()(text)
    return (" ".join(syllables).lower(), text)


def compare(a: str | None, b: str | None) -> int:
    """An SQLite collation: negative, zero or positive as `a` sorts before, with or after `b`."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def sorted_pinyin(texts) -> list[str]:  # noqa: ANN001 - any iterable of str
    return sorted(texts, key=sort_key)


def register(dbapi_connection, _record=None) -> None:  # noqa: ANN001 - SQLAlchemy "connect" event
    dbapi_connection.create_collation(COLLATION, compare)
