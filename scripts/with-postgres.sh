#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: initdb into a temporary folder, the server on
# a Unix socket in that folder (no TCP port to collide with), the command with
# POSDOCTOR_TEST_POSTGRES set to its URL, then the server stopped and the folder removed, also
# when the command fails or is interrupted. Tests create a database of their own on it
# (internal/pgtest). Usage: scripts/with-postgres.sh COMMAND [ARGS...]
# As root the server runs as the postgres user (PostgreSQL refuses to run as root).
set -euo pipefail

bin=""
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && bin="$d"
done
if [ -z "$bin" ] && command -v initdb >/dev/null 2>&1; then
  bin="$(dirname "$(command -v initdb)")"
fi
if [ -z "$bin" ]; then
  echo "with-postgres: PostgreSQL's initdb and pg_ctl are not installed; run 'bash scripts/deps.sh test' (Debian's postgresql package)" >&2
  exit 1
fi

dir="$(mktemp -d /tmp/posdoctor-pg.XXXXXX)"
as=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "with-postgres: running as root needs the postgres user (Debian's postgresql package makes it)" >&2; rm -rf "$dir"; exit 1; }
  chown postgres "$dir"
  chmod 755 "$dir"
  as=(runuser -u postgres --)
fi

stop() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

if ! "${as[@]}" "$bin/initdb" -D "$dir/data" -U posdoctor --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$dir/initdb.log" >&2
  exit 1
fi
# members of posdoctor_pw log in with a password (the tests of a wrong one); everyone else is trusted
{ echo "local all +posdoctor_pw scram-sha-256"; cat "$dir/data/pg_hba.conf"; } >"$dir/pg_hba.conf"
cat "$dir/pg_hba.conf" >"$dir/data/pg_hba.conf"
# a socket in the folder, no TCP; fsync off: a throwaway server, speed over durability
opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
if ! "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/server.log" -w -t 30 start >/dev/null; then
  echo "with-postgres: the server did not start:" >&2
  cat "$dir/server.log" >&2
  exit 1
fi

export POSDOCTOR_TEST_POSTGRES="postgres://posdoctor@/postgres?host=$dir&sslmode=disable"
echo "with-postgres: PostgreSQL $(basename "$(dirname "$bin")") on $dir"
status=0
"$@" || status=$?
exit $status
