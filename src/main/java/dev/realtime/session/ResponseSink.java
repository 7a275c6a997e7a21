package dev.realtime.session;

import dev.realtime.protocol.Item;

/**
 * Where one response's items go: the conversation for a response that writes to it, nowhere but the audio ledger
 * for an out-of-band one (see {@link ResponseItems#forResponse(boolean)}). Called on the session loop.
 */
interface ResponseSink {
    /** An output item started. */
    void itemAdded(Item item);

    /** An output item is final. */
    void itemDone(Item item);

    /** An item that belongs to the conversation but not to the response's output (server tool calls). */
    void conversationItem(Item item);

    /** Audio went out for an item; {@code pieceText} is non-empty where a new spoken piece begins. */
    void audioSent(String itemId, String pieceText, long millis);
}
