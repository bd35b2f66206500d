package com.researchassistant.fetch;

import java.net.URI;
import java.time.Duration;

/**
 * Fetches a URL that came from outside (a search result, a document, a redirect) without letting
 * it reach inside: only http(s), never a loopback, private, link-local or cloud-metadata address
 * (IPv4 and IPv6, checked after DNS resolution and on every redirect, connecting to the address
 * that was checked), within caps on bytes, redirects and time, and only content types the
 * readers parse. Hosts listed in {@code RA_FETCH_ALLOW} are exempt from the address check.
 */
public interface Fetcher {

    /**
     * The document at {@code url}, after redirects.
     *
     * @param budget the most the fetch may take, redirects included (the fetcher also keeps to its
     *     own {@code RA_FETCH_TIMEOUT})
     * @throws FetchException saying why it was refused or failed
     * @throws InterruptedException when the calling job is cancelled
     */
    Fetched fetch(URI url, Duration budget) throws InterruptedException;
}
