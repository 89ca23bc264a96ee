package io.dramalake.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dramalake.jobs.Fixture;
import io.dramalake.jobs.FixtureGold;
import io.dramalake.jobs.cli.ExitCode;
import io.dramalake.jobs.it.ItProcesses.Finished;
import io.dramalake.jobs.it.ItProcesses.Server;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline with landing and lake on {@code s3a://}, against a real S3-compatible server
 * (s3proxy on the filesystem, its own process on 127.0.0.1), through the CLI as the launcher runs
 * it with the {@code cluster} profile; gold is then read back through {@code sql}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3LakeIT {

    private static final String BUCKET = "dramalake-it";

    private Path dir;

    private Server s3;
    private String endpoint;
    // Fresh per run and only ever passed through the environment, as in production.
    private final String accessKey = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private final String secretKey = UUID.randomUUID().toString().replace("-", "");

    @BeforeAll
    void startS3(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        int port = ItProcesses.freePort();
        endpoint = "http://127.0.0.1:" + port;
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + accessKey,
            "s3proxy.credential=" + secretKey,
            // In memory: s3proxy's on-disk backends do not answer S3A's directory probes as S3 does.
            "jclouds.provider=transient") + "\n");
        s3 = Server.start("s3proxy", List.of(ItProcesses.java(), "-Xmx256m", "-jar",
            ItProcesses.itTool("s3proxy.jar").toString(), "--properties", conf.toString()), Map.of(),
            dir.resolve("s3proxy.log"));
        ItProcesses.awaitPort(s3, port, Duration.ofSeconds(60));
        // S3A never creates buckets; an operator would, so the test does it with the SDK.
        AmazonS3 client = AmazonS3ClientBuilder.standard().withPathStyleAccessEnabled(true)
            .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, "us-east-1"))
            .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey, secretKey))).build();
        try {
            client.createBucket(BUCKET);
        } finally {
            client.shutdown();
        }
    }

    @AfterAll
    void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    private Map<String, String> s3Env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey);
        env.put("AWS_SESSION_TOKEN", "");
        env.put("DRAMALAKE_S3_ENDPOINT", endpoint);
        env.put("DRAMALAKE_S3_REGION", "us-east-1");
        env.put("DRAMALAKE_S3_PATH_STYLE", "true");
        env.put("DRAMALAKE_S3_SSL", "false");
        env.put("DRAMALAKE_S3_CHANGE_DETECTION", "client");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        return env;
    }

    private FileSystem s3a() throws Exception {
        Configuration hadoop = new Configuration();
        hadoop.set("fs.s3a.endpoint", endpoint);
        hadoop.set("fs.s3a.endpoint.region", "us-east-1");
        hadoop.set("fs.s3a.path.style.access", "true");
        hadoop.set("fs.s3a.connection.ssl.enabled", "false");
        hadoop.set("fs.s3a.change.detection.mode", "client");
        hadoop.set("fs.s3a.access.key", accessKey);
        hadoop.set("fs.s3a.secret.key", secretKey);
        return FileSystem.newInstance(new URI("s3a://" + BUCKET + "/"), hadoop);
    }

    private boolean existsInS3(String uri) throws Exception {
        try (FileSystem fs = s3a()) {
            return fs.exists(new org.apache.hadoop.fs.Path(uri));
        }
    }

    private Finished cli(String label, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--conf", ItProcesses.home().resolve("conf/cluster.properties").toString(),
            "--master", "local[2]"));
        return ItProcesses.run(ItProcesses.cliCommand("2g", all.toArray(String[]::new)), s3Env(), dir, label,
            Duration.ofMinutes(5));
    }

    @Test
    void pipelineRunsWithLandingAndLakeOnS3() throws Exception {
        Path local = dir.resolve("landing");
        Fixture.writeDump1(local);
        Fixture.writeDump2(local);
        String landing = "s3a://" + BUCKET + "/vendor/landing";
        String lake = "s3a://" + BUCKET + "/lake";
        // Delivered through S3A, as a vendor's upload would arrive.
        try (FileSystem fs = s3a()) {
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()),
                new org.apache.hadoop.fs.Path(landing));
        }
        assertTrue(existsInS3(landing + "/apps/dump_date=2025-03-05/apps.jsonl.gz"), "the landing zone is in S3");
        log("landed");

        Finished run = cli("run", "run", "--landing", landing, "--lake", lake,
            "--verbose");
        assertEquals(ExitCode.OK, run.exitCode(), run.toString());
        assertTrue(run.err().contains("on lake " + lake), run.err());
        assertFalse(run.out().contains(secretKey) || run.err().contains(secretKey), "the secret key was printed");
        // The tables were written through the S3 API into the server, not to a local path.
        log("ran");
        assertTrue(existsInS3(lake + "/gold/download_volume/_delta_log/00000000000000000000.json"),
            "gold is in the S3 server");
        assertFalse(Files.exists(ItProcesses.home().resolve("s3a:")), "no local folder named after the URI");
        assertFalse(existsInS3(lake + "/_lock.json"), "the run took the lake's lock in S3 and released it");

        // Another driver (on another host, heartbeat fresh) holds the lake: a second writer is turned away.
        try (FileSystem fs = s3a(); var out = fs.create(new org.apache.hadoop.fs.Path(lake + "/_lock.json"), false)) {
            out.write(("{\"run_id\":\"20261201T080000Z-s3lock\",\"command\":\"run\",\"host\":\"driver-2.example\","
                + "\"pid\":7,\"started_at\":\"" + java.time.Instant.now() + "\",\"token\":\"t\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Finished busy = cli("run-busy", "run", "--landing", landing, "--lake", lake);
        assertEquals(ExitCode.LAKE_BUSY, busy.exitCode(), busy.toString());
        assertTrue(busy.err().contains("dramalake run: the lake at " + lake + " is busy: run 20261201T080000Z-s3lock "
            + "(run, host driver-2.example, pid 7, since "), busy.err());
        try (FileSystem fs = s3a()) {
            fs.delete(new org.apache.hadoop.fs.Path(lake + "/_lock.json"), false);
        }

        Finished volume = cli("sql-volume", "sql", "--lake", lake, "--format", "csv", FixtureGold.DOWNLOAD_VOLUME_QUERY);
        log("queried");
        assertEquals(ExitCode.OK, volume.exitCode(), volume.toString());
        assertEquals(csv("month,store,country,app_key,app_name,origin_country,downloads,revenue_usd",
            FixtureGold.DOWNLOAD_VOLUME), volume.out());

        Finished share = cli("sql-share", "sql", "--lake", lake, "--format", "csv", FixtureGold.IAP_SHARE_QUERY);
        assertEquals(ExitCode.OK, share.exitCode(), share.toString());
        assertEquals(csv("period_type,period_start,origin_country,revenue_usd,paying_apps", FixtureGold.IAP_SHARE),
            share.out());
    }

    private static void log(String what) {
        System.err.println(java.time.LocalTime.now() + " S3LakeIT: " + what);
    }

    private static String csv(String header, List<String> rows) {
        return header + "\n" + String.join("\n", rows) + "\n";
    }
}
