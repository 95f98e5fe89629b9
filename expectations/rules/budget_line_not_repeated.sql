-- severity: warning
-- description: Each line item and funding source is written on one row per year; rows written again (say, under a merged 구분 cell) are added up in the marts.
with numbered as (
    select b.*, first_value(b.line) over (
               partition by b.submission_id, b.is_total, b.line_item, b.funding_source, b.year order by b.line
           ) as first_line
    from raw.budget_lines b
    where b.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
      and b.submission_id in (select submission_id from {batch})
)
select submission_id, line,
       year || ' ' || line_item || coalesce(' ' || funding_source, '') as field,
       'one row (first written at line ' || first_line || ')' as expected,
       'written again; the marts add the rows up' as found
from numbered
where line <> first_line
