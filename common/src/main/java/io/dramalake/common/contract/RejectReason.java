package io.dramalake.common.contract;

import java.util.Locale;

/** Why a record left silver; the lower-case name is the code stored in {@code silver.quarantine.reason}. */
public enum RejectReason {
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
