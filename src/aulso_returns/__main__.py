"""``python -m aulso_returns``: the command line."""

from ._cli import main

raise SystemExit(main())
