package dev.realtime.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UrlTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode args(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void placeholdersArePercentEncodedAsOneComponent() throws Exception {
        JsonNode a = args("{\"city\":\"São Paulo/Centro?x=1&y\",\"n\":42,\"b\":true,\"o\":{\"k\":[1]},"
                                  + "\"t\":\"a~b_c.d-e*\"}");
        assertThat(UrlTemplate.fill("https://w.example/{city}/{n}/{b}/{o}/{t}", a, false).url(),
                   is("https://w.example/S%C3%A3o%20Paulo%2FCentro%3Fx%3D1%26y/42/true/%7B%22k%22%3A%5B1%5D%7D"
                              + "/a~b_c.d-e%2A"));
    }

    @Test
    void restOfTheArgumentsBecomeQueryParametersAfterAnyExistingQuery() throws Exception {
        JsonNode a = args("{\"city\":\"Oslo\",\"units\":\"metric x\",\"days\":[1,2],\"opts\":{\"a\":1},\"skip\":null}");
        UrlTemplate.Filled filled = UrlTemplate.fill("https://w.example/v1/{city}?lang=en", a, true);
        assertThat(filled.url(), is("https://w.example/v1/Oslo?lang=en&units=metric%20x&days=1&days=2"
                                            + "&opts=%7B%22a%22%3A1%7D"));
        assertThat(UrlTemplate.fill("https://w.example/v1", args("{\"q\":\"a b\"}"), true).url(),
                   is("https://w.example/v1?q=a%20b"));
        assertThat("without query parameters for a body method",
                   UrlTemplate.fill("https://w.example/{city}", a, false).url(), is("https://w.example/Oslo"));
    }

    @Test
    void placeholderInTheQueryIsFilledAndNotRepeated() throws Exception {
        assertThat(UrlTemplate.fill("https://w.example/search?q={term}", args("{\"term\":\"a&b\",\"page\":2}"), true)
                           .url(), is("https://w.example/search?q=a%26b&page=2"));
    }

    @Test
    void missingOrNullArgumentForAPlaceholderIsRefused() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UrlTemplate.fill("https://w.example/{zip}", args("{\"city\":\"Oslo\"}"), true));
        assertThat(e.getMessage(), containsString("'zip'"));
        assertThrows(IllegalArgumentException.class,
                     () -> UrlTemplate.fill("https://w.example/{zip}", args("{\"zip\":null}"), true));
    }

    @Test
    void sampleReplacesEveryPlaceholder() {
        assertThat(UrlTemplate.sample("https://{tenant}.example/{id}?q={q}"), is("https://x.example/x?q=x"));
    }
}
