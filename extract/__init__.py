"""Extraction: reading submitted program sheets (``extract.sheets``), landing
them in the warehouse (``extract.load``) and the ``sheetfeed extract`` command
(``extract.cli``). Importing this package imports nothing heavy."""
