-- quality, issue 13: the batch GX validates is written down once per run, so every rule reads a handful of
-- submission ids instead of recomputing "no verdict yet" over every submission ever landed (a cost that
-- grew with each night). The running validation (locks.VALIDATION) replaces its rows at the start of the
-- run and clears them with its results.
create table quality.validation_batch (
    submission_id bigint primary key
);
grant select, insert, delete on quality.validation_batch to sheetfeed_loader;
grant select on quality.validation_batch to data_steward;
