#!/usr/bin/python3
"""Seeded generators of labelled corpora made from real texts, for stemma's evaluations.

    simulate.py reuse --out DIR --obfuscation KIND --seed N --pairs N [--sources ...] [--hosts ...]
    simulate.py traditions --out DIR --seed N --stories N --noise clean|standard|noisy
    simulate.py mutations --out FILE.jsonl --seed N [--pairs N]

Each subcommand is a module beside this file with `add_arguments(parser)` and `main(args)`;
add one to SUBCOMMANDS to add a generator (copy trees, large corpora, ...). See README.md.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import mutations  # noqa: E402
import reuse  # noqa: E402
import traditions  # noqa: E402

SUBCOMMANDS = {
    "reuse": reuse,
    "traditions": traditions,
    "mutations": mutations,
}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="simulate.py", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, module in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=module.__doc__.split("\n")[0], description=module.__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(sub)
        sub.set_defaults(run=module.main)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
