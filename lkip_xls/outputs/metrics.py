"""How wide text prints, for the layouts that must fit it: the Word draft's columns and the height of wrapped
prose rows in the workbooks.

Advance widths (em) of DejaVu Sans, the widest of the sans-serif fonts our outputs print in (LibreOffice puts it
for Arial and Calibri where they are not installed; Arial, Calibri and Liberation Sans are narrower): a width
estimated from them is never too small. Bold is about an eighth wider; a character not listed counts as a wide
capital."""

from __future__ import annotations

_GROUPS = (
    (0.28, "'ijlIJ"), (0.32, ",. "), (0.34, "/:;\\|"), (0.36, "f-"), (0.39, "t()[]!"), (0.41, "r"), (0.46, '"'),
    (0.5, "*_`"), (0.53, "szc?"), (0.57, "LkF"), (0.6, "vxyP"), (0.62, "aoTYe"), (0.64, "bdghnpquES0123456789${}"),
    (0.67, "KAV"), (0.7, "BRXZC"), (0.75, "UHN"), (0.79, "DGOQ&w"), (0.86, "#+<=>^~M"), (1.0, "%mW@"))
EM = {ch: em for em, chars in _GROUPS for ch in chars}
OTHER = 0.75
BOLD = 1.15


def ems(text: str) -> float:
    """The width of `text` in em (multiply by the font size)."""
    return sum(EM.get(ch, OTHER) for ch in text)


_WORD_EMS: dict[str, float] = {}  # a narrative says the same few thousand words over and over


def _word_ems(word: str) -> float:
    """`ems(word)`, remembered (the same float: the same sum in the same order)."""
    width = _WORD_EMS.get(word)
    if width is None:
        if len(_WORD_EMS) > 100_000:  # a long batch of many agencies' words: start again
            _WORD_EMS.clear()
        width = _WORD_EMS[word] = ems(word)
    return width


def wrapped_lines(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """The lines `text` takes when wrapped at spaces in a width of `width_pt` points at `size` points (a word
    longer than a line counts for as many lines as it fills); every line break of the text starts a line."""
    factor = size * (BOLD if bold else 1.0)
    space = EM[" "] * factor
    count = 0
    for part in (text or "").split("\n"):
        lines, used = 1, 0.0
        for word in part.split():
            width = _word_ems(word) * factor
            if used and used + space + width > width_pt:
                lines, used = lines + 1, 0.0
            if not used and width > width_pt:  # an over-long word breaks across lines
                whole = int(width // max(width_pt, 1.0))
                lines, width = lines + whole, width - whole * width_pt
            used = used + space + width if used else width
        count += lines
    return max(1, count)
