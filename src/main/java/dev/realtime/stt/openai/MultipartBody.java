package dev.realtime.stt.openai;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@code multipart/form-data} body (RFC 7578) with a random boundary and CRLF line endings. Headers and small
 * fields are gathered into one part; a file's content arrays join the body as they are, so the audio of a turn is
 * not copied again on its way into the request (the HTTP client copies it once into its own buffers). Not
 * thread-safe; built and used on one thread.
 */
final class MultipartBody {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CRLF = {'\r', '\n'};
    /** Pieces shorter than this are gathered with the headers (each part costs the HTTP client a buffer). */
    private static final int SMALL = 1024;

    private final String boundary;
    private final List<byte[]> parts = new ArrayList<>();
    private final ByteArrayOutputStream small = new ByteArrayOutputStream();

    private MultipartBody(String boundary) {
        this.boundary = boundary;
    }

    static MultipartBody create() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return new MultipartBody("----realtime-" + HexFormat.of().formatHex(random));
    }

    /** Adds a text field. */
    MultipartBody field(String name, String value) {
        head("Content-Disposition: form-data; name=\"" + quote(name) + "\"\r\n");
        write(value.getBytes(StandardCharsets.UTF_8));
        write(CRLF);
        return this;
    }

    /** Adds a file part whose content is the given arrays in order (not copied: they must not change). */
    MultipartBody file(String name, String fileName, String contentType, List<byte[]> content) {
        head("Content-Disposition: form-data; name=\"" + quote(name) + "\"; filename=\"" + quote(fileName)
                     + "\"\r\nContent-Type: " + contentType + "\r\n");
        for (byte[] piece : content) {
            if (piece.length < SMALL) {
                write(piece);
            } else {
                flushSmall();
                parts.add(piece);
            }
        }
        write(CRLF);
        return this;
    }

    /** @return the value of the request's {@code Content-Type} header */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** @return the complete body, closing delimiter included, with its length (sent as {@code Content-Length}) */
    HttpRequest.BodyPublisher publisher() {
        List<byte[]> all = complete();
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(all),
                                                        all.stream().mapToLong(b -> b.length).sum());
    }

    /** @return the complete body in one array, closing delimiter included */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        complete().forEach(out::writeBytes);
        return out.toByteArray();
    }

    private List<byte[]> complete() {
        List<byte[]> all = new ArrayList<>(parts);
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        tail.writeBytes(small.toByteArray());
        tail.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        all.add(tail.toByteArray());
        return all;
    }

    private void head(String headers) {
        write(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private void write(byte[] bytes) {
        small.writeBytes(bytes);
    }

    private void flushSmall() {
        if (small.size() > 0) {
            parts.add(small.toByteArray());
            small.reset();
        }
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", " ").replace("\n", " ");
    }
}
