package io.dramalake.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dramalake.jobs.CliRunner;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.it.ItProcesses.Finished;
import io.dramalake.jobs.sample.SampleGenerator;
import io.dramalake.jobs.sample.SampleOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook in {@code notebooks/}, executed top to bottom by nbclient in a real IPython kernel
 * (Debian's Jupyter packages, {@code /usr/bin/python3}) against {@code serve-sql} over a lake built
 * from a small generated sample that spans two months, quarters and years. The `%sql` magic is the
 * test's stand-in for JupySQL over Hive's JDBC driver (jobs/src/test/python/notebooks/sql); every
 * other cell runs as written. Fails on a cell error, a query without rows, or an answer without its
 * chart or table. The executed copies are kept in {@code jobs/target/notebooks-executed/}.
 */
class NotebooksIT {

    @Test
    void everyNotebookRunsAndDrawsItsAnswers(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        String lake = dir.resolve("lake").toString();
        // Across a year boundary, so growth per year and per quarter have something to compare.
        new SampleGenerator(SampleOptions.builder().startDate(LocalDate.of(2024, 12, 20)).days(24).appsAtStart(8)
            .appsAtEnd(20).countries(4).creatives(200).restateDays(2).build()).generate(landing);
        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());

        List<Path> notebooks;
        try (Stream<Path> files = Files.list(ItProcesses.home().resolve("notebooks"))) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(4, notebooks.size(), notebooks.toString());
        Path out = ItProcesses.home().resolve("jobs/target/notebooks-executed");
        Files.createDirectories(out);

        try (ServeSqlServer server = ServeSqlServer.start(lake, dir)) {
            List<String> cmd = new ArrayList<>(List.of(System.getProperty("dramalake.python", "/usr/bin/python3"),
                ItProcesses.home().resolve("jobs/src/test/python/notebooks/run_notebooks.py").toString(),
                "--endpoint", "127.0.0.1:" + server.port,
                "--jdbc-jar", System.getProperty("dramalake.hiveJdbcJar"),
                "--out", out.toString()));
            notebooks.forEach(p -> cmd.add(p.toString()));
            // JPype starts its JVM from JAVA_HOME: this test's Java 17.
            Finished r = ItProcesses.run(cmd, Map.of("JAVA_HOME", System.getProperty("java.home")), dir, "notebooks",
                Duration.ofMinutes(10));
            System.out.println(r.out());
            assertEquals(0, r.exitCode(), r + "\n--- serve-sql\n" + server.log());
        }

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        for (Path nb : notebooks) {
            String name = nb.getFileName().toString();
            JsonNode s = summary.path(name);
            int queries = s.path("queries").size();
            // One chart and one table per question (each `%%sql NAME <<` cell); the runner checks each
            // answer cell has both, this checks nothing was skipped.
            int questions = io.dramalake.jobs.NotebooksTest.questions(nb);
            assertTrue(questions >= 3, name + " asks its questions");
            assertEquals(questions, queries, name + ": every question's query ran\n" + s);
            assertEquals(questions, s.path("figures").asInt(), name + ": one figure per question\n" + s);
            assertEquals(questions, s.path("tables").asInt(), name + ": one table per question\n" + s);
            s.path("queries").forEach(q -> assertTrue(q.path("rows").asInt() > 0, name + ": " + q));
            assertTrue(Files.isRegularFile(out.resolve(name)), "the executed copy of " + name);
        }
    }
}
