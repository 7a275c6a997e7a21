package dev.realtime.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's nginx running the shipped {@code etc/nginx.conf} in front of a test engine (or
 * {@code etc/nginx/replicas.conf} in front of two), on 127.0.0.1 only: the file's listen ports, upstream addresses and
 * certificate are substituted, and its pid, logs and temporary files go to a private folder, so it runs as the
 * test's user without touching /etc or /var. The certificate is a fresh
 * self-signed one for {@code localhost} made with the openssl CLI; {@link #tls()} trusts it. Stopped (SIGTERM, the
 * fast shutdown) by {@link #close()}.
 */
public final class Nginx implements AutoCloseable {
    private static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin", "/sbin");
    private static final long START_SECONDS = 20;
    /** Queued after nginx's last line of output. */
    private static final String EXITED = "(nginx exited)";

    private final Path dir;
    private final int port;
    private final int httpPort;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> log = new ArrayList<>();

    /** Makes this run's configuration from the shipped file's text. */
    private interface Derivation {
        String config(Nginx nginx, String shipped);
    }

    private Nginx(Path conf, Derivation derivation) throws IOException, InterruptedException {
        Path nginx = executable("nginx").orElseThrow(() -> new AssertionError(
                "nginx is not installed: bin/engine test installs it (Debian: apt-get install nginx)"));
        Path openssl = executable("openssl").orElseThrow(() -> new AssertionError(
                "openssl is not installed: bin/engine test installs it (Debian: apt-get install openssl)"));
        dir = Files.createTempDirectory("nginx-test");
        // nginx's workers run as nobody when the tests run as root: they must reach the temporary folders
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        run(List.of(openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"));
        port = freePort();
        httpPort = freePort();
        Files.writeString(dir.resolve("nginx.conf"), derivation.config(this, Files.readString(conf)));
        process = new ProcessBuilder(nginx.toString(), "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
                                     "-g", "daemon off;").redirectErrorStream(true).start();
        Thread.ofVirtual().name("nginx-log").start(() -> read(process.getInputStream()));
        awaitStart();
    }

    /**
     * Starts nginx with a configuration derived from the shipped one.
     *
     * @param conf       the shipped {@code etc/nginx.conf}
     * @param enginePort the engine's port on 127.0.0.1
     * @return running nginx
     */
    public static Nginx start(Path conf, int enginePort) {
        return start(conf, (nginx, shipped) -> nginx.config(shipped, enginePort));
    }

    /**
     * Starts nginx with {@code etc/nginx/replicas.conf}: its two engines on these ports, plain HTTP on
     * {@link #httpPort()}.
     *
     * @param conf   the shipped {@code etc/nginx/replicas.conf}
     * @param engineA port of the engine that stands for {@code engine-a} on 127.0.0.1
     * @param engineB port of the engine that stands for {@code engine-b}
     * @return running nginx
     */
    public static Nginx startReplicas(Path conf, int engineA, int engineB) {
        return start(conf, (nginx, shipped) -> nginx.substitute(
                servers(servers(shipped, conf, "engine-a:8787", engineA), conf, "engine-b:8787", engineB), conf,
                List.of(Map.entry("listen 80;", "listen 127.0.0.1:" + nginx.httpPort + ";"))));
    }

    /** The shipped file with every upstream {@code server} line of {@code name} on 127.0.0.1:{@code port} instead. */
    private static String servers(String shipped, Path conf, String name, int port) {
        String line = "server " + name + " ";
        if (!shipped.contains(line)) {
            throw new AssertionError(conf + " should contain '" + line + "'; update the substitutions in "
                                             + Nginx.class.getName());
        }
        return shipped.replace(line, "server 127.0.0.1:" + port + " ");
    }

    private static Nginx start(Path conf, Derivation derivation) {
        try {
            return new Nginx(conf, derivation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting nginx", e);
        }
    }

    /** The TLS port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The plain-HTTP port on 127.0.0.1 (with {@code etc/nginx.conf} it only redirects to TLS). */
    public int httpPort() {
        return httpPort;
    }

    /** A TLS context that trusts nginx's certificate (and nothing else). */
    public SSLContext tls() {
        try (InputStream pem = Files.newInputStream(dir.resolve("cert.pem"))) {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(pem);
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("nginx-test", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the test certificate", e);
        }
    }

    /** What nginx has logged so far (errors, notices), for failure messages. */
    public String log() {
        lines.drainTo(log);
        return String.join("\n", log);
    }

    /** The access log so far: each request's URI, status and the status of every upstream that nginx tried. */
    public String accessLog() {
        try {
            return Files.readString(dir.resolve("access.log"));
        } catch (IOException e) {
            return "(no access log: " + e + ")";
        }
    }

    /**
     * Waits up to 5 s for the access log to contain {@code text} (nginx logs a WebSocket when it ends).
     *
     * @return whether it came
     */
    public boolean awaitAccessLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!accessLog().contains(text)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20); // nginx writes the file; there is no event to await
        }
        return true;
    }

    /** The shipped file with this run's ports, paths and certificate; each substituted text must occur once. */
    private String config(String shipped, int enginePort) {
        String d = dir.toString();
        return substitute(shipped, Path.of("etc/nginx.conf"), List.of(
                Map.entry("server 127.0.0.1:8787;", "server 127.0.0.1:" + enginePort + ";"),
                Map.entry("listen 80;", "listen 127.0.0.1:" + httpPort + ";"),
                Map.entry("listen 443 ssl;", "listen 127.0.0.1:" + port + " ssl;"),
                Map.entry("/etc/letsencrypt/live/engine.example.com/fullchain.pem", d + "/cert.pem"),
                Map.entry("/etc/letsencrypt/live/engine.example.com/privkey.pem", d + "/key.pem")));
    }

    /** The shipped file with this run's pid, logs, temporary paths and the given texts replaced, each found once. */
    private String substitute(String shipped, Path conf, List<Map.Entry<String, String>> substitutions) {
        String d = dir.toString();
        List<Map.Entry<String, String>> all = new ArrayList<>(List.of(
                Map.entry("worker_processes auto;", "worker_processes 1;\npid " + d + "/nginx.pid;\n"
                        + "error_log stderr notice;"),
                Map.entry("http {", "http {\n"
                        + "    log_format upstreams '$request_uri $status upstreams=$upstream_status';\n"
                        + "    access_log " + d + "/access.log upstreams;\n"
                        + "    client_body_temp_path " + d + "/client_body;\n    proxy_temp_path " + d + "/proxy;\n"
                        + "    fastcgi_temp_path " + d + "/fastcgi;\n    uwsgi_temp_path " + d + "/uwsgi;\n"
                        + "    scgi_temp_path " + d + "/scgi;")));
        all.addAll(substitutions);
        String config = shipped;
        for (Map.Entry<String, String> s : all) {
            int at = config.indexOf(s.getKey());
            if (at < 0 || config.indexOf(s.getKey(), at + 1) >= 0) {
                throw new AssertionError(conf + " should contain '" + s.getKey() + "' exactly once; "
                                                 + "update the substitutions in " + Nginx.class.getName());
            }
            config = config.replace(s.getKey(), s.getValue());
        }
        return config;
    }

    /** Waits for nginx's notice that its worker started (its sockets are bound by then), or its exit. */
    private void awaitStart() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            log.add(line);
            if (line.equals(EXITED)) {
                break;
            }
            if (line.contains("start worker process")) {
                return;
            }
        }
        close();
        throw new AssertionError("nginx did not start within " + START_SECONDS + " s:\n" + log());
    }

    private void read(InputStream out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(nginx output unreadable: " + e + ")");
        }
        lines.add(EXITED);
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
    }

    private static Optional<Path> executable(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(SBIN);
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable)
                .findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nginx's fast shutdown stops the workers too
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
