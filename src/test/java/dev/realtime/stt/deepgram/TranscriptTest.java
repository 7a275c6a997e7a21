package dev.realtime.stt.deepgram;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class TranscriptTest {

    @Test
    void finalSegmentsAreJoinedAndInterimsOnlyReplaceTheTail() {
        Transcript t = new Transcript();
        t.accept(interim("hello"));
        t.accept(interim("hello there"));
        t.accept(fin("Hello there."));
        t.accept(interim("how"));
        t.accept(interim("how are you"));
        assertThat(t.hypothesis(), is("Hello there. how are you"));
        assertThat(t.settled(), is("Hello there."));
        t.accept(fin("How are you?"));
        t.accept(fin(""));
        assertThat(t.settled(), is("Hello there. How are you?"));
    }

    @Test
    void deltasAreAppendOnlyWordsBeyondWhatWasReported() {
        Transcript t = new Transcript();
        t.accept(interim("hello"));
        assertThat(t.takeDelta(), is(Optional.of("hello")));
        t.accept(interim("hello world"));
        assertThat(t.takeDelta(), is(Optional.of(" world")));
        t.accept(fin("Hello, world."));           // a revision of reported words is not re-reported
        assertThat(t.takeDelta(), is(Optional.empty()));
        t.accept(interim("how are"));
        assertThat(t.takeDelta(), is(Optional.of(" how are")));
        t.restart();                             // reconnect: the same audio is heard again
        t.accept(interim("Hello, world. how"));
        assertThat(t.takeDelta(), is(Optional.empty()));
        t.accept(interim("Hello, world. how are you"));
        assertThat(t.takeDelta(), is(Optional.of(" you")));
    }

    private static ListenResult interim(String text) {
        return new ListenResult(text, false, false, 0, 1);
    }

    private static ListenResult fin(String text) {
        return new ListenResult(text, true, false, 0, 1);
    }
}
