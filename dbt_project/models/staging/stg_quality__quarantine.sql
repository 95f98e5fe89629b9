-- The steward's quarantine: which submissions are held back (open), let through (released)
-- or replaced by a newer one (superseded).
with quarantine as (
    select * from {{ source('quality', 'quarantine') }}
),

renamed as (
    select
        submission_id,
        state as quarantine_state,
        reason as quarantine_reason,
        since as quarantined_since
    from quarantine
)

select * from renamed
