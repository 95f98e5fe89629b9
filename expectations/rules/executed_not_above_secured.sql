-- severity: warning
-- description: No more is executed (집행액) than was secured (확보액) in a year.
select b.submission_id, b.line,
       b.year || ' ' || b.line_item || coalesce(' ' || b.funding_source, '') || ', executed (집행액)' as field,
       'at most the secured ' || to_char(b.secured_krw, 'FM999,999,999,999,990') || ' KRW' as expected,
       to_char(b.executed_krw, 'FM999,999,999,999,990') || ' KRW' as found
from raw.budget_lines b
where b.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
  and b.submission_id in (select submission_id from {batch})
  and b.executed_krw > b.secured_krw
