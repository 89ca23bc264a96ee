"""Runs analyst notebooks top to bottom in a real IPython kernel (nbclient), against a running
serve-sql, for NotebooksIT. Debian's packages only (run with /usr/bin/python3).

    run_notebooks.py --endpoint 127.0.0.1:PORT --jdbc-jar JAR --out DIR NOTEBOOK...

Each executed copy is written to DIR (the committed notebooks stay without outputs), with a
summary, DIR/summary.json. A notebook fails on a cell error, on a query that returned no rows, and
on a `%%sql NAME <<` cell whose next code cell shows no figure (a PNG) or no table (HTML).
Exit 0 when every notebook passed, 1 when one failed, 3 when a package is missing.
"""
import argparse
import importlib.util
import json
import os
import re
import sys

PACKAGES = {"nbclient": "python3-nbclient", "nbformat": "python3-nbformat", "ipykernel": "python3-ipykernel",
            "pandas": "python3-pandas", "matplotlib": "python3-matplotlib", "jpype": "python3-jpype"}
missing = sorted({pkg for mod, pkg in PACKAGES.items() if importlib.util.find_spec(mod) is None})
if missing:
    print(f"run_notebooks: {sys.executable} lacks modules; install them with: apt-get install -y "
          + " ".join(missing), file=sys.stderr)
    sys.exit(3)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
# The notebooks name the default endpoint; the test's server listens on a free port.
CONNECT = re.compile(r"^(%sql hive://[^@\s]+@)127\.0\.0\.1:10000(/\w+)\s*$", re.M)


def outputs(cell, mime):
    return [o for o in cell.get("outputs", []) if mime in o.get("data", {})]


def run(path, endpoint, out_dir):
    name = os.path.basename(path)
    result = {"figures": 0, "tables": 0, "queries": [], "errors": []}
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    connects = 0
    for c in code:
        c.source, n = CONNECT.subn(lambda m: m.group(1) + endpoint + m.group(2), c.source)
        connects += n
    if connects != 1:
        result["errors"].append(f"expected one `%sql hive://USER@127.0.0.1:10000/DB` cell, found {connects}")
        return result
    log = os.path.join(out_dir, name.replace(".ipynb", ".queries.jsonl"))
    if os.path.exists(log):
        os.remove(log)
    os.environ["SQL_STANDIN_LOG"] = log
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": out_dir}})
    try:
        client.execute()
    except CellExecutionError as e:
        result["errors"].append(str(e).strip().splitlines()[-1] if str(e).strip() else repr(e))
    finally:
        nbformat.write(nb, os.path.join(out_dir, name))
    if os.path.exists(log):
        with open(log, encoding="utf-8") as f:
            result["queries"] = [json.loads(line) for line in f if line.strip()]
    for q in result["queries"]:
        if q["rows"] == 0:
            result["errors"].append("no rows: " + q["sql"].splitlines()[0] + " ...")
    for i, c in enumerate(code):
        result["figures"] += len(outputs(c, "image/png"))
        result["tables"] += len([o for o in outputs(c, "text/html") if "<table" in o["data"]["text/html"]])
        if c.source.startswith("%%sql") and "<<" in c.source.splitlines()[0]:
            shown = code[i + 1] if i + 1 < len(code) else None
            if shown is None or not outputs(shown, "image/png"):
                result["errors"].append(f"no figure after: {c.source.splitlines()[0]}")
            if shown is None or not [o for o in outputs(shown, "text/html") if "<table" in o["data"]["text/html"]]:
                result["errors"].append(f"no table after: {c.source.splitlines()[0]}")
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--jdbc-jar", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("notebooks", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    # The kernel inherits this environment: the `sql` stand-in and its driver.
    os.environ["PYTHONPATH"] = HERE + os.pathsep + os.environ.get("PYTHONPATH", "")
    if not os.path.isfile(a.jdbc_jar):
        print(f"run_notebooks: no JDBC driver at {a.jdbc_jar}", file=sys.stderr)
        return 3
    os.environ["DRAMALAKE_HIVE_JDBC_JAR"] = os.path.abspath(a.jdbc_jar)
    # ipykernel's debugger warns about frozen modules on every kernel start; it is not used here.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    summary = {os.path.basename(p): run(p, a.endpoint, a.out) for p in a.notebooks}
    with open(os.path.join(a.out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    failed = False
    for name, r in summary.items():
        print(f"{name}: {r['figures']} figures, {r['tables']} tables, "
              f"{len(r['queries'])} queries (rows: {', '.join(str(q['rows']) for q in r['queries'])})")
        for e in r["errors"]:
            failed = True
            print(f"  FAILED: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
