"""Superset's configuration for sheetfeed's `bi` compose profile (SUPERSET_CONFIG_PATH points here).

Superset's own metadata lives in SQLite on the superset-home volume; the marts are read through
one database connection whose login is an analyst's (`sheetfeed warehouse add-user … --role
bi_analyst`). Its password never sits in the dashboard export or Superset's metadata: the
password store below reads it from the environment whenever Superset connects.
"""
import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = "sqlite:////app/superset_home/superset.db"
WTF_CSRF_ENABLED = True
FEATURE_FLAGS = {"DASHBOARD_NATIVE_FILTERS": True}
BABEL_DEFAULT_LOCALE = "ko"
MAPBOX_API_KEY = ""


def _warehouse_password(url):
    """The analyst login's password for the sheetfeed marts connection (SHEETFEED_BI_PASSWORD)."""
    return os.environ.get("SHEETFEED_BI_PASSWORD", "")


SQLALCHEMY_CUSTOM_PASSWORD_STORE = _warehouse_password
