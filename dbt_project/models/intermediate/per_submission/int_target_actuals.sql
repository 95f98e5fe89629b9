-- Each yearly target of each parsed submission with its actual value: the sum of that
-- year's quarterly reported counts that match the metric. A count matches when the first
-- word of its label (협치론장 of 협치론장 운영) occurs in the metric and its unit agrees with
-- the target's (회 with 회, 개 with 개 사업); the metric_match_overrides seed forces a match
-- either way. Where nothing matches, actual_value is null (quality.unmatched_targets), never 0.
-- A metric a sheet writes twice for one year keeps its first row, so every mart counts it once
-- (validation warns stewards of the repeat: rule target_metric_not_repeated).
with submissions as (
    select submission_id, program_code from {{ ref('stg_raw__submissions') }}
),

written_targets as (
    {{ rows_to_process(ref('stg_raw__targets'), rules_seed='metric_match_overrides') }}
),

targets as (
    select distinct on (submission_id, metric, target_year) *
    from written_targets
    order by submission_id, metric, target_year, source_line
),

quarter_counts as (
    {{ rows_to_process(ref('stg_raw__quarter_counts'), rules_seed='metric_match_overrides') }}
),

overrides as (
    select
        nullif(btrim(program_code), '') as program_code,
        metric,
        label,
        matches
    from {{ ref('metric_match_overrides') }}
),

candidate_counts as (
    select
        targets.submission_id,
        submissions.program_code,
        targets.metric,
        targets.target_year,
        quarter_counts.label,
        quarter_counts.reported_value,
        char_length(split_part(btrim(quarter_counts.label), ' ', 1)) >= 2
            and strpos(targets.metric, split_part(btrim(quarter_counts.label), ' ', 1)) > 0
            and (
                targets.unit is null or quarter_counts.unit is null
                or left(btrim(targets.unit), 1) = left(btrim(quarter_counts.unit), 1)
            ) as matches_by_keyword
    from targets
    inner join submissions on submissions.submission_id = targets.submission_id
    inner join quarter_counts
        on quarter_counts.submission_id = targets.submission_id
        and quarter_counts.reported_year = targets.target_year
),

matched_counts as (
    select candidate_counts.*
    from candidate_counts
    left join overrides as program_override
        on program_override.program_code = candidate_counts.program_code
        and program_override.metric = candidate_counts.metric
        and program_override.label = candidate_counts.label
    left join overrides as global_override
        on global_override.program_code is null
        and global_override.metric = candidate_counts.metric
        and global_override.label = candidate_counts.label
    where coalesce(program_override.matches, global_override.matches, candidate_counts.matches_by_keyword)
),

actuals as (
    select
        submission_id,
        metric,
        target_year,
        sum(reported_value) as actual_value,
        string_agg(distinct label, ', ') as matched_labels
    from matched_counts
    group by submission_id, metric, target_year
),

attainment as (
    select
        targets.submission_id,
        targets.source_line,
        targets.metric,
        targets.target_year,
        targets.target_value,
        targets.comparator,
        targets.unit,
        targets.target_text,
        actuals.actual_value,
        actuals.matched_labels,
        {{ rate_pct('actuals.actual_value', 'targets.target_value') }} as attainment_pct,
        case
            when actuals.actual_value is null or targets.target_value is null then null
            when targets.comparator = 'lte' then actuals.actual_value <= targets.target_value
            else actuals.actual_value >= targets.target_value
        end as is_met,
        targets.rules_digest
    from targets
    left join actuals
        on actuals.submission_id = targets.submission_id
        and actuals.metric = targets.metric
        and actuals.target_year is not distinct from targets.target_year
)

select * from attainment
