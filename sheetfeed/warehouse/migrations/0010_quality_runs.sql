-- quality, additive: the state of each validation run, the suite of each result, and what stewards may change.

-- A run that died leaves status 'running' (or 'failed' with its error), so a missing night is visible.
alter table quality.validation_runs
    add column status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
    add column error  text;

-- Which suite (raw entity) a result comes from.
alter table quality.validation_results add column suite text;

create index on quality.validation_results (run_id);
create index on quality.quarantine (state, since);
create index on quality.quarantine (program_code);
create index on quality.quarantine_events (submission_id);

-- Stewards read quality (0003); releasing a quarantined submission is theirs to do, recorded as an event.
grant update (state) on quality.quarantine to data_steward;
grant insert on quality.quarantine_events to data_steward;
grant usage on sequence quality.quarantine_events_event_id_seq to data_steward;
