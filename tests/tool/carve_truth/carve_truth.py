#!/usr/bin/env python3
"""Plant (plant.py) and measure (measure.py) in one go: what ctest and bench/ run.

Usage: carve_truth.py --mibtcp PATH --work DIR [plant options] [measure gates] [--reuse]
With --reuse, an image already in DIR (truth.json written with the same options) is measured
again instead of being rebuilt.
"""
import argparse
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backgrounds  # noqa: E402
import measure  # noqa: E402
import plant  # noqa: E402


def _same_options(truth_path, args):
    try:
        with open(truth_path) as f:
            truth = json.load(f)
    except (OSError, ValueError):
        return False
    return (truth.get("seed") == args.seed
            and truth.get("mib_per_background") == args.mib_per_background
            and truth.get("copies") == {"typical": args.typical_copies,
                                        "adversarial": args.adversarial_copies,
                                        "orphan": args.orphan_copies,
                                        "single": args.single_copies}
            and [r["name"] for r in truth.get("regions", [])]
            + [r["name"] for r in truth.get("skipped_backgrounds", [])] == args.backgrounds)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    plant.add_arguments(ap)
    measure.add_arguments(ap)
    ap.add_argument("--reuse", action="store_true",
                    help="measure the image already in --out when it was planted with these options")
    args = ap.parse_args(argv)
    for name in args.backgrounds:
        if name not in backgrounds.NAMES:
            ap.error("unknown background %r" % name)
    truth_path = os.path.join(args.out, "truth.json")
    if not (args.reuse and _same_options(truth_path, args)):
        meta = plant.plant(args)
        print("planted %d objects into %.1f MiB (%s)" % (
            len(meta["planted"]), meta["image_bytes"] / 1048576.0,
            ", ".join("%s %.1f MiB" % (r["name"], r["length"] / 1048576.0) for r in meta["regions"])))
    return measure.measure(args, args.out)


if __name__ == "__main__":
    sys.exit(main())
