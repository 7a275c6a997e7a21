package dev.realtime.llm;

/**
 * A streaming chat model behind which every LLM provider sits.
 * <p>
 * Implementations are thread-safe and shared by all sessions; {@link #stream(ChatRequest)} is called on a
 * response's virtual thread and blocks that thread until the upstream answered.
 */
public interface ChatModel {

    /**
     * Opens a streaming completion. Blocks until the upstream answered with a 2xx status, retrying rate limits
     * and server errors before the first byte as {@link LlmSettings} allows.
     *
     * @param request the conversation and tools to send
     * @return the open stream; the caller must close it
     * @throws ChatException when the upstream cannot be reached or refuses the request; an interrupt of the
     *                       calling thread ends the call with kind {@link ChatException.Kind#CANCELLED}
     */
    ChatStream stream(ChatRequest request);

    /**
     * Provider name for logs, e.g. {@code "groq"}. Callable from any thread.
     *
     * @return the provider name
     */
    String name();
}
