package dev.realtime.stt.openai;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict {@code multipart/form-data} parser for the fake: CRLF line endings, {@code --boundary} delimiters, a
 * closing {@code --boundary--}, a {@code Content-Disposition: form-data; name=...} header per part. Pure.
 */
final class FakeMultipart {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    /** One part. */
    record Part(String name, Optional<String> fileName, Optional<String> contentType, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private FakeMultipart() {
    }

    /**
     * @throws IllegalArgumentException when the body or the content type is malformed
     */
    static List<Part> parse(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!contentType.startsWith("multipart/form-data") || !m.find()) {
            throw new IllegalArgumentException("Content-Type must be multipart/form-data with a boundary");
        }
        byte[] delimiter = ("\r\n--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[body.length + 2];
        data[0] = '\r';
        data[1] = '\n';
        System.arraycopy(body, 0, data, 2, body.length);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(data, delimiter, 0);
        if (at != 0) {
            throw new IllegalArgumentException("body must start with --boundary");
        }
        while (true) {
            int after = at + delimiter.length;
            if (startsWith(data, after, "--")) {
                return parts;
            }
            if (!startsWith(data, after, "\r\n")) {
                throw new IllegalArgumentException("delimiter must be followed by CRLF");
            }
            int next = indexOf(data, delimiter, after);
            if (next < 0) {
                throw new IllegalArgumentException("missing closing delimiter");
            }
            parts.add(part(Arrays.copyOfRange(data, after + 2, next)));
            at = next;
        }
    }

    private static Part part(byte[] raw) {
        int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (split < 0) {
            throw new IllegalArgumentException("part without a blank line after its headers");
        }
        String disposition = null;
        String type = null;
        for (String line : new String(raw, 0, split, StandardCharsets.UTF_8).split("\r\n")) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-disposition:")) {
                disposition = line;
            } else if (lower.startsWith("content-type:")) {
                type = line.substring("content-type:".length()).strip();
            }
        }
        if (disposition == null || !disposition.toLowerCase().contains("form-data")) {
            throw new IllegalArgumentException("part without Content-Disposition: form-data");
        }
        Matcher name = NAME.matcher(disposition);
        if (!name.find()) {
            throw new IllegalArgumentException("part without a name");
        }
        Matcher file = FILENAME.matcher(disposition);
        return new Part(name.group(1), file.find() ? Optional.of(file.group(1)) : Optional.empty(),
                        Optional.ofNullable(type), Arrays.copyOfRange(raw, split + 4, raw.length));
    }

    private static boolean startsWith(byte[] data, int at, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return at + b.length <= data.length && Arrays.equals(data, at, at + b.length, b, 0, b.length);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
