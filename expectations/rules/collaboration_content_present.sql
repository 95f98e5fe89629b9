-- severity: warning
-- description: A collaboration row says what the collaboration is about (협업내용).
select c.submission_id, c.line,
       '협업내용 (collaboration)' as field,
       'what the collaboration with ' || coalesce(nullif(btrim(c.departments), ''), 'the departments') || ' is about' as expected,
       'nothing written' as found
from raw.collaborations c
where c.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
  and c.submission_id in (select submission_id from {batch})
  and nullif(btrim(c.content), '') is null
