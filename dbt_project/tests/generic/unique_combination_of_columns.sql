{#- The grain test: no two rows share the same values of these columns (nulls compare equal,
    so a null funding source cannot hide a duplicate). Written here because `dbt deps`
    cannot reach the hub for dbt_utils. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as rows_sharing_grain
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}
