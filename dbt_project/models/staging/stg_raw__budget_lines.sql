-- Budget cells per line item, funding source and year, including each sheet's 계 (total) row
-- and its line items' 소계 (subtotal) rows (is_total with the line item's name).
with budget_lines as (
    select * from {{ source('raw', 'budget_lines') }}
),

renamed as (
    select
        submission_id,
        line_item,
        funding_source,
        is_total,
        is_total and line_item = '계' as is_grand_total,
        year as fiscal_year,
        secured_krw,
        demand_krw,
        executed_krw,
        line as source_line
    from budget_lines
)

select * from renamed
