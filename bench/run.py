#!/usr/bin/env python3
"""Times parallax, Hugo and Zola on the same generated sites, interleaved, and prints a table.

    python3 bench/run.py [--sizes 1000,10000] [--parallax-only 100000] [--rounds 5]
                         [--zola PATH] [--work /dev/shm/parallax-bench]

For each size it generates the three sites (bench/generate.py), then runs the tools in rotation
(parallax, Hugo, Zola, parallax, ...) for --rounds rounds, each build into a fresh output folder
and without what a build keeps beside it (parallax's manifest and key points memo), under GNU time
for wall, user, sys and peak RSS. It prints the medians, the ratios to parallax,
files and bytes written, the size of the archive GitHub's Pages workflow uploads (see
`artifact_bytes`), median and p90 story-page bytes, search-index bytes per story, and for
parallax a no-change rebuild (files written) and a one-story-change rebuild. Hugo comes from
Debian's package (`apt-get install hugo`); Zola is used when --zola names a binary or `zola` is on
the PATH (build it from its source repository, tag v0.22.1); a tool that cannot be found is skipped
and said so. Use a tmpfs for --work so the disk stays out of the figures.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed(cmd, cwd=None):
    """Runs `cmd` under GNU time; returns (wall, user, sys, peak MiB)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *cmd], cwd=cwd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr[-2000:]}")
    wall, user, system, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user), float(system), int(rss) / 1024


def tree_stats(folder):
    files, total, stories = 0, 0, []
    for dirpath, _, names in os.walk(folder):
        for name in names:
            size = os.path.getsize(os.path.join(dirpath, name))
            files += 1
            total += size
            if name == "index.html" and ("/stories/" in dirpath or "/posts/" in dirpath
                                         or os.path.basename(dirpath).startswith("story-")):
                stories.append(size)
    stories.sort()
    median = stories[len(stories) // 2] if stories else 0
    p90 = stories[int(len(stories) * 0.9)] if stories else 0
    return files, total, median, p90


class _Deflated:
    """A write-only file that counts the bytes of what is written, deflated."""

    def __init__(self):
        self.deflate = zlib.compressobj(6)
        self.bytes = 0

    def write(self, data):
        self.bytes += len(self.deflate.compress(data))
        return len(data)

    def close(self):
        self.bytes += len(self.deflate.flush())


def artifact_bytes(folder):
    """The size of what `actions/upload-pages-artifact@v5` uploads for `folder`: a tar of it without
    hidden files, zipped by `actions/upload-artifact` at its default deflate level 6. This is the
    size `actions/deploy-pages` compares with its 1 GB limit (10 GB for the tar itself)."""
    sink = _Deflated()
    with tarfile.open(fileobj=sink, mode="w|", format=tarfile.GNU_FORMAT) as tar:
        for dirpath, dirnames, names in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(n for n in names if not n.startswith(".")):
                tar.add(os.path.join(dirpath, name), arcname=os.path.relpath(os.path.join(dirpath, name), folder))
    sink.close()
    return sink.bytes


def search_bytes(folder):
    total = 0
    for dirpath, _, names in os.walk(os.path.join(folder, "search")):
        total += sum(os.path.getsize(os.path.join(dirpath, n)) for n in names if n.endswith((".js", ".json")))
    return total


def tools(args, site):
    found = {"parallax": [os.path.join(ROOT, "target/release/parallax"), "build", "--root",
                          f"{site}/parallax", "--output", "OUT"]}
    if shutil.which("hugo"):
        found["hugo"] = ["hugo", "--quiet", "-s", f"{site}/hugo", "-d", "OUT"]
    else:
        print("skipped Hugo: not installed (apt-get install hugo)")
    zola = args.zola or shutil.which("zola")
    if zola and os.path.exists(zola):
        found["zola"] = [zola, "--root", f"{site}/zola", "build", "--force", "-o", "OUT"]
    else:
        print("skipped Zola: no binary (--zola PATH; build it from its repository, tag v0.22.1)")
    return found


def forget_state(site, name):
    """Removes what a build keeps beside its output (parallax: `.out-parallax.parallax-manifest`,
    the key points memo, the share-card cache), so that every timed build is a first build."""
    prefix = f".out-{name}."
    for entry in os.listdir(site):
        if entry.startswith(prefix):
            path = os.path.join(site, entry)
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.remove(path)


def bench_size(n, args, only_parallax):
    site = os.path.join(args.work, f"n{n}")
    if not os.path.isdir(site):
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(n), site], check=True)
    runs = tools(args, site)
    if only_parallax:
        runs = {"parallax": runs["parallax"]}
    results = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, cmd in runs.items():
            out = os.path.join(site, f"out-{name}")
            shutil.rmtree(out, ignore_errors=True)
            forget_state(site, name)
            results[name].append(timed([out if c == "OUT" else c for c in cmd]))
    rows = {}
    for name, samples in results.items():
        median = [statistics.median(s[k] for s in samples) for k in range(4)]
        out = os.path.join(site, f"out-{name}")
        rows[name] = median + list(tree_stats(out)) + [search_bytes(out) / n if name == "parallax" else 0,
                                                       artifact_bytes(out)]
    print_rows(n, rows, args.rounds)
    rebuilds(site, runs["parallax"])


def print_rows(n, rows, rounds):
    print(f"\n{n} stories, median of {rounds} interleaved rounds")
    print("| tool | wall s | user s | sys s | peak RSS MiB | files | MB written | Pages artifact MB "
          "| story page median / p90 KB | search B/story | wall vs parallax |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    base = rows["parallax"][0]
    for name, r in rows.items():
        wall, user, system, rss, files, total, median, p90, search, artifact = r
        print(f"| {name} | {wall:.2f} | {user:.2f} | {system:.2f} | {rss:.0f} | {files} | {total / 1e6:.1f} "
              f"| {artifact / 1e6:.1f} "
              f"| {median / 1024:.1f} / {p90 / 1024:.1f} | {search:.0f} | {wall / base:.2f}x |")


def rebuilds(site, cmd):
    """parallax: a rebuild with nothing changed, then one with one story changed."""
    out = os.path.join(site, "out-parallax")
    binary = [out if c == "OUT" else c for c in cmd]
    before = {p: os.stat(p).st_mtime_ns for p in walk(out)}
    wall = timed(binary)[0]
    changed = sum(1 for p in walk(out) if before.get(p) != os.stat(p).st_mtime_ns)
    print(f"parallax no-change rebuild: {wall:.2f} s, {changed} files written")
    story = os.path.join(site, "parallax/content/stories/story-000000.md")
    with open(story, encoding="utf-8") as f:
        text = f.read()
    # The first build after a build into an empty folder renders every page once more, to record
    # each page's hash; from then on a build renders only the pages whose view changed.
    with open(story, "w", encoding="utf-8") as f:
        f.write(text.replace("title: \"", "title: \"Updated: ", 1))
    timed(binary)
    with open(story, "w", encoding="utf-8") as f:
        f.write(text.replace("title: \"", "title: \"Updated again: ", 1))
    before = {p: os.stat(p).st_mtime_ns for p in walk(out)}
    time.sleep(0.01)
    wall = timed(binary)[0]
    changed = sum(1 for p in walk(out) if before.get(p) != os.stat(p).st_mtime_ns)
    print(f"parallax one-story-change rebuild: {wall:.2f} s, {changed} files written")
    with open(story, "w", encoding="utf-8") as f:
        f.write(text)


def walk(folder):
    for dirpath, _, names in os.walk(folder):
        for name in names:
            yield os.path.join(dirpath, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--parallax-only", default="", help="sizes run for parallax alone (e.g. 100000)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--zola")
    parser.add_argument("--work", default="/dev/shm/parallax-bench")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(ROOT, "target/release/parallax")):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    with open("/proc/loadavg") as f:
        print(f"machine: {os.cpu_count()} CPUs, load {f.read().split()[0:3]}")
    for n in [int(s) for s in args.sizes.split(",") if s]:
        bench_size(n, args, False)
    for n in [int(s) for s in args.parallax_only.split(",") if s]:
        bench_size(n, args, True)


if __name__ == "__main__":
    main()
