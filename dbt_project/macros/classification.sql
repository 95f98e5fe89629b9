{#- The activity type of a text: the type of the lowest-priority keyword of the
    activity_type_keywords seed that the text contains, else 'other'. Used for activity
    bullets and for quarterly count labels alike, so one seed governs both. -#}
{% macro activity_type_of(text_expression) -%}
    coalesce(
        (
            select keywords.activity_type
            from {{ ref('activity_type_keywords') }} as keywords
            where strpos({{ text_expression }}, keywords.keyword) > 0
            order by keywords.priority, keywords.keyword
            limit 1
        ),
        'other'
    )
{%- endmacro %}


{#- A fingerprint of a seed's whole content (or of several seeds', given as a list).
    Incremental models store it beside their rows; when an analyst edits a seed, the
    fingerprint changes and every submission is reprocessed under the new rules, with no
    --full-refresh needed. -#}
{% macro seed_digest(seed_names) -%}
    {%- set names = [seed_names] if seed_names is string else seed_names -%}
    {%- if names | length > 1 %}md5({% endif -%}
    {%- for seed_name in names %}
    (
        select md5(coalesce(string_agg(seed_rows::text, '|' order by seed_rows::text), ''))
        from {{ ref(seed_name) }} as seed_rows
    ){% if not loop.last %} ||{% endif %}
    {%- endfor %}
    {%- if names | length > 1 %}){% endif -%}
{%- endmacro %}


{#- The Korean label of a code (status_group, activity_type) from its labels seed. -#}
{% macro label_of(code_expression, labels_seed, code_column) -%}
    (
        select labels.{{ code_column }}_label
        from {{ ref(labels_seed) }} as labels
        where labels.{{ code_column }} = {{ code_expression }}
    )
{%- endmacro %}
