-- The program block of each parsed sheet.
with programs as (
    select * from {{ source('raw', 'programs') }}
),

renamed as (
    select
        submission_id,
        program_code,
        -- The program's identity: its code with every number's zero padding dropped, so 지역개발-09
        -- and 지역개발-9 are one program while 안전도시-1-3 and 안전도시-2-3 stay two.
        regexp_replace(program_code, '-0+(?=[0-9])', '-', 'g') as program_key,
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
