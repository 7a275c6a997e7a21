package dev.realtime.tools;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServerToolsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode yaml(String text) throws Exception {
        return YAML.readTree(text);
    }

    private static ServerTool tool(String name) throws Exception {
        return new ServerTool(name, "d", yaml("type: object"), "GET", "http://127.0.0.1/" + name, Map.of(),
                              Duration.ofSeconds(1));
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
                - name: book-table
                  description: Books a table
                  parameters: {type: object}
                  method: patch
                  url: HTTPS://shop.example/tables?x=1
                  timeout_ms: 120000
                """), Map.of("SHOP_TOKEN", "s3cret"));
        ServerTool lookup = tools.find("lookup_order").orElseThrow();
        assertThat(lookup.method(), is("GET"));
        assertThat(lookup.timeout(), is(Duration.ofSeconds(10)));
        assertThat(lookup.parameters().path("properties").path("id").path("minimum").isInt(), is(true));
        assertThat("the secret stays in the environment", lookup.headers(),
                   is(Map.of("Authorization", "Bearer ${SHOP_TOKEN}")));
        ServerTool book = tools.find("book-table").orElseThrow();
        assertThat(book.method(), is("PATCH"));
        assertThat(book.timeout(), is(Duration.ofMinutes(2)));
        assertThat(book.headers(), is(Map.of()));
        assertThat(tools.names(), is(Set.of("lookup_order", "book-table")));
        assertThat(tools.all().stream().map(ServerTool::name).toList(), is(List.of("lookup_order", "book-table")));
        assertThat(tools.specs().getFirst(), is(lookup.spec()));
        assertThat(tools.isEmpty(), is(false));
        assertThat(tools.find("nope").isPresent(), is(false));
    }

    @Test
    void everyProblemIsReportedWithItsPathAllAtOnce() throws Exception {
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
                  url: ftp://127.0.0.1/a
                  timeout_ms: 1.5
                - name: twin
                  parameters: {type: string}
                  url: http://127.0.0.1/b#top
                  timeout_ms: 120001
                  headers: {X-Key: "${MISSING_KEY}", X-Version: 2, Host: example.com, X-Bad: "${NEWLINE}"}
                - description: 7
                  headers: [a]
                  timeout_ms: "5000"
                - just a string
                """), Map.of("NEWLINE", "s3cret\nvalue")));
        List<String> paths = e.problems().stream().map(p -> p.substring(0, p.indexOf(": "))).toList();
        assertThat(paths, is(List.of(
                "tools[0].colour", "tools[0].name", "tools[0].method", "tools[0].url", "tools[0].url",
                "tools[0].timeout_ms",
                "tools[1].url", "tools[1].timeout_ms",
                "tools[2].name", "tools[2].description", "tools[2].parameters", "tools[2].url",
                "tools[2].headers.X-Key", "tools[2].headers.X-Version", "tools[2].headers.Host",
                "tools[2].headers.X-Bad", "tools[2].timeout_ms",
                "tools[3].name", "tools[3].description", "tools[3].parameters", "tools[3].url", "tools[3].headers",
                "tools[3].timeout_ms",
                "tools[4]")));
        List<String> p = e.problems();
        assertThat(p, hasItem("tools[0].colour: unknown key (expected one of name, description, parameters, method, "
                                      + "url, headers, timeout_ms)"));
        assertThat(p, hasItem("tools[0].name: must match [a-zA-Z0-9_-]{1,64}"));
        assertThat(p, hasItem("tools[0].url: placeholder {b} is not a property of the parameters"));
        assertThat(p, hasItem("tools[0].url: must be an absolute http or https URL"));
        assertThat(p, hasItem("tools[1].url: must be an absolute http or https URL"));
        assertThat(p, hasItem(containsString("tools[2].url: must not have a #fragment")));
        assertThat(p, hasItem("tools[2].name: 'twin' is declared twice"));
        assertThat(p, hasItem("tools[2].description: is required"));
        assertThat(p, hasItem("tools[2].headers.X-Key: environment variable MISSING_KEY is not set"));
        assertThat(p, hasItem(containsString("tools[2].headers.X-Version: must be a text value")));
        assertThat(p, hasItem(containsString("tools[2].headers.Host: the HTTP client does not accept")));
        assertThat(p, hasItem(containsString("tools[2].headers.X-Bad: the value, once environment variables")));
        assertThat(p, hasItem("tools[3].description: must be a non-empty string"));
        assertThat(p, hasItem("tools[3].parameters: is required"));
        assertThat(p, hasItem("tools[4]: must be an object"));
        assertThat("no secret in a problem", e.getMessage(), not(containsString("s3cret")));
    }

    @Test
    void toolsMustBeAList() throws Exception {
        ServerToolException e = assertThrows(ServerToolException.class,
                                             () -> ServerTools.fromJson(yaml("name: x"), Map.of()));
        assertThat(e.problems(), is(List.of("tools: must be a list of tools")));
    }

    @Test
    void duplicateNamesAreAConfigError() throws Exception {
        ServerToolException e = assertThrows(ServerToolException.class, () -> ServerTools.fromJson(yaml("""
                - {name: twin, description: one, parameters: {type: object}, url: "http://127.0.0.1/a"}
                - {name: twin, description: two, parameters: {type: object}, url: "http://127.0.0.1/b"}
                """), Map.of()));
        assertThat(e.problems(), is(List.of("tools[1].name: 'twin' is declared twice")));

        ServerToolException direct = assertThrows(ServerToolException.class, () -> ServerTools.of(
                List.of(tool("a"), tool("b"), tool("a"), tool("b"))));
        assertThat(direct.problems(), is(List.of("tools[2].name: 'a' is declared twice",
                                                 "tools[3].name: 'b' is declared twice")));
    }

    @Test
    void noneIsEmpty() throws Exception {
        assertThat(ServerTools.none().isEmpty(), is(true));
        assertThat(ServerTools.none().specs(), is(List.of()));
        assertThat(ServerTools.fromJson(yaml("[]"), Map.of()).isEmpty(), is(true));
        assertThat(ServerTools.of(List.of(tool("a"))).names(), is(Set.of("a")));
    }
}
