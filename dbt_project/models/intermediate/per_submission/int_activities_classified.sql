-- Every activity of every parsed submission, typed by the activity_type_keywords seed.
-- Incremental: a nightly build types only new submissions' activities (keyword matching is
-- the costly part), and retypes everything when the seed changes.
with activities as (
    {{ rows_to_process(ref('stg_raw__activities'), rules_seed=['activity_type_keywords', 'activity_type_labels']) }}
),

classified as (
    select
        activities.submission_id,
        activities.source_line,
        activities.activity_year,
        activities.activity_month,
        activities.reported_year,
        activities.reported_quarter,
        {{ activity_type_of('activities.description') }} as activity_type,
        activities.description,
        case
            when activities.activity_year is null or activities.activity_month is null
                or activities.reported_year is null or activities.reported_quarter is null then null
            else activities.activity_year = activities.reported_year
                and (activities.activity_month + 2) / 3 = activities.reported_quarter
        end as in_reported_quarter,
        activities.rules_digest
    from activities
),

labelled as (
    select
        classified.*,
        {{ label_of('classified.activity_type', 'activity_type_labels', 'activity_type') }} as activity_type_label
    from classified
)

select * from labelled
