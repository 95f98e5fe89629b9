-- severity: critical
-- description: The program code is a Hangul area name and one or more hyphenated numbers (소통행정-3, 지역개발-09, 안전도시-1-3).
select p.submission_id, p.line,
       '공약번호 (program code)' as field,
       'a Hangul area name and hyphenated numbers of 1 to 3 digits, such as 소통행정-3 or 안전도시-1-3' as expected,
       p.program_code as found
from raw.programs p
where p.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
  and p.submission_id in (select submission_id from {batch})
  and p.program_code !~ '^[가-힣]+(-[0-9]{{1,3}})+$'
