-- One row per program: its latest accepted submission (latest reported_as_of; on a tie, the file
-- modified last, then the greater sha256 — never the load order).
with current_versions as (
    select * from {{ ref('int_program_versions') }}
    where is_current
),

final as (
    select
        {{ program_columns() }}
    from current_versions
)

select * from final
