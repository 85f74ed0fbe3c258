"""Interface words as a reader sees them (review of issue #17): English counts agree with their noun, page
footers carry no tool name."""

from __future__ import annotations

from lkip_xls.text.messages import ui


def test_english_counts_agree_with_their_noun():
    line = ui("summary-line", "en", errors=1, warnings=2, infos=0, average="70.36%", category="Cukup Berhasil")
    assert line.startswith("1 error, 2 warnings, 0 info.")
    assert ui("summary-line", "en", errors=0, warnings=1, infos=1, average="-", category="-").startswith(
        "0 errors, 1 warning,")
    assert ui("rekap.note.errors", "en", n=1) == "1 error" and ui("rekap.note.errors", "en", n=4) == "4 errors"
    assert ui("row.average", "en", n=1) == "Average capaian (1 indicator)"
    assert ui("summary-line", "id", errors=1, warnings=2, infos=0, average="-", category="-").startswith(
        "1 kesalahan, 2 peringatan")


def test_page_footers_name_no_tool():
    for lang in ("id", "en"):
        assert "lkip-xls" not in ui("footer", lang) and "&P" in ui("footer", lang)
