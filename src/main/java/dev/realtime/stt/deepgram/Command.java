package dev.realtime.stt.deepgram;

/**
 * What a Deepgram stream's worker takes from its inbox (on the session's STT loop thread): calls of the session
 * loop and what the upstream socket reported. Connection events carry the generation of the socket they came
 * from, so late news from a replaced socket is ignored.
 */
sealed interface Command {

    /** {@code begin(itemId)}. */
    record Begin(String itemId) implements Command {
    }

    /** {@code audio(...)}, already little-endian PCM16. */
    record Audio(byte[] pcm) implements Command {
    }

    /** {@code commit(itemId)}. */
    record Commit(String itemId) implements Command {
    }

    /** {@code clear()}. */
    record Clear() implements Command {
    }

    /** {@code close()}. */
    record Close() implements Command {
    }

    /** A complete text message from Deepgram. */
    record Received(int generation, String text) implements Command {
    }

    /** The socket closed or failed; {@code reason} describes it for error messages. */
    record Dropped(int generation, String reason) implements Command {
    }
}
