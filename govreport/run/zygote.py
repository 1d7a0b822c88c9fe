"""The warm state every report's process is forked from: imports and compiled templates, no report.

multiprocessing's forkserver imports this module once (`engine.PRELOAD`); its children then skip
the ~2 s of interpreter, pandas, matplotlib, IPython and nbconvert start-up that a fresh kernel pays.
Nothing here runs a report or touches matplotlib's settings, so each child starts as clean as a
fresh kernel that has imported the same modules.
"""

from __future__ import annotations

import os

# As ipykernel does before anything imports matplotlib (the charts draw without pyplot, so no backend is chosen).
os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import ipykernel.ipkernel  # noqa: E402, F401
import IPython.core.interactiveshell  # noqa: E402, F401
import nbformat  # noqa: E402
import papermill.execute  # noqa: E402, F401

import govreport.present.report  # noqa: E402, F401
import govreport.present.summary_report  # noqa: E402, F401
import govreport.run.engine  # noqa: E402, F401
import govreport.run.execute  # noqa: E402, F401
import govreport.run.summary  # noqa: E402, F401
from govreport.present import html, render  # noqa: E402

# Compile the page templates now; a cold nbconvert export costs ~0.9 s. And every cell's fragments.
render.html_pages(nbformat.v4.new_notebook())
render.summary_page(nbformat.v4.new_notebook())
html.compile_all()
