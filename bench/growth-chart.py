#!/usr/bin/env python3
"""Draws the incremental store's growth from bench/incremental-cli.sh output as an SVG chart.

  bench/incremental-cli.sh ... | tee run.log
  bench/growth-chart.py run.log docs/incremental-growth.svg

Plots the store's total size after each day next to the total of one full zstd backup per day
(the first day's full backup size, then each later day's compressed size as the script printed
it) and, when the run measured it, restic's repository backing up the same file each day.
Standard library only: the chart is plain SVG.
"""
import re
import sys


def parse(lines):
    first = full0 = restic0 = None
    days, restic_days = [], []
    for line in lines:
        m = re.match(r"day 0: restic repository (\d+) bytes", line)
        if m:
            restic0 = int(m.group(1))
        m = re.search(r"restic \+(\d+) bytes", line)
        if m:
            restic_days.append(int(m.group(1)))
        m = re.match(r"day 0: first version [\d.]+s, store (\d+) bytes", line)
        if m:
            first = int(m.group(1))
        m = re.match(r"day 0: full zstd backup [\d.]+s \((\d+) bytes\)", line)
        if m:
            full0 = int(m.group(1))
        m = re.match(r"day (\d+): backup [\d.]+s .*?\+(\d+) bytes", line)
        if m:
            days.append(int(m.group(2)))
    if first is None or full0 is None or not days:
        sys.exit("no benchmark lines found: run bench/incremental-cli.sh and pass its output")
    store, total = [first], first
    for added in days:
        total += added
        store.append(total)
    full = [full0 * (d + 1) for d in range(len(store))]
    restic = None
    if restic0 is not None and len(restic_days) == len(days):
        restic, total = [restic0], restic0
        for added in restic_days:
            total += added
            restic.append(total)
    return store, full, restic


def svg(store, full, restic=None):
    w, h, left, bottom, top, right = 640, 360, 70, 40, 20, 20
    peak = max(full)
    def x(d):
        return left + d * (w - left - right) / max(1, len(store) - 1)
    def y(v):
        return h - bottom - v * (h - bottom - top) / peak
    def path(vals):
        return " ".join(f"{'M' if i == 0 else 'L'}{x(i):.1f},{y(v):.1f}" for i, v in enumerate(vals))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>']
    for i in range(5):
        v = peak * i / 4
        out.append(f'<line x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v / 1e9:.1f} GB</text>')
    for d in range(0, len(store), max(1, len(store) // 6)):
        out.append(f'<text x="{x(d):.1f}" y="{h - bottom + 16}" text-anchor="middle">day {d}</text>')
    out.append(f'<path d="{path(full)}" fill="none" stroke="#c0392b" stroke-width="2"/>')
    if restic:
        out.append(f'<path d="{path(restic)}" fill="none" stroke="#1e8449" stroke-width="2"/>')
        out.append(f'<text x="{left + 10}" y="{top + 46}" fill="#1e8449">restic, the same file each day: '
                   f'{restic[-1] / 1e9:.2f} GB</text>')
    out.append(f'<path d="{path(store)}" fill="none" stroke="#2471a3" stroke-width="2.5"/>')
    out.append(f'<text x="{left + 10}" y="{top + 14}" fill="#c0392b">a full zstd backup a day (day 0 size each day): '
               f'{full[-1] / 1e9:.2f} GB</text>')
    out.append(f'<text x="{left + 10}" y="{top + 30}" fill="#2471a3">incremental store: {store[-1] / 1e9:.2f} GB</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        s, fl, r = parse(f.readlines())
    with open(sys.argv[2], "w") as f:
        f.write(svg(s, fl, r))
    print(f"{sys.argv[2]}: {len(s)} days, store {s[-1]} bytes, full backups {fl[-1]} bytes")
