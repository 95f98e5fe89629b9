-- severity: critical
-- description: The head's total budget (총사업비) equals the budget table's total: the 계 row's 합계 where the sheet wrote one, else the sum of the 계 row's years.
with pending as (
    select submission_id from {batch} as batch
),
table_totals as (
    select distinct on (submission_id) submission_id, secured_and_demand_krw as total
    from raw.budget_reported_totals
    where submission_id between (select min(submission_id) from pending) and (select max(submission_id) from pending)
      and submission_id in (select submission_id from pending) and is_total and line_item = '계'
    order by submission_id, line
),
year_totals as (
    select submission_id, sum(coalesce(secured_krw, 0) + coalesce(demand_krw, 0)) as total
    from raw.budget_lines
    where submission_id between (select min(submission_id) from pending) and (select max(submission_id) from pending)
      and submission_id in (select submission_id from pending) and is_total and line_item = '계'
    group by submission_id
),
compared as (
    select p.submission_id,
           coalesce((s.document -> 'program' -> 'field_lines' ->> 'budget')::int, p.line) as line,
           p.total_budget_krw, coalesce(t.total, y.total) as table_total
    from raw.programs p
    join raw.submissions s on s.submission_id = p.submission_id
    left join table_totals t on t.submission_id = p.submission_id
    left join year_totals y on y.submission_id = p.submission_id
    where p.submission_id between (select min(submission_id) from pending) and (select max(submission_id) from pending)
      and p.submission_id in (select submission_id from pending)
)
select submission_id, line,
       '총사업비 (total budget)' as field,
       'the budget table''s total (계): ' || to_char(table_total, 'FM999,999,999,999,990') || ' KRW' as expected,
       to_char(total_budget_krw, 'FM999,999,999,999,990') || ' KRW' as found
from compared
where total_budget_krw <> table_total
