-- severity: warning
-- description: An author's phone extension is four digits.
select c.submission_id, c.line,
       coalesce(c.role, 'author') || ' ' || coalesce(c.name, '') as field,
       'a four-digit extension such as 1040' as expected,
       c.phone_ext as found
from raw.contacts c
where c.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
  and c.submission_id in (select submission_id from {batch})
  and nullif(btrim(c.phone_ext), '') is not null
  and btrim(c.phone_ext) !~ '^[0-9]{{4}}$'
