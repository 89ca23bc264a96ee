package io.dramalake.jobs.curate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.dramalake.common.contract.Rules;
import io.dramalake.common.spark.LocalFrames;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Section 3.4: resolves a fact's app against {@code silver.apps} — by {@code unified_app_id},
 * else by store listing — and derives {@code app_key}, the app's name and its origin.
 */
public final class AppResolution {

    public static final String APP_KEY = "app_key";
    public static final String RESOLVED_NAME = "resolved_app_name";
    public static final String ORIGIN = "origin_country";

    private AppResolution() {
    }

    /**
     * Adds {@code app_key}, {@code resolved_app_name} and {@code origin_country} to rows that have
     * {@code unified_app_id}, {@code store} and {@code app_id}.
     */
    public static Dataset<Row> resolve(Dataset<Row> facts, Dataset<Row> apps) {
        Dataset<Row>[] lookups = LOOKUPS.computeIfAbsent(apps, AppResolution::lookups);
        Dataset<Row> byId = lookups[0];
        Dataset<Row> listings = lookups[1];
        Column byIdFound = col("_id1").isNotNull();
        return facts
            .join(broadcast(byId), col("unified_app_id").equalTo(col("_id1")), "left")
            .join(broadcast(listings), col("store").equalTo(col("_store2")).and(col("app_id").equalTo(col("_app2"))),
                "left")
            .withColumn(APP_KEY, coalesce(col("_id1"), col("_id2"), col("unified_app_id"),
                concat(col("store"), lit(":"), col("app_id"))))
            .withColumn(RESOLVED_NAME, when(byIdFound, col("_name1")).otherwise(col("_name2")))
            .withColumn(ORIGIN, coalesce(when(byIdFound, col("_origin1")).otherwise(col("_origin2")),
                lit(Rules.UNKNOWN_ORIGIN)))
            .drop("_id1", "_name1", "_origin1", "_store2", "_app2", "_id2", "_name2", "_origin2");
    }

    /**
     * The two lookups of an apps frame, computed once and held on the driver (silver.apps has a
     * row per app): every plan that resolves facts joins them without reading the table, or
     * ranking its listings, again. Keyed by the frame itself, dropped with it.
     */
    private static final Map<Dataset<Row>, Dataset<Row>[]> LOOKUPS =
        Collections.synchronizedMap(new WeakHashMap<>());

    @SuppressWarnings("unchecked")
    private static Dataset<Row>[] lookups(Dataset<Row> apps) {
        Dataset<Row> byId = apps.select(col("unified_app_id").as("_id1"), col("app_name").as("_name1"),
            col("origin_country").as("_origin1"));
        // A store listing claimed by two apps goes to the most recently described one.
        Dataset<Row> listings = apps.select(col("unified_app_id"), col("app_name"), col("origin_country"),
                col("as_of"), col("dump_date"), lit(Rules.IOS).as("_store2"), col("store_ids.ios").as("_app2"))
            .unionByName(apps.select(col("unified_app_id"), col("app_name"), col("origin_country"), col("as_of"),
                col("dump_date"), lit(Rules.ANDROID).as("_store2"), col("store_ids.android").as("_app2")))
            .filter(col("_app2").isNotNull())
            .withColumn("_rn", row_number().over(Window.partitionBy("_store2", "_app2")
                .orderBy(col("as_of").desc(), col("dump_date").desc(), col("unified_app_id").asc())))
            .filter(col("_rn").equalTo(1))
            .select(col("_store2"), col("_app2"), col("unified_app_id").as("_id2"), col("app_name").as("_name2"),
                col("origin_country").as("_origin2"));
        return new Dataset[] {LocalFrames.of(byId), LocalFrames.of(listings)};
    }
}
