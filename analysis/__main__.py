"""Allow ``python -m analysis`` to behave exactly like the ``framelens`` command."""

from analysis.cli import main

raise SystemExit(main())
