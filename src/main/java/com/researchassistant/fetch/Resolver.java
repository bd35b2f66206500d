package com.researchassistant.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Host names to addresses; tests pass a table instead of DNS. */
@FunctionalInterface
interface Resolver {

    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address of {@code host}; never empty. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
