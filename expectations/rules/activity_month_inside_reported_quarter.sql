-- severity: warning
-- description: An activity's month lies inside the quarter under whose header it is reported.
select a.submission_id, a.line,
       a.reported_year || ' Q' || a.reported_quarter || ' activity' as field,
       'a date in ' || a.reported_year || ' Q' || a.reported_quarter as expected,
       a.year || '-' || lpad(a.month::text, 2, '0') || ': ' || coalesce(a.text, '') as found
from raw.activities a
where a.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
  and a.submission_id in (select submission_id from {batch})
  and a.year is not null and a.month is not null and a.reported_year is not null and a.reported_quarter is not null
  and not (a.year = a.reported_year and (a.month + 2) / 3 = a.reported_quarter)
