"""The validation report a steward opens, rendered by headless Chromium offline: what it says, and that sheet
text on it is only ever text."""
from __future__ import annotations

import base64
import io
import re
import shutil
from pathlib import Path

from browser import Dom, rendered_dom
from quality_helpers import ERROR_VARIANTS, land_and_validate, rows, submission_of, variant, write

MARKUP = "<script>document.body.setAttribute('data-pwned','script')</script>"
IMAGE = "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">"


def test_the_report_names_every_finding_offline_and_keeps_warnings_apart(warehouse_url, seed_sheet, tmp_path):
    inbox = tmp_path / "inbox"
    rate = write(inbox, "rate.txt", variant(ERROR_VARIANTS["rate_within_0_100"][0]))
    memo = write(inbox, "memo.txt", "회의 메모\n제목 행이 없는 파일\n")
    shutil.copy(seed_sheet, inbox)

    _, report = land_and_validate(warehouse_url, inbox, "night-1")
    dom = Dom(rendered_dom(Path(report.data_docs_path).parent / "index.html"))

    assert dom.scripts == [] and dom.external == []
    held, warned, unreadable = dom.section("held"), dom.section("warned"), dom.section("unreadable")
    for shown in (str(rate), "소통행정-3", "마을자치과", "sheet 1 of the file", "rate_within_0_100", "4",
                  "이행률 (implementation rate)", "a percentage from 0 to 100", "120%"):
        assert shown in held, shown
    assert str(inbox / seed_sheet.name) not in held and str(memo) not in held
    for shown in (str(inbox / seed_sheet.name), "activity_month_inside_reported_quarter", "71", "2020 Q2",
                  "2020-02: 교육·문화분과"):
        assert shown in warned, shown
    (parse_error,) = rows(warehouse_url, "select parse_error from raw.submissions where submission_id = %s",
                          (submission_of(warehouse_url, memo),))[0]
    assert str(memo) in unreadable and parse_error in unreadable
    assert "held back 2" in " ".join(dom.text) and "passed with warnings 1" in " ".join(dom.text)
    # Its Hangul is drawn from the font inside the page, on a machine without a Korean font too.
    hangul = {char for char in " ".join(dom.text) if "\uac00" <= char <= "\ud7a3"}
    assert hangul and hangul <= embedded_characters(Path(report.data_docs_path).parent / "index.html")


def embedded_characters(page: Path) -> set[str]:
    """The characters the page's embedded NanumGothic (its regular weight) can draw."""
    from fontTools.ttLib import TTFont

    (data,) = re.findall(r'font-family: "NanumGothic"; font-weight: 400; src: url\(data:font/ttf;base64,([^)]+)\)',
                         page.read_text(encoding="utf-8"))
    return {chr(code) for code in TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()}


def test_script_and_markup_in_every_free_text_field_show_as_text(warehouse_url, tmp_path):
    """Issue 15, point 3: each free-text field the page can quote carries markup; none of it runs or becomes HTML."""
    edits = [
        ("장애인, 체육, 직능, 사회단체 등과 협치 강화", f"협치 강화 {MARKUP}"),  # title
        ("추진현황\t완료(계속)\t", f"추진현황\t진행 {MARKUP}\t"),  # status: unknown, quoted as found
        ("추진부서\t마을자치과", f"추진부서\t마을자치과{IMAGE}"),  # department
        ("\t7개 사업\t", f"\t{IMAGE}\t"),  # a target cell without a number
        ("- '20. 2. : ", f"- '20. 2. : {MARKUP} "),  # an activity outside its quarter
        ("- '21.10. :", f"- '21. 4. : {IMAGE}"),  # a plan before the reported quarter
        ("한만석 (1040)", f"한만석{MARKUP} (104)"),  # an author with a three-digit extension
        ("협업부서\t전부서\t협업내용\t시민참여예산 추진 및 민관협치 추진", f"협업부서\t전부서{IMAGE}\t협업내용\t"),
        ("- 총사업비 : 1,185백만원", f"- 총사업비 : 1,185백만원\n\n□ 비고 {MARKUP}\n\n- {IMAGE}"),  # set aside
    ]
    inbox = tmp_path / "inbox"
    write(inbox, f"{IMAGE.replace('/', '')}.txt", variant(edits))
    _, report = land_and_validate(warehouse_url, inbox)
    page = Path(report.data_docs_path)

    source = Dom(page.read_text(encoding="utf-8"))
    rendered = rendered_dom(page)
    dom = Dom(rendered)

    assert source.scripts == [] and source.handlers == [] and dom.scripts == [] and dom.handlers == []
    assert "data-pwned" not in rendered.split("<body", 1)[1].split(">", 1)[0]
    text = " ".join(dom.text)
    found = {rule for (rule,) in rows(warehouse_url, "select distinct expectation from quality.validation_results")}
    assert {"status_known", "activity_month_inside_reported_quarter", "plan_not_before_reporting",
            "contact_extension_format", "collaboration_content_present", "target_cell_numeric"} <= found
    for shown in (f"진행 {MARKUP}", f"{MARKUP} ", f"한만석{MARKUP}", f"마을자치과{IMAGE}", f"전부서{IMAGE}",
                  f": {IMAGE}", f"{IMAGE.replace('/', '')}.txt"):  # each shown literally, as the sheet wrote it
        assert shown in text, shown
