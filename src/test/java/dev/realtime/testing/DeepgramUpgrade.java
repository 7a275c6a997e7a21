package dev.realtime.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;

/**
 * The parts of a WebSocket upgrade that Deepgram's listen and speak endpoints answer alike, for the two fakes'
 * handlers: the query and headers as recorded, a refusal with {@code dg-error} and {@code dg-request-id}, and the
 * accepting response's {@code dg-request-id}. Called on the upgrading connection's thread.
 */
public final class DeepgramUpgrade {
    private DeepgramUpgrade() {
    }

    /** @return the upgrade's query parameters, first value of each */
    public static Map<String, String> query(HttpPrologue prologue) {
        Map<String, String> query = new HashMap<>();
        prologue.query().names().forEach(n -> query.put(n, prologue.query().first(n).orElse("")));
        return query;
    }

    /** @return the upgrade's headers by lower-case name, values joined as Helidon joins them */
    public static Map<String, String> headers(Headers upgrade) {
        Map<String, String> headers = new HashMap<>();
        upgrade.forEach(header -> headers.put(header.name().toLowerCase(), header.values()));
        return headers;
    }

    /** @return the refusal Deepgram answers: {@code status}, {@code dg-error} and a fresh {@code dg-request-id} */
    public static RequestException refusal(int status, String dgError) {
        return RequestException.builder()
                .type(DirectHandler.EventType.OTHER)
                .status(Status.create(status))
                .message(dgError)
                .safeMessage(true)
                .header(HeaderValues.create("dg-error", dgError))
                .header(HeaderValues.create("dg-request-id", UUID.randomUUID().toString()))
                .build();
    }

    /** @return the accepting response's headers, carrying {@code dg-request-id} */
    public static WritableHeaders<?> accepted(String requestId) {
        WritableHeaders<?> response = WritableHeaders.create();
        response.set(HeaderNames.create("dg-request-id"), requestId);
        return response;
    }
}
