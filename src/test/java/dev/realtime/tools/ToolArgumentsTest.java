package dev.realtime.tools;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.realtime.llm.ToolCall;
import dev.realtime.llm.ToolSpec;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

class ToolArgumentsTest {
    private static ToolArguments checker() throws Exception {
        return ToolArguments.of(List.of(new ToolSpec("get_weather", "Weather", new ObjectMapper().readTree(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\","
                        + "\"maximum\":7}},\"required\":[\"city\"]}")),
                                        new ToolSpec("ping", "No parameters", new ObjectMapper().readTree(
                                                "{\"type\":\"object\",\"properties\":{}}"))));
    }

    @Test
    void validCallsPass() throws Exception {
        ToolArguments checker = checker();
        assertThat(checker.problem(new ToolCall("c", "get_weather", "{\"city\":\"Oslo\",\"days\":3}")).isEmpty(),
                   is(true));
        assertThat("an empty string means no arguments", checker.problem(new ToolCall("c", "ping", "")).isEmpty(),
                   is(true));
    }

    @Test
    void problemsAreStatedForTheModel() throws Exception {
        ToolArguments checker = checker();
        assertThat(checker.problem(new ToolCall("c", "get_weather", "{\"city\": \"Os")).orElseThrow(),
                   containsString("not valid JSON"));
        assertThat(checker.problem(new ToolCall("c", "get_weather", "[1]")).orElseThrow(),
                   containsString("must be a JSON object"));
        String schema = checker.problem(new ToolCall("c", "get_weather", "{\"days\":9}")).orElseThrow();
        assertThat(schema, containsString("city"));
        assertThat(schema, containsString("7"));
        assertThat(checker.problem(new ToolCall("c", "get_wether", "{}")).orElseThrow(),
                   containsString("no tool named 'get_wether'"));
    }
}
