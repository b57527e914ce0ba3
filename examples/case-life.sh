#!/usr/bin/env bash
# One case's whole life at a mediation desk, as a clerk would type it.
# Usage: REDPROP_DB=/tmp/desk.db examples/case-life.sh   (uses `redprop` on PATH, or $REDPROP)
set -euo pipefail
rp=${REDPROP:-redprop}

$rp site add XH --name 星河国际 --community 星河社区 --street 湖塘镇 --district 武进区 --company 星河物业 \
    --level province --level-year 2020 >/dev/null
$rp mediator add --name 王建国 --site XH --party-branch 星河社区党委第一支部 --title 党员老娘舅 >/dev/null

# Scenario 4 of the domain notes: a leak from 12F to 11F.
n=$($rp case add --site XH --category 漏水 --title "12楼卫生间漏水至11楼" \
      --applicant 张伟@3-2-1101 --respondent 李强@3-2-1201 --amount 3200 --mediator 王建国 \
      --reported 2026-11-02)
echo "recorded $n"
$rp case note "$n" "双方到调解室面谈，同意由楼上业主承担维修费用" --date 2026-11-05 >/dev/null
$rp case resolve "$n" --outcome 书面协议 --agreed 3200 --date 2026-11-06 >/dev/null
$rp case visit "$n" --fulfilment done --satisfaction 满意 --date 2026-11-12 --note "费用已付清" >/dev/null
$rp case close "$n" --date 2026-11-13 >/dev/null
$rp case show "$n" --json | python3 -c 'import json,sys; c=json.load(sys.stdin); print(c["number"], c["status"], c["outcome"], len(c["events"]), "events")'
