-- Every accepted submission of every program, oldest first, so analysts can follow how a
-- program's status and rate moved. valid_to is the next version's valid_from.
with versions as (
    select * from {{ ref('int_program_versions') }}
),

final as (
    select
        program_code,
        program_key,
        submission_id,
        version_number,
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
        loaded_at,
        valid_from,
        valid_to,
        is_current
    from versions
)

select * from final
