#!/usr/bin/env bash
# Nightly backup of the register: pg_dump's custom format, kept 30 days.
set -euo pipefail
dir=${GIAMNGHEO_BACKUP_DIR:-/var/backups/giamngheo}
mkdir -p "$dir"
file="$dir/giamngheo-$(date +%Y%m%d-%H%M).dump"
pg_dump --format=custom --no-owner --file="$file.part" "$DATABASE_URL"
mv "$file.part" "$file"
chmod 600 "$file"
find "$dir" -name 'giamngheo-*.dump' -mtime +30 -delete
echo "backup: $file ($(du -h "$file" | cut -f1))"
