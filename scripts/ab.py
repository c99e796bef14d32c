#!/usr/bin/env python3
"""Paired A/B timing of two gatelint builds and `find | xargs cat`, interleaved.

hyperfine runs each command's runs back to back, so a machine whose speed drifts (a shared VM:
the same build measured 0.25 s and 0.34 s within ten minutes here) favours whichever ran in the
faster stretch. Here every round runs the three commands once each, in a rotating order, and the
ratio is taken round by round (paired), so drift cancels out.

    scripts/ab.py CORPUS NEW OLD [ROUNDS] [-- gatelint args...]

e.g. `scripts/ab.py /tmp/gatelint-bench/corpus-10000-s11 target/release/gatelint /tmp/old 30 --
--threads 1`. Prints wall (mean, sd, median, min), user and system CPU of each, and the paired
NEW/OLD ratio.
"""
import resource
import statistics as st
import subprocess
import sys
import time


def main() -> None:
    args = sys.argv[1:]
    extra: list[str] = []
    if "--" in args:
        cut = args.index("--")
        args, extra = args[:cut], args[cut + 1 :]
    if len(args) < 3:
        sys.exit(__doc__)
    corpus, new, old = args[:3]
    rounds = int(args[3]) if len(args) > 3 else 30
    gl = ["check", "--format", "concise", "--quiet", *extra, corpus]
    cmds = {
        "new": [new, *gl],
        "old": [old, *gl],
        "cat": ["sh", "-c", f"find '{corpus}' -name README.md -print0 | xargs -0 cat > /dev/null"],
    }
    names = list(cmds)
    wall = {k: [] for k in names}
    cpu = {k: [] for k in names}
    for _ in range(3):  # warm-up: the page cache, the binaries
        for k in names:
            subprocess.run(cmds[k], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for i in range(rounds):
        for k in names[i % 3 :] + names[: i % 3]:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(cmds[k], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall[k].append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[k].append((after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime))
    for k in names:
        w = wall[k]
        user = st.mean(c[0] for c in cpu[k])
        system = st.mean(c[1] for c in cpu[k])
        print(
            f"{k:4} wall mean {st.mean(w):.3f} s  sd {st.stdev(w):.3f}  median {st.median(w):.3f}"
            f"  min {min(w):.3f}  user {user:.3f}  sys {system:.3f}"
        )
    paired = [a / b for a, b in zip(wall["new"], wall["old"])]
    to_cat = [a / b for a, b in zip(wall["new"], wall["cat"])]
    print(
        f"paired new/old: median {st.median(paired):.3f}, mean {st.mean(paired):.3f}; "
        f"new/cat: median {st.median(to_cat):.3f}"
    )


if __name__ == "__main__":
    main()
