package dev.realtime.session;

import dev.realtime.protocol.Content;
import dev.realtime.protocol.Item;

/**
 * What an item counts against the session's storage caps: the characters of its text fields (one byte each for the
 * ASCII of JSON, base64 and most text, as the JVM stores them) plus a fixed overhead, so that many empty items
 * count too. Computed once when an item is stored or replaced, never by walking the conversation. Pure.
 */
final class ItemBytes {
    /** Object headers, the id and the list an item costs whatever its content. */
    static final int OVERHEAD = 128;

    private ItemBytes() {
    }

    static long of(Item item) {
        long bytes = OVERHEAD + item.id().length();
        switch (item) {
            case Item.Message m -> {
                for (Content c : m.content()) {
                    bytes += of(c);
                }
            }
            case Item.FunctionCall f -> bytes += f.callId().length() + f.name().length() + f.arguments().length();
            case Item.FunctionCallOutput o -> bytes += o.callId().length() + o.output().length();
        }
        return bytes;
    }

    private static long of(Content content) {
        return 16 + switch (content) {
            case Content.InputText t -> t.value().length();
            case Content.InputAudio a -> a.audio().map(String::length).orElse(0)
                    + a.transcript().map(String::length).orElse(0);
            case Content.InputImage i -> i.imageUrl().length() + i.detail().map(String::length).orElse(0);
            case Content.OutputText t -> t.value().length();
            case Content.OutputAudio a -> a.transcript().length();
        };
    }
}
