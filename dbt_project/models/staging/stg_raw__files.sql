-- One row per distinct file content, without its bytes: what a submission's file was and when it was
-- last modified before discovery (the tie-breaker between sheets reporting the same date).
with files as (
    select * from {{ source('raw', 'files') }}
),

renamed as (
    select
        sha256 as source_sha256,
        size_bytes,
        first_path,
        modified_at as file_modified_at,
        first_seen_at
    from files
)

select * from renamed
