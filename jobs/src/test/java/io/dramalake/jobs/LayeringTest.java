package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the data flow, Main -> cli -> PipelineJob -> curate -> validate -> ingest ->
 * ops: no import points back up, and only Main and cli know the command line.
 */
class LayeringTest {

    private static final Path SOURCES = Path.of("src/main/java/io/dramalake/jobs");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.dramalake\\.jobs\\.([a-z]+)\\.",
        Pattern.MULTILINE);

    /** Each package and the packages of io.dramalake.jobs it must not import. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
        "curate", List.of("cli"),
        "validate", List.of("cli", "curate"),
        "ingest", List.of("cli", "curate", "validate"),
        "ops", List.of("cli", "curate", "validate", "ingest"),
        "sql", List.of("cli"),
        "report", List.of("cli"),
        "serve", List.of("cli"),
        "demo", List.of("cli"),
        "sample", List.of("cli"));

    @Test
    void noImportPointsBackUp() throws IOException {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : FORBIDDEN.entrySet()) {
            try (Stream<Path> files = Files.list(SOURCES.resolve(e.getKey()))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    Matcher m = IMPORT.matcher(Files.readString(f));
                    while (m.find()) {
                        if (e.getValue().contains(m.group(1))) {
                            found.add(e.getKey() + "/" + f.getFileName() + " imports jobs." + m.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void onlyTheCliKnowsJCommander() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.startsWith(SOURCES.resolve("cli")))
                .sorted().toList()) {
                if (Files.readString(f).contains("import com.beust.jcommander")) {
                    found.add(SOURCES.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
