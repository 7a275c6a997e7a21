package dev.realtime.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Keeps the token-signing secret under the data folder when {@code JWT_SECRET} is not set, so tokens survive
 * restarts and {@code bin/engine token} signs with the server's secret. Called once at startup.
 */
public final class SecretStore {
    /** File name of the generated secret inside the data folder. */
    public static final String FILE = "jwt-secret";
    private static final String TEMP_SUFFIX = ".tmp";

    private SecretStore() {
    }

    /**
     * The signing secret: {@code JWT_SECRET} if set, else the kept one, generated (mode 0600) on first use.
     *
     * @param config engine configuration
     * @return the secret
     */
    public static String jwtSecret(EngineConfig config) {
        if (config.jwtSecret().isPresent()) {
            return config.jwtSecret().get();
        }
        Path file = config.dataDir().resolve(FILE);
        try {
            sweep(config.dataDir());
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(config.dataDir());
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path temp = Files.createTempFile(config.dataDir(), FILE, TEMP_SUFFIX,
                                             PosixFilePermissions.asFileAttribute(
                                                     PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, secret + "\n", StandardCharsets.US_ASCII);
            try {
                // a hard link never replaces: a concurrent first start keeps whichever secret landed first
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                // the other starter won; use its secret
            } finally {
                Files.deleteIfExists(temp);
            }
            return read(file);
        } catch (IOException e) {
            throw new ConfigException("cannot keep the JWT secret in " + file + " (" + e.getMessage()
                                              + "); set JWT_SECRET or make DATA_DIR writable");
        }
    }

    /** Deletes secrets a start killed before it kept one left behind (older than a minute: not a start now). */
    private static void sweep(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        Instant before = Instant.now().minusSeconds(60);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, FILE + "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp).toInstant().isBefore(before)) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    private static String read(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (secret.length() < 32) {
            throw new ConfigException(file + " holds a secret shorter than 32 characters; delete it or set JWT_SECRET");
        }
        return secret;
    }
}
