-- severity: warning
-- description: Each target metric is written once per year; where it is written again, the marts keep the first row.
with numbered as (
    select t.*, first_value(t.line) over (partition by t.submission_id, t.metric, t.year order by t.line) as first_line
    from raw.targets t
    where t.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
      and t.submission_id in (select submission_id from {batch})
)
select submission_id, line,
       metric || ', ' || coalesce(year::text, 'no year') as field,
       'written once (first written at line ' || first_line || ')' as expected,
       'written again: ' || coalesce(nullif(btrim(raw), ''), 'nothing written') as found
from numbered
where line <> first_line
