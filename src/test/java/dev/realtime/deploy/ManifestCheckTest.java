package dev.realtime.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * {@code bin/check-manifests} against the shipped deployment files (etc/kubernetes, the compose files), which must
 * pass, and against the broken fixtures in src/test/manifests/broken, each of which must be rejected with a message
 * that names its fault: so the check CI relies on is shown to fail. Needs Node.js and npm ({@code bin/engine test}
 * installs them); the script installs its pinned npm packages into target/check-manifests.
 */
class ManifestCheckTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path BROKEN = ROOT.resolve("src/test/manifests/broken");
    private static final long TIMEOUT_SECONDS = 300;

    @Test
    void shippedManifestsPass() throws Exception {
        Result result = check(List.of());
        assertThat(result.output(), result.status(), is(0));
        assertThat(result.output(), containsString("ok"));
    }

    /** Each fixture with the words its rejection must contain. */
    private static final Map<String, String> FAULTS = Map.of(
            "deployment-unknown-field.yaml", "'\"readinesProbe\"' does not exist in type 'Container'",
            "deployment-wrong-type.yaml", "/spec/replicas must be integer",
            "service-missing-port.yaml", "/spec/ports/0 must have required property port",
            "hpa-unknown-kind.yaml", "no schema for kind HorizontalPodScaler in autoscaling/v2",
            "compose-unknown-key.yaml", "must NOT have additional properties (stop_grace_periods)",
            "drain-not-covered.yaml", "terminationGracePeriodSeconds 45 does not cover DRAIN_TIMEOUT_MS 60000");

    @Test
    void everyBrokenFixtureIsRejectedForItsFault() throws Exception {
        try (var listed = Files.list(BROKEN)) {
            assertThat("a fixture without an expected fault, or a fault without its fixture",
                       listed.map(f -> f.getFileName().toString()).collect(Collectors.toSet()), is(FAULTS.keySet()));
        }
        for (Map.Entry<String, String> fixture : FAULTS.entrySet()) {
            Result result = check(List.of(BROKEN.resolve(fixture.getKey()).toString()));
            assertThat(fixture.getKey() + ": " + result.output(), result.status(), is(1));
            assertThat(result.output(), containsString(fixture.getKey()));
            assertThat(result.output(), containsString(fixture.getValue()));
        }
    }

    /** A manifest that the kustomization does not list would silently stay out of {@code kubectl apply -k}. */
    @Test
    void kustomizationMustListEveryManifest() throws Exception {
        Path dir = Files.createTempDirectory("manifests");
        try {
            Path kustomization = dir.resolve("kustomization.yaml");
            Files.writeString(kustomization, "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                    + "resources:\n  - service.yaml\n  - missing.yaml\n");
            Files.copy(ROOT.resolve("etc/kubernetes/service.yaml"), dir.resolve("service.yaml"));
            Files.copy(ROOT.resolve("etc/kubernetes/pdb.yaml"), dir.resolve("pdb.yaml"));
            Result result = check(List.of(kustomization.toString()));
            assertThat(result.output(), result.status(), is(1));
            assertThat(result.output(), containsString("resource missing.yaml does not exist"));
            assertThat(result.output(), containsString("pdb.yaml is not listed"));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static Result check(List<String> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/check-manifests").toString()));
        command.addAll(files);
        Path log = Files.createTempFile("check-manifests", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("bin/check-manifests did not finish in " + TIMEOUT_SECONDS + " s: "
                                                 + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private record Result(int status, String output) {
    }
}
