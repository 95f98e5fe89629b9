-- severity: warning
-- description: A planned activity (향후계획) is not dated before the sheet's latest reported quarter.
select p.submission_id, p.line,
       'plan ' || p.year || '-' || lpad(p.month::text, 2, '0') as field,
       'a month from ' || to_char(s.reported_as_of, 'YYYY-MM') || ' on' as expected,
       p.year || '-' || lpad(p.month::text, 2, '0') || ': ' || coalesce(p.text, '') as found
from raw.plans p
join raw.submissions s on s.submission_id = p.submission_id
where p.submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
  and p.submission_id in (select submission_id from {batch} as batch)
  and p.year is not null and p.month is not null and s.reported_as_of is not null
  and make_date(p.year, p.month, 1) < date_trunc('month', s.reported_as_of)
