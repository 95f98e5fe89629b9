-- Every numbered item of every quarter summary, typed by the same keyword seed as the
-- activities (협치론장 운영 → forum, 민관협치 사업 완료 → project_completed), so the KPIs
-- can count forums held and projects completed from the sheets' own tallies.
with quarter_counts as (
    {{ rows_to_process(ref('stg_raw__quarter_counts'), rules_seed=['activity_type_keywords', 'activity_type_labels']) }}
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
        quarter_counts.rules_digest
    from quarter_counts
),

labelled as (
    select
        classified.*,
        {{ label_of('classified.activity_type', 'activity_type_labels', 'activity_type') }} as activity_type_label
    from classified
)

select * from labelled
