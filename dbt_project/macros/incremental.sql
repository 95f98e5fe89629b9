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


{#- The current programs (int_current_programs rows) a fact mart must (re)build. On a full
    build: all. On an incremental build: the programs whose current submission is not the
    one the table holds (a new version, a release, a supersession), and those whose rows in
    `derived_from` (the per-submission model the fact copies) now differ from the table in
    a `compare` column, matched on submission_id and `match_on`: that is how an edited seed
    reaches the marts without a full refresh. Rows of programs no longer current are removed
    by delete_rows_no_longer_current (post-hook). A table built before it had every column of
    the model's contract is rebuilt whole: on_schema_change adds the columns, and the
    post-hook drops the old rows. -#}
{% macro current_programs_to_rebuild(derived_from=none, match_on=[], compare=[]) -%}
    select current_programs.*
    from {{ ref('int_current_programs') }} as current_programs
    {% if is_incremental() and execute and has_columns(this, ['program_key', 'submission_id'] + compare + (model.columns.keys() | list)) %}
    where not exists (
            select 1 from {{ this }} as built
            where built.program_key = current_programs.program_key
                and built.submission_id = current_programs.submission_id
        )
        {% if derived_from is not none %}
        or current_programs.program_key in (
            select built.program_key
            from {{ this }} as built
            inner join {{ derived_from }} as derived
                on derived.submission_id = built.submission_id
                {% for column in match_on %}and derived.{{ column }} = built.{{ column }}
                {% endfor %}
            where {% for column in compare %}{% if not loop.first %}or {% endif %}derived.{{ column }} is distinct from built.{{ column }}
                {% endfor %}
        )
        {% endif %}
    {% endif %}
{%- endmacro %}


{#- Whether an existing relation has all these columns (false before its first build). -#}
{% macro has_columns(relation, names) -%}
    {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {{- return(names | reject('in', present) | list | length == 0) -}}
{%- endmacro %}


{#- Post-hook of the fact marts: drop rows whose program's current submission is no longer
    the one they came from (or that has no current submission any more). -#}
{% macro delete_rows_no_longer_current() -%}
    delete from {{ this }} as built
    where not exists (
        select 1 from {{ ref('int_current_programs') }} as current_programs
        where current_programs.program_key = built.program_key
            and current_programs.submission_id = built.submission_id
    )
{%- endmacro %}
