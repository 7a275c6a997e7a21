package dev.realtime.tools;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads at most a fixed number of bytes of a response body, then stops reading (the client drops the connection),
 * so a tool that answers with megabytes costs no more memory than the model is given. Its methods are called by
 * the HTTP client's threads, one signal at a time.
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Text> {
    private final int maxBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<Text> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    /**
     * A body as text.
     *
     * @param text      the body decoded as UTF-8, without a character cut in half
     * @param truncated whether the body went on beyond the cap
     */
    record Text(String text, boolean truncated) {
    }

    private CappedBody(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A handler that reads every response body this way. */
    static HttpResponse.BodyHandler<Text> handler(int maxBytes) {
        return info -> new CappedBody(maxBytes);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return; // signals may still arrive after cancel
        }
        for (ByteBuffer buffer : buffers) {
            int room = maxBytes - bytes.size();
            int take = Math.min(room, buffer.remaining());
            byte[] chunk = new byte[take];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
            if (buffer.hasRemaining()) {
                subscription.cancel();
                result.complete(new Text(cutText(bytes.toByteArray()), true));
                return;
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(new Text(bytes.toString(StandardCharsets.UTF_8), false));
    }

    @Override
    public CompletionStage<Text> getBody() {
        return result;
    }

    /** UTF-8 text of the bytes, leaving out a last character that the cap cut short. */
    static String cutText(byte[] data) {
        int start = data.length - 1;
        while (start > 0 && (data[start] & 0xC0) == 0x80) {
            start--; // back to the lead byte of the last character
        }
        int end = data.length;
        if (start >= 0) {
            int lead = data[start] & 0xFF;
            int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            end = data.length - start < length ? start : data.length;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }
}
