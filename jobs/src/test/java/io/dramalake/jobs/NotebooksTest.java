package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dramalake.common.lake.Lake;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.sample.SampleGenerator;
import io.dramalake.jobs.sample.SampleOptions;
import io.dramalake.common.spark.ReadOnlySql;
import io.dramalake.jobs.sql.LakeCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every SQL cell of every notebook in {@code notebooks/} runs against a lake built from a small
 * generated sample spanning two months, quarters and years; a cell fails on an error or on an
 * empty result. Setup cells may only load and point the SQL magic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksTest {

    static final String SQL_MAGIC = "%%sql";

    Path dir;
    String lake;

    @BeforeAll
    void buildSampleLake() throws Exception {
        dir = Files.createTempDirectory("dramalake-notebooks-");
        Path landing = dir.resolve("landing");
        lake = dir.resolve("lake").toString();
        // Across a year boundary, so growth per year and per quarter have something to compare.
        new SampleGenerator(SampleOptions.builder().startDate(LocalDate.of(2024, 12, 20)).days(24).appsAtStart(8)
            .appsAtEnd(20).countries(4).creatives(200).restateDays(2).build()).generate(landing);
        CliRunner run = CliRunner.run("run", "--landing", landing.toString(), "--lake", lake);
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        LakeCatalog.register(TestSpark.get(), new Lake(lake));
    }

    @AfterAll
    void removeSampleLake() throws Exception {
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static List<Path> notebooks() throws Exception {
        Path folder = Path.of(System.getProperty("dramalake.home"), "notebooks");
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
            assertTrue(found.size() >= 4, "the four analyst notebooks are in " + folder + ": " + found);
            return found;
        }
    }

    @TestFactory
    Stream<DynamicTest> everySqlCellReturnsRows() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path nb : notebooks()) {
            JsonNode root = json.readTree(nb.toFile());
            assertEquals(4, root.path("nbformat").asInt(), nb + " is an nbformat 4 notebook");
            int sqlCells = 0;
            for (JsonNode cell : root.path("cells")) {
                if (!"code".equals(cell.path("cell_type").asText())) {
                    continue;
                }
                String source = source(cell);
                String name = nb.getFileName() + " " + cell.path("id").asText() + ": "
                    + source.lines().skip(1).findFirst().orElse("").strip();
                if (source.startsWith(SQL_MAGIC)) {
                    sqlCells++;
                    String sql = source.substring(source.indexOf('\n') + 1);
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        List<Row> rows = ReadOnlySql.session(TestSpark.get()).sql(sql).collectAsList();
                        assertFalse(rows.isEmpty(), "the cell returns rows:\n" + sql);
                    }));
                } else {
                    tests.add(DynamicTest.dynamicTest(name, () -> assertSetupOnly(source)));
                }
            }
            assertTrue(sqlCells >= 3, nb + " has its SQL cells");
        }
        return tests.stream();
    }

    /** Anything but connecting the SQL magic would go untested: such a cell must be SQL instead. */
    private static void assertSetupOnly(String source) {
        for (String line : source.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            if (!(line.startsWith("%load_ext sql") || line.startsWith("%config SqlMagic.")
                || line.startsWith("%sql hive://") || line.startsWith("#"))) {
                fail("a code cell that is not %%sql may only set up the SQL magic; found: " + line);
            }
        }
    }

    private static String source(JsonNode cell) {
        JsonNode s = cell.path("source");
        if (s.isTextual()) {
            return s.asText();
        }
        StringBuilder sb = new StringBuilder();
        s.forEach(line -> sb.append(line.asText()));
        return sb.toString();
    }
}
