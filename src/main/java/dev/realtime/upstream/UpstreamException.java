package dev.realtime.upstream;

import java.io.Serial;
import java.util.Objects;

/**
 * An upstream call failed; carries the {@link Fault} that says how, in words. Thrown by the shared upstream helpers
 * ({@link WebSockets}) and by adapters on the thread that made the call.
 */
public final class UpstreamException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Fault fault;

    /**
     * @param fault what went wrong
     */
    public UpstreamException(Fault fault) {
        this(fault, null);
    }

    /**
     * @param fault what went wrong
     * @param cause what the client library threw, if anything
     */
    public UpstreamException(Fault fault, Throwable cause) {
        super(Objects.requireNonNull(fault, "fault").text(), cause);
        this.fault = fault;
    }

    /** @return what went wrong */
    public Fault fault() {
        return fault;
    }
}
