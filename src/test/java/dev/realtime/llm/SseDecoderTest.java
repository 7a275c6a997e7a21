package dev.realtime.llm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SseDecoderTest {

    private static final String MIXED = "\uFEFF: OPENROUTER PROCESSING\r\n\r\n"
            + "data: {\"a\":\"héllo 🎉\"}\r\n\r\n"
            + "data:first\ndata: second\n\n"
            + "event: error\rdata: {\"e\":1}\r\r"
            + ": keep-alive\n"
            + "id: 7\nretry: 100\ndata: [DONE]\n\n";

    private static final List<SseDecoder.Event> EXPECTED = List.of(
            new SseDecoder.Event("", "{\"a\":\"héllo 🎉\"}"),
            new SseDecoder.Event("", "first\nsecond"),
            new SseDecoder.Event("error", "{\"e\":1}"),
            new SseDecoder.Event("", "[DONE]"));

    @Test
    void decodesWholeBuffer() {
        assertThat(feed(new SseDecoder(), MIXED.getBytes(StandardCharsets.UTF_8)), is(EXPECTED));
    }

    @Test
    void decodesByteByByte() {
        SseDecoder decoder = new SseDecoder();
        List<SseDecoder.Event> events = new ArrayList<>();
        byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            events.addAll(decoder.feed(bytes, i, 1));
        }
        assertThat(events, is(EXPECTED));
    }

    @Test
    void decodesEverySplitIntoTwoReads() {
        byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            SseDecoder decoder = new SseDecoder();
            List<SseDecoder.Event> events = new ArrayList<>(decoder.feed(bytes, 0, cut));
            events.addAll(decoder.feed(bytes, cut, bytes.length - cut));
            assertThat("cut at " + cut, events, is(EXPECTED));
        }
    }

    @Test
    void doesNotDispatchIncompleteOrEmptyEvents() {
        SseDecoder decoder = new SseDecoder();
        assertThat(feed(decoder, "data:\n\n: only a comment\n\ndata: {\"x\":1}\n".getBytes(StandardCharsets.UTF_8)),
                   is(empty()));
        assertThat(feed(decoder, "\n".getBytes(StandardCharsets.UTF_8)),
                   contains(new SseDecoder.Event("", "{\"x\":1}")));
    }

    @Test
    void keepsOnlyOneLeadingSpaceOfAValue() {
        assertThat(feed(new SseDecoder(), "data:  two spaces\n\n".getBytes(StandardCharsets.UTF_8)),
                   contains(new SseDecoder.Event("", " two spaces")));
    }

    @Test
    void rejectsEndlessLine() {
        SseDecoder decoder = new SseDecoder();
        byte[] block = new byte[1024 * 1024];
        Arrays.fill(block, (byte) 'x');
        ChatException e = assertThrows(ChatException.class, () -> {
            for (int i = 0; i < 5; i++) {
                decoder.feed(block, 0, block.length);
            }
        });
        assertThat(e.kind(), is(ChatException.Kind.BROKEN_STREAM));
    }

    private static List<SseDecoder.Event> feed(SseDecoder decoder, byte[] bytes) {
        return decoder.feed(bytes, 0, bytes.length);
    }
}
