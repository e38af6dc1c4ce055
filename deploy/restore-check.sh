#!/usr/bin/env bash
# Restore the newest backup into a scratch database and compare its rows and the latest
# annual report's figures with the live database: a backup that does not restore is no backup.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${GIAMNGHEO_BACKUP_DIR:-/var/backups/giamngheo}
latest=$(ls -1t "$dir"/giamngheo-*.dump | head -1)
scratch=${DATABASE_URL%/*}/giamngheo_restore_check
admin=${DATABASE_URL%/*}/postgres
psql "$admin" -qc "DROP DATABASE IF EXISTS giamngheo_restore_check" -qc "CREATE DATABASE giamngheo_restore_check"
pg_restore --no-owner --dbname="$scratch" "$latest"
py=.venv/bin/python
figures='
import json
from django.db import connection
from monitoring import indicators
from datetime import date
with connection.cursor() as cursor:
    tables = sorted(t for t in connection.introspection.table_names())
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
year = date.today().year - 1
data = indicators.compute(date(year, 1, 1), date(year, 12, 31), year)
data.pop("members")
print(json.dumps({"counts": counts, "figures": data}, sort_keys=True, default=str))
'
live=$("$py" manage.py shell --no-imports -v 0 -c "$figures")
restored=$(DATABASE_URL="$scratch" DATABASE_POOL=false "$py" manage.py shell --no-imports -v 0 -c "$figures")
psql "$admin" -qc "DROP DATABASE giamngheo_restore_check"
if [ "$live" != "$restored" ]; then
  echo "restore check: $latest DIFFERS from the live database (rows written since the backup, or a broken dump)" >&2
  exit 1
fi
echo "restore check: $latest restores to the same rows and report figures"
