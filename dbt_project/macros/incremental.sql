{#- The parsed submissions an incremental model built per submission must (re)process:
    on a full build all of them; on an incremental build those it holds no rows for yet
    (raw is append-only, so a submission's rows never change once landed), or all of them
    again when the rules the model applies (rules_digest) changed since its last build.
    Acceptance is decided downstream, so a later release from quarantine needs no rebuild here. -#}
{% macro submissions_to_process(rules_digest) -%}
    select submissions.submission_id
    from {{ ref('stg_raw__submissions') }} as submissions
    where submissions.parse_status = 'parsed'
    {% if is_incremental() %}
        and (
            {{ rules_digest }} is distinct from (select max(built.rules_digest) from {{ this }} as built)
            or not exists (select 1 from {{ this }} as built where built.submission_id = submissions.submission_id)
        )
    {% endif %}
{%- endmacro %}
