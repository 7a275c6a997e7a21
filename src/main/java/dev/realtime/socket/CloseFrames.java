package dev.realtime.socket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.helidon.websocket.WsCloseCodes;

/** Reads a client's close frame (RFC 6455 sections 5.5.1 and 7.4) and picks the code of the reply. Pure. */
final class CloseFrames {
    private CloseFrames() {
    }

    /**
     * The client's close.
     *
     * @param payload the close frame's unmasked payload
     * @return a client end with its code (1005 when it sent none) and reason
     * @throws ConnectionEnded with 1002 for a malformed payload or a code a client may not send, 1007 for a reason
     *                         that is not UTF-8
     */
    static ConnectionEnded parse(byte[] payload) {
        if (payload.length == 0) {
            return new ConnectionEnded(CloseReason.CLIENT, WsCloseCodes.NO_STATUS_CODE, "");
        }
        if (payload.length == 1) {
            throw Frame.violation("a close frame with a one-byte payload");
        }
        int code = (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
        if (!sendable(code)) {
            throw Frame.violation("close code " + code + " may not be sent");
        }
        try {
            String reason = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload, 2, payload.length - 2)).toString();
            return new ConnectionEnded(CloseReason.CLIENT, code, reason);
        } catch (CharacterCodingException e) {
            throw new ConnectionEnded(CloseReason.INVALID_UTF8, WsCloseCodes.NOT_CONSISTENT,
                                      "close reason is not valid UTF-8", e);
        }
    }

    /** The code the server answers a client's close with: the client's own, or 1000 when it gave none. */
    static int reply(int clientCode) {
        return clientCode == WsCloseCodes.NO_STATUS_CODE ? WsCloseCodes.NORMAL_CLOSE : clientCode;
    }

    /** Whether a peer may put this code in a close frame. */
    static boolean sendable(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }
}
