"""Layout families of issue 11 point 5 and the extractor side of issue 15 point 4, on sheets
written for these tests: three-part codes, page furniture, metrics named with 실적, authors under
any label, and text past a table's columns kept and warned."""
from __future__ import annotations

from extract_helpers import messages, parse

HEAD = ("{code}\t골목길 보안등 정비\n추진현황\t정상추진\t이행률(%)\t40%\t완료시기\t임기내 (2022)\n"
        "총사업비\t640백만원\t사업유형\t계속/자체/시설\t추진부서\t건설관리과\n\n"
        "□ 사업개요\n\n- 사업기간 : 2020년 ~ 2022년\n\n")
TARGETS = "□ 연차별 추진계획\n\n구 분\t2021년\t2022년\n{rows}\n\n"
BUDGET = ("□ 연차별 투자수요 및 집행액\n\n(단위 : 백만원)\n\n구 분\t재원별\t2021년\t\t2022년\n"
          "\t\t확보액\t집행액\t확보액\t집행액\n{rows}\n\n")
REPORTS = ("□ 추진실적\n\n【21년 3분기】 - 보안등 12개소 교체\n\n- '21. 8. : 시흥대로 이면도로 보안등 교체\n"
           "- '21. 9. : 독산동 골목 점검\n\n")
FOOTER = "작성 자\t건설관리과장 : 서도윤 (3301) 팀장 : 문가람 (3310)\n협업부서\t-\t협업내용\t-\n"


def sheet(code="안전도시-1-3", targets="보안등 교체\t12개소\t20개소", budget="계\t\t300\t280\t340\t0",
          reports=REPORTS, footer=FOOTER) -> dict:
    text = HEAD.format(code=code) + TARGETS.format(rows=targets) + BUDGET.format(rows=budget) + reports + footer
    found, = parse(text)
    return found


def test_a_three_part_code_is_kept_whole():
    program = sheet("안전도시-1-3")["program"]
    assert (program["code"], program["area"], program["seq"]) == ("안전도시-1-3", "안전도시", 3)
    assert sheet("안전도시 - 02 - 07")["program"]["code"] == "안전도시-02-07"


def test_page_numbers_and_form_feeds_are_no_content():
    clean = sheet()
    printed = sheet(reports=REPORTS.replace("- '21. 9.", "- 2 -\n\f- '21. 9.") + "3 / 4\n")
    assert [a["text"] for a in printed["activities"]] == [a["text"] for a in clean["activities"]]
    assert messages(printed) == messages(clean)


def test_a_header_repeated_on_a_new_page_is_no_row():
    header = "구 분\t2021년\t2022년"
    found = sheet(targets=f"보안등 교체\t12개소\t20개소\n{header}\nCCTV 설치\t3대\t5대")
    assert [t["metric"] for t in found["targets"]] == ["보안등 교체"] * 2 + ["CCTV 설치"] * 2
    budget_header = "구 분\t재원별\t2021년\t\t2022년\n\t\t확보액\t집행액\t확보액\t집행액"
    found = sheet(budget=f"계\t\t300\t280\t340\t0\n{budget_header}\n정비\t구 비\t300\t280\t340\t0")
    assert [(b["line_item"], b["year"]) for b in found["budget"]] == [("계", 2021), ("계", 2022), ("정비", 2021), ("정비", 2022)]
    assert not any("budget" in m for m in messages(found))


def test_accounting_negatives_in_money_cells():
    found = sheet(budget="계\t\t(30)\t280\t△3,200\t0")
    assert [b["secured_krw"] for b in found["budget"]] == [-30_000_000, -3_200_000_000]


def test_a_metric_named_with_a_results_word_is_a_metric():
    found = sheet(targets="주민참여예산 집행실적\t5건\t8건\n안전 목표\t2회\t3회")
    assert {t["metric"] for t in found["targets"]} == {"주민참여예산 집행실적", "안전 목표"}
    paired = sheet(targets="보안등 교체 목표\t12개소\t20개소\n보안등 교체 실적\t10개소\t")
    assert {t["metric"] for t in paired["targets"]} == {"보안등 교체"} and len(paired["targets"]) == 2


def _authors_leak(found: dict) -> bool:
    texts = [a["text"] for a in found["activities"]] + [p["text"] for p in found["plans"]]
    texts += [s["text"] for s in found.get("other_sections", [])] + messages(found)
    return any("서도윤" in text or "3301" in text for text in texts)


def test_authors_under_any_label_become_contacts():
    for footer in ("담당자\t건설관리과장 : 서도윤 (3301) 팀장 : 문가람 (3310)\n",
                   "문의처\t건설관리과장 : 서도윤 (3301)\n\t팀장 : 문가람 (3310)\n",
                   "연락처 : 건설관리과장 : 서도윤 (3301) 팀장 : 문가람 (3310)\n",
                   "※ 문의 : 건설관리과 서도윤 (3301), 문가람 (3310)\n",
                   "건설관리과장 : 서도윤 (3301)\t팀장 : 문가람 (3310)\n"):
        found = sheet(footer=footer + "협업부서\t-\t협업내용\t-\n")
        assert not _authors_leak(found), footer
        assert {c["phone_ext"] for c in found["contacts"]} >= {"3301"}, footer
    found = sheet(footer="건설관리과장 : 서도윤 (3301) 팀장 : 문가람 (3310)\n")  # no label, no 향후계획, no footer
    assert [(c["role"], c["name"], c["phone_ext"]) for c in found["contacts"]] == [
        ("건설관리과장", "서도윤", "3301"), ("팀장", "문가람", "3310")]
    assert not _authors_leak(found)


def test_an_activity_about_the_central_government_stays_an_activity():
    found = sheet(reports=REPORTS + "- 중앙정부 협의\n")
    assert found["activities"][-1]["text"] == "중앙정부 협의"
    assert found["collaboration"]["central_government"] is None


def test_cells_past_the_tables_are_kept_and_warned():
    found = sheet(budget="계\t\t300\t280\t340\t0\t이월 40")
    assert {"title": "연차별 투자수요 및 집행액", "line": 20, "text": "이월 40"} in found["other_sections"]
    assert "budget cells outside the table's columns, kept as text: 이월 40" in messages(found)
    found = sheet(targets="보안등 교체\t12개소\t20개소\t누계 32개소")
    assert any(s["text"] == "누계 32개소" for s in found["other_sections"])
    assert "연차별 추진계획 cells without a year, kept as text: 누계 32개소" in messages(found)


def test_a_sheet_cut_short_keeps_its_warning():
    found = sheet(footer="")
    assert any("without its footer" in m and "cut short" in m for m in messages(found))
