package dev.realtime.upstream;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

class ErrorBodyTest {

    @Test
    void parsesOpenAiShape() {
        ErrorBody e = ErrorBody.parse("{\"error\":{\"message\":\"Invalid API Key\","
                                              + "\"type\":\"invalid_request_error\","
                                              + "\"param\":null,\"code\":\"invalid_api_key\"}}");
        assertThat(e, is(new ErrorBody("Invalid API Key", Optional.of("invalid_api_key"),
                                           Optional.of("invalid_request_error"))));
    }

    @Test
    void parsesOpenRouterShapeWithNumericCode() {
        ErrorBody e = ErrorBody.parse("{\"error\":{\"code\":402,\"message\":\"Insufficient credits\","
                                              + "\"metadata\":{\"provider_name\":null}}}");
        assertThat(e.message(), is("Insufficient credits"));
        assertThat(e.code(), is(Optional.of("402")));
    }

    @Test
    void parsesOldVllmTopLevelShape() {
        ErrorBody e = ErrorBody.parse("{\"object\":\"error\",\"message\":\"max_tokens is too large\","
                                              + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}");
        assertThat(e.message(), is("max_tokens is too large"));
        assertThat(e.type(), is(Optional.of("BadRequestError")));
    }

    @Test
    void parsesFastApiDetail() {
        assertThat(ErrorBody.parse("{\"detail\":\"Model not found\"}").message(), is("Model not found"));
        assertThat(ErrorBody.parse("{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"bad\"}]}").message(),
                   is("bad"));
        assertThat(ErrorBody.parse("{\"detail\":{\"reason\":\"x\"}}").message(), is("{\"reason\":\"x\"}"));
    }

    @Test
    void fallsBackToTruncatedRawBody() {
        String html = "<html>" + "x".repeat(1000) + "</html>";
        ErrorBody e = ErrorBody.parse(html);
        assertThat(e.message().length(), is(303));
        assertThat(e.message(), endsWith("..."));
        assertThat(ErrorBody.parse("").message(), is("(empty body)"));
    }

    @Test
    void parsesTextualErrorAndTopLevelMessage() {
        assertThat(ErrorBody.parse("{\"error\":\"model not loaded\"}").message(), is("model not loaded"));
        assertThat(ErrorBody.parse("{\"message\":\"busy\"}").message(), is("busy"));
    }

    @Test
    void recognisesExhaustedQuota() {
        assertThat(ErrorBody.parse("{\"error\":{\"message\":\"quota\",\"type\":\"insufficient_quota\","
                                   + "\"code\":\"insufficient_quota\"}}").quotaExhausted(), is(true));
        assertThat(ErrorBody.parse("{\"error\":{\"message\":\"slow\",\"type\":\"tokens\","
                                   + "\"code\":\"rate_limit_exceeded\"}}").quotaExhausted(), is(false));
    }
}
