package io.dramalake.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.jobs.it.ItProcesses.Finished;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Airflow DAG's Python test (standard library only) once the shaded jar exists: it feeds
 * every spark-submit argument list the DAG builds to the real CLI's --dry-run.
 */
class AirflowDagIT {

    @TempDir
    Path dir;

    @Test
    void dagArgumentListsPassTheCliDryRun() throws Exception {
        Finished r = ItProcesses.run(List.of("python3", "scripts/airflow/test_dramalake_tasks.py"),
            Map.of("JAVA_HOME", System.getProperty("java.home"), "PYTHONDONTWRITEBYTECODE", "1"), dir, "airflow-test",
            Duration.ofMinutes(8));
        assertEquals(0, r.exitCode(), r.toString());
        // unittest reports on stderr; make sure the tests really ran.
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("test_every_argument_list_passes_the_dry_run ")
            && l.endsWith(" ... ok")), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("Ran \\d+ tests in .*")) && r.err().contains("\nOK"), r.err());
    }
}
