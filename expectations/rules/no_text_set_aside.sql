-- severity: warning
-- description: Every cell of the sheet was read into a field; text the extractor could not place (kept as text in raw.other_sections, or ignored) is listed for a steward to check.
with kept_aside as (
    select o.submission_id, o.line, coalesce(o.title, 'text outside any section') as field, o.text as found
    from raw.other_sections o
    where o.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
      and o.submission_id in (select submission_id from {batch})
),
ignored as (
    select w.submission_id, w.line, 'text the extractor left out' as field, w.message as found
    from raw.extract_warnings w
    where w.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
      and w.submission_id in (select submission_id from {batch})
      and (w.message like '%ignored%' or w.message like '%dropped%')
      and not exists (select 1 from kept_aside k where k.submission_id = w.submission_id and k.line = w.line)
)
select submission_id, line, field, 'every cell read into a field of the sheet' as expected, found
from (select * from kept_aside union all select * from ignored) as set_aside
