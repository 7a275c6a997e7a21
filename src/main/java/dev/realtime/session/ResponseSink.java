package dev.realtime.session;

import dev.realtime.protocol.Item;

/**
 * How a response hands its items to the conversation. Implemented by the session; called on the session loop.
 */
interface ResponseSink {
    /** An output item started. */
    void itemAdded(ActiveResponse response, Item item);

    /** An output item is final. */
    void itemDone(ActiveResponse response, Item item);

    /** An item that belongs to the conversation but not to the response's output (server tool calls). */
    void conversationItem(ActiveResponse response, Item item);

    /** Audio went out for an item; {@code pieceText} is non-empty where a new spoken piece begins. */
    void audioSent(String itemId, String pieceText, long millis);

    /** The response sent its {@code response.done}. */
    void responseDone(ActiveResponse response);
}
