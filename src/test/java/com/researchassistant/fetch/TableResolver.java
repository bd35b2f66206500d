package com.researchassistant.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Resolver} answering from a table (in place of DNS), recording every name it was asked. */
final class TableResolver implements Resolver {

    private final Map<String, List<InetAddress>> table = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    TableResolver map(String host, String... addresses) {
        table.put(
                host,
                java.util.Arrays.stream(addresses).map(TableResolver::parse).toList());
        return this;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        asked.add(host);
        List<InetAddress> found = table.get(host);
        if (found == null) {
            throw new UnknownHostException(host);
        }
        return found;
    }

    List<String> asked() {
        return List.copyOf(asked);
    }

    private static InetAddress parse(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
