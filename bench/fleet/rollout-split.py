"""The resizer's rollout-phase latency split by what the rollout was doing when each request was due.

  python3 bench/fleet/rollout-split.py .bmo/bench/fleet-local

Reads samples-deploy.txt (LoadGenerator --samples-file) and deploy-*.log (each line with the epoch ms it came
at), both written by bench/fleet/run, and sets each request beside the Ansible task last started before it:
a host starting (restart, wait_for_health: out of the pool, so any cost there is the machine's, not the
restarted host's), its warm-up replay, and the rest (in the pool again, the load balancer's tasks).
"""
import bisect
import glob
import re
import sys

work = sys.argv[1]
lines = open(work + "/samples-deploy.txt").read().splitlines()
start = int(lines[0].split()[2])  # "# start <epoch ms>"
rows = (line.split() for line in lines[1:])
requests = [(int(r[2]) + start, int(r[3]) / 1000.0) for r in rows if r[0] == "resizer" and r[1] == "rollout"]
tasks = []
for log in glob.glob(work + "/deploy-*.log"):
    for line in open(log):
        at, _, text = line.rstrip("\n").partition(" ")
        if at.isdigit() and "task:" in text:
            tasks.append((int(at), text.split("task:", 1)[1].strip()))
tasks.sort()
starts = [t for t, _ in tasks]


def kind(task):
    if re.match(r"(restart|wait_for_health)\b", task):
        return "a host starting (restart, wait_for_health)"
    if task.startswith("warm_up"):
        return "its warm-up replay"
    return "the rest (in the pool again, other tasks)"


groups = {}
for due, ms in requests:
    i = bisect.bisect_right(starts, due) - 1
    groups.setdefault(kind(tasks[i][1]) if i >= 0 else "before the first task", []).append(ms)


def pct(values, q):
    return values[min(len(values) - 1, int(len(values) * q))]


for name, values in sorted(groups.items()):
    values.sort()
    print(f"resizer rollout, {name:44s} requests {len(values):5d}  p50 {pct(values, .5):6.1f}  "
          f"p95 {pct(values, .95):6.1f}  p99 {pct(values, .99):6.1f} ms")
