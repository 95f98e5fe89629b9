{#- Where a fiscal year stands against the year a sheet reports for: past (before it), current
    (that year: execution still under way) or planned (after it: demand, nothing executed yet). -#}
{% macro year_status(fiscal_year, reporting_year) -%}
    case
        when {{ fiscal_year }} < {{ reporting_year }} then 'past'
        when {{ fiscal_year }} = {{ reporting_year }} then 'current'
        else 'planned'
    end
{%- endmacro %}
