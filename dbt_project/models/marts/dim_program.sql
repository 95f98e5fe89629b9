-- One row per program: its latest accepted submission (latest reported_as_of, then latest load).
with current_versions as (
    select * from {{ ref('int_program_versions') }}
    where is_current
),

final as (
    select
        program_code,
        program_key,
        program_area,
        program_seq,
        title,
        department,
        status,
        status_group,
        implementation_rate_pct,
        completion_target,
        completion_year,
        total_budget_krw,
        business_types,
        period_start,
        period_end,
        reported_as_of,
        source_path,
        source_sha256,
        sheet_index,
        submission_id,
        loaded_at
    from current_versions
)

select * from final
