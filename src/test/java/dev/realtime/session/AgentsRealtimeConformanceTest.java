package dev.realtime.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.llm.FakeChatServer;
import dev.realtime.testing.TestEngine;
import dev.realtime.tools.FakeToolServer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Conformance with {@code @openai/agents-realtime} 0.20.0, the Agents SDK's realtime client: it zod-validates
 * every GA server event and only runs its client logic (history, interrupts, tools) on events that pass, so a
 * history that grows to the assistant's answer proves the events conform. Runs the real npm package with Node;
 * skipped where Node or npm are missing.
 */
class AgentsRealtimeConformanceTest {
    private static final Path SOURCES = Path.of("src/test/node");
    private static final Path WORK = Path.of("target/node-clients");

    private static boolean available(String command) {
        try {
            return new ProcessBuilder(command, "--version").redirectErrorStream(true).start()
                    .waitFor(20, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + seconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " failed (" + p.exitValue() + "):\n" + out);
        }
        return out;
    }

    private static void prepare() throws Exception {
        Assumptions.assumeTrue(available("node") && available("npm"), "node and npm are needed");
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "agents-realtime.mjs", "agents-realtime-tools.mjs")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/@openai/agents-realtime"))) {
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--silent"), 300);
        }
    }

    @Test
    void textTurnThroughTheAgentsSdk() throws Exception {
        prepare();
        try (TestEngine engine = TestEngine.start(Map.of())) {
            String out = run(List.of("node", "agents-realtime.mjs", engine.wsUri() + "?model=gpt-realtime",
                                     engine.token()), 60);
            JsonNode summary = new ObjectMapper().readTree(out.substring(out.lastIndexOf("{\"reason\"")));
            assertThat(summary.path("reason").asText(), is("done"));
            assertThat(summary.path("errors").toString(), summary.path("errors").size(), is(0));
            JsonNode items = summary.path("items");
            assertThat(items.toString(), items.size(), is(2));
            JsonNode answer = items.get(1);
            assertThat(answer.path("role").asText(), is("assistant"));
            assertThat(answer.path("status").asText(), is("completed"));
            assertThat(answer.path("content").get(0).path("transcript").asText(), containsString("offline"));
        }
    }

    @Test
    void toolRoundTripThroughTheAgentsSdkWithAServerToolBeside() throws Exception {
        prepare();
        try (FakeChatServer llm = FakeChatServer.start();
             FakeToolServer orders = FakeToolServer.start().json("/orders/A17", "{\"status\":\"shipped\"}");
             TestEngine engine = TestEngine.withRuntimeYaml(llm.baseUrl(), """
                     tools:
                       - name: lookup_order
                         description: Status of an order
                         parameters: {type: object, properties: {id: {type: string}}, required: [id]}
                         url: %s/orders/{id}
                     """.formatted(orders.baseUrl()), Map.of("STT_PROVIDER", "none"))) {
            llm.enqueue(FakeChatScript.toolCall("call_srv", "lookup_order", "{\"id\":\"A17\"}"),
                        FakeChatScript.toolCall("call_cli", "get_time", "{\"city\":\"Paris\"}"),
                        FakeChatScript.text("It is noon in Paris, and order A17 has shipped."));
            String out = run(List.of("node", "agents-realtime-tools.mjs", engine.wsUri() + "?model=gpt-realtime",
                                     engine.token()), 90);
            JsonNode summary = new ObjectMapper().readTree(out.substring(out.lastIndexOf("{\"reason\"")));
            assertThat(out, summary.path("reason").asText(), is("done"));
            assertThat(summary.path("errors").toString(), summary.path("errors").size(), is(0));
            assertThat("the SDK ran its own tool once, and never the engine's",
                       summary.path("calls").toString(), is("[\"Paris\"]"));
            assertThat(orders.awaitRequest(Duration.ofSeconds(5)).target(), is("/orders/A17"));
            JsonNode messages = llm.requests().getLast().messages();
            JsonNode answer = messages.get(messages.size() - 1);
            assertThat(answer.path("tool_call_id").asText(), is("call_cli"));
            assertThat(answer.path("content").asText(), containsString("noon in Paris"));
            JsonNode last = summary.path("items").get(summary.path("items").size() - 1);
            assertThat(last.toString(), last.path("role").asText(), is("assistant"));
        }
    }
}
