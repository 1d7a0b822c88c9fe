"""The `govreport` command as installed: hand it to the warm server, else run it in this process.

Above the CLI in the layers: it only decides where `govreport.cli.main` runs (govreport/run/server.py says how
and why). Kept to the standard library and govreport.run.server until it knows, so a command handed over
costs a client tens of milliseconds.
"""

from __future__ import annotations

import sys

from govreport.run import server

# What a new server runs (python -c, its name the one argument): the CLI imported, then the warm state.
SERVE = "import sys; from govreport.launch import serve; serve(sys.argv[1])"


def main() -> None:
    """The console script: the command's exit status, from the warm server or from this process."""
    status = server.hand_over(SERVE)
    if status is not None:
        sys.exit(status)
    from govreport.cli import main as run_here

    run_here()


def serve(name: str) -> None:
    """Run warm server `name`, whose commands are the CLI's."""
    from govreport.cli import main as command

    server.serve(name, command)
