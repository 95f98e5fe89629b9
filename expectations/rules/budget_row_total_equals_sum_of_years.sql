-- severity: critical
-- description: A budget row's total (합계: secured and demand, executed) equals the sum of the years written on the same row.
with years as (
    select submission_id, line,
           sum(coalesce(secured_krw, 0) + coalesce(demand_krw, 0)) as secured_and_demand,
           sum(coalesce(executed_krw, 0)) as executed
    from raw.budget_lines
    where submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
      and submission_id in (select submission_id from {batch} as batch)
    group by submission_id, line
),
compared as (
    select t.submission_id, t.line, t.line_item, t.funding_source, m.measure, m.reported, m.sum_of_years
    from raw.budget_reported_totals t
    join years y on y.submission_id = t.submission_id and y.line = t.line
    cross join lateral (values
        ('secured and demand (확보액 및 투자수요)', t.secured_and_demand_krw, y.secured_and_demand),
        ('executed (집행액)', t.executed_krw, y.executed)
    ) as m (measure, reported, sum_of_years)
    where t.submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
      and t.submission_id in (select submission_id from {batch} as batch)
)
select submission_id, line,
       '합계 ' || line_item || coalesce(' ' || funding_source, '') || ', ' || measure as field,
       'the sum of the years: ' || to_char(sum_of_years, 'FM999,999,999,999,990') || ' KRW' as expected,
       to_char(reported, 'FM999,999,999,999,990') || ' KRW' as found
from compared
where reported <> sum_of_years
