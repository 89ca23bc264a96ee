package io.dramalake.jobs;

import io.dramalake.jobs.cli.Cli;
import org.apache.spark.sql.SparkSession;

/** Entry point for the launcher and for spark-submit: run one command, stop Spark, exit with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = new Cli(System.out, System.err).execute(args);
        boolean sparkStarted = SparkSession.getDefaultSession().isDefined();
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
        if (code == 0 && sparkStarted) {
            markClassArchive();
        }
        System.exit(code);
    }

    /** Where the launcher has the JVM write its class-data archive at exit (scripts/dramalake). */
    private static final String CLASS_ARCHIVE = "dramalake.classArchive";

    /**
     * A run that succeeded, and started Spark, marks the archive as worth keeping, so the few
     * classes of a failed, refused or dry run do not become every later run's archive.
     */
    private static void markClassArchive() {
        String archive = System.getProperty(CLASS_ARCHIVE);
        if (archive == null) {
            return;
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(archive + ".ok"), "");
        } catch (java.io.IOException | RuntimeException e) {
            // Without the mark the launcher only drops the archive: nothing else depends on it.
        }
    }
}
