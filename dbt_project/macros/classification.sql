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


{#- A fingerprint of a seed's whole content. Incremental models store it beside their rows;
    when an analyst edits the seed, the fingerprint changes and every submission is
    reprocessed under the new rules, with no --full-refresh needed. -#}
{% macro seed_digest(seed_name) -%}
    (
        select md5(coalesce(string_agg(seed_rows::text, '|' order by seed_rows::text), ''))
        from {{ ref(seed_name) }} as seed_rows
    )
{%- endmacro %}
