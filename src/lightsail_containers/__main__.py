"""Run the command line as ``python -m lightsail_containers``."""

from __future__ import annotations

import sys

from lightsail_containers._cli import main

if __name__ == "__main__":
    sys.exit(main())
