package io.dramalake.common.contract;

import java.util.Locale;

/** Why a record left silver; the lower-case name is the code stored in {@code silver.quarantine.reason}. */
public enum RejectReason {
    /*
     * The record's bytes could not be read faithfully; checked before the contract's own reasons
     * (whose rules judge text), in this order. Set by LandedLines when the file is read.
     */
    /** Longer than LandedLines.MAX_RECORD_BYTES: only its start was kept. */
    TOO_LONG,
    /** Not valid UTF-8 (e.g. a Latin-1 byte). */
    BAD_ENCODING,
    /** Holds a NUL byte. */
    NUL_BYTE,
    MALFORMED,
    BAD_DATE,
    FUTURE_DATE,
    UNKNOWN_STORE,
    MISSING_APP_ID,
    BAD_COUNTRY,
    BAD_DOWNLOADS,
    BAD_REVENUE,
    /** Not an error: the vendor's worldwide total row, excluded because it is not a fact. */
    WORLDWIDE_TOTAL,
    BAD_APP_ID,
    BAD_CREATIVE_ID,
    BAD_SEEN_RANGE,
    MISSING_APP;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
