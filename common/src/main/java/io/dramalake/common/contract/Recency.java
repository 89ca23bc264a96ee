package io.dramalake.common.contract;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The contract's recency order of two records for the same key: greater {@code as_of} wins, then
 * greater {@code dump_date}. Exact duplicates tie; the later file name and line then decide, so
 * one of them survives deterministically.
 */
public final class Recency {

    public static final List<String> COLUMNS =
        List.of(Conformer.AS_OF, Conformer.DUMP_DATE, Conformer.SOURCE_FILE, Conformer.LINE_NUMBER);

    private Recency() {
    }

    /** The record's position in the order, as a struct: structs compare field by field. */
    public static Column of(String prefix) {
        return struct(COLUMNS.stream().map(c -> col(prefix + c).as(c)).toArray(Column[]::new));
    }

    /** Most recent first, for window ordering. */
    public static Column[] newestFirst() {
        return COLUMNS.stream().map(c -> col(c).desc()).toArray(Column[]::new);
    }
}
