-- severity: warning
-- description: A quarter's reported count of a kind of activity is backed by at least one activity of that kind listed under the quarter, and no more such activities are listed than the count; kinds come from the dbt seed activity_type_keywords, lowest priority then keyword first, as the marts type them.
with counts as (
    select c.*,
           coalesce((select k.activity_type from staging.activity_type_keywords k
                     where strpos(c.label, k.keyword) > 0 order by k.priority, k.keyword limit 1), 'other') as activity_type
    from raw.quarter_counts c
    where c.submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
      and c.submission_id in (select submission_id from {batch} as batch)
),
activities as (
    select a.submission_id, a.reported_year, a.reported_quarter,
           coalesce((select k.activity_type from staging.activity_type_keywords k
                     where strpos(a.text, k.keyword) > 0 order by k.priority, k.keyword limit 1), 'other') as activity_type
    from raw.activities a
    where a.submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
      and a.submission_id in (select submission_id from {batch} as batch)
),
listed as (
    select submission_id, reported_year, reported_quarter, activity_type, count(*) as activities
    from activities
    group by submission_id, reported_year, reported_quarter, activity_type
),
compared as (
    select c.submission_id, c.line, c.year, c.quarter, c.label, c.value, c.unit, c.activity_type,
           coalesce(l.activities, 0) as activities
    from counts c
    left join listed l on l.submission_id = c.submission_id and l.reported_year = c.year
        and l.reported_quarter = c.quarter and l.activity_type = c.activity_type
    where c.activity_type <> 'other' and c.value is not null
)
select submission_id, line,
       year || ' Q' || quarter || ' ' || label as field,
       'as many ' || activity_type || ' activities listed under the quarter as counted (at least one when the count is not 0): '
           || trim_scale(value)::text || coalesce(unit, '') as expected,
       activities || ' ' || activity_type || ' activities listed' as found
from compared
where not (activities <= value and (activities >= 1 or value = 0))
