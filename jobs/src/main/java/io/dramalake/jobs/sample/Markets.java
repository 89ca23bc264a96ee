package io.dramalake.jobs.sample;

/**
 * The about sixty markets that matter for overseas micro-drama apps, most important first, with a
 * relative weight for downloads and one for IAP revenue (US-heavy, as in the published rankings),
 * the share of downloads and of revenue that comes from iOS there, and a language tag for ads.
 * {@code SampleOptions.countries} takes the first N of them.
 */
final class Markets {
    private Markets() {
    }

    //                        code  dl    rev   lang
    private static final Object[][] TABLE = {
            {"US", 14.0, 45.0, "en-US"},
            {"GB", 3.0, 5.0, "en-GB"},
            {"CA", 2.0, 4.5, "en-CA"},
            {"AU", 1.5, 4.0, "en-AU"},
            {"PH", 6.0, 2.0, "en-PH"},
            {"ID", 8.0, 2.0, "id"},
            {"BR", 7.0, 2.5, "pt-BR"},
            {"MX", 5.0, 2.5, "es-MX"},
            {"DE", 2.0, 3.5, "de"},
            {"FR", 2.0, 2.5, "fr"},
            {"JP", 2.0, 4.0, "ja"},
            {"KR", 1.0, 2.0, "ko"},
            {"TH", 4.0, 1.5, "th"},
            {"IN", 7.0, 0.5, "en-IN"},
            {"VN", 3.0, 0.5, "vi"},
            {"MY", 2.0, 0.8, "ms"},
            {"SG", 0.6, 1.0, "en-SG"},
            {"TW", 1.0, 1.5, "zh-TW"},
            {"ES", 1.5, 1.0, "es-ES"},
            {"IT", 1.5, 1.0, "it"},
            {"SA", 1.5, 1.2, "ar"},
            {"AE", 0.8, 0.8, "ar"},
            {"HK", 0.5, 0.8, "zh-HK"},
            {"NL", 0.6, 0.7, "nl"},
            {"TR", 2.0, 0.4, "tr"},
            {"PL", 1.0, 0.4, "pl"},
            {"CO", 1.5, 0.4, "es-CO"},
            {"AR", 1.5, 0.3, "es-AR"},
            {"CL", 0.8, 0.4, "es-CL"},
            {"PE", 1.0, 0.3, "es-PE"},
            {"SE", 0.4, 0.5, "sv"},
            {"CH", 0.3, 0.6, "de-CH"},
            {"NZ", 0.3, 0.5, "en-NZ"},
            {"IE", 0.3, 0.4, "en-IE"},
            {"BE", 0.4, 0.4, "fr-BE"},
            {"AT", 0.3, 0.4, "de-AT"},
            {"NO", 0.2, 0.4, "nb"},
            {"DK", 0.2, 0.3, "da"},
            {"FI", 0.2, 0.2, "fi"},
            {"PT", 0.5, 0.3, "pt-PT"},
            {"IL", 0.3, 0.3, "he"},
            {"QA", 0.2, 0.3, "ar"},
            {"KW", 0.2, 0.3, "ar"},
            {"ZA", 1.0, 0.3, "en-ZA"},
            {"EG", 2.0, 0.2, "ar"},
            {"NG", 1.5, 0.1, "en-NG"},
            {"PK", 2.0, 0.1, "ur"},
            {"BD", 1.0, 0.05, "bn"},
            {"KZ", 0.4, 0.1, "ru"},
            {"RO", 0.5, 0.2, "ro"},
            {"CZ", 0.3, 0.2, "cs"},
            {"GR", 0.3, 0.15, "el"},
            {"HU", 0.3, 0.15, "hu"},
            {"UA", 0.5, 0.1, "uk"},
            {"MA", 0.6, 0.1, "ar"},
            {"KE", 0.5, 0.05, "sw"},
            {"EC", 0.5, 0.1, "es-EC"},
            {"GT", 0.4, 0.1, "es-GT"},
            {"DO", 0.4, 0.15, "es-DO"},
            {"PR", 0.3, 0.3, "es-PR"},
    };

    static final int COUNT = TABLE.length;
    static final String[] CODE = new String[COUNT];
    static final double[] DL = new double[COUNT];
    static final double[] REV = new double[COUNT];
    static final String[] LANG = new String[COUNT];
    /** Share of downloads from iOS (richer markets lean iOS). */
    static final double[] IOS_DL = new double[COUNT];
    /** Share of IAP revenue from iOS. */
    static final double[] IOS_REV = new double[COUNT];

    static {
        for (int i = 0; i < COUNT; i++) {
            CODE[i] = (String) TABLE[i][0];
            DL[i] = (Double) TABLE[i][1];
            REV[i] = (Double) TABLE[i][2];
            LANG[i] = (String) TABLE[i][3];
            double richness = Math.min(1.0, REV[i] / DL[i] / 3.0); // revenue per download, relative
            IOS_DL[i] = 0.15 + 0.40 * richness;
            IOS_REV[i] = 0.35 + 0.35 * richness;
        }
    }

    static int indexOf(String code) {
        for (int i = 0; i < COUNT; i++) {
            if (CODE[i].equals(code)) return i;
        }
        return -1;
    }
}
