"""Run the `draft` command from a checkout: python draft.py COMMAND ..."""
import sys

from draftkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
