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

    private byte[] line = new byte[512];
    private int lineLength;
    private boolean lastWasCr;
    private boolean firstLine = true;
    private String eventName = "";
    private final StringBuilder data = new StringBuilder();
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
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch(events);
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventName = value;
            default -> {
                // id, retry and unknown fields do not matter for chat completions
            }
        }
    }

    private void dispatch(List<Event> events) {
        if (hasData && !data.isEmpty()) {
            events.add(new Event(eventName, data.toString()));
        }
        data.setLength(0);
        hasData = false;
        eventName = "";
    }
}
