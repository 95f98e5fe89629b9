"""The marts' published shape (``dbt_project/contracts/marts.yml``) checked against a warehouse.

dbt's enforced contracts stop a build whose SQL disagrees with the model's YAML; this file is
the other half: the YAML itself may not drop a column or change a type that BI tools rely on.
Additions are allowed, so the check reads only the columns the file lists.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from sheetfeed import settings

CONTRACT_FILE = settings.DBT_PROJECT_DIR / "contracts" / "marts.yml"

COLUMNS = """
select table_name, column_name,
       case when data_type = 'ARRAY' then ltrim(udt_name, '_') || '[]' else data_type end
from information_schema.columns
where table_schema = 'marts'
"""


def published(path: Path = CONTRACT_FILE) -> dict[str, dict[str, str]]:
    """{table: {column: type}} as the contract file lists them."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["marts"]


def built(conn) -> dict[str, dict[str, str]]:
    """{table: {column: type}} of the marts schema of the warehouse behind ``conn``."""
    tables: dict[str, dict[str, str]] = {}
    for table, column, data_type in conn.execute(COLUMNS):
        tables.setdefault(table, {})[column] = data_type
    return tables


def breaks(contract: dict[str, dict[str, str]], actual: dict[str, dict[str, str]]) -> list[str]:
    """One line per promise broken: a table or column gone, or a column's type changed."""
    found = []
    for table, columns in contract.items():
        if table not in actual:
            found.append(f"marts.{table} is gone")
            continue
        for column, data_type in columns.items():
            if column not in actual[table]:
                found.append(f"marts.{table}.{column} is gone")
            elif actual[table][column] != data_type:
                found.append(f"marts.{table}.{column} is {actual[table][column]}, the contract says {data_type}")
    return found
