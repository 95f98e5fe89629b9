-- Activity bullets under each quarter header (추진실적).
with activities as (
    select * from {{ source('raw', 'activities') }}
),

renamed as (
    select
        submission_id,
        year as activity_year,
        month as activity_month,
        reported_year,
        reported_quarter,
        text as description,
        line as source_line
    from activities
)

select * from renamed
