package com.researchassistant.sources;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body of at most {@code cap} bytes; past that it cancels the download and
 * fails with {@link TooLarge}, so a provider (or a fake) sending gigabytes costs no more than the cap.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int cap;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    CappedBody(int cap) {
        this.cap = cap;
    }

    /** A body that is not read at all: the download stops at once and the body is empty. */
    static HttpResponse.BodySubscriber<byte[]> skipped() {
        return new CappedBody(-1);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (cap < 0) {
            subscription.cancel();
            result.complete(new byte[0]);
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (buffer.size() + item.remaining() > cap) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(cap));
                return;
            }
            byte[] bytes = new byte[item.remaining()];
            item.get(bytes);
            buffer.writeBytes(bytes);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable); // no effect when the body was skipped or already too large
    }

    @Override
    public void onComplete() {
        result.complete(buffer.toByteArray()); // no effect when the body was skipped or already too large
    }

    /** The body went past the cap. */
    static final class TooLarge extends IOException {

        private static final long serialVersionUID = 1L;

        TooLarge(int cap) {
            super("the answer is larger than " + cap + " bytes");
        }
    }
}
