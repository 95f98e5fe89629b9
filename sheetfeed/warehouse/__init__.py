"""The PostgreSQL warehouse: which one is in use, the embedded server, and migrations."""
