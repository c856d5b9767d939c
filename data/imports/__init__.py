"""Importing a department's file into the store: read → detect the kind → validate → preview
and report → commit in ONE transaction → logged in `imports`, undoable as a whole.

Used by the upload page, the CLI (`python -m metrics import`) and the build
(data/build.py): one code path. No Streamlit here.

    prepared = prepare(con, data, "신청.csv")          # reads the store, never writes
    print(prepared.report_text())                      # Korean, naming file, row and column
    if prepared.ok:
        summary = commit(con, prepared, actor)          # all rows or none; Forbidden without authority
    undo(con, summary.import_id, actor)               # own imports only, unless admin

The modules: read (bytes → text table), findings (the report), checks (what every file goes
through), rules (service-rule warnings), kinds (one handler per kind), prepare (the pipeline),
log (commit, undo, the imports log).
"""
from data.imports.findings import ImportRefused, Prepared, Problem, Summary
from data.imports.log import commit, import_log, import_warnings, undo
from data.imports.prepare import prepare

__all__ = ["ImportRefused", "Prepared", "Problem", "Summary", "commit", "import_log", "import_warnings", "prepare",
           "undo"]
