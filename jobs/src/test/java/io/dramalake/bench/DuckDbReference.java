package io.dramalake.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The benchmark's single-machine reference: the data contract in DuckDB SQL
 * ({@code bench/reference.sql}), straight from the landing zone's raw files to the gold figures,
 * timed end to end. The figures come from {@code bench/totals.sql}, the same query the benchmark
 * runs on the Spark lake.
 *
 * <p>Usage: {@code DuckDbReference --landing DIR [--json FILE] [--threads N] [--memory-limit 4GB]
 * [--temp-dir DIR] [--database FILE]}. Prints the result as JSON on stdout (and to {@code --json}).
 */
public final class DuckDbReference {

    /** What one reference run measured and computed. */
    public record Result(String duckdbVersion, Map<String, Double> seconds, Map<String, String> totals) {
        public String toJson() {
            StringBuilder sb = new StringBuilder("{\n  \"engine\": \"duckdb\",\n  \"duckdb_version\": ")
                .append(Json.quote(duckdbVersion)).append(",\n  \"seconds\": {");
            int i = 0;
            for (Map.Entry<String, Double> e : seconds.entrySet()) {
                sb.append(i++ == 0 ? "\n    " : ",\n    ").append(Json.quote(e.getKey())).append(": ")
                    .append(String.format(Locale.ROOT, "%.3f", e.getValue()));
            }
            sb.append("\n  },\n  \"totals\": ").append(Json.object(totals, "  ")).append("\n}\n");
            return sb.toString();
        }
    }

    static final String REFERENCE_SQL = "bench/reference.sql";

    private DuckDbReference() {
    }

    public static void main(String[] args) throws Exception {
        main(args, DuckDbReference.class.getSimpleName(), REFERENCE_SQL);
    }

    /** The command line of a DuckDB script over a landing zone (this reference's, or DuckDbNative's). */
    static void main(String[] args, String name, String script) throws Exception {
        Map<String, String> opts = Args.parse(args, List.of("--landing", "--json", "--threads", "--memory-limit",
            "--temp-dir", "--database"), List.of());
        if (!opts.containsKey("--landing")) {
            System.err.println("usage: " + name + " --landing DIR [--json FILE] [--threads N] [--memory-limit 4GB]"
                + " [--temp-dir DIR] [--database FILE]");
            System.exit(64);
        }
        Result r = runScript(script, Path.of(opts.get("--landing")), opts.get("--threads"),
            opts.getOrDefault("--memory-limit", "4GB"),
            opts.get("--temp-dir") == null ? null : Path.of(opts.get("--temp-dir")), opts.get("--database"), c -> { });
        String json = r.toJson();
        System.out.print(json);
        if (opts.containsKey("--json")) {
            Files.writeString(Path.of(opts.get("--json")), json);
        }
    }

    /**
     * Runs the reference over a landing zone in a fresh in-memory DuckDB (spilling to
     * {@code tempDir} when given), step by step, and returns the step times and the totals.
     */
    public static Result run(Path landing, String threads, String memoryLimit, Path tempDir, String database)
        throws SQLException {
        return run(landing, threads, memoryLimit, tempDir, database, c -> { });
    }

    /** Lets a caller look at the reference's tables before the connection closes (tests do). */
    @FunctionalInterface
    public interface Inspection {
        void accept(Connection c) throws SQLException;
    }

    public static Result run(Path landing, String threads, String memoryLimit, Path tempDir, String database,
                             Inspection inspect) throws SQLException {
        return runScript(REFERENCE_SQL, landing, threads, memoryLimit, tempDir, database, inspect);
    }

    /** Runs one {@code -- @step} script (a resource) over a landing zone, then bench/totals.sql. */
    static Result runScript(String scriptResource, Path landing, String threads, String memoryLimit, Path tempDir,
                            String database, Inspection inspect) throws SQLException {
        String root = landing.toAbsolutePath().normalize().toString();
        Map<String, Double> seconds = new LinkedHashMap<>();
        long start = System.nanoTime();
        // A database file keeps the tables for inspection; by default everything stays in memory.
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + (database == null ? "" : database))) {
            try (Statement s = c.createStatement()) {
                if (threads != null) {
                    s.execute("SET threads = " + Integer.parseInt(threads));
                }
                if (memoryLimit != null) {
                    s.execute("SET memory_limit = '" + memoryLimit.replace("'", "") + "'");
                }
                if (tempDir != null) {
                    s.execute("SET temp_directory = '" + tempDir.toAbsolutePath().toString().replace("'", "''") + "'");
                }
                s.execute("SET preserve_insertion_order = true"); // line numbers come from scan order
            }
            // Rules.ISO_COUNTRIES: Java 17's list, so both engines agree on what a country is.
            String isoCountries = Arrays.stream(Locale.getISOCountries()).sorted().map(code -> "'" + code + "'")
                .collect(Collectors.joining(", ", "[", "]"));
            String script = resource(scriptResource).replace("${landing}", root.replace("'", "''"))
                .replace("${iso_countries}", isoCountries);
            for (Map.Entry<String, List<String>> step : steps(script).entrySet()) {
                long t = System.nanoTime();
                try (Statement s = c.createStatement()) {
                    for (String sql : step.getValue()) {
                        try {
                            s.execute(sql);
                        } catch (SQLException e) {
                            throw new SQLException("step " + step.getKey() + ": " + e.getMessage() + "\n" + sql, e);
                        }
                    }
                }
                seconds.put(step.getKey(), (System.nanoTime() - t) / 1e9);
            }
            long t = System.nanoTime();
            Map<String, String> totals = totals(c, resource("bench/totals.sql"));
            seconds.put("totals", (System.nanoTime() - t) / 1e9);
            seconds.put("total", (System.nanoTime() - start) / 1e9);
            String version;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
                rs.next();
                version = rs.getString(1);
            }
            inspect.accept(c);
            return new Result(version, seconds, totals);
        }
    }

    /** Runs a (figure, value) query and returns its rows in figure order. */
    public static Map<String, String> totals(Connection c, String sql) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    /** The statements of each {@code -- @step NAME} section, in order. */
    static Map<String, List<String>> steps(String script) {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        List<String> current = null;
        StringBuilder statement = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("-- @step ")) {
                current = new ArrayList<>();
                steps.put(trimmed.substring("-- @step ".length()).strip(), current);
                continue;
            }
            if (current == null || trimmed.startsWith("--") || (trimmed.isEmpty() && statement.length() == 0)) {
                continue;
            }
            statement.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                current.add(statement.toString().strip());
                statement.setLength(0);
            }
        }
        return steps;
    }

    public static String resource(String name) {
        try (InputStream in = DuckDbReference.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
