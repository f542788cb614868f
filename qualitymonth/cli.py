"""The `qualitymonth` console command: `demo`, `serve` and every manage.py command."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitymonth.settings")
    if len(argv) > 1 and argv[1] == "demo":
        # The demo shows errors in full and serves assets straight from the source tree.
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
