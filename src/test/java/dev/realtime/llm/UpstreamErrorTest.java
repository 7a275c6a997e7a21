package dev.realtime.llm;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

class UpstreamErrorTest {

    @Test
    void parsesOpenAiShape() {
        UpstreamError e = UpstreamError.parse("{\"error\":{\"message\":\"Invalid API Key\","
                                              + "\"type\":\"invalid_request_error\","
                                              + "\"param\":null,\"code\":\"invalid_api_key\"}}");
        assertThat(e, is(new UpstreamError("Invalid API Key", Optional.of("invalid_api_key"),
                                           Optional.of("invalid_request_error"))));
    }

    @Test
    void parsesOpenRouterShapeWithNumericCode() {
        UpstreamError e = UpstreamError.parse("{\"error\":{\"code\":402,\"message\":\"Insufficient credits\","
                                              + "\"metadata\":{\"provider_name\":null}}}");
        assertThat(e.message(), is("Insufficient credits"));
        assertThat(e.code(), is(Optional.of("402")));
    }

    @Test
    void parsesOldVllmTopLevelShape() {
        UpstreamError e = UpstreamError.parse("{\"object\":\"error\",\"message\":\"max_tokens is too large\","
                                              + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}");
        assertThat(e.message(), is("max_tokens is too large"));
        assertThat(e.type(), is(Optional.of("BadRequestError")));
    }

    @Test
    void parsesFastApiDetail() {
        assertThat(UpstreamError.parse("{\"detail\":\"Model not found\"}").message(), is("Model not found"));
        assertThat(UpstreamError.parse("{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"bad\"}]}").message(),
                   is("[{\"loc\":[\"body\"],\"msg\":\"bad\"}]"));
    }

    @Test
    void fallsBackToTruncatedRawBody() {
        String html = "<html>" + "x".repeat(1000) + "</html>";
        UpstreamError e = UpstreamError.parse(html);
        assertThat(e.message().length(), is(303));
        assertThat(e.message(), endsWith("..."));
        assertThat(UpstreamError.parse("").message(), is("(empty body)"));
    }

    @Test
    void recognisesExhaustedQuota() {
        assertThat(UpstreamError.parse(FakeChunks.openAiError("quota", "insufficient_quota", "insufficient_quota"))
                           .quotaExhausted(), is(true));
        assertThat(UpstreamError.parse(FakeChunks.openAiError("slow", "tokens", "rate_limit_exceeded"))
                           .quotaExhausted(), is(false));
    }
}
