#!/bin/sh
# pytest-postgresql runs pg_ctl as the current user, and PostgreSQL refuses to run as root.
# As root (CI), hand the server's folders to the postgres user and run pg_ctl as that user.
set -eu
PG_CTL="${HIPCOACH_PG_CTL:?HIPCOACH_PG_CTL must point at the real pg_ctl}"
if [ "$(id -u)" != "0" ]; then
    exec "$PG_CTL" "$@"
fi
previous=""
for argument in "$@"; do
    case "$previous" in
        -D|--pgdata|-l)
            folder=$(dirname "$argument")
            chown postgres "$folder"
            # postgres must be able to walk down to the folder through pytest's private temp dirs.
            walk="$folder"
            while [ "$walk" != "/" ]; do
                chmod o+x "$walk" 2>/dev/null || true
                walk=$(dirname "$walk")
            done
            ;;
    esac
    previous="$argument"
done
cd /
exec runuser -u postgres -- "$PG_CTL" "$@"
