package dev.realtime.tools;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServerToolsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode yaml(String text) throws Exception {
        return YAML.readTree(text);
    }

    @Test
    void validToolIsBoundWithDefaultsAndTypedSchema() throws Exception {
        ServerTools tools = ServerTools.fromJson(yaml("""
                - name: lookup_order
                  description: Status of an order
                  parameters:
                    type: object
                    properties:
                      id: {type: integer, minimum: 1}
                    required: [id]
                  url: https://shop.example/orders/{id}
                  headers:
                    Authorization: Bearer ${SHOP_TOKEN}
                """), Map.of("SHOP_TOKEN", "s3cret"));
        ServerTool tool = tools.find("lookup_order").orElseThrow();
        assertThat(tool.method(), is("GET"));
        assertThat(tool.timeout(), is(Duration.ofSeconds(10)));
        assertThat(tool.parameters().path("properties").path("id").path("minimum").isInt(), is(true));
        assertThat("the secret stays in the environment", tool.headers().get("Authorization"),
                   is("Bearer ${SHOP_TOKEN}"));
        assertThat(tools.specs().getFirst().name(), is("lookup_order"));
    }

    @Test
    void everyProblemIsReportedWithItsPath() throws Exception {
        ServerToolException e = assertThrows(ServerToolException.class, () -> ServerTools.fromJson(yaml("""
                - name: "bad name"
                  description: x
                  parameters: {type: object, properties: {a: {type: string}}}
                  method: FETCH
                  url: /relative/{b}
                  timeout_ms: 0
                  colour: blue
                - name: twin
                  description: one
                  parameters: {type: object}
                  url: http://127.0.0.1/a
                - name: twin
                  parameters: {type: string}
                  url: http://127.0.0.1/b
                  headers: {X-Key: "${MISSING_KEY}"}
                """), Map.of()));
        List<String> p = e.problems();
        assertThat(p, hasItem(containsString("tools[0].name: must match")));
        assertThat(p, hasItem(containsString("tools[0].method: must be one of")));
        assertThat(p, hasItem(containsString("tools[0].url: placeholder {b} is not a property")));
        assertThat(p, hasItem(containsString("tools[0].url: must be an absolute http or https URL")));
        assertThat(p, hasItem(containsString("tools[0].timeout_ms")));
        assertThat(p, hasItem(containsString("tools[0].colour: unknown key")));
        assertThat(p, hasItem(containsString("tools[2].description: is required")));
        assertThat(p, hasItem(containsString("tools[2].parameters: must be a JSON Schema object")));
        assertThat(p, hasItem(containsString("tools[2].headers.X-Key: environment variable MISSING_KEY is not set")));
        assertThat(p.size(), is(9));
    }

    @Test
    void duplicateNamesAreAConfigError() throws Exception {
        ServerToolException e = assertThrows(ServerToolException.class, () -> ServerTools.fromJson(yaml("""
                - {name: twin, description: one, parameters: {type: object}, url: "http://127.0.0.1/a"}
                - {name: twin, description: two, parameters: {type: object}, url: "http://127.0.0.1/b"}
                """), Map.of()));
        assertThat(e.problems(), is(List.of("tools[1].name: 'twin' is declared twice")));
    }

    @Test
    void urlTemplateEncodesComponentsAndAppendsTheRestAsQuery() throws Exception {
        JsonNode args = new ObjectMapper().readTree(
                "{\"city\":\"São Paulo/Centro\",\"units\":\"metric\",\"days\":[1,2],\"opts\":{\"a\":1}}");
        UrlTemplate.Filled filled = UrlTemplate.fill("https://w.example/v1/{city}?lang=en", args, true);
        assertThat(filled.url(), is("https://w.example/v1/S%C3%A3o%20Paulo%2FCentro?lang=en&units=metric&days=1"
                                            + "&days=2&opts=%7B%22a%22%3A1%7D"));
        assertThat(UrlTemplate.fill("https://w.example/{city}", args, false).url(),
                   is("https://w.example/S%C3%A3o%20Paulo%2FCentro"));
        assertThrows(IllegalArgumentException.class,
                     () -> UrlTemplate.fill("https://w.example/{zip}", args, true));
    }
}
