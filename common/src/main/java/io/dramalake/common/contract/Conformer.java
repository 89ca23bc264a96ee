package io.dramalake.common.contract;

import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns one bronze record into one conformed row: the source's typed fields, then the lineage
 * columns below. A row whose {@code reason} is set leaves silver for the quarantine.
 */
public abstract class Conformer implements Serializable {

    public static final String REASON = "reason";
    public static final String DETAIL = "detail";
    public static final String WARNINGS = "warnings";
    public static final String DUMP_DATE = "dump_date";
    public static final String SOURCE_FILE = "source_file";
    public static final String LINE_NUMBER = "line_number";
    public static final String RAW_RECORD = "raw_record";
    public static final String AS_OF = "as_of";

    /** Columns every conformed row ends with, in this order. */
    private static final List<StructField> LINEAGE = List.of(
        DataTypes.createStructField(REASON, DataTypes.StringType, true),
        DataTypes.createStructField(DETAIL, DataTypes.StringType, true),
        DataTypes.createStructField(WARNINGS, DataTypes.createArrayType(DataTypes.StringType, false), false),
        DataTypes.createStructField(DUMP_DATE, DataTypes.DateType, false),
        DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false),
        DataTypes.createStructField(LINE_NUMBER, DataTypes.LongType, false),
        DataTypes.createStructField(RAW_RECORD, DataTypes.StringType, true));

    public static Conformer of(Source source) {
        return switch (source) {
            case APP_INTEL -> new AppIntelConformer();
            case APPS -> new AppsConformer();
            case AD_CREATIVES -> new AdCreativeConformer();
        };
    }

    /** The source's own fields, as silver stores them (before the lineage columns). */
    public abstract StructType fields();

    private transient StructType schema;

    /** {@link #fields()} followed by the lineage columns. */
    public final StructType schema() {
        if (schema == null) {
            List<StructField> all = new ArrayList<>(Arrays.asList(fields().fields()));
            all.addAll(LINEAGE);
            schema = DataTypes.createStructType(all);
        }
        return schema;
    }

    /**
     * Conforms one record. {@code header} is the CSV header line of the record's file (null for
     * JSON Lines).
     */
    public abstract Row conform(String raw, String header, LocalDate dumpDate, String sourceFile, long lineNumber);

    /**
     * Conforms one bronze record: one whose bytes could not be read faithfully ({@code readDefect},
     * as {@link LandedLines.Defect#text()} stores it, or a NUL in its text) is rejected with that
     * reason before any of the contract's checks, which judge text; the others as above.
     */
    public final Row conform(String raw, String header, LocalDate dumpDate, String sourceFile, long lineNumber,
                             String readDefect) {
        LandedLines.Defect defect = LandedLines.Defect.parse(readDefect);
        if (defect == null && raw != null && raw.indexOf('\u0000') >= 0) {
            defect = new LandedLines.Defect(RejectReason.NUL_BYTE,
                "a NUL character at character " + (raw.indexOf('\u0000') + 1) + " of the record");
        }
        if (defect != null) {
            return new Outcome(raw, dumpDate, sourceFile, lineNumber).reject(defect.reason(), defect.detail()).row();
        }
        return conform(raw, header, dumpDate, sourceFile, lineNumber);
    }

    /** A JSON Lines source: a line that is not one JSON object is {@code malformed} before any other check. */
    abstract static class JsonLines extends Conformer {
        @Override
        public final Row conform(String raw, String header, LocalDate dumpDate, String sourceFile, long lineNumber) {
            Outcome out = new Outcome(raw, dumpDate, sourceFile, lineNumber);
            JsonRecord json = JsonRecord.parse(raw);
            if (json == null) {
                return out.reject(RejectReason.MALFORMED, "not a JSON object").row();
            }
            conform(json, dumpDate, out);
            return out.row();
        }

        /** Sets the fields and checks the source's rules on a parsed record. */
        abstract void conform(JsonRecord json, LocalDate dumpDate, Outcome out);
    }

    /** Collects a record's field values and its verdict, and assembles the output row. */
    protected final class Outcome {
        private final Object[] values = new Object[fields().size()];
        private final List<String> warnings = new ArrayList<>();
        private final String raw;
        private final LocalDate dumpDate;
        private final String sourceFile;
        private final long lineNumber;
        private RejectReason reason;
        private String detail;

        protected Outcome(String raw, LocalDate dumpDate, String sourceFile, long lineNumber) {
            this.raw = raw;
            this.dumpDate = dumpDate;
            this.sourceFile = sourceFile;
            this.lineNumber = lineNumber;
        }

        protected Outcome set(int index, Object value) {
            values[index] = value instanceof LocalDate d ? Date.valueOf(d) : value;
            return this;
        }

        /** Records the first reject reason only: the contract's order is the order of the calls. */
        protected Outcome reject(RejectReason why, String what) {
            if (reason == null) {
                reason = why;
                detail = what;
            }
            return this;
        }

        protected boolean rejected() {
            return reason != null;
        }

        protected Outcome warn(String warning) {
            warnings.add(warning);
            return this;
        }

        protected Row row() {
            Object[] all = Arrays.copyOf(values, values.length + LINEAGE.size());
            int i = values.length;
            all[i++] = reason == null ? null : reason.code();
            all[i++] = detail;
            all[i++] = warnings.toArray(new String[0]);
            all[i++] = Date.valueOf(dumpDate);
            all[i++] = sourceFile;
            all[i++] = lineNumber;
            // Only the quarantine keeps raw text; bronze has it for every record anyway.
            all[i] = reason == null ? null : raw;
            return new GenericRowWithSchema(all, schema());
        }
    }

    /** Shortens a raw value for a reject's detail message. */
    protected static String show(String value) {
        if (value == null) {
            return "null";
        }
        String v = value.length() > 60 ? value.substring(0, 57) + "..." : value;
        return "'" + v + "'";
    }
}
