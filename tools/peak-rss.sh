#!/usr/bin/env bash
# Peak memory of every service while the local stack runs one input end to end.
#   tools/peak-rss.sh FILE [PARTITION_SIZE]
# Starts a fresh detached stack, runs FILE with --wait, prints the wall time, the run's status and the
# peak RSS (VmHWM) of each service process, then stops the stack. E.g. with synthetic data:
#   ./scitldr generate --papers 300000 --seed 1 --out /tmp/300k.jsonl && tools/peak-rss.sh /tmp/300k.jsonl
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
input="$1"
partition_size="${2:-1000}"
./scitldr down >/dev/null 2>&1 || true
./scitldr up --detach >/dev/null
start=$(date +%s)
summary=$(./scitldr run --input "$input" --partition-size "$partition_size" --wait --json --timeout 3600 2>/dev/null || true)
end=$(date +%s)
echo "end to end: $((end - start)) s"
python3 - "$summary" <<'PY'
import json, sys
summary = json.loads(sys.argv[1]) if sys.argv[1].strip() else {}
print("status:", summary.get("status"), "papers:", summary.get("papers"), "input:", summary.get("input"))
stack = json.load(open(".scitldr/stack.json"))
for name, service in stack["services"].items():
    for line in open(f"/proc/{service['pid']}/status"):
        if line.startswith("VmHWM"):
            print(f"{name:15} peak RSS {int(line.split()[1]) // 1024} MB")
PY
./scitldr down >/dev/null
