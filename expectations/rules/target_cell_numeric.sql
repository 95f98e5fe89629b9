-- severity: warning
-- description: A yearly-plan cell (연차별 추진계획) holds a number; one without (착공, 실시설계) is a milestone, kept as written, with no attainment computed for it.
select t.submission_id, t.line,
       t.metric || ', ' || coalesce(t.year::text, 'no year') as field,
       'a number (such as 5개 사업 or 6회 이상)' as expected,
       coalesce(nullif(btrim(t.raw), ''), 'nothing written') as found
from raw.targets t
where t.submission_id between (select min(submission_id) from {batch}) and (select max(submission_id) from {batch})
  and t.submission_id in (select submission_id from {batch})
  and t.value is null
