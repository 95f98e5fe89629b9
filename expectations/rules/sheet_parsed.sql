-- severity: critical
-- description: The file can be read as program sheets; one that cannot is held back with its parse error.
select s.submission_id,
       coalesce(s.first_line, substring(s.parse_error from 'line ([0-9]+)')::int) as line,
       'the file' as field,
       'a file sheetfeed can read as program sheets' as expected,
       coalesce(s.parse_error, 'the file could not be parsed') as found
from raw.submissions s
where s.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
  and s.submission_id in (select submission_id from {batch})
  and s.parse_status <> 'parsed'
