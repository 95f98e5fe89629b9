-- Every accepted submission of every program, oldest first, so analysts can follow how a
-- program's status and rate moved. valid_to is the next version's valid_from.
with versions as (
    select * from {{ ref('int_program_versions') }}
),

final as (
    select
        {{ program_columns() }},
        version_number,
        valid_from,
        valid_to,
        is_current
    from versions
)

select * from final
