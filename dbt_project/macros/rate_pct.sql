{#- A percentage rounded to 2 places as numeric; null where the denominator is null or 0
    (a rate over nothing is unknown, not 0). Every rate in the marts goes through here. -#}
{% macro rate_pct(numerator, denominator) -%}
    round(100.0 * ({{ numerator }})::numeric / nullif(({{ denominator }})::numeric, 0), 2)
{%- endmacro %}
