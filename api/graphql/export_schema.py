"""Write the GraphQL SDL that front-end apps build against to ``schema.graphql``.

    python -m api.graphql.export_schema          # rewrite the file
    python -m api.graphql.export_schema --check  # exit 1 when the file is stale

Runs without the CLI's dependencies on a store or settings: the SDL depends on
the code alone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from api.graphql.schema import SDL_PATH, export_sdl

COMMAND = "python -m api.graphql.export_schema"


def is_current(path: Path = SDL_PATH) -> bool:
    return path.exists() and path.read_text(encoding="utf-8") == export_sdl()


def write(path: Path = SDL_PATH) -> bool:
    """Write the SDL; returns whether the file changed."""
    sdl = export_sdl()
    if path.exists() and path.read_text(encoding="utf-8") == sdl:
        return False
    path.write_text(sdl, encoding="utf-8")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the file is current")
    parser.add_argument(
        "--output", type=Path, default=SDL_PATH, help=f"where to write (default {SDL_PATH.name})"
    )
    args = parser.parse_args(argv)
    if args.check:
        if is_current(args.output):
            return 0
        print(f"{args.output} is stale: run `{COMMAND}`", file=sys.stderr)
        return 1
    changed = write(args.output)
    print(f"{'wrote' if changed else 'unchanged:'} {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
