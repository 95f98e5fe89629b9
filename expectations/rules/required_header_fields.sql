-- severity: critical
-- description: The head of the sheet gives the program's title, status (추진현황) and completion target or year (완료시기).
select p.submission_id, coalesce(f.line, p.line) as line, f.field, f.expected, 'nothing written' as found
from raw.programs p
join raw.submissions s on s.submission_id = p.submission_id
cross join lateral (values
    ('공약명 (title)', 'the program title', nullif(btrim(p.title), '') is null, p.line),
    ('추진현황 (status)', 'a status such as 완료 or 정상추진', nullif(btrim(p.status), '') is null,
     (s.document -> 'program' -> 'field_lines' ->> 'status')::int),
    ('완료시기 (completion)', 'a completion target or year such as 임기내 or 2023년',
     coalesce(nullif(btrim(p.completion_target), ''), p.completion_year::text) is null,
     (s.document -> 'program' -> 'field_lines' ->> 'completion')::int)
) as f (field, expected, missing, line)
where p.submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
  and p.submission_id in (select submission_id from {batch} as batch)
  and f.missing
