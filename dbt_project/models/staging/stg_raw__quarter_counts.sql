-- Numbered items of each quarter's summary line (추진실적), e.g. 협치론장 운영 3 회.
with quarter_counts as (
    select * from {{ source('raw', 'quarter_counts') }}
),

renamed as (
    select
        submission_id,
        year as reported_year,
        quarter as reported_quarter,
        label,
        value as reported_value,
        unit,
        line as source_line
    from quarter_counts
)

select * from renamed
