"""The corpus: invented program sheets of several departments of a district office.

Every number, name and extension here is invented; none is the seed's.
Each case: a list of sheets (one file may hold several) and the carriers it is saved in.
"""
from __future__ import annotations

from sheetdoc import Activity as A, Budget, BudgetRow as BR, Quarter as Q, Sheet

CASES: dict[str, dict] = {}


def case(name, sheets, carriers, notes):
    CASES[name] = {"sheets": sheets, "carriers": carriers, "notes": notes}


# ---------------------------------------------------------------- 01 welfare: 백만원 with decimals, 국비/시 비/구비
welfare = Sheet(
    code="복지도시-4", title="어르신 통합돌봄 거점센터 권역별 확충",
    status="정상추진", rate="62.5%", rate_pct=62.5,
    completion="임기내 (2026)", completion_target="임기내", completion_year=2026,
    total="2,385백만원", total_krw=2385000000, types=["신규", "보조", "투자"], department="복지정책과",
    goals=["거동이 불편한 어르신이 살던 곳에서 돌봄·의료·주거 서비스를 한 번에 받는 권역별 통합돌봄 체계 마련",
           "돌봄 전문인력 양성으로 돌봄 서비스의 질 향상"],
    period="2022년 7월 ~ 2026년 6월", period_start="2022-07", period_end="2026-06",
    description="권역별 통합돌봄 거점센터 5개소 설치·운영, 방문의료 연계, 돌봄 전문인력 양성 교육",
    target_years=[2022, 2023, 2024, 2025, 2026],
    targets=[("돌봄 거점센터 설치", ["1개소", "2개소", "3개소", "4개소", "5개소"]),
             ("통합돌봄 이용 어르신", ["300명 이상", "600명 이상", "900명 이상", "1,200명 이상", "1,500명 이상"])],
    budget=Budget(unit="백만원",
                  years=[(2022, "확보액"), (2023, "확보액"), (2024, "확보액"), (2025, "투자 수요"), (2026, "투자 수요")],
                  rows=[BR("돌봄센터 운영", "국비", [("150", "142"), ("210", "198.4"), ("240", "66.6"), ("260", None), ("260", None)]),
                        BR("", "시 비", [("75", "71"), ("105", "99.2"), ("120", "33.3"), ("130", None), ("130", None)]),
                        BR("", "구비", [("75", "71"), ("105", "99.2"), ("120", "33.3"), ("130", None), ("130", None)]),
                        BR("돌봄인력 양성", "구비", [("20", "18.5"), ("25", "24"), ("30", "0"), ("35", None), ("35", None)])]),
    quarters=[
        Q(2022, 3, "돌봄 거점센터 1개소 개소, 통합돌봄 이용 : 120명", [("돌봄 거점센터 개소", 1, "개소"), ("통합돌봄 이용", 120, "명")],
          [A(2022, 8, "독산권역 통합돌봄 거점센터 개소"), A(2022, 9, "통합돌봄 전담인력 직무교육 실시")], header="long"),
        Q(2022, 4, "통합돌봄 이용 : 260명", [("통합돌봄 이용", 260, "명")],
          [A(2022, 10, "어르신 방문의료 연계 협약 체결(관내 의원 4곳)", "qc"), A(2022, 12, "돌봄 대상 어르신 전수조사 완료")], header="long"),
        Q(2023, 1, "돌봄 거점센터 1개소 개소, 통합돌봄 이용 : 310명", [("돌봄 거점센터 개소", 1, "개소"), ("통합돌봄 이용", 310, "명")],
          [A(2023, 2, "시흥권역 통합돌봄 거점센터 개소"), A(2023, 3, "돌봄 전문인력 양성과정 1기 수료(28명)")], header="long"),
        Q(2023, 2, "통합돌봄 이용 : 1,040명, 보건소 연계 방문진료 시범 운영", [("통합돌봄 이용", 1040, "명")],
          [A(2023, 5, "보건소 연계 방문진료 시범사업 착수"), A(2023, 6, "통합돌봄 운영위원회 개최")], header="long"),
    ],
    plans=[A(2023, 9, "가산권역 통합돌봄 거점센터 설치 착공"), A(2024, 3, "돌봄 전문인력 양성과정 3기 운영", "qc")],
    contacts_label="작성 자",
    contacts=[("복지정책과장", "오세령", "2310"), ("팀장", "민경택", "2315"), ("담당", "하지원", "2318")],
    collaboration={"departments": "보건소, 동 주민센터", "content": "방문의료 연계 및 돌봄 대상자 발굴",
                   "central_government": "보건복지부", "city": "돌봄정책과"},
)
case("01_welfare_multi_source", [welfare],
     [("welfare_care.hwpx", "hwpx"), ("welfare_care.hwp", "hwp"), ("welfare_care.txt", "text-cp949-crlf"),
      ("welfare_care.xlsx", "xlsx")],
     "백만원 with decimals (66.6, 198.4); one line item merged over 국비/시 비/구비 rows; future years 투자 수요 with "
     "empty 집행액 (null); 【2022년 3분기】 headers; a 1,040명 count (comma not a separator); a summary item "
     "without a number; '22.10. dates; targets with 이상 and 1,200명.")

# ---------------------------------------------------------------- 02 roads: 천원, a three-part code, mixed date styles
roads = Sheet(
    code="안전도시-1-3", title="어린이 통학로 보행안전 시설 개선",
    status="추진중", rate="45%", rate_pct=45,
    completion="임기내 (2025)", completion_target="임기내", completion_year=2025,
    total="3,487,500천원", total_krw=3487500000, types=["계속", "보조", "투자"], department="도로과",
    goals=["어린이 통학로의 보도 단절 구간 해소와 안전시설 확충으로 교통사고 없는 통학 환경 조성"],
    period="2023년 1월 ~ 2025년 12월", period_start="2023-01", period_end="2025-12",
    description="초등학교 통학로 보도 확장, 보행안전펜스·과속방지턱 설치, 스쿨존 노면표시 정비",
    target_years=[2023, 2024, 2025],
    targets=[("보행안전 시설 개선 구간", ["12개소", "15개소", "10개소"]),
             ("스쿨존 교통사고 건수", ["5건 이하", "4건 이하", "3건 이하"])],
    budget=Budget(unit="천원", years=[(2023, "확보액"), (2024, "확보액"), (2025, "투자 수요")],
                  rows=[BR("통학로 정비", "시비", [("850000", "812340"), ("920000", "301500"), ("900000", None)]),
                        BR("", "구비", [("212500", "203085"), ("230000", "75375"), ("225000", None)]),
                        BR("과속방지턱 설치", "구비", [("48000", "47910"), ("52000", "0"), ("50000", None)])]),
    quarters=[
        Q(2023, 1, "보행안전 시설 개선 3개소 완료", [("보행안전 시설 개선 완료", 3, "개소")],
          [A(2023, 2, "독산초 통학로 보도 확장 공사 착공", "dot"), A(2023, 3, "문교초 통학로 보행안전펜스 설치 완료", "short")]),
        Q(2023, 2, "보행안전 시설 개선 4개소 완료, 주민설명회 : 2회", [("보행안전 시설 개선 완료", 4, "개소"), ("주민설명회", 2, "회")],
          [A(2023, 4, "독산초 통학로 보도 확장 공사 준공"), A(2023, 6, "통학로 정비 주민설명회 개최(시흥동, 가산동)")]),
        Q(2023, 3, "", [],
          [A(None, None, "시흥초 통학로 정비 실시설계 용역 진행", None), A(2023, 8, "스쿨존 노면표시 정비 12개소 완료")]),
        Q(2023, 4, "보행안전 시설 개선 5개소 완료", [("보행안전 시설 개선 완료", 5, "개소")],
          [A(2023, 11, "과속방지턱 18개소 설치 완료", "qc"), A(2023, 12, "2024년 정비 대상 통학로 선정", "dot")]),
    ],
    plans=[A(2024, 3, "시흥초 통학로 보도 확장 공사 착공"), A(2024, 6, "2024년 상반기 보행안전펜스 설치 완료", "dot")],
    contacts_label="담당자",
    contacts=[("도로과장", "류태현", "3410"), ("팀장", "남궁민", "3412"), ("주무관", "설하은", "3417")],
    collaboration={"departments": "교통행정과", "content": "어린이보호구역 지정 및 노면표시 협의",
                   "central_government": None, "city": "보도환경개선과"},
)
case("02_roads_three_part_code", [roads],
     [("roads_schoolzone.txt", "text-cp949-crlf"), ("roads_schoolzone.hwp", "hwp"), ("roads_schoolzone.xls", "xls"),
      ("roads_schoolzone_unicode.txt", "text-utf16")],
     "three-part code 안전도시-1-3 (area 안전도시, seq 3); 천원; status 추진중; dates 2023. 2. / 23.3. / '23.11.; "
     "an undated activity; a quarter header without summary; 이하 targets (lte); footer labelled 담당자.")

# ---------------------------------------------------------------- 03 culture: 비예산, no budget section, undated activities
culture = Sheet(
    code="문화도시-7", title="마을 작은도서관 북콘서트 정례화",
    status="완료", rate="100%", rate_pct=100,
    completion="임기내 (2023)", completion_target="임기내", completion_year=2023,
    total="비예산", total_krw=None, types=["신규", "자체"], department="문화체육과",
    goals=["작은도서관을 주민 문화 거점으로 활용하여 생활 속 독서문화 확산"],
    period="2022년 9월 ~ 2023년 12월", period_start="2022-09", period_end="2023-12",
    description="작은도서관 순회 북콘서트 분기별 정례 개최, 지역 작가 초청 북토크 운영",
    target_years=[2022, 2023],
    targets=[("작은도서관 북콘서트 개최", ["2회", "6회 이상"])],
    budget=None,
    quarters=[
        Q(2023, 1, "북콘서트 개최 : 2회", [("북콘서트 개최", 2, "회")],
          [A(None, None, "시흥 작은도서관 작가 초청 북콘서트", None), A(None, None, "독산 작은도서관 청소년 북토크", None)], header="long"),
        Q(2023, 2, "북콘서트 개최 : 1회, 참여 주민 85명", [("북콘서트 개최", 1, "회"), ("참여 주민", 85, "명")],
          [A(2023, 5, "가산 작은도서관 가족 북콘서트")], header="long"),
        Q(2023, 3, "북콘서트 개최 : 3회", [("북콘서트 개최", 3, "회")],
          [A(2023, 7, "여름방학 어린이 북콘서트"), A(None, None, "작은도서관 북콘서트 정례 운영 완료", None)], header="long"),
    ],
    plans=[],
    contacts_label="문의처",
    contacts=[("문화체육과장", "엄지수", "2610"), ("주무관", "탁은비", "2623")],
)
case("03_culture_nonbudget", [culture],
     [("culture_bookconcert_bom.txt", "text-utf8-bom"), ("culture_bookconcert_mac.txt", "text-mac-nfd-lf"),
      ("culture_bookconcert.hwpx", "hwpx"), ("culture_bookconcert.xlsx", "xlsx")],
     "비예산 (total_budget_krw null) and no budget section (budget []); no 향후계획 (plans []); activities without "
     "dates (year/month null, quarter from the header); 문의처 footer; UTF-8 with BOM and a Mac NFD file.")
