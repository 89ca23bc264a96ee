package io.dramalake.common.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.TreeSet;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Section 3.3: one {@code ad_creatives} record, checked in the contract's order. */
public final class AdCreativeConformer extends Conformer.JsonLines {

    public static final StructType FIELDS = new StructType()
        .add("creative_id", DataTypes.StringType, true)
        .add("unified_app_id", DataTypes.StringType, true)
        .add("store", DataTypes.StringType, true)
        .add("app_id", DataTypes.StringType, true)
        .add("network", DataTypes.StringType, true)
        .add("media_type", DataTypes.StringType, true)
        .add("first_seen", DataTypes.DateType, true)
        .add("last_seen", DataTypes.DateType, true)
        .add("countries", DataTypes.createArrayType(DataTypes.StringType, false), true)
        .add("language", DataTypes.StringType, true)
        .add("impressions", DataTypes.LongType, true)
        .add(AS_OF, DataTypes.TimestampType, true);

    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    @Override
    public StructType fields() {
        return FIELDS;
    }

    @Override
    void conform(JsonRecord json, LocalDate dumpDate, Outcome out) {
        String creativeId = json.text("creative_id");
        String firstText = json.text("first_seen");
        String lastText = json.text("last_seen");
        LocalDate first = Rules.parseDay(firstText);
        LocalDate last = Rules.parseDay(lastText);
        String store = Rules.store(json.text("store"));
        String appId = json.text("app_id");
        String unifiedAppId = Rules.unifiedAppId(json.text("unified_app_id"));
        TreeSet<String> countries = new TreeSet<>();
        for (String c : json.texts("countries")) {
            String iso = Rules.isoCountryOrNull(c);
            if (iso != null) {
                countries.add(iso);
            } else if (c != null) {
                out.warn("bad_country_dropped");
            }
        }
        out.set(0, creativeId).set(1, unifiedAppId).set(2, store).set(3, appId)
            .set(4, Rules.network(json.text("network"))).set(5, Rules.mediaType(json.text("media_type")))
            .set(6, first).set(7, last).set(8, countries.toArray(new String[0])).set(9, json.text("language"))
            .set(10, impressions(json.node("impressions"), out))
            .set(11, Timestamp.from(Rules.parseAsOf(json.text(AS_OF), dumpDate)));

        if (creativeId == null) {
            out.reject(RejectReason.BAD_CREATIVE_ID, "creative_id is empty");
        }
        if (first == null) {
            out.reject(RejectReason.BAD_DATE, "first_seen " + Conformer.show(firstText));
        } else if (last == null) {
            out.reject(RejectReason.BAD_DATE, "last_seen " + Conformer.show(lastText));
        } else if (first.isAfter(dumpDate)) {
            out.reject(RejectReason.FUTURE_DATE, "first_seen " + first + " is after dump date " + dumpDate);
        } else if (last.isAfter(dumpDate)) {
            out.reject(RejectReason.FUTURE_DATE, "last_seen " + last + " is after dump date " + dumpDate);
        } else if (first.isAfter(last)) {
            out.reject(RejectReason.BAD_SEEN_RANGE, "first_seen " + first + " is after last_seen " + last);
        }
        if (unifiedAppId == null && (store == null || appId == null)) {
            out.reject(RejectReason.MISSING_APP, "neither unified_app_id nor both store and app_id");
        }
    }

    /** A non-negative whole number of impressions; anything else becomes null with a warning. */
    private static Long impressions(JsonNode n, Outcome out) {
        if (n == null) {
            return null;
        }
        BigInteger value = null;
        if (n.isIntegralNumber()) {
            value = n.bigIntegerValue();
        } else if (n.isNumber() && n.decimalValue().stripTrailingZeros().scale() <= 0) {
            value = n.decimalValue().toBigIntegerExact();
        } else if (n.isTextual()) {
            value = Rules.nonNegativeInteger(n.textValue());
        }
        if (value == null || value.signum() < 0 || value.compareTo(LONG_MAX) > 0) {
            out.warn("bad_impressions");
            return null;
        }
        return value.longValueExact();
    }
}
