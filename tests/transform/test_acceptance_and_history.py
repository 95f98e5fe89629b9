"""Which submissions reach the marts, which one is current, and how history and KPIs follow them."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import sheet

pytestmark = pytest.mark.slow


def test_only_accepted_submissions_reach_the_marts(warehouse, seed_text):
    def landed(number: int) -> int:
        return warehouse.land(sheet(seed_text, code=f"소통행정-{number}"))[0]

    passed, warned, failed, held, released, superseded, unjudged = (landed(n) for n in range(1, 8))
    warehouse.judge([passed])
    warehouse.judge([warned], "warned")
    warehouse.judge([failed, held, released, superseded], "failed")
    warehouse.quarantine(held, "open")
    warehouse.quarantine(released, "released")
    warehouse.quarantine(superseded, "superseded")
    warehouse.build()

    codes = {code for (code,) in warehouse.rows("select program_code from marts.dim_program")}
    assert codes == {"소통행정-1", "소통행정-2", "소통행정-5"}
    for table in ("fct_budget_execution", "fct_activity", "fct_quarterly_report", "fct_target_attainment"):
        assert {code for (code,) in warehouse.rows(f"select distinct program_code from marts.{table}")} == codes
    assert warehouse.rows("select programs from marts.mart_governance_kpis where department = '전체'") == [(3,)]
    assert unjudged not in {sid for (sid,) in warehouse.rows("select submission_id from marts.dim_program_history")}


def test_three_part_codes_that_share_their_last_number_stay_two_programs(warehouse, seed_text):
    warehouse.accept(sheet(seed_text, code="안전도시-1-3"), sheet(seed_text, code="안전도시-2-03"))
    warehouse.build()
    assert warehouse.rows("select program_code, program_key, program_area, program_seq from marts.dim_program"
                          " order by 1") == [("안전도시-1-3", "안전도시-1-3", "안전도시", 3),
                                             ("안전도시-2-03", "안전도시-2-3", "안전도시", 3)]


def test_current_row_history_and_kpis_per_reporting_date(warehouse, seed_text):
    first = warehouse.accept(sheet(seed_text))[0]                                       # as of 2021-06-30
    later = warehouse.accept(sheet(seed_text, code="소통행정-03", status="정상추진", next_quarter=True))[0]  # 09-30
    corrected = warehouse.accept(sheet(seed_text, status="보류"))[0]                    # 06-30 again, loaded last
    warehouse.build()

    # The latest reported_as_of wins over the latest load; 소통행정-03 and 소통행정-3 are one program.
    assert warehouse.rows("select program_code, program_key, status, status_group, submission_id"
                          " from marts.dim_program") == [("소통행정-03", "소통행정-3", "정상추진", "on_track", later)]
    history = warehouse.rows("select submission_id, version_number, valid_from, valid_to, is_current, status"
                             " from marts.dim_program_history order by version_number")
    june, september = date(2021, 6, 30), date(2021, 9, 30)
    assert history == [
        (first, 1, june, june, False, "완료(계속)"),
        (corrected, 2, june, september, False, "보류"),
        (later, 3, september, None, True, "정상추진"),
    ]
    kpis = warehouse.rows("select reporting_date, programs, completed, on_track, other, forums_held"
                          " from marts.mart_governance_kpis where department = '전체' order by reporting_date")
    # At 06-30 the corrected sheet (보류) is in force; at 09-30 the later one, with 3 + 9 + 2 forums in 2021.
    assert kpis == [(june, 1, 0, 0, 1, Decimal(12)), (september, 1, 0, 1, 0, Decimal(14))]
    # Facts come from the current sheet only.
    assert warehouse.rows("select distinct submission_id from marts.fct_activity") == [(later,)]
    assert warehouse.rows("select reported_value from marts.fct_quarterly_report"
                          " where reported_year = 2021 and reported_quarter = 3") == [(Decimal(2),)]
