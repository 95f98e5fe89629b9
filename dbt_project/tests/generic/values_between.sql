{#- Every non-null value lies within [min_value, max_value] (months, quarters, rates). -#}
{% test values_between(model, column_name, min_value, max_value) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}
{% endtest %}
