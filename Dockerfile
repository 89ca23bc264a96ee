# dramalake image: a Java 17 runtime with the shaded jobs jar and the libraries a cluster would
# provide (Spark, Delta, Hadoop, S3A). Build tools stay in the build stage.
#   docker build -t dramalake .          the jobs (default target)
#   docker build --target s3store .     the S3-compatible store docker-compose.yml runs
# Base images are build arguments, for machines that cannot pull the public ones (scripts/docker-base
# makes Debian equivalents; DockerIT builds with them). The build stage needs Maven and a JDK 17 with
# Maven Central (or MAVEN_MIRROR) reachable; the other stages a Java 17 runtime with `java` on the
# PATH and useradd.
# No BuildKit-only syntax: the classic builder builds this file too. Few layers, and the large files
# last in each stage: a storage driver without overlays (vfs) copies the whole tree for every layer.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
# A Maven repository to download from instead of Maven Central (a company's mirror, or one on the
# build host: --network host --build-arg MAVEN_MIRROR=http://127.0.0.1:8081/maven2). Empty: Central.
ARG MAVEN_MIRROR=
WORKDIR /src
# What .dockerignore lets in: pom.xml, common/, jobs/ and conf/, without build output.
COPY . .
# The shaded jar, then every compile and provided dependency (Spark & co.) beside it, and conf/:
# /out/runtime is the runtime's folder (the project's own modules are inside the shaded jar). Then
# the S3 store's jar, at the version the integration test runs. The downloaded repository goes
# with the layer's end: no later stage needs it.
RUN if [ -n "$MAVEN_MIRROR" ]; then \
      printf '<settings><mirrors><mirror><id>build-arg</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors></settings>\n' \
        "$MAVEN_MIRROR" > /tmp/maven-mirror.xml; \
    fi \
 && mvn -B -q ${MAVEN_MIRROR:+-s /tmp/maven-mirror.xml} -pl jobs -am -DskipTests package dependency:copy-dependencies \
        -DincludeScope=compile -DexcludeGroupIds=io.dramalake -DoutputDirectory=/out/runtime/lib \
 && cp "$(ls jobs/target/dramalake-jobs-*.jar | grep -v -e original -e sources)" /out/runtime/dramalake-jobs.jar \
 && cp -r conf /out/runtime/conf \
 && mvn -B -q ${MAVEN_MIRROR:+-s /tmp/maven-mirror.xml} -pl jobs dependency:copy@it-tools \
 && cp jobs/target/it-tools/s3proxy.jar /out/s3proxy.jar \
 && rm -rf /root/.m2/repository /src/common/target /src/jobs/target

# An in-memory S3 (s3proxy) for local runs; its keys are the AWS_* variables it is started with.
FROM ${RUNTIME_IMAGE} AS s3store
RUN useradd --system --uid 10001 s3proxy
USER s3proxy
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec java -Xmx512m -Ds3proxy.endpoint=http://0.0.0.0:8080 -Ds3proxy.authorization=aws-v2-or-v4 -Ds3proxy.identity=\"$AWS_ACCESS_KEY_ID\" -Ds3proxy.credential=\"$AWS_SECRET_ACCESS_KEY\" -Djclouds.provider=transient -jar /opt/s3proxy/s3proxy.jar --properties /dev/null"]
COPY --from=build /out/s3proxy.jar /opt/s3proxy/s3proxy.jar

FROM ${RUNTIME_IMAGE} AS runtime
RUN useradd --system --uid 10000 --home-dir /opt/dramalake dramalake \
 && mkdir -p /data && chown dramalake /data
WORKDIR /opt/dramalake
USER dramalake
ENV DRAMALAKE_HOME=/opt/dramalake
# The CLI as scripts/dramalake runs it: Spark's --add-opens, logs on stderr, jar first.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "@/opt/dramalake/conf/spark-jvm.args", \
    "-Ddramalake.home=/opt/dramalake", "-Dlog4j2.configurationFile=/opt/dramalake/conf/log4j2.properties", \
    "-cp", "/opt/dramalake/dramalake-jobs.jar:/opt/dramalake/lib/*", "io.dramalake.jobs.Main"]
CMD ["--help"]
# Owned by root: the jobs' user reads them and cannot change them. The jar, lib/ and conf/.
COPY --from=build /out/runtime/ ./
