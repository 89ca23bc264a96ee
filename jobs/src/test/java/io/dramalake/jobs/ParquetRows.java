package io.dramalake.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A Delta table's rows read straight from the Parquet files its log lists as live, without
 * Spark: per row, column name to value as text (dates, timestamps and decimals readable, nested values as
 * Parquet prints them), partition values from the log. It does not apply deletion vectors: callers
 * read tables that have them through Delta. Both sides of a comparison must be read this way.
 */
final class ParquetRows {

    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588;

    private ParquetRows() {
    }

    /** A table's current version as its Delta log has it: schema and partitioning, and the live files' add actions by path. */
    record Live(String metadata, Map<String, JsonNode> adds) {
    }

    /** Replays the table's Delta log (every commit from version 0; checkpoints are not read). */
    static Live live(Path tableDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Path> commits;
        try (Stream<Path> files = Files.list(tableDir.resolve("_delta_log"))) {
            commits = files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList();
        }
        if (commits.isEmpty() || !commits.get(0).getFileName().toString().equals("00000000000000000000.json")) {
            throw new IllegalStateException("not every commit of " + tableDir + " is in its log");
        }
        String metadata = "";
        Map<String, JsonNode> live = new TreeMap<>();
        for (Path f : commits) {
            for (String line : Files.readAllLines(f)) {
                JsonNode action = json.readTree(line);
                if (action.has("metaData")) {
                    JsonNode m = action.get("metaData");
                    metadata = m.path("schemaString").asText() + m.path("partitionColumns");
                } else if (action.has("add")) {
                    live.put(action.get("add").get("path").asText(), action.get("add"));
                } else if (action.has("remove")) {
                    live.remove(action.get("remove").get("path").asText());
                }
            }
        }
        return new Live(metadata, live);
    }

    /** The rows of the table's current version. */
    static List<Map<String, String>> read(Path tableDir) throws IOException {
        return read(tableDir, live(tableDir).adds().values());
    }

    /** The rows of the files {@code adds} (Delta add actions) under {@code tableDir}. */
    static List<Map<String, String>> read(Path tableDir, Collection<JsonNode> adds) throws IOException {
        Configuration conf = new Configuration();
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode add : adds) {
            Map<String, String> partition = new TreeMap<>();
            add.path("partitionValues").fields().forEachRemaining(e -> partition.put(e.getKey(),
                e.getValue().isNull() ? "null" : e.getValue().asText()));
            // Delta stores the path URI-encoded and relative to the table.
            Path file = tableDir.resolve(URI.create(add.get("path").asText()).getPath());
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(file.toUri())).withConf(conf).build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    Map<String, String> row = new TreeMap<>(partition);
                    GroupType type = g.getType();
                    for (int i = 0; i < type.getFieldCount(); i++) {
                        row.put(type.getFieldName(i), value(g, i, type.getType(i)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static String value(Group g, int field, Type type) {
        int n = g.getFieldRepetitionCount(field);
        if (n == 0) {
            return "null";
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(type.isPrimitive() ? primitive(g, field, i, type.asPrimitiveType())
                : g.getGroup(field, i).toString().replace('\n', ';'));
        }
        return n == 1 ? values.get(0) : values.toString();
    }

    private static String primitive(Group g, int field, int index, PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            java.math.BigInteger unscaled = switch (type.getPrimitiveTypeName()) {
                case INT32 -> java.math.BigInteger.valueOf(g.getInteger(field, index));
                case INT64 -> java.math.BigInteger.valueOf(g.getLong(field, index));
                default -> new java.math.BigInteger(g.getBinary(field, index).getBytes());
            };
            return new java.math.BigDecimal(unscaled, d.getScale()).toPlainString();
        }
        switch (type.getPrimitiveTypeName()) {
            case INT96 -> {
                // Spark's default timestamp: nanoseconds of the day, then the Julian day, little-endian.
                ByteBuffer b = g.getInt96(field, index).toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                long nanos = b.getLong();
                long day = b.getInt() - JULIAN_DAY_OF_EPOCH;
                return Instant.ofEpochSecond(day * 86_400).plusNanos(nanos).toString();
            }
            case INT32 -> {
                if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return LocalDate.ofEpochDay(g.getInteger(field, index)).toString();
                }
            }
            case INT64 -> {
                if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t) {
                    long v = g.getLong(field, index);
                    return switch (t.getUnit()) {
                        case MILLIS -> Instant.ofEpochMilli(v).toString();
                        case MICROS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000), Math.floorMod(v, 1_000_000) * 1_000L)
                            .toString();
                        case NANOS -> Instant.ofEpochSecond(0, v).toString();
                    };
                }
            }
            default -> {
            }
        }
        return g.getValueToString(field, index);
    }
}
