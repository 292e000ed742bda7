#!/usr/bin/env python3
"""Times `parallax serve` from a story file's save to the changed page being served.

    python3 bench/serve.py SITE [--binary target/release/parallax] [--rounds 5]

Starts `parallax serve --port 0 --root SITE`, then, each round, appends a unique word to the body
of one story file and fetches that story's page until the word is in it. Prints each round's time
and the median. SITE is changed: use a copy (bench/generate.py N DIR makes one, under /dev/shm).
The story file is put back as it was at the end.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request


def story_file(site):
    stories = os.path.join(site, "content", "stories")
    for folder, _, files in sorted(os.walk(stories)):
        for name in sorted(files):
            if name.endswith(".md"):
                return os.path.join(folder, name)
    sys.exit(f"no story file under {stories}")


def slug_of(path, text):
    for line in text.split("---", 2)[1].splitlines():
        if line.startswith("slug:"):
            return line.split(":", 1)[1].strip().strip("\"'")
    return os.path.splitext(os.path.basename(path))[0]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("--binary", default="target/release/parallax")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    server = subprocess.Popen(
        [args.binary, "serve", "--port", "0", "--root", args.site],
        stdout=subprocess.PIPE, text=True, bufsize=1)
    path = story_file(args.site)
    original = open(path, encoding="utf-8").read()
    try:
        base = None
        for line in server.stdout:
            print("serve:", line.rstrip())
            if line.startswith("serving "):
                base = line.split()[1]
                break
        if base is None:
            sys.exit("serve did not start")
        page = f"{base}stories/{slug_of(path, original)}/"
        if "<html" not in fetch(page):
            sys.exit(f"no page at {page}")
        times = []
        for round_ in range(args.rounds):
            word = f"benchmarkword{round_}x{os.getpid()}"
            started = time.perf_counter()
            with open(path, "w", encoding="utf-8") as file:
                file.write(original.rstrip("\n") + f"\n\n{word}\n")
            while word not in fetch(page):
                if time.perf_counter() - started > 120:
                    sys.exit("gave up after 120 s")
                time.sleep(0.002)
            times.append(time.perf_counter() - started)
            print(f"round {round_ + 1}: {times[-1] * 1000:.0f} ms from save to served")
            time.sleep(0.5)
        print(f"median: {statistics.median(times) * 1000:.0f} ms over {len(times)} rounds")
    finally:
        with open(path, "w", encoding="utf-8") as file:
            file.write(original)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
