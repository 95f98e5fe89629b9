-- Yearly target cells (연차별 추진계획): one per metric and year.
with targets as (
    select * from {{ source('raw', 'targets') }}
),

renamed as (
    select
        submission_id,
        metric,
        year as target_year,
        value as target_value,
        unit,
        comparator,
        raw as target_text,
        line as source_line
    from targets
)

select * from renamed
