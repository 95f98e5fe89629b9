-- severity: warning
-- description: A reported quarter's year lies within the program period (사업기간).
with periods as (
    select submission_id,
           substring(period_start from '^[0-9]{{4}}')::int as first_year,
           substring(period_end from '^[0-9]{{4}}')::int as last_year,
           coalesce(period_start, '') || ' ~ ' || coalesce(period_end, '') as period
    from raw.programs
    where submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
      and submission_id in (select submission_id from {batch} as batch)
)
select q.submission_id, q.line,
       q.year || ' Q' || q.quarter as field,
       'a year within the program period ' || p.period as expected,
       q.year::text as found
from raw.quarters q
join periods p on p.submission_id = q.submission_id
where q.submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
  and q.submission_id in (select submission_id from {batch} as batch)
  and (q.year < p.first_year or q.year > p.last_year)
