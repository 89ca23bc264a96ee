package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, without a driver: {@code --dump-dom} for the DOM after the page's
 * scripts ran, {@code --screenshot} for a PNG. Each call gets a new empty profile and no network.
 */
final class HeadlessChromium {

    static final Path BINARY = Path.of(System.getProperty("dramalake.chromium", "/usr/bin/chromium"));

    private final Path work;

    HeadlessChromium(Path work) {
        this.work = work;
        assertTrue(Files.isExecutable(BINARY), BINARY + " is needed (apt-get install -y chromium; .ci/run does it)");
    }

    /** The serialized DOM once the page loaded and its scripts ran. */
    String dumpDom(Path page) throws Exception {
        return run(page, "--dump-dom");
    }

    void screenshot(Path page, Path png, int width, int height) throws Exception {
        run(page, "--screenshot=" + png, "--window-size=" + width + "," + height, "--hide-scrollbars");
        assertTrue(Files.size(png) > 0, "chromium wrote " + png);
    }

    private String run(Path page, String... extra) throws Exception {
        Path profile = Files.createTempDirectory(work, "chromium-profile-");
        Path out = Files.createTempFile(work, "chromium-", ".out");
        Path err = Files.createTempFile(work, "chromium-", ".err");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
            // A self-contained page needs no network: refuse every host so a stray fetch cannot succeed.
            "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000"));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectOutput(out.toFile())
            .redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish within 90 s:\n" + tail(err));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("chromium exited " + p.exitValue() + ":\n" + tail(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
