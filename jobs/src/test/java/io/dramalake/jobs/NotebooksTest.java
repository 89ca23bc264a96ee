package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed notebooks' shape, without running them (NotebooksIT runs them in a kernel): saved
 * without outputs, and each question a `%%sql NAME <<` cell followed by the cell that charts it.
 */
public class NotebooksTest {

    static List<Path> notebooks() throws IOException {
        Path folder = Path.of(System.getProperty("dramalake.home"), "notebooks");
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    static List<String> codeCells(Path nb) throws IOException {
        JsonNode root = new ObjectMapper().readTree(nb.toFile());
        assertEquals(4, root.path("nbformat").asInt(), nb + " is an nbformat 4 notebook");
        List<String> code = new ArrayList<>();
        for (JsonNode cell : root.path("cells")) {
            if ("code".equals(cell.path("cell_type").asText())) {
                assertEquals(0, cell.path("outputs").size(), nb + ": committed without outputs");
                assertTrue(cell.path("execution_count").isNull(), nb + ": committed without execution counts");
                StringBuilder sb = new StringBuilder();
                JsonNode s = cell.path("source");
                if (s.isTextual()) {
                    sb.append(s.asText());
                } else {
                    s.forEach(line -> sb.append(line.asText()));
                }
                code.add(sb.toString());
            }
        }
        return code;
    }

    /** The number of questions a notebook answers: its `%%sql NAME <<` cells. */
    public static int questions(Path nb) throws IOException {
        return (int) codeCells(nb).stream().filter(NotebooksTest::isQuestion).count();
    }

    private static boolean isQuestion(String source) {
        return source.startsWith("%%sql ") && source.lines().findFirst().orElse("").strip().endsWith("<<");
    }

    @Test
    void everyNotebookIsSavedWithoutOutputsAndChartsEachQuestion() throws Exception {
        List<Path> found = notebooks();
        assertEquals(4, found.size(), found.toString());
        for (Path nb : found) {
            List<String> code = codeCells(nb);
            assertTrue(code.get(0).contains("%load_ext sql") && code.get(0).contains("%sql hive://"),
                nb + ": the first code cell connects the SQL magic");
            int questions = 0;
            for (int i = 0; i < code.size(); i++) {
                if (isQuestion(code.get(i))) {
                    questions++;
                    String name = code.get(i).substring("%%sql ".length(), code.get(i).indexOf("<<")).strip();
                    assertTrue(i + 1 < code.size() && code.get(i + 1).contains("plt.show()")
                            && code.get(i + 1).strip().endsWith("\n" + name),
                        nb + ": the cell after `%%sql " + name + " <<` charts it and shows the table");
                } else {
                    assertTrue(!code.get(i).startsWith("%%sql"), nb + ": a SQL cell keeps its result: %%sql NAME <<");
                }
            }
            assertTrue(questions >= 3, nb + " asks its questions");
        }
    }
}
