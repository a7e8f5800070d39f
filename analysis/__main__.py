"""Allow ``python -m analysis`` to behave exactly like the ``framelens`` command."""

from analysis.cli import main

# The guard matters: worker processes are spawned and import this module again.
if __name__ == "__main__":
    raise SystemExit(main())
