"""Reading submitted program sheets: the documents (``extract.sheets``), which
files of an inbox are submissions (``extract.inbox``) and the ``sheetfeed
extract`` command (``extract.cli``). Knows nothing of the warehouse, GX, dbt or
Airflow; importing this package imports nothing heavy."""
