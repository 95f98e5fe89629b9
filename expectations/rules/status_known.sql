-- severity: warning
-- description: The status (추진현황) is one of the words of the dbt seed status_groups, spaces ignored, exactly as the marts group it (an unknown word is grouped other there).
with known as (
    select replace(status, ' ', '') as status_key, status from staging.status_groups
)
select p.submission_id,
       coalesce((s.document -> 'program' -> 'field_lines' ->> 'status')::int, p.line) as line,
       '추진현황 (status)' as field,
       'one of ' || (select string_agg(status, ', ' order by status) from known) || ' (spaces ignored)' as expected,
       p.status as found
from raw.programs p
join raw.submissions s on s.submission_id = p.submission_id
where p.submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
  and p.submission_id in (select submission_id from {batch} as batch)
  and nullif(btrim(p.status), '') is not null
  and not exists (select 1 from known where known.status_key = replace(p.status, ' ', ''))
