-- The program block of each parsed sheet.
with programs as (
    select * from {{ source('raw', 'programs') }}
),

renamed as (
    select
        submission_id,
        program_code,
        -- The program's identity: area and number, so 지역개발-09 and 지역개발-9 are one program.
        case
            when program_area is not null and program_seq is not null then program_area || '-' || program_seq::text
            else program_code
        end as program_key,
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
