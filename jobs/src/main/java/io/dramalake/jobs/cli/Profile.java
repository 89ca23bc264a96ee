package io.dramalake.jobs.cli;

import io.dramalake.common.contract.Rules;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.dramalake.common.contract.Source;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A configuration profile ({@code conf/<name>.properties}): {@code spark.*} settings for the
 * session and {@code dramalake.*} defaults for options. Values may reference environment
 * variables as {@code ${env:NAME}} so that secrets never live in the file.
 */
public final class Profile {

    public static final String LANDING = "dramalake.landing";
    public static final String LAKE = "dramalake.lake";
    /** Sources a single day's dump must hold before {@code ingest}/{@code run --dump-date} lands it. */
    public static final String REQUIRED_SOURCES = "dramalake.required-sources";
    /** A file name (e.g. {@code _SUCCESS}) the vendor writes last; unset: none is asked for. */
    public static final String DUMP_MARKER = "dramalake.dump-marker";
    /** {@code apps} may be delivered less often than daily, so it is not required by default. */
    static final List<Source> DEFAULT_REQUIRED = List.of(Source.APP_INTEL, Source.AD_CREATIVES);

    private final String name;
    private final Map<String, String> settings;

    private Profile(String name, Map<String, String> settings) {
        this.name = name;
        this.settings = Collections.unmodifiableMap(settings);
    }

    public static Profile empty() {
        return new Profile("(none)", new LinkedHashMap<>());
    }

    /** The named file, or the installation's {@code conf/local.properties} when none is named. */
    public static Profile load(String file) {
        Path path;
        if (file != null) {
            path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new UsageException("--conf: cannot read " + file);
            }
        } else {
            String home = System.getProperty("dramalake.home", System.getenv("DRAMALAKE_HOME"));
            if (home == null || !Files.isReadable(Path.of(home, "conf", "local.properties"))) {
                return empty();
            }
            path = Path.of(home, "conf", "local.properties");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UsageException("--conf: cannot read " + path + ": " + e.getMessage());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            String value = expand(p.getProperty(key).trim());
            if (value != null && !value.isEmpty()) {
                settings.put(key, value);
            }
        }
        return new Profile(path.toString(), settings);
    }

    /** {@code ${env:NAME}} → the variable's value; an unset variable drops the setting. */
    static String expand(String value) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${env:", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            int end = value.indexOf('}', start);
            if (end < 0) {
                out.append(value, i, value.length());
                break;
            }
            String env = System.getenv(value.substring(start + 6, end));
            if (env == null) {
                return null;
            }
            out.append(value, i, start).append(env);
            i = end + 1;
        }
        return out.toString();
    }

    public String name() {
        return name;
    }

    public Map<String, String> settings() {
        return settings;
    }

    public String get(String key) {
        return settings.get(key);
    }

    /** {@code dramalake.future-dump-days}: how many days after today (UTC) a dump may be dated (default 1). */
    public int futureDumpDays() {
        String v = settings.get(Rules.FUTURE_DUMP_DAYS_KEY);
        if (v == null) {
            return Rules.FUTURE_DUMP_DAYS;
        }
        try {
            int days = Integer.parseInt(v.trim());
            if (days >= 0) {
                return days;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(Rules.FUTURE_DUMP_DAYS_KEY + " in " + name
            + ": '" + v + "' is not a whole number of days, 0 or more");
    }

    /** {@code dramalake.required-sources}: comma-separated source folders (default app_intel,ad_creatives). */
    public List<Source> requiredSources() {
        String v = settings.get(REQUIRED_SOURCES);
        if (v == null) {
            return DEFAULT_REQUIRED;
        }
        List<Source> sources = new ArrayList<>();
        for (String s : v.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            try {
                Source source = Source.fromFolder(s.trim());
                if (!sources.contains(source)) {
                    sources.add(source);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(REQUIRED_SOURCES + " in " + name + ": " + e.getMessage());
            }
        }
        return List.copyOf(sources);
    }

    /** {@code dramalake.dump-marker}, or null when the profile asks for none. */
    public String dumpMarker() {
        return settings.get(DUMP_MARKER);
    }
}
