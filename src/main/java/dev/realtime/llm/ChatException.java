package dev.realtime.llm;

import java.io.Serial;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;

/**
 * A chat completion failed, or was cancelled. Thrown on the thread that called {@link ChatModel#stream(ChatRequest)}
 * or {@link ChatStream#next()}. The message says what happened in words (the provider's own message when it sent
 * one), without the provider's name or a Java class name; {@link #fault()} adds the kind and status.
 */
public final class ChatException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarse enough to pick a reaction. */
    public enum Kind {
        AUTH(FailureKind.AUTH_FAILED),
        RATE_LIMIT(FailureKind.RATE_LIMITED),
        BAD_REQUEST(FailureKind.BAD_REQUEST),
        NOT_FOUND(FailureKind.NOT_FOUND),
        SERVER(FailureKind.SERVER_ERROR),
        TIMEOUT(FailureKind.TIMEOUT),
        BROKEN_STREAM(FailureKind.STREAM_BROKEN),
        NETWORK(FailureKind.UNREACHABLE),
        /** Not a failure: the response was cancelled (barge-in, {@code response.cancel}, session end). */
        CANCELLED(null);

        private final FailureKind failure;

        Kind(FailureKind failure) {
            this.failure = failure;
        }

        /** @return the upstream failure kind, empty for {@link #CANCELLED} */
        public Optional<FailureKind> failure() {
            return Optional.ofNullable(failure);
        }

        static Kind of(FailureKind failure) {
            for (Kind kind : values()) {
                if (kind.failure == failure) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(String.valueOf(failure));
        }
    }

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
     * @return a short OpenAI-shaped code for the realtime {@code error} event, {@code upstream_<kind>}
     */
    public String errorCode() {
        return kind.failure().map(FailureKind::errorCode).orElse("cancelled");
    }

    /**
     * @return what went wrong upstream
     * @throws IllegalStateException for a cancellation, which is not a failure
     */
    public Fault fault() {
        FailureKind failure = kind.failure().orElseThrow(() -> new IllegalStateException("cancelled, not failed"));
        return new Fault(failure, status(), getMessage());
    }

    static Kind kindForStatus(int status) {
        return Kind.of(FailureKind.forStatus(status));
    }
}
