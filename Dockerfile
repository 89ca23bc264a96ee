# dramalake image: a Java 17 runtime with the shaded jobs jar and the libraries a cluster would
# provide (Spark, Delta, Hadoop, S3A). Build tools stay in the build stage.
#   docker build -t dramalake .          the jobs (default target)
#   docker build --target s3store .     the S3-compatible store docker-compose.yml runs
# Base images are build arguments, for machines that cannot pull the public ones (scripts/docker-base
# makes Debian equivalents; DockerIT builds with them). The build stage needs Maven and a JDK 17 with
# Maven Central reachable; the other stages a Java 17 runtime with `java` on the PATH and useradd.
# No BuildKit-only syntax: the classic builder builds this file too.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml ./
COPY common common
COPY jobs jobs
COPY conf conf
# The shaded jar, then every compile and provided dependency (Spark & co.) beside it; the
# project's own modules are inside the shaded jar already. Then the S3 store's jar, at the
# version the integration test runs.
RUN mvn -B -q -pl jobs -am -DskipTests package dependency:copy-dependencies \
        -DincludeScope=compile -DexcludeGroupIds=io.dramalake -DoutputDirectory=/out/lib \
 && cp "$(ls jobs/target/dramalake-jobs-*.jar | grep -v -e original -e sources)" /out/dramalake-jobs.jar \
 && mvn -B -q -pl jobs dependency:copy@it-tools \
 && cp jobs/target/it-tools/s3proxy.jar /out/s3proxy.jar

# An in-memory S3 (s3proxy) for local runs; its keys are the AWS_* variables it is started with.
FROM ${RUNTIME_IMAGE} AS s3store
COPY --from=build /out/s3proxy.jar /opt/s3proxy/s3proxy.jar
RUN useradd --system --uid 10001 s3proxy
USER s3proxy
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec java -Xmx512m -Ds3proxy.endpoint=http://0.0.0.0:8080 -Ds3proxy.authorization=aws-v2-or-v4 -Ds3proxy.identity=\"$AWS_ACCESS_KEY_ID\" -Ds3proxy.credential=\"$AWS_SECRET_ACCESS_KEY\" -Djclouds.provider=transient -jar /opt/s3proxy/s3proxy.jar --properties /dev/null"]

FROM ${RUNTIME_IMAGE} AS runtime
WORKDIR /opt/dramalake
COPY --from=build /out/lib/ lib/
COPY --from=build /out/dramalake-jobs.jar dramalake-jobs.jar
COPY conf/ conf/
RUN useradd --system --uid 10000 --home-dir /opt/dramalake dramalake \
 && mkdir -p /data && chown dramalake /data
USER dramalake
ENV DRAMALAKE_HOME=/opt/dramalake
# The CLI as scripts/dramalake runs it: Spark's --add-opens, logs on stderr, jar first.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "@/opt/dramalake/conf/spark-jvm.args", \
    "-Ddramalake.home=/opt/dramalake", "-Dlog4j2.configurationFile=/opt/dramalake/conf/log4j2.properties", \
    "-cp", "/opt/dramalake/dramalake-jobs.jar:/opt/dramalake/lib/*", "io.dramalake.jobs.Main"]
CMD ["--help"]
