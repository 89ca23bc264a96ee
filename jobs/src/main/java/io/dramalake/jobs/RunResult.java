package io.dramalake.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dramalake.common.quality.ConstraintOutcome;
import io.dramalake.common.spark.JobCounter;
import io.dramalake.jobs.curate.CurateJob;
import io.dramalake.jobs.ingest.IngestJob;
import io.dramalake.jobs.ops.RowAccounting;
import io.dramalake.jobs.validate.ValidateJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A command's result for machines ({@code --result-json}): what each stage did and how the
 * command ended. Built from the jobs' typed results; fields that do not apply are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunResult(String command, String version, @JsonProperty("run_id") String runId, String lake,
                        @JsonProperty("exit_code") int exitCode, String status, String message,
                        List<Stage> stages, List<Quality> quality, List<Missing> missing) {

    /**
     * One stage: wall time, files, rows; per table rows (curate) or files and bytes (maintain); the
     * Spark work it issued where the job counted it ({@code run}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stage(String name, Double seconds, Integer files, Rows rows, Boolean published,
                        @JsonProperty("table_rows") Map<String, Long> tableRows,
                        List<MaintainedTable> tables, List<String> warnings,
                        @JsonProperty("spark_jobs") SparkJobs sparkJobs, String gold) {
    }

    /** What a stage issued to Spark, as the {@code spark_jobs:} line counts it; on {@code total}, the whole run's. */
    public record SparkJobs(long jobs, @JsonProperty("sql_executions") long sqlExecutions,
                            @JsonProperty("delta_file_scans") long deltaFileScans) {
        static SparkJobs of(Map<String, JobCounter.Counts> counts, String stage) {
            JobCounter.Counts c = counts == null ? null : counts.get(stage);
            return c == null ? null : new SparkJobs(c.jobs(), c.sqlExecutions(), c.deltaFileScans());
        }
    }

    /** Records read, accepted, rejected by reason and superseded (ingest: read only, the records landed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rows(long read, Long accepted, Map<String, Long> rejected, Long superseded,
                       @JsonProperty("read_by_source") Map<String, Long> readBySource) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Quality(String stage, String table, String check, String severity, String constraint,
                          String status, String message) {
        static List<Quality> of(String stage, List<ConstraintOutcome> outcomes) {
            return outcomes.stream().map(o -> new Quality(stage, o.table(), o.check(),
                o.severity().name().toLowerCase(java.util.Locale.ROOT), o.constraint(),
                o.passed() ? "success" : "failure", o.passed() ? null : o.message())).toList();
        }
    }

    /** A table before and after {@code maintain}. */
    public record MaintainedTable(String table, @JsonProperty("files_before") long filesBefore,
                                  @JsonProperty("bytes_before") long bytesBefore,
                                  @JsonProperty("files_after") long filesAfter,
                                  @JsonProperty("bytes_after") long bytesAfter) {
    }

    /** A required source of a dump that has not arrived. */
    public record Missing(String source, String folder, String why) {
    }

    /** What the stages did, before the command's end is known. */
    public record Body(List<Stage> stages, List<Quality> quality) {
        public static final Body NONE = new Body(List.of(), List.of());

        /** The body of any job's result; {@code seconds} is the stage's wall time where the result has none. */
        public static Body of(JobResult r, double wallSeconds) {
            // Boxed, so the calls below pick the typed overloads and not this one again.
            Double seconds = wallSeconds;
            if (r instanceof PipelineJob.Result p) {
                return of(p);
            }
            if (r instanceof IngestJob.Result i) {
                return of(i, seconds);
            }
            if (r instanceof ValidateJob.Result v) {
                return of(v, seconds);
            }
            if (r instanceof CurateJob.Result c) {
                return of(c, seconds);
            }
            if (r instanceof io.dramalake.jobs.maintain.MaintainJob.Result m) {
                return of(m, seconds);
            }
            return NONE;
        }

        public static Body of(IngestJob.Result r, Double seconds) {
            return new Body(List.of(ingest(r, seconds)), List.of());
        }

        public static Body of(ValidateJob.Result r, Double seconds) {
            return new Body(List.of(validate(r, seconds)), Quality.of("validate", r.quality()));
        }

        public static Body of(CurateJob.Result r, Double seconds) {
            return new Body(List.of(curate(r, seconds)), Quality.of("curate", r.quality()));
        }

        public static Body of(PipelineJob.Result r) {
            List<Stage> stages = new ArrayList<>();
            stages.add(counted(ingest(r.ingest(), r.seconds().get("ingest")), r.jobs()));
            stages.add(counted(validate(r.validate(), r.seconds().get("validate")), r.jobs()));
            List<Quality> quality = new ArrayList<>(Quality.of("validate", r.validate().quality()));
            if (r.curate() != null) {
                stages.add(counted(curate(r.curate(), r.seconds().get("curate")), r.jobs()));
                quality.addAll(Quality.of("curate", r.curate().quality()));
            }
            stages.add(new Stage("total", r.seconds().get("total"), null, null, null, null, null, null,
                SparkJobs.of(r.jobs(), "total"), null));
            return new Body(List.copyOf(stages), List.copyOf(quality));
        }

        private static Stage counted(Stage s, Map<String, JobCounter.Counts> jobs) {
            return new Stage(s.name(), s.seconds(), s.files(), s.rows(), s.published(), s.tableRows(), s.tables(),
                s.warnings(), SparkJobs.of(jobs, s.name()), s.gold());
        }

        public static Body of(io.dramalake.jobs.maintain.MaintainJob.Result r, Double seconds) {
            List<MaintainedTable> tables = r.tables().stream().map(t -> new MaintainedTable(t.table().qualifiedName(),
                t.filesBefore(), t.bytesBefore(), t.filesAfter(), t.bytesAfter())).toList();
            return new Body(List.of(new Stage("maintain", seconds, null, null, null, null, tables, null, null, null)), List.of());
        }

        private static Stage ingest(IngestJob.Result r, Double seconds) {
            Map<String, Long> bySource = new LinkedHashMap<>();
            r.recordsBySource().forEach((s, n) -> bySource.put(s.folder(), n));
            List<String> warnings = new ArrayList<>(r.passedOver());
            warnings.addAll(r.refusedDumps());
            warnings.addAll(r.unreadable());
            return new Stage("ingest", seconds, r.filesIngested(), new Rows(r.records(), null, null, null, bySource),
                null, null, null, warnings.isEmpty() ? null : List.copyOf(warnings), null, null);
        }

        private static Stage validate(ValidateJob.Result r, Double seconds) {
            Map<String, Long> rejected = new TreeMap<>();
            r.accounting().stream().filter(e -> e.metric().equals(RowAccounting.REJECTED))
                .forEach(e -> rejected.merge(e.reason(), e.rows(), Long::sum));
            return new Stage("validate", seconds, r.filesValidated(), new Rows(r.count(RowAccounting.READ),
                r.count(RowAccounting.ACCEPTED), rejected, r.count(RowAccounting.SUPERSEDED), null),
                null, null, null, null, null, null);
        }

        private static Stage curate(CurateJob.Result r, Double seconds) {
            Map<String, Long> rows = new LinkedHashMap<>();
            r.rows().forEach((t, n) -> rows.put(t.qualifiedName(), n));
            return new Stage("curate", seconds, null, null, r.published(), rows, null, null, null,
                r.upToDate() ? null : r.rebuilt() ? "rebuilt" : "updated");
        }
    }

    /** The outcome in one word, for a scheduler's branch: from the exit code (75: which of its two causes). */
    public static String status(int exitCode, boolean dumpMissing) {
        return switch (exitCode) {
            case 0 -> "succeeded";
            case 64 -> "usage_error";
            case 65 -> "quality_failed";
            case 66 -> "path_unavailable";
            case 75 -> dumpMissing ? "dump_not_arrived" : "lake_busy";
            case 77 -> "refused";
            default -> "failed";
        };
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("result not serializable", e);
        }
    }

    /** Writes the JSON to {@code file} (its folder is created) through a temporary file, so a reader never sees half. */
    public void write(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, toJson());
        Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
