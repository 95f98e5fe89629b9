{#- The columns dim_program and dim_program_history share (the SPEC §4 program columns plus
    provenance), so the two tables cannot drift apart. -#}
{% macro program_columns() -%}
        program_code,
        program_key,
        program_area,
        program_seq,
        title,
        department,
        status,
        status_group,
        status_group_label,
        implementation_rate_pct,
        completion_target,
        completion_year,
        total_budget_krw,
        business_types,
        period_start,
        period_end,
        reported_as_of,
        source_path,
        source_sha256,
        sheet_index,
        submission_id,
        loaded_at
{%- endmacro %}
