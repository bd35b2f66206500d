package com.researchassistant.session;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.SessionSummary;
import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Turn;
import com.researchassistant.db.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store in front of the database for cache tests: counts the lookups that reach the database, can
 * hold a find between its read and its return, can fail appends on demand, and can run something
 * right before an append and right after it committed (to cut Redis off at the worst moment).
 * Public for the chat tests, which hold a write to see what runs beside it.
 */
public final class HookedStore implements SessionStore {

    final AtomicInteger finds = new AtomicInteger();
    final AtomicInteger recentFinds = new AtomicInteger();
    public final AtomicInteger failAppends = new AtomicInteger();
    final CountDownLatch findRead = new CountDownLatch(1);
    volatile CountDownLatch releaseFind;
    public volatile Runnable beforeAppend = () -> {};
    volatile Runnable afterAppend = () -> {};
    private final SessionStore delegate;

    public HookedStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Session create(String owner, String title) {
        return delegate.create(owner, title);
    }

    @Override
    public Optional<Session> find(String owner, String sessionId) {
        finds.incrementAndGet();
        Optional<Session> found = delegate.find(owner, sessionId);
        CountDownLatch release = releaseFind;
        if (release != null) {
            findRead.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return found;
    }

    @Override
    public Optional<SessionWindow> findRecent(String owner, String sessionId, int maxTurns) {
        recentFinds.incrementAndGet();
        return delegate.findRecent(owner, sessionId, maxTurns);
    }

    @Override
    public List<SessionSummary> list(String owner) {
        return delegate.list(owner);
    }

    @Override
    public Optional<Turn> append(String owner, String sessionId, NewTurn turn) {
        beforeAppend.run();
        if (failAppends.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StoreException("injected failure");
        }
        Optional<Turn> appended = delegate.append(owner, sessionId, turn);
        afterAppend.run();
        return appended;
    }

    @Override
    public Optional<SessionSummary> rename(String owner, String sessionId, String title) {
        return delegate.rename(owner, sessionId, title);
    }

    @Override
    public boolean delete(String owner, String sessionId) {
        return delegate.delete(owner, sessionId);
    }

    @Override
    public int purgeUpdatedBefore(Instant cutoff) {
        return delegate.purgeUpdatedBefore(cutoff);
    }
}
