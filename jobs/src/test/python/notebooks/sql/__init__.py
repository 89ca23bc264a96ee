"""A stand-in for JupySQL's `sql` IPython extension, for the notebook test (NotebooksIT) only.

JupySQL and PyHive are not in Debian, so the test cannot install them. This stand-in gives the
notebooks the same magics over the Hive JDBC driver the other analysts' tools use (hive-jdbc
standalone, through JPype), covering only what the notebooks use:

    %load_ext sql
    %config SqlMagic.autopandas = True          (and SqlMagic.displaylimit)
    %sql hive://USER@HOST:PORT/DATABASE          connect
    %%sql [NAME <<]                              run the cell's SQL; a pandas DataFrame, kept as NAME

As JupySQL with PyHive, DECIMAL values arrive as decimal.Decimal and DATE values as datetime.date.
Environment: DRAMALAKE_HIVE_JDBC_JAR (the driver jar), SQL_STANDIN_LOG (a JSON-lines file that gets
one line per query with its row count, so the test can fail on an empty result).
"""
import datetime
import decimal
import json
import os
import re

import jpype
import pandas as pd
from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from traitlets import Bool, Int

_CONNECT = re.compile(r"hive://([^@/:]+)@([^:/]+):(\d+)/(\w+)")
_SAVE = re.compile(r"(\w+)\s*<<")
_DEBIAN_JPYPE_JAR = "/usr/share/java/org.jpype.jar"


@magics_class
class SqlMagic(Magics):
    autopandas = Bool(False, config=True, help="Return a pandas DataFrame (the only kind this stand-in has)")
    displaylimit = Int(10, config=True, help="Rows shown of a displayed result")

    def __init__(self, shell):
        super().__init__(shell=shell)
        self._connection = None

    @line_cell_magic
    def sql(self, line, cell=None):
        line = line.strip()
        if cell is None:
            m = _CONNECT.fullmatch(line)
            if m:
                self._connect(*m.groups())
                return None
            return self._shown(self._query(line))
        name = None
        if line:
            m = _SAVE.fullmatch(line)
            if not m:
                raise UsageError("the stand-in takes `%%sql` or `%%sql NAME <<`, not: " + line)
            name = m.group(1)
        frame = self._query(cell)
        if name:
            self.shell.user_ns[name] = frame
            return None
        return self._shown(frame)

    def _shown(self, frame):
        return frame if self.autopandas else frame.head(self.displaylimit)

    def _connect(self, user, host, port, database):
        if not jpype.isJVMStarted():
            classpath = [os.environ["DRAMALAKE_HIVE_JDBC_JAR"]]
            # Debian's python3-jpype keeps JPype's own Java half here, and does not add it itself.
            if os.path.isfile(_DEBIAN_JPYPE_JAR):
                classpath.append(_DEBIAN_JPYPE_JAR)
            # The driver's log4j would complain on stderr that it has no configuration.
            jpype.startJVM("-Dorg.apache.logging.log4j.simplelog.StatusLogger.level=OFF", classpath=classpath,
                           convertStrings=True)
        props = jpype.JClass("java.util.Properties")()
        props.setProperty("user", user)
        driver = jpype.JClass("org.apache.hive.jdbc.HiveDriver")()
        if self._connection is not None:
            self._connection.close()
        self._connection = driver.connect(f"jdbc:hive2://{host}:{port}/{database}", props)

    def _query(self, sql):
        if self._connection is None:
            raise UsageError("connect first: %sql hive://USER@HOST:PORT/DATABASE")
        types = jpype.JClass("java.sql.Types")
        statement = self._connection.createStatement()
        try:
            rs = statement.executeQuery(sql.strip().rstrip(";"))
            md = rs.getMetaData()
            n = md.getColumnCount()
            columns = [md.getColumnLabel(i) for i in range(1, n + 1)]
            kinds = [md.getColumnType(i) for i in range(1, n + 1)]
            rows = []
            while rs.next():
                rows.append([_value(rs, i, kinds[i - 1], types) for i in range(1, n + 1)])
        finally:
            statement.close()
        log = os.environ.get("SQL_STANDIN_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as f:
                f.write(json.dumps({"sql": sql.strip(), "rows": len(rows)}) + "\n")
        return pd.DataFrame(rows, columns=columns)


def _value(rs, i, kind, types):
    text = rs.getString(i)
    if text is None:
        return None
    if kind in (types.BIGINT, types.INTEGER, types.SMALLINT, types.TINYINT):
        return int(text)
    if kind in (types.DOUBLE, types.FLOAT, types.REAL):
        return float(text)
    if kind in (types.DECIMAL, types.NUMERIC):
        return decimal.Decimal(text)
    if kind == types.DATE:
        return datetime.date.fromisoformat(text)
    return text


def load_ipython_extension(ip):
    magics = SqlMagic(ip)
    ip.register_magics(magics)
    # %config finds a configurable by its class name among the shell's configurables.
    ip.configurables.append(magics)
