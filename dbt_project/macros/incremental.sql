{#- The rows of `relation` (a per-submission staging model) that an incremental model must
    (re)process, with the fingerprint of the rules seed it applies as rules_digest.
    On a full build: the rows of every parsed submission. On an incremental build: those of
    submissions the model holds no rows for yet (raw is append-only, so a submission's rows
    never change once landed), or of all of them again when the rules seed changed since the
    last build. Acceptance is decided downstream, so a later release from quarantine needs
    no reprocessing here. -#}
{% macro rows_to_process(relation, rules_seed) -%}
    select
        rows_of_submissions.*,
        {{ seed_digest(rules_seed) }} as rules_digest
    from {{ relation }} as rows_of_submissions
    where rows_of_submissions.submission_id in (
        select submissions.submission_id
        from {{ ref('stg_raw__submissions') }} as submissions
        where submissions.parse_status = 'parsed'
        {% if is_incremental() %}
            and (
                {{ seed_digest(rules_seed) }} is distinct from (select max(built.rules_digest) from {{ this }} as built)
                or not exists (select 1 from {{ this }} as built where built.submission_id = submissions.submission_id)
            )
        {% endif %}
    )
{%- endmacro %}
