package io.dramalake.jobs.sql;

import io.dramalake.common.lake.Lake;
import io.dramalake.common.lake.LakeTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.types.StructType;
import scala.Option;

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

    /**
     * {@link #register}, then copies each table's schema from its Delta log into the catalog entry.
     * Delta keeps the catalog's copy empty, so JDBC metadata calls ({@code getColumns}) would list
     * no columns; queries and time travel still read the schema from the log.
     */
    public static List<String> registerWithColumns(SparkSession spark, Lake lake) {
        List<String> registered = register(spark, lake);
        SessionCatalog catalog = spark.sessionState().catalog();
        for (LakeTable t : LakeTable.all()) {
            if (!registered.contains(t.qualifiedName())) {
                continue;
            }
            TableIdentifier id = new TableIdentifier(t.table(), Option.apply(t.database()));
            try {
                if (catalog.getTableMetadata(id).schema().isEmpty()) {
                    StructType schema = spark.read().format("delta").load(lake.path(t)).schema();
                    catalog.alterTableDataSchema(id, schema);
                }
            } catch (AnalysisException e) {
                throw new IllegalStateException("just registered, yet not in the catalog: " + t.qualifiedName(), e);
            }
        }
        return registered;
    }
}
