-- severity: critical
-- description: The implementation rate (이행률) is a percentage from 0 to 100 (a dash means no rate, and is allowed).
select p.submission_id,
       coalesce((s.document -> 'program' -> 'field_lines' ->> 'rate')::int, p.line) as line,
       '이행률 (implementation rate)' as field,
       'a percentage from 0 to 100' as expected,
       p.implementation_rate_pct::text || '%' as found
from raw.programs p
join raw.submissions s on s.submission_id = p.submission_id
where p.submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
  and p.submission_id in (select submission_id from {batch} as batch)
  and p.implementation_rate_pct not between 0 and 100
