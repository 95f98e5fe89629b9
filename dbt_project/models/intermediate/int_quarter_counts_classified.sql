{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='submission_id',
        indexes=[{'columns': ['submission_id']}],
    )
}}
-- Every numbered item of every quarter summary, typed by the same keyword seed as the
-- activities (협치론장 운영 → forum, 민관협치 사업 완료 → project_completed), so the KPIs
-- can count forums held and projects completed from the sheets' own tallies.
with rules as (
    select {{ seed_digest('activity_type_keywords') }} as rules_digest
),

quarter_counts as (
    select * from {{ ref('stg_raw__quarter_counts') }}
    where submission_id in ({{ submissions_to_process(seed_digest('activity_type_keywords')) }})
),

classified as (
    select
        quarter_counts.submission_id,
        quarter_counts.source_line,
        quarter_counts.reported_year,
        quarter_counts.reported_quarter,
        quarter_counts.label,
        quarter_counts.unit,
        quarter_counts.reported_value,
        {{ activity_type_of('quarter_counts.label') }} as activity_type,
        rules.rules_digest
    from quarter_counts
    cross join rules
)

select * from classified
