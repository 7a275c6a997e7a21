package dev.realtime.stt.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.realtime.stt.SttException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The pool's bookkeeping, with strings standing in for native decoders. */
class DecoderSlotsTest {

    private final List<String> disposed = new CopyOnWriteArrayList<>();
    private final DecoderSlots<String> slots = new DecoderSlots<>(2, disposed::add);

    @Test
    void createsUpToItsSizeThenTimesOut() throws InterruptedException {
        assertThat(slots.reserve(Duration.ZERO), is(Optional.empty()));
        assertThat(slots.reserve(Duration.ZERO), is(Optional.empty()));
        assertThat(slots.created(), is(2));

        SttException e = assertThrows(SttException.class, () -> slots.reserve(Duration.ofMillis(20)));
        assertThat(e.getMessage(), containsString("no pocketsphinx decoder free within 20 ms"));
    }

    @Test
    void reusesIdleDecodersBeforeCreatingMore() throws InterruptedException {
        assertThat(slots.reserve(Duration.ZERO), is(Optional.empty()));
        slots.giveBack("d1");
        assertThat(slots.reserve(Duration.ZERO), is(Optional.of("d1")));
        assertThat(slots.created(), is(1));
    }

    @Test
    void aWaiterGetsTheDecoderGivenBack() throws Exception {
        slots.reserve(Duration.ZERO);
        slots.reserve(Duration.ZERO);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Optional<String>> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return slots.reserve(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, executor);
            slots.giveBack("d2");
            assertThat(waiter.get(10, TimeUnit.SECONDS), is(Optional.of("d2")));
        }
    }

    @Test
    void failedCreationAndDiscardFreeTheSlot() throws InterruptedException {
        slots.reserve(Duration.ZERO);
        slots.reserve(Duration.ZERO);
        slots.unreserve();
        slots.discard("broken");
        assertThat(slots.created(), is(0));
        assertThat(disposed, contains("broken"));
        assertThat(slots.reserve(Duration.ZERO), is(Optional.empty()));
    }

    @Test
    void closeDisposesIdleNowAndBusyOnReturn() throws InterruptedException {
        slots.reserve(Duration.ZERO);
        slots.reserve(Duration.ZERO);
        slots.giveBack("idle");
        slots.close();
        assertThat(disposed, contains("idle"));
        slots.giveBack("busy");
        assertThat(new ArrayList<>(disposed), contains("idle", "busy"));
        assertThat(slots.created(), is(0));
        assertThrows(SttException.class, () -> slots.reserve(Duration.ofSeconds(1)));
    }
}
