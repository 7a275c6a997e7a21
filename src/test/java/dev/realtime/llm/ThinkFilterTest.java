package dev.realtime.llm;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class ThinkFilterTest {

    @Test
    void removesSpanInOneChunk() {
        ThinkFilter filter = new ThinkFilter();
        assertThat(filter.accept("<think>plan the answer</think>\n\nIt is sunny."), is("It is sunny."));
        assertThat(filter.flush(), is(""));
    }

    @Test
    void removesSpanSplitAtEveryCharacter() {
        String stream = "Hi. <think>secret <b> plan</think> It is <i>sunny</i> < 3 <thin";
        ThinkFilter filter = new ThinkFilter();
        StringBuilder out = new StringBuilder();
        for (char c : stream.toCharArray()) {
            out.append(filter.accept(String.valueOf(c)));
        }
        out.append(filter.flush());
        assertThat(out.toString(), is("Hi. It is <i>sunny</i> < 3 <thin"));
    }

    @Test
    void removesSeveralSpansAcrossChunks() {
        ThinkFilter filter = new ThinkFilter();
        String out = filter.accept("<thi") + filter.accept("nk>a</th") + filter.accept("ink>One") + filter.accept(
                " <think>b</think> two") + filter.flush();
        assertThat(out, is("One two"));
    }

    @Test
    void dropsUnclosedThinkingAtTheEnd() {
        ThinkFilter filter = new ThinkFilter();
        assertThat(filter.accept("Sure. <think>never finished </thi"), is("Sure. "));
        assertThat(filter.flush(), is(""));
    }
}
