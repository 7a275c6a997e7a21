package dev.realtime.config;

/**
 * How much one session may hold of what grows with its client's input and the conversation's length. Sizes are
 * counted as things are stored: an item's size is the characters of its text fields (text, transcript, function
 * arguments and output, base64 audio, image URL) plus a fixed overhead per item; stored audio counts its bytes.
 *
 * @param maxItemBytes         the largest item a client may create; a larger one is refused with an {@code error}
 * @param maxConversationBytes everything a session stores: its items, the audio of its user turns (kept for
 *                             {@code conversation.item.retrieve}) and the transcript timing of spoken answers (kept
 *                             for truncation); the audio and timings are let go first, oldest first
 * @param maxInputBufferMs     audio the input buffer may hold before a commit: an append past it is refused
 *                             (manual turns); a turn detected by the VAD is ended there
 */
public record StorageLimits(int maxItemBytes, int maxConversationBytes, int maxInputBufferMs) {
}
