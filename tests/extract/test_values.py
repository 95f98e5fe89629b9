"""Cell readers on their own: money, rates, targets, counts, dates, quarter headers."""
from __future__ import annotations

import pytest

from extract.sheets import values
from extract.sheets.values import CellError


@pytest.mark.parametrize("text, unit, krw", [
    ("1,185백만원", None, 1185000000), ("4.35억원", None, 435000000), ("4.35억", None, 435000000),
    ("1,185", "백만원", 1185000000), ("0", "백만원", 0), ("", "백만원", None), ("-", "천원", None),
    ("12.5", "천원", 12500), ("1,000,000원", "백만원", 1000000), ("-3", "백만원", -3000000), ("비예산", None, None),
    ("₩1,185,000,000", None, 1185000000), ("₩ 500", "백만원", 500),
])
def test_money(text, unit, krw):
    assert values.money(text, unit) == krw


@pytest.mark.parametrize("text, unit", [("1,185", None), ("백만원", "원"), ("1.5", "원"), ("1,18,5", "원"), ("약 300", "원")])
def test_money_that_does_not_parse(text, unit):
    with pytest.raises(CellError):
        values.money(text, unit)


@pytest.mark.parametrize("text, expected", [
    ("5개 사업", (5, "개 사업", "eq")), ("5회 이상", (5, "회", "gte")), ("10% 이하", (10, "%", "lte")),
    ("1,200명", (1200, "명", "eq")), ("2.5km", (2.5, "km", "eq")), ("조례 제정", (None, None, None)), ("3", (3, None, "eq")),
])
def test_target(text, expected):
    assert values.target(text) == expected


def test_summary_counts_split_at_commas_that_are_not_thousands_separators():
    counts = values.summary_counts("참여 주민 1,250명, 협치론장 운영 : 3회,교육 2회 실시, 홍보 추진")
    assert counts == [{"label": "참여 주민", "value": 1250, "unit": "명"},
                      {"label": "협치론장 운영", "value": 3, "unit": "회"},
                      {"label": "교육 실시", "value": 2, "unit": "회"}]


def test_summary_counts_ignore_years_in_an_item():
    assert values.summary_counts("2021년 사업 3건 완료") == [{"label": "2021년 사업 완료", "value": 3, "unit": "건"}]


@pytest.mark.parametrize("summary, expected", [
    ("코로나19로 미실시", []), ("코로나19 확산으로 연기", []), ("COVID19 대응", []),
    ("교육2회 실시", [("교육 실시", 2, "회")]), ("주민설명회2회", [("주민설명회", 2, "회")]),
    ("총11명 참여", [("총 참여", 11, "명")]), ("연2회 개최", [("연 개최", 2, "회")]),
    ("G20 회의 1회", [("G20 회의", 1, "회")]),
])
def test_summary_counts_tell_a_number_in_a_name_from_a_glued_count(summary, expected):
    assert [(c["label"], c["value"], c["unit"]) for c in values.summary_counts(summary)] == expected


@pytest.mark.parametrize("text, expected", [
    ("'19. 5. : 설치 완료", (2019, 5, "설치 완료")), ("'21.10. : 실시", (2021, 10, "실시")),
    ("2022. 3. : 개최", (2022, 3, "개최")), ("22.3. 개최", (2022, 3, "개최")), ("'19. 5. 3. : 개소식", (2019, 5, "개소식")),
    ("'19. : 연중 운영", (2019, None, "연중 운영")), ("2021. 협치사업 발굴", (None, None, "2021. 협치사업 발굴")),
    ("홍보물 배포", (None, None, "홍보물 배포")),
    ("2019-05 : 설명회", (2019, 5, "설명회")), ("2019-05-15 설명회", (2019, 5, "설명회")),
    ("2019.05.15 : 설명회", (2019, 5, "설명회")), ("2019/5/15 : 설명회", (2019, 5, "설명회")),
    ("2019. 5. 15.(수) : 설명회", (2019, 5, "설명회")), ("2019년 5월 15일(수) 개최", (2019, 5, "개최")),
    ("'19. 5. 3개 사업 완료", (2019, 5, "3개 사업 완료")), ("2019-2022 사업 추진", (None, None, "2019-2022 사업 추진")),
    ("협치 교육 실시 ('19. 5.)", (2019, 5, "협치 교육 실시")), ("설명회 개최(2019. 5. 15.)", (2019, 5, "설명회 개최")),
    ("공원 조성 (3개소)", (None, None, "공원 조성 (3개소)")), ("(주)금천 협약", (None, None, "(주)금천 협약")),
])
def test_dated(text, expected):
    assert values.dated(text) == expected


def test_dated_with_an_impossible_month():
    with pytest.raises(CellError):
        values.dated("'19. 13. : 개최")


@pytest.mark.parametrize("text, expected", [
    ("【19년 1분기】 - 협치론장 운영 : 1회", (2019, 1, "협치론장 운영 : 1회")), ("【2022년 3분기】", (2022, 3, "")),
    ("【 21년 4/4분기 】 ○ 교육 2회", (2021, 4, "교육 2회")), ("19년 1분기 실적", None), ("【19년 5분기】", None),
])
def test_quarter_header(text, expected):
    assert values.quarter_header(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2016년 9월 ~", ("2016-09", None)), ("2019. 1. ~ 2022. 6.", ("2019-01", "2022-06")), ("'19.1.~'22.12.", ("2019-01", "2022-12")),
    ("", (None, None)),
])
def test_period(text, expected):
    assert values.period(text) == expected


def test_last_day_of_quarter():
    assert [values.last_day_of_quarter(2020, q) for q in (1, 2, 3, 4)] == ["2020-03-31", "2020-06-30", "2020-09-30", "2020-12-31"]


@pytest.mark.parametrize(("text", "unit", "krw"), [
    ("(3,200)", "천원", -3_200_000), ("(3,200,000)", "원", -3_200_000), ("(1.5억원)", "원", -150_000_000),
    ("（12）", "백만원", -12_000_000), ("△3,200", "천원", -3_200_000)])
def test_accounting_negatives_are_minus(text, unit, krw):
    assert values.money(text, unit) == krw
