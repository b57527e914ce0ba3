#!/usr/bin/env bash
# Export last month's cases of one site as CSV for a spreadsheet (phones masked).
# Usage: examples/monthly-csv.sh XH 2026-10 > xh-2026-10.csv
set -euo pipefail
rp=${REDPROP:-redprop}
site=$1 month=$2
first="$month-01"
last=$(python3 -c "import calendar,sys; y,m=map(int,sys.argv[1].split('-')); print(f'{sys.argv[1]}-{calendar.monthrange(y,m)[1]:02d}')" "$month")
$rp case list --site "$site" --from "$first" --to "$last" --format csv
