package io.dramalake.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Maven project version the jar was built from (a resource filtered at build time). */
public final class Version {

    private static final String VERSION = load();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String v = p.getProperty("version");
        // Unfiltered (run from sources without the build's resource step): say so rather than guess.
        return v == null || v.startsWith("${") ? "unknown" : v;
    }
}
