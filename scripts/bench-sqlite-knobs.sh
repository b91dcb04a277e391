#!/usr/bin/env bash
# SQLite's own cost of a first load, knob by knob (issue 15): 1M key-ordered rows of the distributor_prices shape
# inserted in one IMMEDIATE transaction by the sqlite3 CLI (no .NET), so each line isolates one setting.
# Prints user/sys CPU of the insert and of the commit (which includes the WAL checkpoint). Needs sqlite3.
set -euo pipefail
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT; cd "$dir"
cat > schema.sql <<'SQL'
CREATE TABLE distributor_prices (feed_id TEXT NOT NULL, sku TEXT NOT NULL, sku_key INTEGER NOT NULL, row_hash INTEGER NOT NULL,
  price TEXT NOT NULL, currency TEXT NOT NULL, retail_price TEXT NULL, description TEXT NULL, first_seen_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL, PRIMARY KEY (feed_id, sku)) WITHOUT ROWID;
SQL
sed 's/) WITHOUT ROWID;/);/' schema.sql > rowid.sql
echo "CREATE UNIQUE INDEX ux_prices ON distributor_prices (feed_id, sku);" > index.sql
cat > src.sql <<'SQL'
CREATE TEMP TABLE src AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 1000000)
SELECT printf('IM%07d', i) AS sku, i*2654435761 AS k, i*40503 AS h, printf('%d.%02d', i%5000, i%100) AS price,
       printf('%d.%02d', i%7000, i%100) AS retail, printf('Product Vendor%d #%d', i%50, i) AS d FROM n;
SQL
# run NAME PRAGMAS TAIL-OF-INSERT CREATE-PRAGMAS SCHEMA AFTER
run() {
  rm -f t.db*
  sqlite3 t.db "${4:-} PRAGMA journal_mode=WAL;" >/dev/null
  sqlite3 t.db < "${5:-schema.sql}"
  out=$(sqlite3 t.db <<SQL
PRAGMA synchronous=NORMAL;
$2
.read src.sql
.timer on
BEGIN IMMEDIATE;
INSERT INTO distributor_prices SELECT 'bench', sku, k, h, price, 'BRL', retail, d, 1, 1 FROM temp.src $3;
${6:-}
COMMIT;
SQL
)
  printf '| %s | %s | %s | %s |\n' "$1" "$(echo "$out" | grep 'Run Time' | tail -n +2 | head -n -1 | awk '{u+=$6; s+=$8} END {printf "%.2f s user, %.2f s sys", u, s}')" \
    "$(echo "$out" | grep 'Run Time' | tail -1 | awk '{printf "%.2f s real", $4}')" "$(cut -d' ' -f1 /proc/loadavg)"
}
echo "| variant | insert CPU | commit (with checkpoint) | load avg |"
echo "|---|---:|---:|---:|"
run "as shipped: WITHOUT ROWID, key order, cache 32 MB, synchronous NORMAL" "PRAGMA cache_size=-32768;" ""
run "UPSERT (ON CONFLICT DO UPDATE) instead of INSERT" "PRAGMA cache_size=-32768;" "WHERE true ON CONFLICT(feed_id, sku) DO UPDATE SET price=excluded.price"
run "rows in random key order" "PRAGMA cache_size=-32768;" "ORDER BY h"
run "cache 2 MB (SQLite default)" "PRAGMA cache_size=-2000;" ""
run "cache 128 MB" "PRAGMA cache_size=-131072;" ""
run "synchronous OFF (load connection)" "PRAGMA cache_size=-32768; PRAGMA synchronous=OFF;" ""
run "page size 8 KB" "PRAGMA cache_size=-32768;" "" "PRAGMA page_size=8192;"
run "page size 16 KB" "PRAGMA cache_size=-32768;" "" "PRAGMA page_size=16384;"
run "rowid table + unique index built in the same transaction after the load" "PRAGMA cache_size=-32768;" "" "" rowid.sql "$(cat index.sql)"
run "rowid table + unique index maintained during the load" "PRAGMA cache_size=-32768;" "" "" <(cat rowid.sql index.sql)
