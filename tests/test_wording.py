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


def _staff_paragraph(*units) -> str:
    from lkip_xls.text import narrative

    from . import builders as b
    blocks = narrative.render(b.analyse(b.minimal(staff=list(units))), "en")
    at = [x.text for x in blocks].index("Staff")
    return blocks[at + 1].text


def test_english_staff_counts_of_one_take_the_singular():
    """One of each status, gender and position: no '1 senior executives', '1 men', '1 PNS (civil servants)'."""
    from . import builders as b
    text = _staff_paragraph(b.staff_unit("Sekretariat", PNS=1, Jumlah_Pegawai=1, Laki_laki=1, Perempuan=0, JPT=1,
                                         S1_D4=1))
    assert "has 1 (one) staff member: 1 man and 0 women." in text
    assert "there is 1 PNS (civil servant)," in text
    assert "1 of the 1 ASN, or 100.00%, holds a university degree" in text
    assert "By position, the 1 PNS or CPNS is 1 senior executive (pimpinan tinggi)." in text
    each = _staff_paragraph(
        b.staff_unit("Sekretariat", PNS=1, CPNS=1, PPPK=1, Non_ASN=1, Jumlah_Pegawai=4, Laki_laki=1, Perempuan=3),
        b.staff_unit("Bidang", PNS=4, Jumlah_Pegawai=4, Laki_laki=3, Perempuan=1, JPT=1, Administrator=1,
                     Pengawas=1, Fungsional=1, Pelaksana=1))
    for phrase in ("1 CPNS (candidate civil servant)", "1 PPPK (contract civil servant)", "1 non-ASN staff member",
                   "1 senior executive (pimpinan tinggi), 1 administrator, 1 supervisor (pengawas), "
                   "1 functional officer, and 1 administrative staff member (pelaksana)"):
        assert phrase in each, phrase
    several = _staff_paragraph(b.staff_unit("Sekretariat", PNS=4, Jumlah_Pegawai=4, Laki_laki=2, Perempuan=2,
                                            JPT=2, Pelaksana=2))
    assert "has 4 (four) staff: 2 men and 2 women." in several
    assert "the 4 PNS and CPNS comprise 2 senior executives (pimpinan tinggi) and 2 administrative staff" in several


def test_a_turun_realisasi_better_than_the_renstra_end_target_is_said_plainly():
    from lkip_xls.text import narrative

    from . import builders as b
    analysis = b.analyse(b.minimal(identitas=b.identitas(template_version=2), indicators=[
        b.indicator("IKU1", 12, 9, sasaran_name="Sasaran satu", name="Inflasi", direction="Turun", renstra_target=10)]))
    text_id = " ".join(x.text for x in narrative.render(analysis, "id"))
    text_en = " ".join(x.text for x in narrative.render(analysis, "en"))
    assert "Realisasi ini sudah lebih baik (lebih rendah) daripada target akhir Renstra sebesar 10%." in text_id
    assert "jadi lebih baik" not in text_id
    assert "It is already better (lower) than the end-of-Renstra target of 10%." in text_en
