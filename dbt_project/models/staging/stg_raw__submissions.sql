-- One row per submission (a sheet of a file), without the document blob: provenance only.
with submissions as (
    select * from {{ source('raw', 'submissions') }}
),

renamed as (
    select
        submission_id,
        sha256 as source_sha256,
        source_path,
        sheet_index,
        parse_status,
        program_code,
        reported_as_of,
        load_id,
        loaded_at
    from submissions
)

select * from renamed
