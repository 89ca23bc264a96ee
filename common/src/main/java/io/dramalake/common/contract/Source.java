package io.dramalake.common.contract;

import java.util.Locale;

/** The three vendor feeds of the landing zone, named as the contract names their folders. */
public enum Source {
    APP_INTEL("app_intel", Format.CSV),
    APPS("apps", Format.JSON_LINES),
    AD_CREATIVES("ad_creatives", Format.JSON_LINES);

    public enum Format { CSV, JSON_LINES }

    private final String folder;
    private final Format format;

    Source(String folder, Format format) {
        this.folder = folder;
        this.format = format;
    }

    /** The folder under the landing root, also the value of the {@code source} column. */
    public String folder() {
        return folder;
    }

    public Format format() {
        return format;
    }

    /** Whether a landed file name is one of this feed's data files (plain or gzip). */
    public boolean accepts(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.startsWith(".") || name.startsWith("_")) {
            return false;
        }
        String ext = format == Format.CSV ? ".csv" : ".jsonl";
        return name.endsWith(ext) || name.endsWith(ext + ".gz");
    }

    public static Source fromFolder(String folder) {
        for (Source s : values()) {
            if (s.folder.equals(folder)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown source '" + folder + "' (expected app_intel, apps or ad_creatives)");
    }
}
