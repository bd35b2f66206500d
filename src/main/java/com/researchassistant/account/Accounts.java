package com.researchassistant.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.researchassistant.config.DevicesConfig;
import com.researchassistant.db.Identifiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One researcher, several browsers. Each browser has its own identity (its cookie's hash, the
 * "device"); linking points a device at an account instead, and everything resolves identity
 * through {@link #ownerOf}. The browser that shows a pairing code keeps its identity as the
 * account; the one that enters the code joins it, and what it had on its own (conversations,
 * library, collections, shares) moves into the account first. Unlinking a device points it at a
 * fresh, empty identity: what it brought along stays with the account.
 *
 * <p>{@link #ownerOf} runs on every request, so answers are cached in the instance for {@link
 * DevicesConfig#lookupTtl()}: links and unlinks made here take effect at once, those made on another
 * instance within that time. Pairing codes and the attempts to enter them are kept in the database,
 * so the limits hold across instances. Codes never reach a log.
 */
public final class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    private static final Duration GLOBAL_WINDOW = Duration.ofMinutes(1);

    private final JdbcDeviceStore store;
    private final List<OwnerTransfer> transfers;
    private final DevicesConfig config;
    private final Clock clock;
    private final Cache<String, String> owners;

    /** @param transfers what moves when a device joins an account, in this order (the first may refuse) */
    public Accounts(JdbcDeviceStore store, List<OwnerTransfer> transfers, DevicesConfig config, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.transfers = List.copyOf(transfers);
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owners = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(config.lookupTtl())
                .build();
    }

    /** The identity a device acts as: its account when linked, else itself. */
    public String ownerOf(String device) {
        Identifiers.requireOwner(device);
        return owners.get(device, this::load);
    }

    private String load(String device) {
        Optional<JdbcDeviceStore.Link> link = store.link(device);
        if (link.isEmpty()) {
            return device;
        }
        Instant now = now();
        if (link.get().seenAt().plus(JdbcDeviceStore.SEEN_GRANULARITY).isBefore(now)) {
            store.seen(device, now);
        }
        return link.get().account();
    }

    /**
     * A new pairing code for the device's identity, replacing any earlier one; the device is listed
     * among the account's devices from now on.
     */
    public Pairing startPairing(String device, String label) {
        String account = ownerOf(device);
        Instant now = now();
        store.ensureListed(device, account, label, now);
        String code = PairingCode.random();
        Instant expiresAt = now.plus(config.pairingTtl());
        store.replaceCode(account, PairingCode.hash(code), now, expiresAt);
        return new Pairing(code, expiresAt);
    }

    /**
     * Links the device into the account whose code it entered, moving what it had on its own there.
     *
     * @param address where the request came from, counted against the per-address limit
     * @return the account's devices now
     * @throws LinkRefused when the limits are reached, the code is not a live one, or the device
     *     cannot join (already in that account, linked with others, library busy)
     */
    public List<Device> link(String device, String label, String typedCode, String address) {
        String current = ownerOf(device);
        Instant now = now();
        checkAttempts(device, address, now);
        String code = PairingCode.normalise(typedCode).orElseThrow(Accounts::invalidCode);
        String account = store.takeCode(PairingCode.hash(code), now).orElseThrow(Accounts::invalidCode);
        if (account.equals(current)) {
            throw new LinkRefused(LinkRefused.Reason.ALREADY_LINKED, "This browser is already linked to that device.");
        }
        if (store.othersOf(current, device) > 0) {
            throw new LinkRefused(
                    LinkRefused.Reason.LINKED_ELSEWHERE,
                    "This browser is linked with other devices. "
                            + "Unlink it first (in Linked devices), then enter a new code.");
        }
        for (OwnerTransfer transfer : transfers) {
            transfer.transfer(current, account);
        }
        store.linkTo(device, account, label, now);
        owners.invalidate(device);
        log.info("A device was linked into an account; {} devices in it now", store.othersOf(account, device) + 1);
        return store.devicesOf(account, device);
    }

    private void checkAttempts(String device, String address, Instant now) {
        Duration window = config.pairingTtl();
        JdbcDeviceStore.AttemptCounts counts =
                store.attempt("d:" + device, "a:" + PairingCode.hash(address), now, window, GLOBAL_WINDOW);
        if (counts.global() > config.attemptsPerMinute()) {
            log.warn(
                    "Pairing attempts over the global limit ({} a minute): codes refused for a minute",
                    config.attemptsPerMinute());
            throw tooMany(GLOBAL_WINDOW);
        }
        if (counts.device() > config.attemptsPerDevice() || counts.address() > config.attemptsPerAddress()) {
            throw tooMany(window);
        }
    }

    private static LinkRefused tooMany(Duration wait) {
        return new LinkRefused(
                LinkRefused.Reason.TOO_MANY_ATTEMPTS,
                "Too many codes tried. Wait a few minutes, then show a new code and try again.",
                wait.toSeconds());
    }

    private static LinkRefused invalidCode() {
        return new LinkRefused(
                LinkRefused.Reason.INVALID_CODE,
                "That code is not valid: it may be mistyped, used or expired. Show a new code and try again.");
    }

    /** The devices of the identity {@code device} acts as (none until it pairs). */
    public List<Device> devices(String device) {
        return store.devicesOf(ownerOf(device), device);
    }

    /**
     * Unlinks one of the account's devices (the asking one included): it gets a fresh, empty identity.
     *
     * @return false when the account has no such device
     */
    public boolean unlink(String device, String id) {
        String account = ownerOf(device);
        Optional<String> unlinked = store.unlink(account, id, "d:" + Identifiers.newId(), now());
        unlinked.ifPresent(owners::invalidate);
        return unlinked.isPresent();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
