"""Every fact SPEC §2 lists for the seed sheet, through ``extract_file`` and through ``sheetfeed extract``."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from extract.sheets import extract_file


@pytest.fixture(scope="module")
def seed(seed_sheet):
    result = extract_file(seed_sheet)
    assert result.error is None
    assert len(result.sheets) == 1
    return result.sheets[0]


def test_file_facts(seed_sheet):
    result = extract_file(seed_sheet)
    data = seed_sheet.read_bytes()
    assert result.path == str(seed_sheet)
    assert result.data == data and result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()


def test_source(seed, seed_sheet):
    source = seed["source"]
    assert source["sha256"] == hashlib.sha256(seed_sheet.read_bytes()).hexdigest()
    assert (source["sheet_index"], source["encoding"]) == (0, "utf-8")
    assert (source["first_line"], source["last_line"]) == (3, 113)


def test_program(seed):
    program = seed["program"]
    assert program["code"] == "소통행정-3"
    assert (program["area"], program["seq"]) == ("소통행정", 3)
    assert program["title"] == "장애인, 체육, 직능, 사회단체 등과 협치 강화"
    assert program["status"] == "완료(계속)"
    assert program["implementation_rate_pct"] == 100
    assert (program["completion_target"], program["completion_year"]) == ("임기내", 2022)
    assert program["total_budget_krw"] == 1185000000
    assert program["business_types"] == ["계속", "자체", "운영"]
    assert program["department"] == "마을자치과"
    assert len(program["policy_goals"]) == 1 and program["policy_goals"][0].startswith("주민의 삶의 질 향상")
    assert (program["period_start"], program["period_end"]) == ("2016-09", None)
    assert program["description"].startswith("체계화된 주민 참여시스템 구축")
    assert program["reported_as_of"] == "2021-06-30"


def test_targets(seed):
    targets = seed["targets"]
    assert len(targets) == 10
    metrics = list(dict.fromkeys(t["metric"] for t in targets))
    assert metrics == ["민관협치 사업 확대 (중간조직 참여 사업)", "다양한 규모의 협치론장 운영"]
    assert [t["year"] for t in targets] == [2018, 2019, 2020, 2021, 2022] * 2
    first, second = targets[0], targets[6]
    assert (first["value"], first["unit"], first["comparator"], first["raw"], first["line"]) == (5, "개 사업", "eq", "5개 사업", 20)
    assert (second["value"], second["unit"], second["comparator"], second["raw"], second["line"]) == (5, "회", "gte", "5회 이상", 21)
    assert all(t["comparator"] == "gte" for t in targets[5:])


def test_budget(seed):
    budget = seed["budget"]
    assert len(budget) == 10
    total = [row for row in budget if row["is_total"]]
    assert len(total) == 5 and all(row["line_item"] == "계" and row["funding_source"] is None for row in total)
    leaf = {row["year"]: row for row in budget if not row["is_total"]}
    assert all(row["line_item"] == "협치기반강화" and row["funding_source"] == "시비" for row in leaf.values())
    assert (leaf[2019]["secured_krw"], leaf[2019]["demand_krw"], leaf[2019]["executed_krw"]) == (156000000, None, 136000000)
    assert (leaf[2022]["secured_krw"], leaf[2022]["demand_krw"], leaf[2022]["executed_krw"]) == (None, 300000000, 0)
    assert leaf[2021]["executed_krw"] == 0
    assert seed["budget_reported_totals"] == [
        {"line_item": "계", "funding_source": None, "is_total": True, "secured_and_demand_krw": 1185000000,
         "executed_krw": 405000000, "line": 30},
        {"line_item": "협치기반강화", "funding_source": "시비", "is_total": False, "secured_and_demand_krw": 1185000000,
         "executed_krw": 405000000, "line": 31},
    ]


def test_quarters(seed):
    quarters = seed["quarters"]
    assert [(q["year"], q["quarter"]) for q in quarters] == [(y, q) for y in (2019, 2020) for q in (1, 2, 3, 4)] + [(2021, 1), (2021, 2)]
    q2 = quarters[1]
    assert q2["summary"] == "민관협치 사업 1개 완료, 협치론장 운영 : 3회"
    assert [(c["label"], c["value"], c["unit"]) for c in q2["counts"]] == [("민관협치 사업 완료", 1, "개"), ("협치론장 운영", 3, "회")]
    assert q2["line"] == 40 and all(c["line"] == 40 for c in q2["counts"])


def test_activities(seed):
    activities = seed["activities"]
    assert len(activities) == 40
    first = activities[0]
    assert (first["year"], first["month"], first["reported_year"], first["reported_quarter"]) == (2019, 1, 2019, 1)
    assert first["text"] == "2019 금천구협치회의확대회의 신규위원 위촉" and first["line"] == 37
    february = [a for a in activities if a["line"] == 71][0]
    assert (february["year"], february["month"], february["reported_quarter"]) == (2020, 2, 2)


def test_plans_contacts_collaboration(seed):
    assert [(p["year"], p["month"]) for p in seed["plans"]] == [(2021, 10), (2021, 12), (2022, 6)]
    assert [(c["role"], c["name"], c["phone_ext"]) for c in seed["contacts"]] == [
        ("마을자치과장", "한만석", "1040"), ("팀장", "황현혜", "2201"), ("담당", "김민화", "2205")]
    assert seed["collaboration"] == {"departments": "전부서", "content": "시민참여예산 추진 및 민관협치 추진",
                                     "central_government": None, "city": "서울민주주의위원회 서울협치담당관", "line": 112}


def test_february_warning(seed):
    assert any(w["line"] == 71 and "2020 Q2" in w["message"] for w in seed["warnings"])
    assert len(seed["warnings"]) == 1


def test_every_entity_has_a_line(seed):
    for key in ("targets", "budget", "budget_reported_totals", "quarters", "activities", "plans", "contacts", "warnings"):
        assert all(isinstance(item["line"], int) for item in seed[key]), key
    assert all(isinstance(c["line"], int) for q in seed["quarters"] for c in q["counts"])


def test_cli_prints_the_same_json(seed_sheet, seed):
    run = subprocess.run([sys.executable, "-m", "sheetfeed.cli", "extract", str(seed_sheet)],
                         capture_output=True, text=True, encoding="utf-8", check=False)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0]) == seed
    assert "소통행정-3" in lines[0]  # Korean verbatim, not \\u escapes
