package io.dramalake.jobs.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This machine's Maven repository, read-only over HTTP on 127.0.0.1, as the Dockerfile's
 * {@code MAVEN_MIRROR}: a Docker build then resolves what the host's build already downloaded
 * instead of fetching about 700 MB from Maven Central once per builder. A file the host lacks is
 * passed through from Central and counted, so a build never fails for the mirror's sake.
 */
final class MavenRepositoryServer implements AutoCloseable {

    private static final String PREFIX = "/maven2/";
    private static final URI CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");

    private final Path root;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final HttpClient central = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicLong servedBytes = new AtomicLong();
    private final AtomicInteger computed = new AtomicInteger();
    private final AtomicInteger fromCentral = new AtomicInteger();

    private MavenRepositoryServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The repository Maven runs this test with ({@code settings.localRepository}), else ~/.m2's. */
    static MavenRepositoryServer startOnHostRepository() throws IOException {
        String configured = System.getProperty("dramalake.localRepository");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return new MavenRepositoryServer(root);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX.substring(0, PREFIX.length() - 1);
    }

    String summary() {
        return served.get() + " files (" + servedBytes.get() / 1_000_000 + " MB) from this machine, " + computed.get()
            + " checksums worked out, " + fromCentral.get() + " passed through from Central";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            boolean head = method.equals("HEAD");
            if (!(head || method.equals("GET")) || !path.startsWith(PREFIX)) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String relative = path.substring(PREFIX.length());
            Path file = root.resolve(relative).normalize();
            if (!file.startsWith(root)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!Files.isRegularFile(file) && relative.endsWith(".sha1")) {
                // The local repository keeps few checksum files: work out the one asked for.
                Path artifact = Path.of(file.toString().substring(0, file.toString().length() - ".sha1".length()));
                if (Files.isRegularFile(artifact)) {
                    computed.incrementAndGet();
                    // Streamed: some jars (the AWS SDK bundle) are hundreds of MB.
                    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                    try (InputStream in = new DigestInputStream(Files.newInputStream(artifact), sha1)) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                    byte[] body = HexFormat.of().formatHex(sha1.digest()).getBytes(StandardCharsets.US_ASCII);
                    exchange.sendResponseHeaders(200, head ? -1 : body.length);
                    if (!head) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    }
                    return;
                }
            }
            if (Files.isRegularFile(file)) {
                long size = Files.size(file);
                served.incrementAndGet();
                servedBytes.addAndGet(size);
                if (head) {
                    exchange.getResponseHeaders().set("Content-Length", String.valueOf(size));
                }
                exchange.sendResponseHeaders(200, head || size == 0 ? -1 : size);
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        Files.copy(file, out);
                    }
                }
                return;
            }
            fromCentral.incrementAndGet();
            HttpResponse<byte[]> answer = central.send(HttpRequest.newBuilder(CENTRAL.resolve(relative))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), head || body.length == 0 ? -1 : body.length);
            if (!head && body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
