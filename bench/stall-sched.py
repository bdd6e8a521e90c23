#!/usr/bin/env python3
"""What the window waited for: reads `perf sched timehist` output of a bench/stall.sh run (recorded
with `perf sched record -k CLOCK_MONOTONIC -a`, so its times are StallBench's System.nanoTime) and
StallBench's report, and for every stretch of more than --min-ms in which the JavaFX thread did
not run during the operation, says how long it slept (waiting for a pulse, the renderer or a
collection) and how long it was runnable but had no core, and who had the two cores meanwhile:
the app's own threads by role, the busy loops, Xvfb, and every other process on the machine.

Then, for the longest gaps between frames in the operation (which the FX thread may spend partly
running: CSS, layout, waiting for the renderer), the same split of the gap: how long the FX thread
ran, waited for a core and slept, how long the renderer waited for a core, and who had the cores.

usage: stall-sched.py TIMEHIST REPORT [--min-ms 100] [--phase NAME] [--gaps 8]
Prints short tables (markdown) to stdout. Standard library only.
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
            # time of switch-out, name, pid, ms off a core before it ran (timehist's "wait time": it includes the
            # wait for a core), ms of that runnable but waiting for a core ("sch delay"), ms it then ran
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


def frame_gaps(report):
    """The report's longest frame gaps: (start on CLOCK_MONOTONIC, ms, step)."""
    gaps = []
    with open(report) as f:
        inside = False
        for line in f:
            if line.startswith('longest gaps'):
                inside = True
                continue
            if inside:
                if not line.strip():
                    break
                parts = line.strip('\n').lstrip().split('\t')
                if len(parts) >= 5:
                    gaps.append((float(parts[4]), float(parts[1]), parts[3]))
    return gaps


def states(rows, pid, prefix):
    """The thread's intervals (start, end, state) from its switch-outs: asleep, then waiting for a core, then running."""
    out = []
    for t, n, p, off, wait, run in rows:
        if p != pid or not n.startswith(prefix):
            continue
        run_from = t - run / 1000
        wait_from = run_from - wait / 1000
        out += [(run_from - off / 1000, wait_from, 'asleep'), (wait_from, run_from, 'waiting'), (run_from, t, 'running')]
    return out


def overlap(intervals, lo, hi, state):
    return sum(max(0.0, min(hi, e) - max(lo, s)) for s, e, st in intervals if st == state) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('timehist')
    ap.add_argument('report')
    ap.add_argument('--min-ms', type=float, default=100)
    ap.add_argument('--phase', default=None, help='default: the operation (the first phase not idle)')
    ap.add_argument('--gaps', type=int, default=8, help='how many of the longest frame gaps to take apart')
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
    for t, _, _, off, wait, run in fx:
        gap = off
        sleep = off - wait
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

    gaps = [g for g in frame_gaps(a.report) if lo <= g[0] <= hi][:a.gaps]
    if not gaps:
        return
    fx_states = states(rows, app, 'JavaFX Applicat')
    render_states = states(rows, app, 'QuantumRenderer')
    print()
    print(f'the longest gaps between frames during "{name}":')
    print()
    print('| gap (ms) | step | FX ran | FX waited for a core | FX asleep | renderer waited for a core | who had the cores (CPU ms) |')
    print('|---:|---|---:|---:|---:|---:|---|')
    for start, ms, step in gaps:
        end = start + ms / 1000
        here = collections.Counter()
        for t2, n2, pid2, _, _, run2 in rows:
            s2, e2 = max(start, t2 - run2 / 1000), min(end, t2)
            if e2 > s2:
                here[role(n2, pid2)] += (e2 - s2) * 1000
        top = ', '.join(f'{k} {v:.0f}' for k, v in here.most_common(4))
        print(f'| {ms:.0f} | {step or "-"} | {overlap(fx_states, start, end, "running"):.0f} '
              f'| {overlap(fx_states, start, end, "waiting"):.0f} | {overlap(fx_states, start, end, "asleep"):.0f} '
              f'| {overlap(render_states, start, end, "waiting"):.0f} | {top} |')


if __name__ == '__main__':
    main()
