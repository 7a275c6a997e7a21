package dev.realtime.llm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Incremental Server-Sent Events decoder. Feed it bytes as they arrive, split anywhere; it returns the events
 * completed so far. Lines end with LF, CRLF or CR; comment lines ({@code :}) are skipped; several {@code data}
 * lines of one event are joined with LF. Pure; confined to the thread reading the stream.
 */
final class SseDecoder {

    /** Longest line accepted, to bound memory against a broken upstream. */
    static final int MAX_LINE = 4 * 1024 * 1024;

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    private byte[] line = new byte[512];
    private int lineLength;
    private boolean lastWasCr;
    private boolean firstLine = true;
    private String eventName = "";
    // the joined data lines as bytes: one String per event, made at its dispatch, none per line
    private byte[] data = new byte[512];
    private int dataLength;
    private boolean hasData;

    /**
     * One dispatched event.
     *
     * @param event the {@code event} field, empty when absent
     * @param data  the joined {@code data} lines
     */
    record Event(String event, String data) {
        Event {
            Objects.requireNonNull(event);
            Objects.requireNonNull(data);
        }
    }

    List<Event> feed(byte[] bytes, int offset, int length) {
        List<Event> events = new ArrayList<>(2);
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\r' || b == '\n') {
                endLine(events);
            } else {
                append(b);
            }
        }
        return events;
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            if (line.length >= MAX_LINE) {
                throw new ChatException(ChatException.Kind.BROKEN_STREAM, "SSE line longer than " + MAX_LINE);
            }
            line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE));
        }
        line[lineLength++] = b;
    }

    private void endLine(List<Event> events) {
        int start = 0;
        int length = lineLength;
        lineLength = 0;
        if (firstLine) {
            firstLine = false;
            if (length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
                start = 3; // a byte-order mark
            }
        }
        if (start == length) {
            dispatch(events);
            return;
        }
        if (line[start] == ':') {
            return;
        }
        int colon = start;
        while (colon < length && line[colon] != ':') {
            colon++;
        }
        int value = Math.min(colon + 1, length);
        if (value < length && line[value] == ' ') {
            value++;
        }
        if (field(start, colon, DATA)) {
            int extra = (hasData ? 1 : 0) + length - value;
            room(extra);
            if (hasData) {
                data[dataLength++] = '\n';
            }
            System.arraycopy(line, value, data, dataLength, length - value);
            dataLength += length - value;
            hasData = true;
        } else if (field(start, colon, EVENT)) {
            eventName = new String(line, value, length - value, StandardCharsets.UTF_8);
        }
        // id, retry and unknown fields do not matter for chat completions
    }

    private boolean field(int start, int end, byte[] name) {
        return Arrays.equals(line, start, end, name, 0, name.length);
    }

    private void room(int extra) {
        if (dataLength + extra > MAX_LINE) {
            throw new ChatException(ChatException.Kind.BROKEN_STREAM, "SSE event data longer than " + MAX_LINE);
        }
        if (dataLength + extra > data.length) {
            data = Arrays.copyOf(data, Math.min(Math.max(data.length * 2, dataLength + extra), MAX_LINE));
        }
    }

    private void dispatch(List<Event> events) {
        if (hasData && dataLength > 0) {
            events.add(new Event(eventName, new String(data, 0, dataLength, StandardCharsets.UTF_8)));
        }
        dataLength = 0;
        hasData = false;
        eventName = "";
    }
}
