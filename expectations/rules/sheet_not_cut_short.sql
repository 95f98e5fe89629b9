-- severity: critical
-- description: The last sheet of a file ends with its footer (작성 자, 협업부서); a sheet that stops without it was probably cut short, and a partial sheet must not become the program's current row.
select w.submission_id, w.line,
       'end of the sheet' as field,
       'the footer (작성 자, 협업부서) after the last section' as expected,
       w.message as found
from raw.extract_warnings w
where w.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
  and w.submission_id in (select submission_id from {batch})
  and w.message like '%without its footer%cut short%'
