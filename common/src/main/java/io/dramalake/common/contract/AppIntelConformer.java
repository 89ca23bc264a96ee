package io.dramalake.common.contract;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Section 3.1: one {@code app_intel} CSV record, checked in the contract's order. */
public final class AppIntelConformer extends Conformer {

    public static final StructType FIELDS = new StructType()
        .add("date", DataTypes.DateType, true)
        .add("store", DataTypes.StringType, true)
        .add("app_id", DataTypes.StringType, true)
        .add("unified_app_id", DataTypes.StringType, true)
        .add("app_name", DataTypes.StringType, true)
        .add("publisher_name", DataTypes.StringType, true)
        .add("country", DataTypes.StringType, true)
        .add("downloads", DataTypes.LongType, true)
        .add("revenue_usd", DataTypes.createDecimalType(20, 2), true)
        .add(AS_OF, DataTypes.TimestampType, true);

    private static final String[] COLUMNS = {
        "date", "store", "app_id", "unified_app_id", "app_name", "publisher_name", "country", "downloads",
        "revenue_cents", "as_of"};

    /** Header line → position of each contract column (-1 when absent), per file header seen. */
    private transient Map<String, int[]> headers;

    @Override
    public StructType fields() {
        return FIELDS;
    }

    @Override
    public Row conform(String raw, String header, LocalDate dumpDate, String sourceFile, long lineNumber) {
        Outcome out = new Outcome(raw, dumpDate, sourceFile, lineNumber);
        int[] at = positions(header);
        List<String> values = CsvRecords.fields(raw);
        if (values == null || values.size() != at[at.length - 1]) {
            return out.reject(RejectReason.MALFORMED, values == null
                ? "unclosed quote" : values.size() + " fields, header has " + at[at.length - 1]).row();
        }
        String[] v = new String[COLUMNS.length];
        for (int i = 0; i < COLUMNS.length; i++) {
            v[i] = at[i] < 0 ? null : Rules.clean(values.get(at[i]));
        }
        LocalDate date = Rules.parseDay(v[0]);
        String store = Rules.store(v[1]);
        String country = Rules.country(v[6]);
        Long downloads = Rules.downloads(v[7]);
        BigDecimal revenue = Rules.revenueUsd(v[8]);
        out.set(0, date).set(1, store).set(2, v[2]).set(3, Rules.unifiedAppId(v[3])).set(4, v[4]).set(5, v[5])
            .set(6, country).set(7, downloads).set(8, revenue)
            .set(9, Timestamp.from(Rules.parseAsOf(v[9], dumpDate)));
        if (date == null) {
            out.reject(RejectReason.BAD_DATE, "date " + Conformer.show(v[0]));
        } else if (date.isAfter(dumpDate)) {
            out.reject(RejectReason.FUTURE_DATE, "date " + date + " is after dump date " + dumpDate);
        }
        if (store == null) {
            out.reject(RejectReason.UNKNOWN_STORE, "store " + Conformer.show(v[1]));
        }
        if (v[2] == null) {
            out.reject(RejectReason.MISSING_APP_ID, "app_id is empty");
        }
        if (!Rules.isIsoCountry(country) && !Rules.WORLDWIDE.equals(country)) {
            out.reject(RejectReason.BAD_COUNTRY, "country " + Conformer.show(v[6]));
        }
        if (downloads == null) {
            out.reject(RejectReason.BAD_DOWNLOADS, "downloads " + Conformer.show(v[7]));
        }
        if (revenue == null) {
            out.reject(RejectReason.BAD_REVENUE, "revenue_cents " + Conformer.show(v[8]));
        }
        if (Rules.WORLDWIDE.equals(country)) {
            out.reject(RejectReason.WORLDWIDE_TOTAL, "country WW is a worldwide total, not a fact");
        }
        return out.row();
    }

    /** Column positions by case-insensitive header name; the last slot holds the header's field count. */
    private int[] positions(String header) {
        if (headers == null) {
            headers = new HashMap<>();
        }
        return headers.computeIfAbsent(header == null ? "" : header, h -> {
            List<String> names = CsvRecords.fields(h);
            if (names == null) {
                names = List.of(h.split(",", -1));
            }
            int[] at = new int[COLUMNS.length + 1];
            for (int i = 0; i < COLUMNS.length; i++) {
                at[i] = -1;
                for (int j = 0; j < names.size(); j++) {
                    String name = Rules.clean(names.get(j));
                    if (name != null && name.toLowerCase(Locale.ROOT).equals(COLUMNS[i])) {
                        at[i] = j;
                        break;
                    }
                }
            }
            at[COLUMNS.length] = names.size();
            return at;
        });
    }
}
