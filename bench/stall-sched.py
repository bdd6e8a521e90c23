#!/usr/bin/env python3
"""What the window waited for: reads `perf sched timehist` output of a bench/stall.sh run (recorded
with `perf sched record -k CLOCK_MONOTONIC -a`, so its times are StallBench's System.nanoTime) and
StallBench's report, and for every stretch of more than --min-ms in which the JavaFX thread did
not run during the operation, says how long it slept (waiting for a pulse, the renderer or a
collection) and how long it was runnable but had no core, and who had the two cores meanwhile:
the app's own threads by role, the busy loops, Xvfb, and every other process on the machine.

usage: stall-sched.py TIMEHIST REPORT [--min-ms 100] [--phase NAME]
Prints a short table (markdown) to stdout. Standard library only.
"""
import argparse
import collections
import re
import sys

ROW = re.compile(r'\s*([\d.]+)\s+\[(\d+)\]\s+(.*?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$')
TASK = re.compile(r'^(.*)\[(\d+)(?:/(\d+))?\]$')
OURS = [('JavaFX Applicat', 'app: FX thread'), ('QuantumRenderer', 'app: renderer'),
        ('lifeboat-', 'app: engine threads'), ('VM Thread', 'app: collector (VM thread)'),
        ('GC Thread', 'app: collector (VM thread)'), ('CompilerThre', 'app: JIT compilers'),
        ('stallbench', 'app: the bench\'s probes')]


def parse(path):
    rows = []
    with open(path, errors='replace') as f:
        for line in f:
            m = ROW.match(line)
            if not m:
                continue
            t = TASK.match(m.group(3))
            if not t:
                continue
            tid, pid = int(t.group(2)), int(t.group(3) or t.group(2))
            # time of switch-out, name, pid, sleep ms, wait-for-cpu ms, run ms
            rows.append((float(m.group(1)), t.group(1), pid, float(m.group(4)), float(m.group(5)), float(m.group(6))))
    return rows


def phases(report):
    bounds = {}
    with open(report) as f:
        inside = False
        for line in f:
            if line.startswith('phase bounds'):
                inside = True
                continue
            if inside:
                if not line.strip():
                    break
                name, start, end = line.strip().split('\t')
                bounds[name] = (float(start), float(end))
    return bounds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('timehist')
    ap.add_argument('report')
    ap.add_argument('--min-ms', type=float, default=100)
    ap.add_argument('--phase', default=None, help='default: the operation (the first phase not idle)')
    a = ap.parse_args()
    rows = parse(a.timehist)
    bounds = phases(a.report)
    name = a.phase or next(n for n in bounds if not n.startswith('idle') and not n.endswith('its end'))
    lo, hi = bounds[name]
    app = {pid for _, n, pid, *_ in rows if n.startswith('stallbench-')}
    if len(app) != 1:
        sys.exit('cannot tell the app\'s process in the trace (pids with stallbench threads: %s)' % sorted(app))
    app = app.pop()

    def role(n, pid):
        if pid == app:
            return next((r for k, r in OURS if k in n), 'app: other threads (pulse timer, ...)')
        if n == 'bash':
            return 'bash (the busy loops, mostly)'
        if n.startswith('Xvfb'):
            return 'Xvfb'
        return 'other processes on the machine'

    fx = [r for r in rows if r[2] == app and r[1].startswith('JavaFX Applicat')]
    total = collections.Counter()
    count = span = slept = waited = 0
    longest = []
    for t, _, _, sleep, wait, run in fx:
        gap = sleep + wait
        end = t - run / 1000
        start = end - gap / 1000
        if gap < a.min_ms or start < lo or end > hi:
            continue
        count += 1
        span += gap
        slept += sleep
        waited += wait
        here = collections.Counter()
        for t2, n2, pid2, _, _, run2 in rows:
            s, e = max(start, t2 - run2 / 1000), min(end, t2)
            if e > s:
                here[role(n2, pid2)] += (e - s) * 1000
        total.update(here)
        longest.append((gap, sleep, wait, here))
    print(f'FX thread off a core for more than {a.min_ms:.0f} ms during "{name}": {count} times, {span:.0f} ms in all '
          f'(asleep {slept:.0f} ms: waiting for a pulse, the renderer or a collection; runnable without a core {waited:.0f} ms)')
    print()
    print('| who had the cores in those stretches | CPU ms | share |')
    print('|---|---:|---:|')
    s = sum(total.values()) or 1
    for k, v in total.most_common():
        print(f'| {k} | {v:.0f} | {100 * v / s:.1f}% |')
    print()
    print('longest stretches (ms: asleep + waiting for a core; top users of the cores):')
    for gap, sleep, wait, here in sorted(longest, key=lambda x: -x[0])[:8]:
        top = ', '.join(f'{k} {v:.0f}' for k, v in here.most_common(4))
        print(f'  {gap:.0f} ({sleep:.0f} + {wait:.0f}): {top}')


if __name__ == '__main__':
    main()
