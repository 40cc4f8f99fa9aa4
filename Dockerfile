# syntax=docker/dockerfile:1

# Build stage: the same Maven command as the test scripts, on a JDK 21 image. The cache mount keeps the local
# Maven repository between builds, so only changed dependencies are downloaded again.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
COPY pom.xml ./
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -DskipTests package

# Run stage: a JRE only, as an unprivileged user with a numeric id, so Kubernetes can verify runAsNonRoot.
FROM eclipse-temurin:21-jre
LABEL org.opencontainers.image.title="worker" \
      org.opencontainers.image.description="Distributed job worker node: NATS jobs in, HTTP callbacks, JetStream results" \
      org.opencontainers.image.licenses="BSD-3-Clause"

RUN groupadd --system --gid 10001 worker \
    && useradd --system --uid 10001 --gid worker --no-create-home --shell /usr/sbin/nologin worker

WORKDIR /app
COPY --from=build /build/target/worker.jar /app/worker.jar

ENV MODE=release \
    HEALTH_PORT=8080
EXPOSE 8080
USER 10001:10001

# Exec form, so the JVM is PID 1 and receives SIGTERM itself. The JVM sizes its heap from the container's memory
# limit. An out-of-memory error ends the process, so that the orchestrator restarts it instead of leaving it
# half-working. The error file goes to /tmp, because the root file system may be read-only.
# JAVA_TOOL_OPTIONS adds further JVM flags without rebuilding the image.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:InitialRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", \
            "-XX:ErrorFile=/tmp/hs_err_pid%p.log", "-jar", "/app/worker.jar"]
