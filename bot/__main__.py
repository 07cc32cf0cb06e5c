"""`python -m bot` is the same as the `teduh` command."""

from bot.cli import main

raise SystemExit(main())
