package com.researchassistant.fetch;

import com.researchassistant.config.FetchConfig;
import com.researchassistant.fetch.FetchException.Kind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a target's host once and checks every address it resolves to (one refused address
 * refuses the host: a DNS answer mixing a public and a private address is an attack), so the
 * connection can go to an address that was checked and no second lookup can change it. Hosts in
 * {@code RA_FETCH_ALLOW} skip the checks. The lookup runs on its own virtual thread so a slow DNS
 * server cannot outlast the fetch's budget.
 */
final class HostGuard {

    private final FetchConfig config;
    private final Resolver resolver;

    HostGuard(FetchConfig config, Resolver resolver) {
        this.config = config;
        this.resolver = resolver;
    }

    /** The checked addresses to connect to, in the resolver's order. */
    List<InetAddress> addresses(Target target, Duration remaining) throws InterruptedException {
        boolean allowed = config.allows(target.host(), target.port());
        if (!allowed && !target.literalAddress()) {
            Optional<String> why = AddressPolicy.refusalOfName(target.bareHost());
            if (why.isPresent()) {
                throw refused(target, why.get());
            }
        }
        List<InetAddress> addresses = resolve(target, remaining);
        if (!allowed) {
            for (InetAddress address : addresses) {
                Optional<String> why = AddressPolicy.refusal(address);
                if (why.isPresent()) {
                    throw refused(target, why.get() + " (" + address.getHostAddress() + ")");
                }
            }
        }
        return addresses;
    }

    private List<InetAddress> resolve(Target target, Duration remaining) throws InterruptedException {
        if (target.literalAddress()) {
            try {
                return List.of(InetAddress.getByName(target.bareHost())); // a literal: parsed, never looked up
            } catch (UnknownHostException e) {
                throw new FetchException(Kind.UNREACHABLE, "not an address: " + target.host(), e);
            }
        }
        FutureTask<List<InetAddress>> lookup = new FutureTask<>(() -> resolver.resolve(target.bareHost()));
        Thread.ofVirtual().name("fetch-dns").start(lookup);
        try {
            List<InetAddress> found = lookup.get(Math.max(1, remaining.toMillis()), TimeUnit.MILLISECONDS);
            if (found.isEmpty()) {
                throw new FetchException(Kind.UNREACHABLE, "no address for " + target.host(), null);
            }
            return List.copyOf(found);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new FetchException(Kind.TIMEOUT, "no DNS answer for " + target.host() + " in time", e);
        } catch (InterruptedException e) {
            lookup.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof UnknownHostException ? "no such host: " : "DNS failed for ";
            throw new FetchException(Kind.UNREACHABLE, why + target.host(), e.getCause());
        }
    }

    private static FetchException refused(Target target, String why) {
        return new FetchException(
                Kind.ADDRESS_REFUSED,
                target.host() + " is " + why + "; outside documents are " + "fetched only from public addresses",
                null);
    }
}
