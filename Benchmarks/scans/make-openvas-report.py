#!/usr/bin/env python3
"""Writes a large Greenbone/OpenVAS report for the import benchmark (issue 6), generated from the
real sample reports: their results are repeated over many hosts (10.x.y.z) with the host and the
result id changed, until the file reaches the wanted size.

  Benchmarks/scans/make-openvas-report.py OUT.xml [--megabytes 100] [--samples DIR] [--seed N]

The same arguments give the same file. A second file for "some fixed, some new" re-imports:
--drop 0.1 leaves out a tenth of the results, --seed changes which."""
import argparse
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SAMPLES = HERE.parent.parent / "Tests" / "VigilScansTests" / "Samples" / "openvas"


def results_of(path):
    tree = ET.parse(path)
    return [ET.tostring(r, encoding="unicode") for res in tree.iter("results") for r in res.findall("result")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=float, default=100)
    parser.add_argument("--samples", default=str(DEFAULT_SAMPLES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--drop", type=float, default=0.0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    templates = []
    for path in sorted(Path(args.samples).glob("*.xml")):
        templates += results_of(path)
    if not templates:
        raise SystemExit("no results in the samples")
    target = int(args.megabytes * 1024 * 1024)
    written = 0
    count = 0
    with open(args.out, "w", encoding="utf-8") as out:
        head = ('<?xml version="1.0" encoding="UTF-8"?>\n<report id="bench" format_id="a994b278-1f62-11e1-96ac-406186ea4fc5" '
                'extension="xml" content_type="text/xml"><report id="bench"><results start="1" max="-1">\n')
        out.write(head)
        written += len(head.encode())
        index = 0
        while written < target:
            template = templates[index % len(templates)]
            # Each host gets every template once, so that every result is a finding of its own.
            number = index // len(templates)
            host = f"10.{(number // 62500) % 250 + 1}.{(number // 250) % 250}.{number % 250 + 1}"
            index += 1
            if args.drop and rng.random() < args.drop:
                continue
            text = re.sub(r'<result id="[^"]*"', f'<result id="r{index}"', template, count=1)
            text = re.sub(r"<host>[^<]*", f"<host>{host}", text, count=1)
            # A name of its own too (the samples name their one host).
            text = re.sub(r"<hostname>[^<]*</hostname>", f"<hostname>bench-{number}</hostname>", text, count=1)
            out.write(text + "\n")
            written += len(text.encode()) + 1
            count += 1
        tail = "</results></report></report>\n"
        out.write(tail)
    print(f"{args.out}: {written / 1048576:.1f} MB, {count} results")


if __name__ == "__main__":
    main()
