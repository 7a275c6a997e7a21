package dev.realtime.protocol;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates protocol identifiers with the prefixes OpenAI uses ({@code event_}, {@code sess_}, {@code item_}...).
 * They name things, they grant nothing (tokens are signed elsewhere), so they come from {@link ThreadLocalRandom}:
 * every server event takes one, and {@code SecureRandom} serialised them all on one lock around /dev/urandom.
 * Thread-safe; called from any thread.
 */
public final class Ids {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LENGTH = 21;

    private Ids() {
    }

    /** A new event id. */
    public static String event() {
        return of("event_");
    }

    /** A new session id. */
    public static String session() {
        return of("sess_");
    }

    /** A new conversation item id. */
    public static String item() {
        return of("item_");
    }

    /** A new response id. */
    public static String response() {
        return of("resp_");
    }

    /** A new conversation id. */
    public static String conversation() {
        return of("conv_");
    }

    /** A new function call id. */
    public static String call() {
        return of("call_");
    }

    /**
     * A random id: the prefix followed by 21 base-62 characters.
     *
     * @param prefix id prefix, such as {@code item_}
     * @return new id
     */
    public static String of(String prefix) {
        char[] chars = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            chars[i] = ALPHABET[ThreadLocalRandom.current().nextInt(ALPHABET.length)];
        }
        return prefix + new String(chars);
    }
}
