package dev.realtime.session;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.sashirestela.openai.OpenAIRealtime;
import io.github.sashirestela.openai.SimpleOpenAI;
import io.github.sashirestela.openai.base.RealtimeConfig;
import io.github.sashirestela.openai.domain.chat.ChatRequest.Modality;
import io.github.sashirestela.openai.domain.realtime.ClientEvent;
import io.github.sashirestela.openai.domain.realtime.Item;
import io.github.sashirestela.openai.domain.realtime.RealtimeResponse;
import io.github.sashirestela.openai.domain.realtime.RealtimeSession;
import io.github.sashirestela.openai.domain.realtime.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.testing.EngineExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A beta-dialect text turn with simple-openai, a real beta client: it sends {@code OpenAI-Beta: realtime=v1} and
 * silently drops any event it cannot bind, so a wrongly named or shaped event shows up as a missing one.
 */
class SimpleOpenAiBetaConformanceTest {
    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withLlm(Map.of());

    @Test
    void betaTextTurn() throws Exception {
        engine.llm().enqueue(FakeChatScript.text("Beta ", "works."));
        OpenAIRealtime rt = SimpleOpenAI.builder().apiKey(engine.token())
                .realtimeConfig(RealtimeConfig.builder().model("gpt-4o-realtime-preview")
                                        .endpointUrl("ws://127.0.0.1:" + engine.port() + "/v1/realtime").build())
                .build().realtime();
        CompletableFuture<ServerEvent.SessionCreated> created = new CompletableFuture<>();
        CompletableFuture<ServerEvent.SessionUpdated> updated = new CompletableFuture<>();
        CompletableFuture<ServerEvent.ConversationItemCreated> item = new CompletableFuture<>();
        CompletableFuture<ServerEvent.ResponseTextDone> textDone = new CompletableFuture<>();
        CompletableFuture<ServerEvent.ResponseDone> done = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        rt.onEvent(ServerEvent.SessionCreated.class, created::complete);
        rt.onEvent(ServerEvent.SessionUpdated.class, updated::complete);
        rt.onEvent(ServerEvent.ConversationItemCreated.class, item::complete);
        rt.onEvent(ServerEvent.ResponseTextDelta.class, e -> text.append(e.getDelta()));
        rt.onEvent(ServerEvent.ResponseTextDone.class, textDone::complete);
        rt.onEvent(ServerEvent.ResponseDone.class, done::complete);
        rt.onEvent(ServerEvent.ErrorEvent.class, e -> done.completeExceptionally(
                new AssertionError(e.getError().getMessage())));
        rt.onError(done::completeExceptionally);
        rt.connect().join();
        try {
            assertThat(created.get(10, TimeUnit.SECONDS).getSession().getId().startsWith("sess_"), is(true));
            rt.send(ClientEvent.SessionUpdate.of(RealtimeSession.builder().modality(Modality.TEXT)
                                                         .instructions("Be brief.").build()));
            assertThat(updated.get(10, TimeUnit.SECONDS).getSession().getInstructions(), is("Be brief."));
            rt.send(ClientEvent.ConversationItemCreate.of(Item.builder().type(Item.ItemType.MESSAGE)
                    .role(Item.RoleItemMessage.USER).contentItem(Item.ContentItem.builder()
                            .type(Item.ContentItemType.INPUT_TEXT).text("Hi").build()).build()));
            item.get(10, TimeUnit.SECONDS);
            rt.send(ClientEvent.ResponseCreate.of(RealtimeResponse.builder().modality(Modality.TEXT).build()));
            ServerEvent.ResponseDone response = done.get(10, TimeUnit.SECONDS);
            assertThat(response.getResponse().getStatus(), is("completed"));
            assertThat(text.toString(), is("Beta works."));
            assertThat(textDone.get(1, TimeUnit.SECONDS).getText(), is("Beta works."));
        } finally {
            rt.disconnect();
        }
    }
}
