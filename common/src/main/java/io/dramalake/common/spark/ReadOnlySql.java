package io.dramalake.common.spark;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.QueryPlanningTracker;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.ResolvedTable;
import org.apache.spark.sql.catalyst.catalog.HiveTableRelation;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.delta.catalog.DeltaTableV2;
import org.apache.spark.sql.delta.commands.DescribeDeltaHistoryCommand;
import org.apache.spark.sql.execution.command.DescribeQueryCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The one place that keeps analysts' SQL ({@code sql}, {@code serve-sql}) from changing the lake.
 * A session extension (listed in {@code spark.sql.extensions} after Delta's, see
 * {@link SparkSessions}) wraps the SQL parser; in a guarded session each statement is checked
 * before Spark runs it:
 * <ul>
 *   <li>as parsed, because some Delta statements act while they are analysed (RESTORE runs in an
 *       analysis rule): only read-only commands, or plans without any command;</li>
 *   <li>as analysed (the parser analyses the statement once itself): the root is a read-only
 *       command, or the plan holds no command at all and reads only tables of the catalog (never a
 *       path: Delta resolves {@code delta.`/path`} itself, whatever {@code spark.sql.runSQLOnFiles}
 *       says), calls no {@code reflect}/{@code java_method}, and the session's settings are those a
 *       new session starts with except for {@link #SETTABLE} (a JDBC URL can carry settings that
 *       bypass {@code SET}).</li>
 * </ul>
 * Only the statement's own plan is checked, not a check rule over every plan analysed: Delta
 * reads its log through plans of its own, by path. Sessions that are not guarded (the jobs) are
 * not touched.
 */
public final class ReadOnlySql {

    /** The extension's class name, for {@code spark.sql.extensions}. */
    public static final String EXTENSION = Extension.class.getName();

    /** Settings an analyst may change with {@code SET}: they change how results look, never what is read. */
    public static final List<String> SETTABLE = List.of("spark.sql.session.timeZone", "spark.sql.ansi.enabled",
        "spark.sql.shuffle.partitions",
        // The Thrift server sets it on every session it opens.
        "spark.sql.datetime.java8API.enabled");

    /** Settings JDBC drivers send when they open a session (Hive's driver sends its fetch size). */
    private static final Set<String> SENT_BY_DRIVERS = Set.of("hive.server2.thrift.resultset.default.fetch.size");

    /** Root commands that only read: DESCRIBE, SHOW, EXPLAIN, USE, SET (checked further), as parsed and as analysed. */
    private static final Set<String> READ_COMMANDS = Set.of(
        "DescribeRelation", "DescribeColumn", "DescribeNamespace", "DescribeFunction", "DescribeTableCommand",
        "DescribeColumnCommand", "DescribeDatabaseCommand", "DescribeFunctionCommand", "DescribeQueryCommand",
        "DescribeDeltaHistory", "DescribeDeltaHistoryCommand", "DescribeDeltaDetailCommand",
        "ShowTables", "ShowTablesExtended", "ShowTablesCommand", "ShowNamespaces", "ShowNamespacesCommand",
        "ShowColumns", "ShowColumnsCommand", "ShowDeltaTableColumnsCommand", "ShowCreateTable",
        "ShowCreateTableCommand", "ShowTableProperties", "ShowTablePropertiesCommand", "ShowFunctions",
        "ShowFunctionsCommand", "ShowViews", "ShowViewsCommand", "ShowPartitions", "ShowPartitionsCommand",
        "ShowCurrentNamespaceCommand", "ShowCatalogsCommand",
        "ExplainCommand", "SetCatalogAndNamespace", "SetNamespaceCommand", "SetCommand");

    /** Statements that are not commands yet write (Delta runs RESTORE and CLONE from its analysis rules). */
    private static final Set<String> WRITE_STATEMENTS = Set.of("RestoreTableStatement", "CloneTableStatement");

    private static final Map<SparkSession, Boolean> GUARDED = Collections.synchronizedMap(new WeakHashMap<>());
    /** Sessions whose settings passed the check (done at their first statement). */
    private static final Map<SparkSession, Boolean> SETTINGS_CHECKED = Collections.synchronizedMap(new WeakHashMap<>());
    /** The settings a new session starts with (SparkConf, plus what Delta sets on every session). */
    private static volatile Map<String, String> baseline = Map.of();
    private static volatile boolean everySession;
    /** Set while a statement is analysed for its check, so SQL that analysis parses is not checked again. */
    private static final ThreadLocal<Boolean> CHECKING = ThreadLocal.withInitial(() -> false);

    private ReadOnlySql() {
    }

    /** Refused statement: the message is one line for the analyst. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** A new session over the same catalog in which every statement is checked. */
    public static SparkSession session(SparkSession spark) {
        SparkSession ro = spark.newSession();
        requireInstalled(ro);
        baseline = settings(ro);
        GUARDED.put(ro, Boolean.TRUE);
        return ro;
    }

    /** From now on every session of this JVM is checked (serve-sql: its JDBC sessions are made by Spark). */
    public static void guardEverySession(SparkSession spark) {
        SparkSession fresh = spark.newSession();
        requireInstalled(fresh);
        baseline = settings(fresh);
        everySession = true;
    }

    private static boolean guarded(SparkSession s) {
        return everySession || GUARDED.containsKey(s);
    }

    /** Fails closed: a profile that replaced spark.sql.extensions must not leave analysts able to write. */
    private static void requireInstalled(SparkSession s) {
        if (!(s.sessionState().sqlParser() instanceof GuardedParser)) {
            throw new IllegalStateException("the read-only SQL guard is not installed: spark.sql.extensions must list "
                + EXTENSION + " after Delta's extension");
        }
    }

    /** {@code spark.sql.extensions} entry: the parser wrapper. */
    public static final class Extension extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
        @Override
        public BoxedUnit apply(SparkSessionExtensions ext) {
            ext.injectParser(new AbstractFunction2<SparkSession, ParserInterface, ParserInterface>() {
                @Override
                public ParserInterface apply(SparkSession session, ParserInterface delegate) {
                    return new GuardedParser(session, delegate);
                }
            });
            return BoxedUnit.UNIT;
        }
    }

    /** Delegates every call; checks a guarded session's statements as parsed and as analysed. */
    private static final class GuardedParser implements ParserInterface {
        private final SparkSession session;
        private final ParserInterface delegate;

        GuardedParser(SparkSession session, ParserInterface delegate) {
            this.session = session;
            this.delegate = delegate;
        }

        @Override
        public LogicalPlan parsePlan(String sqlText) throws ParseException {
            LogicalPlan plan = delegate.parsePlan(sqlText);
            if (guarded(session) && !CHECKING.get()) {
                String what = describe(sqlText, plan);
                checkParsed(plan, what);
                CHECKING.set(true);
                try {
                    if (!SETTINGS_CHECKED.containsKey(session)) {
                        checkSettings(session);
                        SETTINGS_CHECKED.put(session, Boolean.TRUE);
                    }
                    checkAnalysed(analyse(session, plan), what);
                    LogicalPlan inner = plan instanceof ExplainCommand e ? e.logicalPlan()
                        : plan instanceof DescribeQueryCommand d ? d.plan() : null;
                    if (inner != null) {
                        checkAnalysed(analyse(session, inner), what);
                    }
                } finally {
                    CHECKING.set(false);
                }
            }
            return plan;
        }

        @Override
        public Expression parseExpression(String sqlText) throws ParseException {
            return delegate.parseExpression(sqlText);
        }

        @Override
        public TableIdentifier parseTableIdentifier(String sqlText) throws ParseException {
            return delegate.parseTableIdentifier(sqlText);
        }

        @Override
        public FunctionIdentifier parseFunctionIdentifier(String sqlText) throws ParseException {
            return delegate.parseFunctionIdentifier(sqlText);
        }

        @Override
        public Seq<String> parseMultipartIdentifier(String sqlText) throws ParseException {
            return delegate.parseMultipartIdentifier(sqlText);
        }

        @Override
        public LogicalPlan parseQuery(String sqlText) throws ParseException {
            return delegate.parseQuery(sqlText);
        }

        @Override
        public StructType parseTableSchema(String sqlText) throws ParseException {
            return delegate.parseTableSchema(sqlText);
        }

        @Override
        public DataType parseDataType(String sqlText) throws ParseException {
            return delegate.parseDataType(sqlText);
        }
    }

    private static LogicalPlan analyse(SparkSession session, LogicalPlan plan) {
        return session.sessionState().analyzer().executeAndCheck(plan, new QueryPlanningTracker(scala.Option.empty()));
    }

    static void checkParsed(LogicalPlan plan, String what) {
        String root = plan.getClass().getSimpleName();
        if (READ_COMMANDS.contains(root)) {
            if (plan instanceof ExplainCommand e) {
                checkParsed(e.logicalPlan(), what);
            } else if (plan instanceof DescribeQueryCommand d) {
                checkParsed(d.plan(), what);
            } else if (plan instanceof SetCommand s) {
                checkSet(s, what);
            }
            return;
        }
        for (LogicalPlan node : nodes(plan)) {
            String name = node.getClass().getSimpleName();
            if (node instanceof Command || node instanceof ParsedStatement || WRITE_STATEMENTS.contains(name)) {
                throw readOnly(what);
            }
        }
    }

    private static void checkSet(SetCommand set, String what) {
        Option<Tuple2<String, Option<String>>> kv = set.kv();
        // SET, SET -v and SET key only list values (Spark redacts secrets); SET key=value changes them.
        if (kv.isDefined() && kv.get()._2().isDefined() && !SETTABLE.contains(kv.get()._1().trim())) {
            throw new RefusedException("refused: setting " + kv.get()._1().trim() + " is not allowed here (" + what
                + "); only " + String.join(", ", SETTABLE) + " may be SET");
        }
    }

    static void checkAnalysed(LogicalPlan plan, String what) {
        boolean readCommand = READ_COMMANDS.contains(plan.getClass().getSimpleName());
        for (LogicalPlan node : nodes(plan)) {
            if (node instanceof Command && !(readCommand && node == plan)) {
                throw readOnly(what);
            }
            if (node instanceof DescribeDeltaHistoryCommand h && !fromCatalog(h.table())) {
                throw byPath(what);
            }
            if (node instanceof ResolvedTable t && !fromCatalog(t.table())) {
                throw byPath(what);
            }
            if (node instanceof LogicalRelation r && r.catalogTable().isEmpty()) {
                throw byPath(what);
            }
            if (node instanceof DataSourceV2Relation r && !fromCatalog(r.table())) {
                throw byPath(what);
            }
            if (node.children().isEmpty() && !readCommand && !readLeaf(node)) {
                throw readOnly(what);
            }
            for (Expression e : JavaConverters.seqAsJavaList(node.expressions())) {
                if (callsJava(e)) {
                    throw new RefusedException("refused: reflect and java_method call Java methods and are not allowed "
                        + "here (" + what + ")");
                }
            }
        }
    }

    /** Leaves a query may read: catalog tables (checked above), literal rows, ranges and CTE references. */
    private static boolean readLeaf(LogicalPlan leaf) {
        return leaf instanceof LogicalRelation || leaf instanceof DataSourceV2Relation
            || leaf instanceof HiveTableRelation || Set.of("LocalRelation", "OneRowRelation", "Range",
                "CTERelationRef").contains(leaf.getClass().getSimpleName());
    }

    private static boolean fromCatalog(Table table) {
        return !(table instanceof DeltaTableV2 d) || d.catalogTable().isDefined();
    }

    private static boolean callsJava(Expression e) {
        if (e instanceof CallMethodViaReflection) {
            return true;
        }
        for (Expression c : JavaConverters.seqAsJavaList(e.children())) {
            if (callsJava(c)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> settings(SparkSession session) {
        return Map.copyOf(JavaConverters.mapAsJavaMap(session.sessionState().conf().getAllConfs()));
    }

    /**
     * Before a session's first statement its settings must be those every new session starts with,
     * except the settable ones: a JDBC URL's settings are applied without any SQL when the Thrift server
     * opens the session. Later changes come only from SET (checked as parsed) or from Spark and Delta.
     */
    private static void checkSettings(SparkSession session) {
        for (Map.Entry<String, String> e : settings(session).entrySet()) {
            // The server's own system properties (serve-sql passes its authentication settings so) reach
            // HiveServer2 sessions too; a client cannot set them.
            if (SETTABLE.contains(e.getKey()) || SENT_BY_DRIVERS.contains(e.getKey())
                || e.getValue().equals(System.getProperty(e.getKey()))) {
                continue;
            }
            if (!e.getValue().equals(baseline.get(e.getKey()))) {
                throw new RefusedException("refused: the session setting " + e.getKey() + " is not allowed here; only "
                    + String.join(", ", SETTABLE) + " may be set");
            }
        }
    }

    /** Every node of the plan, subqueries in expressions included. */
    private static List<LogicalPlan> nodes(LogicalPlan plan) {
        List<LogicalPlan> out = new java.util.ArrayList<>();
        collect(plan, out);
        return out;
    }

    private static void collect(LogicalPlan p, List<LogicalPlan> out) {
        out.add(p);
        for (LogicalPlan c : JavaConverters.seqAsJavaList(p.children())) {
            collect(c, out);
        }
        for (LogicalPlan s : JavaConverters.seqAsJavaList(p.subqueries())) {
            collect(s, out);
        }
    }

    private static RefusedException readOnly(String what) {
        return new RefusedException("refused: the lake is read-only here (" + what + "); writes go through the jobs");
    }

    private static RefusedException byPath(String what) {
        return new RefusedException("refused: reading by path is not allowed here (" + what
            + "); query the lake's tables by name, e.g. gold.download_volume");
    }

    /** The statement's first words, for a message. */
    static String describe(String sqlText, LogicalPlan plan) {
        if (sqlText == null || sqlText.isBlank()) {
            return plan.nodeName();
        }
        String s = sqlText.strip().replaceAll("\\s+", " ");
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
