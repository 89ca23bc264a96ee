package io.dramalake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Each Delta table of a lake as its folder shows it, read without Spark: the live files and bytes
 * (the current snapshot, replayed from the commit JSONs), the files and bytes on disk (removed
 * files stay until VACUUM) and the log's length (commit JSON files in {@code _delta_log}).
 */
final class DailyLakeStats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DailyLakeStats() {
    }

    /** {@code liveFiles}/{@code liveBytes} are null when the log no longer starts at version 0 (cleaned up). */
    record Table(Long liveFiles, Long liveBytes, long diskFiles, long diskBytes, int logCommits) {
    }

    /** Every table of the lake ({@code <lake>/<database>/<table>/_delta_log}), by qualified name. */
    static Map<String, Table> of(Path lake) throws IOException {
        Map<String, Table> out = new TreeMap<>();
        if (!Files.isDirectory(lake)) {
            return out;
        }
        for (Path db : list(lake)) {
            if (!Files.isDirectory(db)) {
                continue;
            }
            for (Path table : list(db)) {
                if (Files.isDirectory(table.resolve("_delta_log"))) {
                    out.put(db.getFileName() + "." + table.getFileName(), table(table));
                }
            }
        }
        return out;
    }

    static Table table(Path dir) throws IOException {
        List<Path> commits = list(dir.resolve("_delta_log")).stream()
            .filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList();
        Long liveFiles = null;
        Long liveBytes = null;
        if (!commits.isEmpty() && commits.get(0).getFileName().toString().equals("00000000000000000000.json")) {
            Map<String, Long> live = new HashMap<>();
            for (Path commit : commits) {
                // A deletion-vector update removes and re-adds the same path in one commit: removes first.
                List<JsonNode> actions = Files.readAllLines(commit).stream().filter(l -> !l.isBlank())
                    .map(DailyLakeStats::parse).toList();
                actions.stream().filter(a -> a.has("remove")).forEach(a -> live.remove(a.get("remove").get("path").asText()));
                actions.stream().filter(a -> a.has("add"))
                    .forEach(a -> live.put(a.get("add").get("path").asText(), a.get("add").get("size").asLong()));
            }
            liveFiles = (long) live.size();
            liveBytes = live.values().stream().mapToLong(Long::longValue).sum();
        }
        long[] disk = new long[2];
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).filter(p -> !p.startsWith(dir.resolve("_delta_log")))
                // Hadoop's checksum files (.name.crc) and markers (_SUCCESS) are not table data.
                .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
                .forEach(p -> {
                    disk[0]++;
                    disk[1] += p.toFile().length();
                });
        }
        return new Table(liveFiles, liveBytes, disk[0], disk[1], commits.size());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable Delta log line: " + line, e);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
