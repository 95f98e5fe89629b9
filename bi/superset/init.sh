#!/bin/sh
# Start Superset for the `bi` compose profile: migrate its metadata, create the admin, import
# sheetfeed's dashboard (bi/superset/sheetfeed_dashboard, the checked-in export), then serve.
set -eu
: "${SHEETFEED_BI_PASSWORD:?set SHEETFEED_BI_PASSWORD (the password of the analyst login bi_superset) in .env}"
superset db upgrade
superset fab create-admin --username "${SUPERSET_ADMIN_USER:-admin}" --firstname BI --lastname Admin \
    --email "${SUPERSET_ADMIN_EMAIL:-bi-admin@localhost}" --password "${SUPERSET_ADMIN_PASSWORD:?set SUPERSET_ADMIN_PASSWORD in .env}" \
    || true  # already there after the first start
superset init
export_zip=/tmp/sheetfeed_dashboard.zip
(cd /opt/sheetfeed/bi/superset && python -m zipfile -c "$export_zip" sheetfeed_dashboard)
superset import-dashboards --path "$export_zip" --username "${SUPERSET_ADMIN_USER:-admin}"
exec gunicorn --bind 0.0.0.0:8088 --workers 2 --timeout 120 "superset.app:create_app()"
