"""sheetfeed: the nightly feed of district-office program sheets into the warehouse.

This package holds the product's glue (command line, settings, the embedded
warehouse, validation, dbt and Airflow runners). Parsing and loading sheets
live in the sibling package ``extract``.
"""
