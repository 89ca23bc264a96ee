package io.dramalake.jobs;

import io.dramalake.jobs.cli.Cli;
import org.apache.spark.sql.SparkSession;

/** Entry point for the launcher and for spark-submit: run one command, stop Spark, exit with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = new Cli(System.out, System.err).execute(args);
        scala.Option<SparkSession> session = SparkSession.getDefaultSession();
        boolean sparkStarted = session.isDefined();
        session.foreach(s -> {
            s.stop();
            return null;
        });
        if (code == 0 && sparkStarted) {
            // Not a failed, refused or dry run's few classes: they would become every later run's archive.
            ClassArchive.write();
        }
        System.exit(code);
    }
}
