{#- Custom schema names are used verbatim (staging, intermediate, marts, quality), not
    prefixed with the target schema as dbt does by default: the schemas are a contract
    (SPEC section 3) and roles are granted on them by name. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
