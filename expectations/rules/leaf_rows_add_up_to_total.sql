-- severity: critical
-- description: In each year the line items' amounts (secured 확보액, demand 투자 수요, executed 집행액) add up to the 계 row, and a line item's rows to its 소계 row.
with lines as (
    select * from raw.budget_lines where submission_id between (select min(submission_id) from {batch} as batch) and (select max(submission_id) from {batch} as batch)
      and submission_id in (select submission_id from {batch} as batch)
),
leaves as (
    select submission_id, year, line_item, grouping(line_item) = 1 as whole_table,
           sum(coalesce(secured_krw, 0)) as secured, sum(coalesce(demand_krw, 0)) as demand,
           sum(coalesce(executed_krw, 0)) as executed
    from lines where not is_total
    group by grouping sets ((submission_id, year), (submission_id, year, line_item))
),
compared as (
    select b.submission_id, b.line, b.year, b.line_item, m.measure,
           m.total, m.sum_of_leaves
    from lines b
    join leaves l on l.submission_id = b.submission_id and l.year = b.year
        and case when b.line_item = '계' then l.whole_table else not l.whole_table and l.line_item = b.line_item end
    cross join lateral (values
        ('secured (확보액)', coalesce(b.secured_krw, 0), l.secured),
        ('demand (투자 수요)', coalesce(b.demand_krw, 0), l.demand),
        ('executed (집행액)', coalesce(b.executed_krw, 0), l.executed)
    ) as m (measure, total, sum_of_leaves)
    where b.is_total
)
select submission_id, line,
       year || ' ' || line_item || ', ' || measure as field,
       'the sum of its line items: ' || to_char(sum_of_leaves, 'FM999,999,999,999,990') || ' KRW' as expected,
       to_char(total, 'FM999,999,999,999,990') || ' KRW' as found
from compared
where total <> sum_of_leaves
