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

# ---------------------------------------------------------------- 04 parks: 억원 with decimals, 기금, rate '-'
parks = Sheet(
    code="녹색환경-12", title="도심 자투리땅 포켓정원 조성",
    status="일부추진", rate="-", rate_pct=None,
    completion="임기내 (2025)", completion_target="임기내", completion_year=2025,
    total="4.35억원", total_krw=435000000, types=["신규", "보조", "시설"], department="공원녹지과",
    goals=["방치된 자투리땅을 주민이 가꾸는 포켓정원으로 바꾸어 생활권 녹지 확충"],
    period="2023년 3월 ~ 2025년 11월", period_start="2023-03", period_end="2025-11",
    description="자투리땅 포켓정원 10개소 조성, 주민 정원가꾸기 프로그램 운영, 정원 유지관리",
    target_years=[2023, 2024, 2025],
    targets=[("포켓정원 조성", ["4개소", "3개소", "3개소"]),
             ("주민 참여 정원가꾸기", ["200명 이상", "250명 이상", "300명 이상"])],
    budget=Budget(unit="억원", years=[(2023, "확보액"), (2024, "확보액"), (2025, "투자 수요")],
                  rows=[BR("포켓정원 조성", "기금", [("0.80", "0.78"), ("0.60", "0.15"), ("0.40", None)]),
                        BR("", "시 비", [("0.50", "0.50"), ("0.45", "0.20"), ("0.40", None)]),
                        BR("", "구비", [("0.30", "0.29"), ("0.30", "0.05"), ("0.20", None)]),
                        BR("유지관리", "구비", [("0.10", "0.10"), ("0.15", "0.02"), ("0.15", None)])]),
    quarters=[
        Q(2023, 2, "포켓정원 2개소 조성 완료, 정원가꾸기 참여 : 64명",
          [("포켓정원 조성 완료", 2, "개소"), ("정원가꾸기 참여", 64, "명")],
          [A(2023, 4, "독산동 자투리땅 포켓정원 조성 착수", "dot"), A(2023, 6, "시흥동 포켓정원 2개소 조성 완료")], header="long"),
        Q(2023, 4, "포켓정원 2개소 조성 완료", [("포켓정원 조성 완료", 2, "개소")],
          [A(2023, 10, "가산동 포켓정원 주민 정원가꾸기 교실 운영", "qc"), A(2023, 12, "포켓정원 2개소 조성 완료", "qc")], header="long"),
        Q(2024, 1, "부지 소유자 협의 지연으로 일부 구간 보류", [],
          [A(2024, 2, "사유지 부지 사용 협의(2개소 보류)"), A(None, None, "대체 부지 현장 조사", None)], header="long"),
    ],
    plans=[A(2024, 9, "포켓정원 3개소 추가 조성", "dot"), A(2025, 4, "주민 정원사 양성과정 운영")],
    contacts_label="연락처",
    contacts=[("공원녹지과장", "변상우", "4010"), ("팀장", "석다인", "4022"), ("담당", "모준혁", "4027")],
    collaboration={"departments": "도시계획과", "content": "자투리땅 부지 발굴 및 사용 협의",
                   "central_government": "산림청", "city": "정원도시과"},
)
case("04_parks_billion_won", [parks],
     [("parks_pocketgarden.hwpx", "hwpx"), ("parks_pocketgarden.hwp", "hwp"), ("parks_pocketgarden.xls", "xls"),
      ("parks_pocketgarden_bom.txt", "text-utf8-bom-crlf")],
     "억원 with two decimals (4.35억원 → 435000000, 0.78억원 → 78000000) by exact decimal arithmetic; 기금 and "
     "`시 비` (→ 시비); status 일부추진 with rate `-` (null); a summary with no number (counts []); 연락처 footer.")

# ---------------------------------------------------------------- 05 two sheets in one file: 보류/임기후 and 완료(계속)
street = Sheet(
    code="지역개발-09", title="시흥대로 상권 활성화 특화거리 조성",
    status="보류", rate="30%", rate_pct=30,
    completion="임기후", completion_target="임기후", completion_year=None,
    total="13,200백만원", total_krw=13200000000, types=["신규", "보조", "시설"], department="도시재생과",
    goals=["노후 상권의 보행환경을 개선하여 지역 상권 활성화와 일자리 창출"],
    period="2020년 3월 ~", period_start="2020-03", period_end=None,
    description="시흥대로 보행자 전용구간 1.2km 조성, 간판·가로시설 정비, 상인 역량강화 교육",
    target_years=[2020, 2021, 2022],
    targets=[("보행자 전용구간 조성", ["0.4km", "0.8km", "1.2km"])],
    budget=Budget(unit="백만원", years=[(2020, "확보액"), (2021, "확보액"), (2022, "투자 수요")],
                  rows=[BR("특화거리 조성", "국비", [("1200", "1150"), ("2400", "310"), ("3000", None)]),
                        BR("", "시비", [("600", "575"), ("1200", "155"), ("1500", None)]),
                        BR("", "구비", [("600", "575"), ("1200", "155"), ("1500", None)])]),
    quarters=[
        Q(2021, 3, "주민공청회 : 1회", [("주민공청회", 1, "회")],
          [A(2021, 8, "특화거리 조성 주민공청회 개최")]),
        Q(2021, 4, "", [], [A(2021, 11, "사업 재검토에 따라 실시설계 보류", "qc")]),
    ],
    plans=[A(2022, 3, "실시설계 재개 여부 결정")],
    contacts_label="작성자",
    contacts=[("도시재생과장", "권혁진", "2710"), ("팀장", "봉수아", "2714"), ("담당", "길태윤", "2719")],
)
parking = Sheet(
    code="지역개발-10", title="전통시장 주차환경 개선",
    status="완료(계속)", rate="100%", rate_pct=100,
    completion="임기내 (2021)", completion_target="임기내", completion_year=2021,
    total="980백만원", total_krw=980000000, types=["계속", "보조", "시설"], department="도시재생과",
    goals=["전통시장 이용객 주차 불편 해소로 시장 경쟁력 강화"],
    period="2019년 1월 ~ 2021년 6월", period_start="2019-01", period_end="2021-06",
    description="전통시장 인근 공영주차장 조성 및 주차면 120면 확충",
    target_years=[2019, 2020, 2021],
    targets=[("공영주차면 확충", ["40면", "80면", "120면"])],
    budget=Budget(unit="백만원", years=[(2019, "확보액"), (2020, "확보액"), (2021, "확보액")],
                  rows=[BR("주차장 조성", "시 비", [("300", "300"), ("250", "250"), ("0", "0")]),
                        BR("", "구비", [("150", "150"), ("150", "148"), ("130", "120")])]),
    quarters=[
        Q(2021, 1, "공영주차장 1개소 개소", [("공영주차장 개소", 1, "개소")],
          [A(2021, 2, "남문시장 공영주차장 개소")]),
        Q(2021, 2, "주차면 확충 : 120면", [("주차면 확충", 120, "면")],
          [A(2021, 5, "북문시장 주차면 40면 추가 확충"), A(2021, 6, "주차환경 개선사업 준공")]),
    ],
    plans=[A(2021, 10, "공영주차장 운영 만족도 조사", "qc")],
    contacts_label="작성자",
    contacts=[("도시재생과장", "권혁진", "2710"), ("팀장", "봉수아", "2714"), ("담당", "어지안", "2721")],
)
case("05_two_sheets_one_file", [street, parking],
     [("urban_regen_two.txt", "text-cp949-crlf"), ("urban_regen_two_unicode.txt", "text-utf16"),
      ("urban_regen_two.xlsx", "xlsx"), ("urban_regen_two.hwpx", "hwpx")],
     "two sheets one after another in every carrier (sheet_index 0 and 1); codes 지역개발-09 (seq 9) and "
     "지역개발-10; 보류 with 임기후 (completion_year null) and an open period (period_end null); 완료(계속) "
     "with 0 amounts (0, not null); a 0.4km target (decimal value).")

# ---------------------------------------------------------------- 06 negatives in 원
startup = Sheet(
    code="일자리도시-2", title="청년 창업공간 임대료 지원",
    status="정상추진", rate="70%", rate_pct=70,
    completion="임기내 (2024)", completion_target="임기내", completion_year=2024,
    total="388,000,000원", total_krw=388000000, types=["신규", "자체", "지원"], department="일자리경제과",
    goals=["초기 청년 창업가의 임대료 부담 완화로 창업 생존율 향상"],
    period="2022년 10월 ~ 2024년 12월", period_start="2022-10", period_end="2024-12",
    description="관내 공유오피스 입주 청년 창업기업 임대료 70% 지원(최대 12개월)",
    target_years=[2022, 2023, 2024],
    targets=[("창업공간 입주 기업", ["15개사", "25개사", "30개사"])],
    budget=Budget(unit="원", neg="paren", years=[(2022, "확보액"), (2023, "확보액"), (2024, "투자 수요")],
                  rows=[BR("임대료 지원", "구비", [("120000000", "118400000"), ("150000000", "96250000"), ("130000000", None)]),
                        BR("집행잔액 반납", "구비", [("0", "-3200000"), ("0", "-1850000"), (None, None)]),
                        BR("추경 감액", "구비", [("0", "0"), ("-12000000", "0"), (None, None)])]),
    quarters=[
        Q(2023, 1, "입주 기업 : 18개사, 임대료 지원액 24,500,000원",
          [("입주 기업", 18, "개사"), ("임대료 지원액", 24500000, "원")],
          [A(2023, 2, "2023년 입주기업 모집 공고", "dot"), A(2023, 3, "입주기업 선정심사위원회 개최")], header="long"),
        Q(2023, 2, "입주 기업 : 21개사", [("입주 기업", 21, "개사")],
          [A(2023, 5, "입주기업 네트워킹 데이 운영")], header="long"),
    ],
    plans=[A(2023, 9, "2024년 지원 대상 기업 추가 모집")],
    contacts_label="작성자",
    contacts=[("일자리경제과장", "천도윤", "2510"), ("팀장", "마서진", "2514"), ("주무관", "용하린", "2516")],
    collaboration={"departments": "기획예산과", "content": "추경 감액 및 집행잔액 반납 정산",
                   "central_government": "중소벤처기업부", "city": None},
)
case("06_negatives_in_won", [startup],
     [("startup_rent.xlsx", "xlsx"), ("startup_rent_unicode.txt", "text-utf16"), ("startup_rent.txt", "text-utf8"),
      ("startup_rent_mac.txt", "text-mac-nfd-cr")],
     "unit 원 (amounts as written); accounting negatives (3,200,000) in text and -3200000 with format "
     "#,##0;(#,##0) in the workbook → negative KRW; a count 24,500,000원 (two thousands separators, one item); "
     "Mac NFD with CR line ends.")

# ---------------------------------------------------------------- 07 printed and retyped: page numbers, repeated header row
budget_forum = Sheet(
    code="참여도시-2", title="주민참여예산 동 지역회의 활성화",
    status="정상추진", rate="80%", rate_pct=80,
    completion="임기내 (2022)", completion_target="임기내", completion_year=2022,
    total="312백만원", total_krw=312000000, types=["계속", "자체", "운영"], department="자치행정과",
    goals=["동 지역회의를 중심으로 주민이 직접 예산을 제안하고 결정하는 참여예산 체계 정착"],
    period="2018년 9월 ~", period_start="2018-09", period_end=None,
    description="동별 지역회의 운영, 주민제안 사업 발굴·심사, 주민참여예산 학교 운영",
    target_years=[2019, 2020, 2021, 2022],
    targets=[("동 지역회의 개최", ["24회 이상", "24회 이상", "30회 이상", "30회 이상"]),
             ("주민제안 사업 선정", ["20건", "25건", "30건", "30건"])],
    budget=Budget(unit="백만원", years=[(2019, "확보액"), (2020, "확보액"), (2021, "확보액"), (2022, "투자 수요")],
                  rows=[BR("동 지역회의 운영", "구비", [("58", "55"), ("62", "49"), ("70", "66"), ("72", "0")]),
                        BR("주민참여예산 교육", "시 비", [("10", "9"), ("12", "12"), ("14", "11"), ("14", "0")])]),
    quarters=[
        Q(2019, 1, "동 지역회의 : 6회", [("동 지역회의", 6, "회")],
          [A(2019, 2, "2019년 동 지역회의 위원 위촉"), A(2019, 3, "동 지역회의 운영 설명회 개최")]),
        Q(2019, 2, "동 지역회의 : 8회, 주민제안 사업 12건 선정",
          [("동 지역회의", 8, "회"), ("주민제안 사업 선정", 12, "건")],
          [A(2019, 4, "주민제안 사업 공모"), A(2019, 3, "동별 주민제안 사업 1차 심사"), A(2019, 5, "주민제안 사업 총회 개최")]),
        Q(2019, 3, "동 지역회의 : 7회", [("동 지역회의", 7, "회")],
          [A(2019, 8, "주민제안 사업 현장 확인")]),
        Q(2019, 4, "주민참여예산 교육 2회 실시", [("주민참여예산 교육 실시", 2, "회")],
          [A(2019, 11, "주민참여예산 학교 운영(2회)", "qc"), A(2019, 12, "2020년 주민제안 사업 예산 반영", "qc")]),
    ],
    plans=[A(2020, 3, "2020년 동 지역회의 위원 공개모집")],
    contacts_label="작성 자",
    contacts=[("자치행정과장", "채윤호", "1210"), ("팀장", "국세아", "1216"), ("담당", "피승민", "1219")],
    collaboration={"departments": "전부서", "content": "부서별 주민제안 사업 검토", "central_government": None,
                   "city": "주민참여예산과"},
    furniture=True, warnings_min=1,
)
case("07_printed_page_furniture", [budget_forum],
     [("participatory_budget.txt", "text-cp949-crlf"), ("participatory_budget_mac.txt", "text-mac-nfd-cr"),
      ("participatory_budget.xls", "xls"), ("participatory_budget.hwpx", "hwpx"), ("participatory_budget.hwp", "hwp")],
     "a sheet printed and pasted back: page numbers `- 2 -`, `- 3 -` between blocks and the targets table's header "
     "row printed again after the page break (text and xls carriers; the documents have none) — neither is a "
     "target, an activity or a plan; 【19년 1분기】 headers; an activity dated '19. 3. reported in 2019 Q2 "
     "(a warning, kept as written); 2022 투자 수요 with 집행액 0.")

# ---------------------------------------------------------------- 08 workbook-born: date cells, percent cell, multi-line cells
learning = Sheet(
    code="교육도시-3", title="방과후 마을배움터 운영 및 학습 프로그램 지원",
    status="추진중", rate="55%", rate_pct=55, rate_cell=(0.55, "0%"),
    completion="임기내 (2026)", completion_target="임기내", completion_year=2026,
    total="830백만원", total_krw=830000000, types=["신규", "보조", "운영"], department="교육지원과",
    goals=["학교 밖 마을 공간에서 방과후 돌봄과 학습을 함께 제공하여 교육격차 완화"],
    period="2023년 3월 ~ 2026년 6월", period_start="2023-03", period_end="2026-06",
    description='학교 밖 "마을배움터" 20개소 운영, 방과후 돌봄·학습 프로그램 지원',
    target_years=[2023, 2024, 2025, 2026],
    targets=[("마을배움터 운영", ["10개소", "14개소", "18개소", "20개소"]),
             ("참여 학생", ["400명", "600명 이상", "800명 이상", "1,000명 이상"])],
    budget=Budget(unit="백만원", years=[(2023, "확보액"), (2024, "확보액"), (2025, "투자 수요"), (2026, "투자 수요")],
                  rows=[BR("배움터 운영", "시비", [("90", "88.2"), ("100", "41.5"), ("110", None), ("110", None)]),
                        BR("", "구비", [("90", "88.2"), ("100", "41.5"), ("110", None), ("110", None)]),
                        BR("교재 구입", "구비", [("5", "4.9"), ("5", "0"), ("0", None), ("0", None)])]),
    quarters=[
        Q(2023, 3, "마을배움터 4개소 개관, 참여 학생 : 152명", [("마을배움터 개관", 4, "개소"), ("참여 학생", 152, "명")],
          [A(2023, 7, "시흥동 마을배움터 2개소 개관", "dot"), A(2023, 9, "독산동 마을배움터 2개소 개관", "dot")], header="long"),
        Q(2023, 4, "참여 학생 : 236명", [("참여 학생", 236, "명")],
          [A(2023, 10, "배움터 강사 역량강화 교육", "dot"), A(2023, 11, "배움터 학습 프로그램 발표회", "dot"),
           A(None, None, "학부모 만족도 조사 실시", None)], header="long"),
        Q(2024, 1, "마을배움터 3개소 개관", [("마을배움터 개관", 3, "개소")],
          [A(2024, 3, "가산동 마을배움터 3개소 개관", "dot")], header="long"),
    ],
    plans=[A(2024, 9, "2학기 배움터 프로그램 공모", "dot")],
    contacts_label="담당자",
    contacts=[("교육지원과장", "선우진", "2910"), ("팀장", "옥나래", "2913"), ("주무관", "제갈현", "2918")],
    contacts_sep="\n", title_break=13, date_cells=True,
)
case("08_workbook_date_cells", [learning],
     [("village_school.xls", "xls"), ("village_school.xlsx", "xlsx"), ("village_school_unicode.txt", "text-utf16")],
     "a sheet kept in Excel: activity dates are date cells (format yyyy. m.) in a column of their own beside "
     "the text, the rate is the number 0.55 formatted 0% (→ 55), amounts are numbers (88.2, 41.5); the title and "
     "the 담당자 cell hold line breaks (quoted in the Unicode text export, whitespace collapsed in the record); "
     "a quote in the description (\"\" in the export); 0 amounts are 0, empty ones null.")

# ---------------------------------------------------------------- 09 truncated inside the budget table
cctv = Sheet(
    code="안전도시-5", title="골목길 방범용 CCTV 확충",
    status="정상추진", rate="50%", rate_pct=50,
    completion="임기내 (2024)", completion_target="임기내", completion_year=2024,
    total="1,250백만원", total_krw=1250000000, types=["계속", "보조", "시설"], department="안전총괄과",
    goals=["범죄 취약 골목길의 방범용 CCTV를 늘려 주민이 안심하는 골목 환경 조성"],
    period="2023년 1월 ~ 2024년 12월", period_start="2023-01", period_end="2024-12",
    description="범죄 취약지역 골목길 방범용 CCTV 250대 신규 설치 및 노후 CCTV 교체",
    target_years=[2023, 2024],
    targets=[("방범용 CCTV 신규 설치", ["120대", "130대"])],
    budget=Budget(unit="백만원", years=[(2023, "확보액"), (2024, "투자 수요")],
                  rows=[BR("CCTV 설치", "시비", [("420", "415.8"), ("450", None)]),
                        BR("", "구비", [("180", "178.2"), ("200", None)])]),
    quarters=[Q(2023, 1, "CCTV 설치 : 40대", [("CCTV 설치", 40, "대")], [A(2023, 3, "1차 CCTV 40대 설치 완료")])],
    contacts=[("안전총괄과장", "탁민재", "1810")],
    truncate_in_budget=1, warnings_min=1,
)
case("09_truncated_in_budget", [cctv],
     [("cctv_cut.txt", "text-utf8"), ("cctv_cut_cp949.txt", "text-cp949-crlf"), ("cctv_cut_unicode.txt", "text-utf16")],
     "the file stops half-way through a budget row (a transfer cut short): the sheet still yields its program "
     "fields and targets, with a warning; nothing after the cut exists (no quarters, activities, plans, contacts). "
     "Budget rows are not asserted (SPEC does not say whether the rows before the cut count as complete).")

# ---------------------------------------------------------------- 10 youth: 완료(계속), △ negatives, `구 비`, 22.3. dates
youth = Sheet(
    code="청소년도시-6", title="청소년 진로체험 지원센터 운영",
    status="완료(계속)", rate="100%", rate_pct=100,
    completion="임기내 (2023)", completion_target="임기내", completion_year=2023,
    total="958백만원", total_krw=958000000, types=["계속", "보조", "운영"], department="아동청소년과",
    goals=["청소년이 지역 안에서 다양한 직업을 체험하며 스스로 진로를 설계하도록 지원",
           "진로체험처 발굴로 지역 사회와 학교의 협력 강화"],
    period="2022년 1월 ~ 2024년 12월", period_start="2022-01", period_end="2024-12",
    description="진로체험 지원센터 운영, 체험처 발굴 및 중학교 자유학기 진로체험 연계",
    target_years=[2022, 2023, 2024],
    targets=[("진로체험 프로그램 참여", ["2,000명", "2,500명 이상", "3,000명 이상"])],
    budget=Budget(unit="백만원", neg="tri", years=[(2022, "확보액"), (2023, "확보액"), (2024, "확보액")],
                  rows=[BR("센터 운영", "국비", [("200", "200"), ("220", "218"), ("240", "120")]),
                        BR("", "구 비", [("100", "100"), ("110", "109"), ("120", "60")]),
                        BR("이월 감액", "구 비", [("0", "0"), ("-32", "0"), ("0", "0")])]),
    quarters=[
        Q(2022, 1, "진로체험 참여 : 1,250명, 체험처 발굴 18개소", [("진로체험 참여", 1250, "명"), ("체험처 발굴", 18, "개소")],
          [A(2022, 2, "진로체험 지원센터 운영기관 위탁 협약", "short"), A(2022, 3, "중학교 자유학기 진로체험 운영 개시", "short")],
          header="long"),
        Q(2022, 2, "진로체험 참여 : 640명", [("진로체험 참여", 640, "명")],
          [A(2022, 5, "진로체험처 인증 현판식", "short"), A(None, None, "체험처 담당자 간담회", None)], header="long"),
        Q(2022, 4, "진로체험 참여 : 980명, 우수기관 선정", [("진로체험 참여", 980, "명")],
          [A(2022, 11, "진로체험 우수기관 선정(교육부)", "short")], header="long"),
    ],
    plans=[A(2023, 3, "2023년 진로체험 지원센터 재위탁", "short")],
    contacts_label="작성자",
    contacts=[("아동청소년과장", "하늘빛", "2810"), ("팀장", "소민준", "2812"), ("담당", "여다온", "2815")],
    contacts_sep="\n",
    collaboration={"departments": "교육지원과", "content": "학교 연계 진로체험 운영",
                   "central_government": "교육부", "city": "평생교육과"},
)
case("10_youth_completed_continuing", [youth],
     [("youth_career.hwpx", "hwpx"), ("youth_career.hwp", "hwp"), ("youth_career.xlsx", "xlsx"),
      ("youth_career_unicode.txt", "text-utf16"), ("youth_career_bom.txt", "text-utf8-bom")],
     "완료(계속) at 100%; negative written △32 (workbook: -32 with #,##0;\"△\"#,##0) → -32000000; `구 비` "
     "(→ 구비); dates 22.2. / 22.3. (yy.m.); counts 1,250명 (one item) and an item without a number; a quarter "
     "missing (no Q3); a 작성자 cell with line breaks.")

# ---------------------------------------------------------------- 11 two sheets in one document
cups = Sheet(
    code="환경도시-03", title="1회용품 없는 청사 만들기",
    status="완료", rate="100%", rate_pct=100,
    completion="임기내 (2024)", completion_target="임기내", completion_year=2024,
    total="48,500천원", total_krw=48500000, types=["신규", "자체"], department="청소행정과",
    goals=["구청사와 동 주민센터의 1회용품 사용을 줄여 공공부문부터 탄소중립 실천"],
    period="2023년 7월 ~ 2024년 6월", period_start="2023-07", period_end="2024-06",
    description="다회용컵 보급 및 세척 지원, 청사 1회용컵 반입 제한 캠페인",
    target_years=[2023, 2024],
    targets=[("청사 1회용컵 반입률", ["50% 이하", "10% 이하"])],
    budget=Budget(unit="천원", years=[(2023, "확보액"), (2024, "확보액")],
                  rows=[BR("다회용컵 보급", "구비", [("30000", "29850"), ("18500", "9200")])]),
    quarters=[
        Q(2023, 3, "다회용컵 보급 : 3,200개", [("다회용컵 보급", 3200, "개")],
          [A(2023, 8, "청사 다회용컵 3,200개 보급", "q")], header="long"),
        Q(2023, 4, "캠페인 : 4회", [("캠페인", 4, "회")],
          [A(2023, 10, "1회용컵 반입 제한 캠페인(2회)", "qc"), A(2023, 12, "동 주민센터 다회용컵 세척기 설치", "qc")],
          header="long"),
    ],
    plans=[A(2024, 2, "1회용품 사용 실태 점검")],
    contacts=[("청소행정과장", "반지성", "3110"), ("팀장", "육하람", "3115"), ("담당", "어윤서", "3117")],
)
rfid = Sheet(
    code="환경도시-04", title="음식물류 폐기물 RFID 종량기 확대",
    status="정상추진", rate="58%", rate_pct=58,
    completion="임기내 (2026)", completion_target="임기내", completion_year=2026,
    total="12.6억원", total_krw=1260000000, types=["계속", "보조", "시설"], department="청소행정과",
    goals=["공동주택 음식물류 폐기물 배출량 감량"],
    period="2023년 1월 ~ 2026년 12월", period_start="2023-01", period_end="2026-12",
    description="공동주택 RFID 음식물 종량기 240대 설치 및 운영 지원",
    target_years=[2023, 2024, 2025, 2026],
    targets=[("RFID 종량기 설치", ["60대", "120대", "180대", "240대"])],
    budget=Budget(unit="억원", years=[(2023, "확보액"), (2024, "확보액"), (2025, "투자 수요"), (2026, "투자 수요")],
                  rows=[BR("종량기 설치", "국비", [("1.5", "1.5"), ("1.8", "0.9"), ("2.0", None), ("2.0", None)]),
                        BR("", "시비", [("0.75", "0.75"), ("0.9", "0.45"), ("1.0", None), ("1.0", None)]),
                        BR("", "구비", [("0.25", "0.25"), ("0.3", "0.15"), ("0.55", None), ("0.55", None)])]),
    quarters=[
        Q(2023, 2, "종량기 설치 : 35대", [("종량기 설치", 35, "대")],
          [A(2023, 5, "○○아파트 등 4개 단지 종량기 설치", "dot")], header="long"),
        Q(2023, 3, "종량기 설치 : 25대", [("종량기 설치", 25, "대")],
          [A(2023, 8, "종량기 설치 단지 배출량 분석", "dot")], header="long"),
        Q(2023, 4, "", [], [A(None, None, "2024년 설치 희망 단지 수요조사", None)], header="long"),
    ],
    plans=[A(2024, 4, "2024년 종량기 60대 설치", "dot")],
    contacts=[("청소행정과장", "반지성", "3110"), ("팀장", "육하람", "3115"), ("담당", "표은재", "3119")],
    collaboration={"departments": "공동주택과", "content": "설치 단지 선정", "central_government": "환경부",
                   "city": "자원순환과"},
)
case("11_two_sheets_one_document", [cups, rfid],
     [("waste_two.hwpx", "hwpx"), ("waste_two.hwp", "hwp"), ("waste_two.xls", "xls"),
      ("waste_two.txt", "text-cp949-crlf")],
     "two sheets in one HWPX/HWP document and one worksheet; zero-padded codes 환경도시-03/-04 (seq 3, 4); "
     "천원 and 억원 (12.6억원, 0.75억원) in the same file; a % target with 이하 (unit %, lte); a 3,200개 count; "
     "a quarter with no summary and one undated activity.")

# ---------------------------------------------------------------- 12 just started: no targets, no 추진실적, rate 0%
wifi = Sheet(
    code="스마트도시-8", title="버스정류소·공원 공공와이파이 확대",
    status="추진중", rate="0%", rate_pct=0,
    completion="임기내 (2026)", completion_target="임기내", completion_year=2026,
    total="640,000천원", total_krw=640000000, types=["신규", "보조", "정보화"], department="스마트정보과",
    goals=["생활권 어디서나 무료로 쓰는 공공와이파이로 통신비 부담 완화와 디지털 격차 해소"],
    period="2024년 1월 ~ 2026년 12월", period_start="2024-01", period_end="2026-12",
    description="버스정류소 120곳, 근린공원 30곳 공공와이파이 AP 신규 설치 및 노후 AP 교체",
    budget=Budget(unit="천원", years=[(2024, "확보액"), (2025, "투자 수요"), (2026, "투자 수요")],
                  rows=[BR("와이파이 AP 설치", "기금", [("150000", "0"), ("120000", None), ("90000", None)]),
                        BR("", "구비", [("100000", "0"), ("100000", None), ("80000", None)])]),
    quarters=[],
    plans=[A(2024, 4, "공공와이파이 설치 위치 선정 용역 발주", "dot"), A(2024, 9, "1단계 AP 60대 설치", "dot"),
           A(2025, 3, "2단계 설치 및 노후 AP 교체")],
    contacts_label="작성 자",
    contacts=[("스마트정보과장", "도하윤", "2410"), ("팀장", "금시우", "2413"), ("담당", "빈서아", "2417")],
    collaboration={"departments": "교통행정과, 공원녹지과", "content": "정류소·공원 설치 위치 협의",
                   "central_government": "과학기술정보통신부", "city": "디지털정책과"},
)
case("12_new_program_plans_only", [wifi],
     [("public_wifi.hwp", "hwp"), ("public_wifi.xlsx", "xlsx"), ("public_wifi_crlf.txt", "text-utf8-crlf"),
      ("public_wifi_mac.txt", "text-mac-nfd-lf")],
     "a program that has just started: rate 0% (0, not null), no 연차별 추진계획 (targets []), no 추진실적 "
     "(quarters [], activities []), only 향후계획 dated 2024. 4. / '25. 3.; 기금 and 구비 in 천원 with 집행액 0 "
     "in the current year and empty in demand years.")

# ---------------------------------------------------------------- 13 not a sheet: the cover memo sent instead
from sheetdoc import Memo, P, T, C, row  # noqa: E402

memo = Memo([
    P(""),
    P("○ ○ 구"),
    P(""),
    T([row("수신", "기획예산과장"), row("(경유)", ""), row("제목", "민선8기 공약사업 2023년 4분기 추진실적 제출")]),
    P(""),
    P("1. 관련: 기획예산과 공약사업 추진실적 제출 요청(2024. 1. 3.)"),
    P("2. 위 호와 관련하여 우리 과 소관 공약사업의 2023년 4분기 추진실적을 붙임과 같이 제출합니다."),
    P(""),
    P("붙임  공약사업 추진실적 1부.  끝."),
    P(""),
    T([row("기안자", "주무관 설하은", "검토자", "팀장 남궁민", "결재권자", "도로과장 류태현"),
       row("시행", "도로과 (2024. 1. 5.)", "접수", "", "", "")]),
])
case("13_cover_memo_no_sheet", [memo],
     [("cover_memo.txt", "text-cp949-crlf"), ("cover_memo.xlsx", "xlsx"), ("cover_memo.hwpx", "hwpx"),
      ("cover_memo.hwp", "hwp")],
     "a department sent its cover memo (공문) instead of the sheet: no title row anywhere, so the file is an "
     "error (`.error` a one-line message, no sheets) in every carrier.")
