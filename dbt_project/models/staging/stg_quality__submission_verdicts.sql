-- The latest GX verdict of each validated submission.
with verdicts as (
    select * from {{ source('quality', 'submission_verdicts') }}
),

renamed as (
    select
        submission_id,
        verdict,
        run_id as validation_run_id,
        decided_at
    from verdicts
)

select * from renamed
