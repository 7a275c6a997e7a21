package dev.realtime.llm;

import java.io.Serial;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A chat completion failed. Thrown on the thread that called {@link ChatModel#stream(ChatRequest)} or
 * {@link ChatStream#next()}.
 */
public final class ChatException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarse enough to pick a reaction. */
    public enum Kind { AUTH, RATE_LIMIT, BAD_REQUEST, NOT_FOUND, SERVER, TIMEOUT, BROKEN_STREAM, NETWORK, CANCELLED }

    private final Kind kind;
    private final int status;
    private final String code;

    /**
     * @param kind    what went wrong
     * @param message description
     */
    public ChatException(Kind kind, String message) {
        this(kind, message, OptionalInt.empty(), Optional.empty(), null);
    }

    /**
     * @param kind    what went wrong
     * @param message description
     * @param cause   underlying failure
     */
    public ChatException(Kind kind, String message, Throwable cause) {
        this(kind, message, OptionalInt.empty(), Optional.empty(), cause);
    }

    ChatException(Kind kind, String message, OptionalInt status, Optional<String> code, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status.orElse(-1);
        this.code = code.orElse(null);
    }

    /**
     * @return what went wrong
     */
    public Kind kind() {
        return kind;
    }

    /**
     * @return the upstream HTTP status (or the status an in-stream error names), if there was one
     */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /**
     * @return the error code from the provider's body, if it sent one
     */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /**
     * @return a short OpenAI-shaped code for the realtime {@code error} event
     */
    public String errorCode() {
        return switch (kind) {
            case AUTH -> "upstream_auth_failed";
            case RATE_LIMIT -> "upstream_rate_limited";
            case BAD_REQUEST -> "upstream_bad_request";
            case NOT_FOUND -> "upstream_not_found";
            case SERVER -> "upstream_server_error";
            case TIMEOUT -> "upstream_timeout";
            case BROKEN_STREAM -> "upstream_stream_broken";
            case NETWORK -> "upstream_unreachable";
            case CANCELLED -> "cancelled";
        };
    }

    static Kind kindForStatus(int status) {
        return switch (status) {
            case 401, 402, 403 -> Kind.AUTH;
            case 404 -> Kind.NOT_FOUND;
            case 408 -> Kind.TIMEOUT;
            case 429 -> Kind.RATE_LIMIT;
            default -> status >= 500 || status == 409 ? Kind.SERVER : Kind.BAD_REQUEST;
        };
    }
}
