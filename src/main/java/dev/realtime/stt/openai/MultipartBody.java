package dev.realtime.stt.openai;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A {@code multipart/form-data} body (RFC 7578) built in memory with a random boundary and CRLF line endings.
 * Not thread-safe; built and used on one thread.
 */
final class MultipartBody {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

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
        body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(crlf());
        return this;
    }

    /** Adds a file part. */
    MultipartBody file(String name, String fileName, String contentType, byte[] content) {
        head("Content-Disposition: form-data; name=\"" + quote(name) + "\"; filename=\"" + quote(fileName)
                     + "\"\r\nContent-Type: " + contentType + "\r\n");
        body.writeBytes(content);
        body.writeBytes(crlf());
        return this;
    }

    /** @return the value of the request's {@code Content-Type} header */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** @return the complete body, closing delimiter included */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + boundary.length() + 8);
        out.writeBytes(body.toByteArray());
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private void head(String headers) {
        body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] crlf() {
        return new byte[] {'\r', '\n'};
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", " ").replace("\n", " ");
    }
}
