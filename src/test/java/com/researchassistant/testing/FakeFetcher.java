package com.researchassistant.testing;

import com.researchassistant.fetch.FetchException;
import com.researchassistant.fetch.Fetched;
import com.researchassistant.fetch.Fetcher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Fetcher} serving pages from memory: a URL it does not have is unreachable. Records
 * every URL asked for, so tests can check that nothing else was fetched.
 */
public final class FakeFetcher implements Fetcher {

    private final Map<String, Fetched> pages = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();

    public FakeFetcher page(String url, String mediaType, String body) {
        return page(url, mediaType, body.getBytes(StandardCharsets.UTF_8));
    }

    public FakeFetcher page(String url, String mediaType, byte[] body) {
        pages.put(url, new Fetched(URI.create(url), mediaType, body));
        return this;
    }

    @Override
    public Fetched fetch(URI url, Duration budget) throws InterruptedException {
        requested.add(url.toString());
        Fetched page = pages.get(url.toString());
        if (page == null) {
            throw new FetchException(FetchException.Kind.UNREACHABLE, "no such page in the fake", null);
        }
        return new Fetched(page.url(), page.mediaType(), page.body().clone());
    }

    public List<String> requested() {
        return List.copyOf(requested);
    }
}
