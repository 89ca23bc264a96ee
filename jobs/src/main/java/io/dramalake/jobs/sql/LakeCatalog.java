package io.dramalake.jobs.sql;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Registers every existing lake table in the session's catalog under its database
 * ({@code bronze}, {@code silver}, {@code gold}, {@code ops}) as an external Delta table, so SQL
 * names them as analysts expect and time travel works.
 */
public final class LakeCatalog {

    private LakeCatalog() {
    }

    /** Registers the lake's tables (replacing earlier registrations) and returns the names registered. */
    public static List<String> register(SparkSession spark, Lake lake) {
        List<String> registered = new ArrayList<>();
        for (String db : LakeTable.databases()) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + db);
        }
        for (LakeTable t : LakeTable.all()) {
            // External tables: dropping a registration never touches the data.
            spark.sql("DROP TABLE IF EXISTS " + t.qualifiedName());
            if (lake.exists(spark, t)) {
                spark.sql("CREATE TABLE " + t.qualifiedName() + " USING delta LOCATION '"
                    + lake.path(t).replace("'", "\\'") + "'");
                registered.add(t.qualifiedName());
            }
        }
        return registered;
    }
}
