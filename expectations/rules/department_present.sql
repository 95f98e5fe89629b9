-- severity: critical
-- description: The head of the sheet names the department in charge (추진부서).
select p.submission_id,
       coalesce((s.document -> 'program' -> 'field_lines' ->> 'department')::int, p.line) as line,
       '추진부서 (department)' as field,
       'the department in charge' as expected,
       'nothing written' as found
from raw.programs p
join raw.submissions s on s.submission_id = p.submission_id
where p.submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
  and p.submission_id in (select submission_id from {batch} as batch)
  and nullif(btrim(p.department), '') is null
