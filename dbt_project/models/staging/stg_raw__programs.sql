-- The program block of each parsed sheet.
with programs as (
    select * from {{ source('raw', 'programs') }}
),

renamed as (
    select
        submission_id,
        program_code,
        program_area,
        program_seq,
        title,
        status,
        implementation_rate_pct,
        completion_target,
        completion_year,
        total_budget_krw,
        business_types,
        department,
        period_start,
        period_end
    from programs
)

select * from renamed
