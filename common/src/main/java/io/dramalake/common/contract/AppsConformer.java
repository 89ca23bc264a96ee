package io.dramalake.common.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Section 3.2: one {@code apps} metadata record; origin derived from the conformed HQ countries. */
public final class AppsConformer extends Conformer.JsonLines {

    public static final StructType STORE_IDS = new StructType()
        .add(Rules.IOS, DataTypes.StringType, true)
        .add(Rules.ANDROID, DataTypes.StringType, true);

    public static final StructType FIELDS = new StructType()
        .add("unified_app_id", DataTypes.StringType, true)
        .add("app_name", DataTypes.StringType, true)
        .add("publisher_name", DataTypes.StringType, true)
        .add("publisher_hq_country", DataTypes.StringType, true)
        .add("parent_company", DataTypes.StringType, true)
        .add("parent_hq_country", DataTypes.StringType, true)
        .add("origin_country", DataTypes.StringType, true)
        .add("store_ids", STORE_IDS, true)
        .add(AS_OF, DataTypes.TimestampType, true);

    @Override
    public StructType fields() {
        return FIELDS;
    }

    @Override
    void conform(JsonRecord json, LocalDate dumpDate, Outcome out) {
        String id = Rules.unifiedAppId(json.text("unified_app_id"));
        String publisherHq = hqCountry(json, "publisher_hq_country", out);
        String parentHq = hqCountry(json, "parent_hq_country", out);
        JsonNode ids = json.node("store_ids");
        Row storeIds = null;
        if (ids != null && ids.isObject()) {
            String ios = JsonRecord.text(ids.get(Rules.IOS));
            String android = JsonRecord.text(ids.get(Rules.ANDROID));
            storeIds = RowFactory.create(ios, android);
        } else if (ids != null) {
            out.warn("bad_store_ids");
        }
        out.set(0, id).set(1, json.text("app_name")).set(2, json.text("publisher_name")).set(3, publisherHq)
            .set(4, json.text("parent_company")).set(5, parentHq).set(6, Rules.origin(parentHq, publisherHq))
            .set(7, storeIds).set(8, Timestamp.from(Rules.parseAsOf(json.text(AS_OF), dumpDate)));
        if (!Rules.isValidUnifiedAppId(id)) {
            out.reject(RejectReason.BAD_APP_ID, "unified_app_id " + Conformer.show(id));
        }
    }

    /** A valid ISO code, or null with a warning when the vendor gave something else. */
    private static String hqCountry(JsonRecord json, String field, Outcome out) {
        String given = json.text(field);
        String iso = Rules.isoCountryOrNull(given);
        if (given != null && iso == null) {
            out.warn("bad_" + field);
        }
        return iso;
    }
}
